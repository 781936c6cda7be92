"""A plan changed elsewhere while open (new passphrase, deleted, saved by another copy).

The open copy never writes the plan again by itself, under any name, with the old key:
quick exit and lock keep the changes in memory only, and the person is told and can open
the plan again and add the changes, save them as a new plan with a new passphrase, or
throw them away.
"""

from __future__ import annotations

from pathlib import Path

import pyrage

from safetyplan.plan.storage import open_plan
from safetyplan.tui.app import PlannerApp
from safetyplan.tui.screens.changed_elsewhere import (
    CHANGED_ELSEWHERE_LINE,
    ChangedElsewhereDialog,
    ReopenDialog,
)
from safetyplan.tui.screens.create import CreateScreen
from safetyplan.tui.screens.home import HomeScreen
from safetyplan.tui.screens.lock import LockScreen
from safetyplan.tui.screens.start import StartScreen
from safetyplan.tui.screens.step import StepScreen
from safetyplan.vault.folder import PlanStore
from tests.pilot.conftest import (
    PASSPHRASE,
    TEST_WORK_FACTOR,
    fill_new_plan_form,
    settle,
    tab_to,
    type_text,
    unlock_first,
)

NEW_PASSPHRASE = "birch-77"


def app_for(folder: Path, guides, *, save_delay: float = 60) -> PlannerApp:  # type: ignore[no-untyped-def]
    return PlannerApp(folder, guides, work_factor=TEST_WORK_FACTOR, save_delay=save_delay)


def screen_words(app: PlannerApp) -> str:
    return app.export_screenshot().replace("&#160;", " ")


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def opens_with(data: bytes, passphrase: str) -> bool:
    try:
        pyrage.passphrase.decrypt(data, passphrase)
    except Exception:  # noqa: BLE001 - a wrong passphrase
        return False
    return True


def change_passphrase_elsewhere(folder: Path, name: str) -> None:
    """What `safetyplan passwd NAME` does in another terminal."""
    other = open_plan(PlanStore(folder), name, PASSPHRASE)
    other.change_passphrase(NEW_PASSPHRASE, work_factor=TEST_WORK_FACTOR)
    other.close()


def save_note_elsewhere(folder: Path, name: str, step: str, notes: str) -> None:
    """Another copy of the program saves the same plan."""
    other = open_plan(PlanStore(folder), name, PASSPHRASE)
    other.plan.record("tech-safety", step).notes = notes
    other.save()
    other.close()


async def type_in_first_step(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, StepScreen)
    await pilot.press("f3")
    await type_text(pilot, text)


async def test_quick_exit_after_a_passphrase_change_writes_nothing(
    existing_plan: str, folder: Path, guides
) -> None:  # type: ignore[no-untyped-def]
    app = app_for(folder, guides)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock_first(pilot)
        change_passphrase_elsewhere(folder, existing_plan)
        before = files(folder)
        await type_in_first_step(pilot, "MINE")
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert files(folder) == before  # no new plan, no copy, nothing under the old key
    assert not any(opens_with(data, PASSPHRASE) for data in before.values())
    assert app.last_words == CHANGED_ELSEWHERE_LINE


async def test_quick_exit_after_a_delete_does_not_make_the_plan_again(
    existing_plan: str, folder: Path, guides
) -> None:  # type: ignore[no-untyped-def]
    app = app_for(folder, guides)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock_first(pilot)
        PlanStore(folder).delete(existing_plan)
        await type_in_first_step(pilot, "MINE")
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert list(folder.iterdir()) == []  # no plan, no backup, no lock file
    assert app.last_words == CHANGED_ELSEWHERE_LINE


async def test_after_a_lock_only_the_passphrase_now_unlocks_and_the_changes_are_added(
    existing_plan: str, folder: Path, guides
) -> None:  # type: ignore[no-untyped-def]
    app = app_for(folder, guides)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock_first(pilot)
        save_note_elsewhere(folder, existing_plan, "cloud-sync", "THEIRS")
        change_passphrase_elsewhere(folder, existing_plan)
        before = files(folder)
        await type_in_first_step(pilot, "MINE")
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        assert files(folder) == before  # the lock saved nothing
        await type_text(pilot, PASSPHRASE)  # the old one: someone else may know it
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        assert "MINE" not in screen_words(app)
        assert files(folder) == before
        await type_text(pilot, NEW_PASSPHRASE)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, (LockScreen, ReopenDialog, ChangedElsewhereDialog))
        await pilot.press("ctrl+q")
        await pilot.pause()
    plan = open_plan(PlanStore(folder), existing_plan, NEW_PASSPHRASE).plan
    assert plan.record("tech-safety", "reach-out").notes == "MINE"
    assert plan.record("tech-safety", "cloud-sync").notes == "THEIRS"
    assert [name for name, data in files(folder).items() if opens_with(data, PASSPHRASE)] == []
    assert app.last_words is None


