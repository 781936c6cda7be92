"""Quick exit, lock, auto-lock, several plans, trying without saving, no leaks on screen."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from safetyplan.guides.content import Guide
from safetyplan.plan.storage import open_plan
from safetyplan.tui.app import PlannerApp
from safetyplan.tui.screens.guard import GuardDialog
from safetyplan.tui.screens.home import HomeScreen
from safetyplan.tui.screens.lock import LockScreen
from safetyplan.tui.screens.start import StartScreen
from safetyplan.tui.screens.step import StepScreen
from safetyplan.tui.states import Saving
from safetyplan.vault.folder import PlanStore
from tests.pilot.conftest import (
    PASSPHRASE,
    TEST_WORK_FACTOR,
    create_plan,
    fill_new_plan_form,
    settle,
    tab_to,
    type_text,
    unlock_first,
)


def screen_text(app: PlannerApp) -> str:
    """Everything drawn on the screen right now, as the SVG export holds it."""
    return app.export_screenshot().replace("&#160;", " ")


def saved_plan(folder: Path, passphrase: str = PASSPHRASE):  # type: ignore[no-untyped-def]
    store = PlanStore(folder)
    [info] = store.list()
    return open_plan(store, info.name, passphrase).plan


async def open_first_step(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, StepScreen)


@pytest.fixture
def slow_save_app(folder: Path, guides: tuple[Guide, ...]) -> Callable[[], PlannerApp]:
    """An app whose autosave waits a minute, so only quick exit can save the text."""

    def make() -> PlannerApp:
        return PlannerApp(folder, guides, work_factor=TEST_WORK_FACTOR, save_delay=60)

    return make


async def test_quick_exit_from_the_start_screen(make_app, folder: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, StartScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
    assert list(folder.iterdir()) == []


async def test_quick_exit_saves_unsaved_text_in_a_field(
    existing_plan, slow_save_app, folder: Path
) -> None:  # type: ignore[no-untyped-def]
    app = slow_save_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock_first(pilot)
        await open_first_step(pilot)
        await pilot.press("f3")
        await type_text(pilot, "ZEBRA unsaved words")
        assert app.save_state is not Saving.SAVED
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
    record = saved_plan(folder).peek("tech-safety", "reach-out")
    assert record is not None and record.notes == "ZEBRA unsaved words"


async def test_quick_exit_from_the_guard_dialog(existing_plan, slow_save_app, folder: Path) -> None:  # type: ignore[no-untyped-def]
    app = slow_save_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock_first(pilot)
        await open_first_step(pilot)
        await pilot.press("f3")
        await type_text(pilot, "guarded")
        guide = app.guides[0]
        await pilot.press("ctrl+o")
        await pilot.pause()
        await pilot.press("home", *["down"] * guide.index("block-accounts"), "enter")
        await pilot.pause()
        assert isinstance(app.screen, GuardDialog)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0
    record = saved_plan(folder).peek("tech-safety", "reach-out")
    assert record is not None and record.notes == "guarded"


async def test_lock_by_key_hides_everything_and_forgets_the_key(
    existing_plan, make_app, folder: Path
) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock_first(pilot)
        name = PlanStore(folder).list()[0].name
        await open_first_step(pilot)
        await pilot.press("f3")
        await type_text(pilot, "QUOKKA")
        app.notify("a note that must go")
        await pilot.pause()
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        assert app.session is None
        assert [type(s).__name__ for s in app.screen_stack[1:]] == ["LockScreen"]
        assert not app._notifications
        text = screen_text(app)
        for secret in ("QUOKKA", name, "Tech plan", "Reach out"):
            assert secret not in text
        # The saved plan has the text; unlocking goes back to the same step.
        await type_text(pilot, "wrong-1")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        assert "did not unlock" in screen_text(app)
        await type_text(pilot, PASSPHRASE)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, StepScreen)
        assert app.screen.step_id == "reach-out"
        assert app.screen.query_one("#notes").text == "QUOKKA"  # type: ignore[attr-defined]


async def test_auto_lock_after_idle_time(
    existing_plan, folder: Path, guides: tuple[Guide, ...]
) -> None:
    now = [1000.0]
    app = PlannerApp(
        folder,
        guides,
        work_factor=TEST_WORK_FACTOR,
        save_delay=0,
        idle_lock=300,
        clock=lambda: now[0],
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock_first(pilot)
        await open_first_step(pilot)
        now[0] += 299
        await app.lock_if_idle()
        assert isinstance(app.screen, StepScreen)
        await pilot.press("tab")  # activity resets the idle time
        now[0] += 299
        await app.lock_if_idle()
        assert isinstance(app.screen, StepScreen)
        now[0] += 1
        await app.lock_if_idle()
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)
        assert app.session is None


async def test_palette_offers_no_screenshot(make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Quick exit" in titles
        assert not any("screenshot" in title.lower() for title in titles)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "screen")
        await pilot.pause()
        await pilot.pause()
        assert "Screenshot" not in screen_text(app)
        await pilot.press("escape")


async def test_trying_without_saving_writes_nothing(make_app, folder: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = sorted(p for p in tmp_path.rglob("*"))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await open_first_step(pilot)
        await pilot.press("f3")
        await type_text(pilot, "NOTHING on disk")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+w")
        await pilot.pause()
        await tab_to(pilot, "#forget")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, StartScreen)
        assert app.plan is None
    assert sorted(p for p in tmp_path.rglob("*")) == before
    assert list(folder.iterdir()) == []


async def test_trying_then_saving_as_a_new_plan(make_app, folder: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        await open_first_step(pilot)
        await pilot.press("f3")
        await type_text(pilot, "keep this")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+w")
        await pilot.pause()
        assert list(folder.iterdir()) == []
        await tab_to(pilot, "#save")
        await pilot.press("enter")
        await pilot.pause()
        await fill_new_plan_form(pilot)
        assert isinstance(app.screen, HomeScreen)
    record = saved_plan(folder).peek("tech-safety", "reach-out")
    assert record is not None and record.notes == "keep this"


async def test_three_clients_in_a_row_see_nothing_of_each_other(make_app, folder: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    markers = ["ALPHA1", "BRAVO2", "CHARLIE3"]
    async with app.run_test(size=(80, 24)) as pilot:
        for number, marker in enumerate(markers):
            await create_plan(pilot, passphrase=f"client-{number}")
            await open_first_step(pilot)
            for earlier in markers[:number]:
                assert earlier not in screen_text(app)
            await pilot.press("f3")
            await type_text(pilot, marker)
            await pilot.press("escape")
            await pilot.pause()
            await pilot.press("r")  # review
            await pilot.pause()
            text = screen_text(app)
            assert marker in text
            for earlier in markers[:number]:
                assert earlier not in text
            await pilot.press("escape")
            await pilot.pause()
            await pilot.press("ctrl+w")  # end the session: save, lock, clean start
            await settle(pilot)
            assert isinstance(app.screen, StartScreen)
            assert app.session is None
            assert len(app.screen_stack) == 1  # only the start screen: nothing left behind
            for seen in markers[: number + 1]:
                assert seen not in screen_text(app)
    assert len(PlanStore(folder).list()) == 3


async def test_rename_and_delete_from_the_start_screen(make_app, folder: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await create_plan(pilot)
        await pilot.press("ctrl+w")
        await settle(pilot)
        [info] = PlanStore(folder).list()
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("ctrl+a", "ctrl+k")
        await type_text(pilot, "garden")
        await pilot.press("enter")
        await settle(pilot)
        assert [i.name for i in PlanStore(folder).list()] == ["garden"]
        await pilot.press("d")
        await pilot.pause()
        assert "recovered" in screen_text(app)
        await pilot.press("escape")  # keep it
        await pilot.pause()
        assert [i.name for i in PlanStore(folder).list()] == ["garden"]
        await pilot.press("d")
        await pilot.pause()
        await tab_to(pilot, "#yes")
        await pilot.press("enter")
        await settle(pilot)
        assert PlanStore(folder).list() == []
    assert not any(name.startswith("garden") for name in os.listdir(folder))
    del info


async def test_print_view_writes_a_file_only_when_asked_with_a_warning(
    existing_plan,
    make_app,  # type: ignore[no-untyped-def]
) -> None:
    from safetyplan.tui.screens.export_dialog import ExportDialog
    from safetyplan.tui.screens.print_view import PrintScreen

    target = Path.home() / "notes.txt"  # the suggested place (HOME is a test folder)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock_first(pilot)
        await open_first_step(pilot)
        await pilot.press("f3")
        await type_text(pilot, "HANDOUT")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("r", "p")
        await pilot.pause()
        assert isinstance(app.screen, PrintScreen)
        assert not target.exists()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        assert "NOT be locked" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert "HANDOUT" in target.read_text()
        assert target.stat().st_mode & 0o777 == 0o600
        # A second time never overwrites the file.
        target.write_text("kept")
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert target.read_text() == "kept"


async def test_lock_keeps_work_that_could_not_be_saved(
    existing_plan,
    make_app,
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    """A full disk or a removed USB stick at lock time must not throw the words away."""
    from safetyplan.errors import SaveError
    from safetyplan.plan import storage

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock_first(pilot)
        await open_first_step(pilot)
        await pilot.press("f3")
        await type_text(pilot, "KEEPME")

        def disk_full(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            raise SaveError("The disk is full. Your plan was not saved; the old file is safe.")

        monkeypatch.setattr(storage.OpenPlan, "save", disk_full)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        assert "KEEPME" not in screen_text(app)
        await type_text(pilot, "wrong-one")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        monkeypatch.undo()  # the disk has room again
        await type_text(pilot, PASSPHRASE)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, StepScreen)
        assert app.screen.query_one("#notes").text == "KEEPME"  # type: ignore[attr-defined]
    record = saved_plan(folder).peek("tech-safety", "reach-out")
    assert record is not None and record.notes == "KEEPME"


async def test_quick_exit_writes_nothing_when_another_copy_changed_the_plan(
    existing_plan: str,
    slow_save_app,
    folder: Path,  # type: ignore[no-untyped-def]
) -> None:
    app = slow_save_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock_first(pilot)
        await open_first_step(pilot)
        # Another copy of the program saves the same plan meanwhile.
        other = open_plan(PlanStore(folder), existing_plan, PASSPHRASE)
        other.plan.record("tech-safety", "reach-out").notes = "THEIRS"
        other.save()
        other.close()
        before = sorted(folder.iterdir())
        await pilot.press("f3")
        await type_text(pilot, "MINE")
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert sorted(folder.iterdir()) == before  # no copy under another name
    record = saved_plan(folder).peek("tech-safety", "reach-out")
    assert record is not None and record.notes == "THEIRS"
    assert app.last_words is not None and "not saved" in app.last_words


async def test_lock_in_try_out_mode_covers_the_screen(make_app) -> None:  # type: ignore[no-untyped-def]
    from safetyplan.tui.screens.cover import CoverScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        await open_first_step(pilot)
        await pilot.press("f3")
        await type_text(pilot, "TRYING")
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(app.screen, CoverScreen)
        assert "TRYING" not in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StepScreen)
        assert app.screen.query_one("#notes").text == "TRYING"  # type: ignore[attr-defined]


async def test_print_view_never_writes_its_copy_into_the_plans_folder(
    existing_plan,
    make_app,  # type: ignore[no-untyped-def]
    folder: Path,
) -> None:
    from safetyplan.tui.screens.export_dialog import ExportDialog
    from safetyplan.tui.screens.print_view import PrintScreen

    before = sorted(folder.iterdir())
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock_first(pilot)
        await pilot.press("r", "p")
        await pilot.pause()
        assert isinstance(app.screen, PrintScreen)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        field = app.screen.query_one("#path")
        field.value = ""  # type: ignore[attr-defined]
        await type_text(pilot, str(folder / "copy.txt"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)  # refused, with a reason
        assert "outside the plans folder" in screen_text(app)
    assert sorted(folder.iterdir()) == before
