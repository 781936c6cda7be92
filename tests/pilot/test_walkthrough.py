"""A person makes a plan, works through steps, meets the guard, leaves and comes back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Static

from safetyplan.plan.model import GuardChoice, StepStatus
from safetyplan.plan.storage import open_plan
from safetyplan.tui.app import PlannerApp
from safetyplan.tui.screens.guard import GuardDialog
from safetyplan.tui.screens.home import HomeScreen
from safetyplan.tui.screens.start import StartScreen
from safetyplan.tui.screens.step import StepScreen
from safetyplan.vault.folder import PlanStore
from tests.pilot.conftest import (
    PASSPHRASE,
    create_plan,
    settle,
    tab_to,
    type_text,
    unlock_first,
)


async def choose_status(pilot, label_index: int) -> None:  # type: ignore[no-untyped-def]
    """Tab to the status choices and pick one with the arrow keys and Enter."""
    await pilot.press("f2")
    await pilot.press("home")
    for _ in range(label_index):
        await pilot.press("down")
    await pilot.press("enter")


async def jump_to(pilot, step_number: int) -> None:  # type: ignore[no-untyped-def]
    """Open the overview with Ctrl+O and pick a step by its position."""
    await pilot.press("ctrl+o")
    await pilot.pause()
    await pilot.press("home")
    for _ in range(step_number - 1):
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()


def step_id(app: PlannerApp) -> str:
    screen = app.screen
    assert isinstance(screen, StepScreen), screen
    return screen.step_id


async def test_make_answer_guard_leave_and_resume(
    make_app: Callable[[], PlannerApp], folder: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, StartScreen)
        await create_plan(pilot)
        assert isinstance(app.screen, HomeScreen)

        # Open the first guide and answer its first step.
        await pilot.press("enter")
        await pilot.pause()
        assert step_id(app) == "reach-out"
        await choose_status(pilot, 1)  # Planned
        await tab_to(pilot, "#notes")  # Tab reaches the notes from the status
        await type_text(pilot, "Sam, Café ü")

        # Next step: saving evidence. Leave it without a status for now.
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert step_id(app) == "save-evidence"

        # Jump to reporting, which should wait for the evidence: go to the evidence step.
        report = app.guides[0].index("report-to-sites") + 1
        await jump_to(pilot, report)
        assert isinstance(app.screen, GuardDialog)
        message = app.screen.query_one("#guard-message", Static)
        guarded = app.guides[0].step("report-to-sites")
        assert guarded is not None
        assert str(message.render()) == guarded.after_message
        await tab_to(pilot, "#go-first")
        await pilot.press("enter")
        await pilot.pause()
        assert step_id(app) == "save-evidence"

        # Again, and this time say it was saved another way.
        await jump_to(pilot, report)
        assert isinstance(app.screen, GuardDialog)
        await tab_to(pilot, "#saved-another-way")
        await pilot.press("enter")
        await pilot.pause()
        assert step_id(app) == "report-to-sites"
        await choose_status(pilot, 0)  # Done

        # Blocking: continue anyway, an informed choice.
        block = app.guides[0].index("block-accounts") + 1
        await jump_to(pilot, block)
        assert isinstance(app.screen, GuardDialog)
        await tab_to(pilot, "#continue-anyway")
        await pilot.press("enter")
        await pilot.pause()
        assert step_id(app) == "block-accounts"
        await pilot.press("f3")
        await type_text(pilot, "After")
        await settle(pilot)

        # Quick exit saves and leaves.
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0

    # The file on disk has everything.
    store = PlanStore(folder)
    [info] = store.list()
    opened = open_plan(store, info.name, PASSPHRASE)
    plan = opened.plan
    reach = plan.peek("tech-safety", "reach-out")
    assert reach is not None
    assert reach.status is StepStatus.PLANNED
    assert reach.notes == "Sam, Café ü"
    reported = plan.peek("tech-safety", "report-to-sites")
    assert reported is not None
    assert reported.guard is GuardChoice.SAVED_ANOTHER_WAY
    assert reported.status is StepStatus.DONE
    blocked = plan.peek("tech-safety", "block-accounts")
    assert blocked is not None
    assert blocked.guard is GuardChoice.CONTINUED_ANYWAY
    assert blocked.notes == "After"
    assert (plan.current_guide, plan.current_step) == ("tech-safety", "block-accounts")
    opened.close()

    # Come back: unlock with the passphrase and continue where we left off.
    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await unlock_first(pilot)
        assert isinstance(again.screen, HomeScreen)
        await pilot.press("c")
        await pilot.pause()
        assert step_id(again) == "block-accounts"
        notes = again.screen.query_one("#notes")
        assert notes.text == "After"  # type: ignore[attr-defined]


async def test_autosave_writes_each_change_in_the_background(
    existing_plan: str,
    folder: Path,
    guides,  # type: ignore[no-untyped-def]
) -> None:
    from safetyplan.tui.widgets.save_status import SaveStatus

    app = PlannerApp(folder, guides, work_factor=2, save_delay=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock_first(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("f3")
        await type_text(pilot, "saved by itself")
        await settle(pilot)
        assert str(app.screen.query_one(SaveStatus).render()) == "Saved"
        # Still running: the file on disk already has the words.
        store = PlanStore(folder)
        record = open_plan(store, existing_plan, PASSPHRASE).plan.peek("tech-safety", "reach-out")
        assert record is not None and record.notes == "saved by itself"


async def test_a_step_opens_composed_once_and_focused(
    existing_plan: str,
    make_app: Callable[[], PlannerApp],
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    """Without a guard to ask, the step is composed straight away, not as an empty screen
    that is then composed again: its form, and the focus in it, come sooner."""
    from safetyplan.tui.widgets.step_form import StepForm

    composed: list[str] = []
    original = StepScreen.compose

    def counting(self):  # type: ignore[no-untyped-def]
        composed.append(self.step_id)
        return original(self)

    monkeypatch.setattr(StepScreen, "compose", counting)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock_first(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("enter")  # continue: the first step
        await pilot.pause()
        assert isinstance(app.screen, StepScreen)
        assert composed == [app.screen.step_id]
        form = app.screen.query_one(StepForm)
        assert app.focused is not None and form in app.focused.ancestors


async def test_keys_typed_straight_after_opening_a_step_land_in_its_first_question(
    existing_plan: str, make_app: Callable[[], PlannerApp]
) -> None:
    from textual.widgets import TextArea

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock_first(pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("enter")
        await pilot.press("S", "a", "m")  # no pause: typed as the step opens
        await pilot.pause()
        assert isinstance(app.screen, StepScreen)
        first = app.screen.query(TextArea).first()  # the first question's box
        assert first.id != "notes" and first.text == "Sam"


async def test_saving_is_prepared_in_the_background_after_unlocking(
    existing_plan: str,
    make_app: Callable[[], PlannerApp],
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    """Unlocking does not wait to build the document saves go into; a worker builds it
    while the plan's home shows, so the first save is as quick as the others."""
    from safetyplan.plan import document

    built: list[int] = []
    real_build = document.build_document

    def counting(values):  # type: ignore[no-untyped-def]
        built.append(1)
        return real_build(values)

    monkeypatch.setattr(document, "build_document", counting)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock_first(pilot)  # waits for the workers too
        assert isinstance(app.screen, HomeScreen)
        assert built == [1]
        assert app.session is not None
        app.session.save()
        assert built == [1]  # the save used what was built