async def test_the_choices_dialog_can_open_it_again_and_add_the_changes(
    existing_plan: str, folder: Path, guides
) -> None:  # type: ignore[no-untyped-def]
    app = app_for(folder, guides)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock_first(pilot)
        save_note_elsewhere(folder, existing_plan, "cloud-sync", "THEIRS")
        change_passphrase_elsewhere(folder, existing_plan)
        await type_in_first_step(pilot, "MINE")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+w")  # closing saves first: refused, so it asks
        await settle(pilot)
        assert isinstance(app.screen, ChangedElsewhereDialog)
        await pilot.press("enter")  # the focused, first choice: open it again
        await pilot.pause()
        assert isinstance(app.screen, ReopenDialog)
        await type_text(pilot, PASSPHRASE)  # the old passphrase does not open it now
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReopenDialog)
        await type_text(pilot, NEW_PASSPHRASE)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, (ReopenDialog, ChangedElsewhereDialog))
        await pilot.press("ctrl+q")
        await pilot.pause()
    plan = open_plan(PlanStore(folder), existing_plan, NEW_PASSPHRASE).plan
    assert plan.record("tech-safety", "reach-out").notes == "MINE"
    assert plan.record("tech-safety", "cloud-sync").notes == "THEIRS"


async def test_a_lock_after_a_delete_keeps_nothing(
    existing_plan: str, folder: Path, guides
) -> None:  # type: ignore[no-untyped-def]
    app = app_for(folder, guides)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock_first(pilot)
        PlanStore(folder).delete(existing_plan)
        await type_in_first_step(pilot, "MINE")
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, StartScreen)
        assert app.session is None and app.held_session is None
        assert "MINE" not in screen_words(app)
    assert list(folder.iterdir()) == []


async def test_quick_exit_from_the_lock_screen_says_what_was_not_saved(
    existing_plan: str, folder: Path, guides
) -> None:  # type: ignore[no-untyped-def]
    app = app_for(folder, guides)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock_first(pilot)
        change_passphrase_elsewhere(folder, existing_plan)
        before = files(folder)
        await type_in_first_step(pilot, "MINE")
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, LockScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert files(folder) == before
    assert app.last_words == CHANGED_ELSEWHERE_LINE


async def test_autosave_after_another_copy_saved_offers_a_new_plan_with_a_new_passphrase(
    existing_plan: str, folder: Path, guides
) -> None:  # type: ignore[no-untyped-def]
    app = app_for(folder, guides, save_delay=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock_first(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, StepScreen)
        save_note_elsewhere(folder, existing_plan, "reach-out", "THEIRS")
        theirs = files(folder)
        await pilot.press("f3")
        await type_text(pilot, "M")
        await settle(pilot)
        assert isinstance(app.screen, ChangedElsewhereDialog)
        await tab_to(pilot, "#new-plan")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CreateScreen)
        await fill_new_plan_form(pilot, NEW_PASSPHRASE)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
    now = files(folder)
    assert {name: now[name] for name in theirs} == theirs  # the other copy's plan untouched
    new_plans = [info.name for info in PlanStore(folder).list() if info.name != existing_plan]
    assert len(new_plans) == 1
    data = PlanStore(folder).path(new_plans[0]).read_bytes()
    assert not opens_with(data, PASSPHRASE)  # never the old key for a new file
    plan = open_plan(PlanStore(folder), new_plans[0], NEW_PASSPHRASE).plan
    assert plan.record("tech-safety", "reach-out").notes == "M"


async def test_throwing_the_changes_away_goes_back_to_the_start(
    existing_plan: str, folder: Path, guides
) -> None:  # type: ignore[no-untyped-def]
    app = app_for(folder, guides)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock_first(pilot)
        save_note_elsewhere(folder, existing_plan, "reach-out", "THEIRS")
        before = files(folder)
        await type_in_first_step(pilot, "MINE")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+w")  # close the plan: its save is refused, so it asks
        await settle(pilot)
        assert isinstance(app.screen, ChangedElsewhereDialog)
        await tab_to(pilot, "#discard")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, StartScreen)
        assert app.session is None
    assert files(folder) == before
