"""When the plan file changed elsewhere while it was open: what to do with the unsaved changes."""

from __future__ import annotations

import copy
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static
from textual.worker import Worker, WorkerState

from safetyplan.errors import NOT_ENOUGH_MEMORY, PlanError, WrongPassphraseError, short_of_memory
from safetyplan.tui.widgets.passphrase_form import PassphraseForm

if TYPE_CHECKING:
    from safetyplan.plan.storage import OpenPlan
    from safetyplan.tui.saving import SavingApp

CHANGED_ELSEWHERE_LINE = (
    "The plan was changed elsewhere while it was open, so the last changes were not saved."
)
"""The one neutral line shown after leaving when that happened."""


class ChangedChoice(Enum):
    """What the person chose to do with changes that could not be saved."""

    REOPEN = "reopen"
    """Open the plan as it is now, with its current passphrase, and add the changes."""
    NEW_PLAN = "new-plan"
    """Save the changes as a new plan, with a new passphrase typed now."""
    DISCARD = "discard"
    """Throw the changes away and close the plan."""
    LATER = "later"
    """Keep the changes in this window for now; nothing is saved."""


class ChangedElsewhereDialog(ModalScreen[ChangedChoice]):
    """Says the plan changed elsewhere and offers the three safe ways on."""

    CSS_PATH = Path(__file__).with_name("dialog.tcss")

    BINDINGS = [Binding("escape", "later", "Later")]

    def __init__(self, *, can_reopen: bool) -> None:
        """Make the dialog.

        Args:
            can_reopen: The plan file is still there, so it can be opened again.
        """
        super().__init__(classes="dialog-screen")
        self.can_reopen = can_reopen

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="changed-elsewhere"):
            yield Static("Your last changes are not saved", classes="dialog-title")
            gone = "" if self.can_reopen else " The plan file is not there any more."
            yield Static(
                "Since you opened this plan, its file was changed somewhere else: by "
                "another copy of this program, a change of passphrase, or a delete or "
                f"restore.{gone} So nothing was saved here, and nothing will be, until "
                "you choose.",
                classes="dialog-body",
            )
            if self.can_reopen:
                yield Button(
                    "Open it again (with its passphrase now) and add my changes",
                    id="reopen",
                    variant="primary",
                )
            yield Button("Save my changes as a new plan, with a new passphrase", id="new-plan")
            yield Button("Throw my changes away and close", id="discard")
            yield Button("Decide later (nothing is saved)", id="later")

    def on_mount(self) -> None:
        self.query_one("#reopen" if self.can_reopen else "#new-plan").focus()

    @on(Button.Pressed, "#reopen")
    def _reopen(self) -> None:
        self.dismiss(ChangedChoice.REOPEN)

    @on(Button.Pressed, "#new-plan")
    def _new_plan(self) -> None:
        self.dismiss(ChangedChoice.NEW_PLAN)

    @on(Button.Pressed, "#discard")
    def _discard(self) -> None:
        self.dismiss(ChangedChoice.DISCARD)

    @on(Button.Pressed, "#later")
    def action_later(self) -> None:
        """Keep the changes in memory for now."""
        self.dismiss(ChangedChoice.LATER)


class ReopenDialog(ModalScreen["OpenPlan | None"]):
    """Asks for the plan's passphrase as it is now, and opens the plan again."""

    CSS_PATH = Path(__file__).with_name("dialog.tcss")

    BINDINGS = [Binding("escape", "cancel", "Back")]

    def __init__(self, folder: Path, name: str, *, max_work_factor: int) -> None:
        """Make the dialog.

        Args:
            folder: The plans folder.
            name: The plan's name.
            max_work_factor: The highest work factor a file may ask for.
        """
        super().__init__(classes="dialog-screen")
        self.folder = folder
        self.plan_name = name
        self.max_work_factor = max_work_factor

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="reopen-dialog"):
            yield Static("Open the plan again", classes="dialog-title")
            yield Static(
                "Type the plan's passphrase as it is now. If it was changed, use the new one.",
                classes="dialog-body",
            )
            yield PassphraseForm(go=("Open", "open"), other=("Back", "cancel"))

    def on_mount(self) -> None:
        self.query_one("#passphrase").focus()

    @on(PassphraseForm.Submitted)
    def _open(self, event: PassphraseForm.Submitted) -> None:
        self.query_one(PassphraseForm).busy("Opening... this takes a moment.")
        self._unlock(event.passphrase)

    @work(thread=True, exclusive=True, group="reopen", exit_on_error=False)
    def _unlock(self, passphrase: str) -> OpenPlan:
        from safetyplan.plan.storage import open_plan
        from safetyplan.vault.folder import PlanStore

        store = PlanStore(self.folder)
        return open_plan(store, self.plan_name, passphrase, max_work_factor=self.max_work_factor)

    @on(Worker.StateChanged)
    def _unlocked(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "reopen":
            return
        form = self.query_one(PassphraseForm)
        if event.state is WorkerState.SUCCESS:
            form.field.forget()
            self.dismiss(event.worker.result)
        elif event.state is WorkerState.ERROR:
            error = event.worker.error
            if isinstance(error, WrongPassphraseError):
                words = "That passphrase did not open the plan. Please try again."
            elif isinstance(error, PlanError):
                words = str(error)
            elif short_of_memory(error):
                words = NOT_ENOUGH_MEMORY
            else:
                words = "The plan could not be opened. Nothing was changed."
            form.again(words)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Back, without opening."""
        self.query_one(PassphraseForm).field.forget()
        self.dismiss(None)


def offer_choices(app: SavingApp) -> None:
    """Tell the person their changes were not saved, and offer the safe ways on.

    Args:
        app: The app, with the plan that changed elsewhere open.
    """
    from safetyplan.vault.folder import PlanStore

    session = app.session
    if session is None or isinstance(app.screen, (ChangedElsewhereDialog, ReopenDialog)):
        return
    can_reopen = PlanStore(app.folder).path(session.name).exists()

    async def chosen(choice: ChangedChoice | None) -> None:
        await _follow(app, choice)

    app.push_screen(ChangedElsewhereDialog(can_reopen=can_reopen), chosen)


async def _follow(app: SavingApp, choice: ChangedChoice | None) -> None:
    from safetyplan.tui.screens.create import CreateScreen

    session = app.session
    if session is None or choice in (None, ChangedChoice.LATER):
        return
    if choice is ChangedChoice.DISCARD:
        await app.discard_plan()
    elif choice is ChangedChoice.NEW_PLAN:
        app.capture_screens()
        plan = copy.deepcopy(session.plan)
        app.push_screen(CreateScreen(app.folder, work_factor=app.work_factor, plan=plan))
    elif choice is ChangedChoice.REOPEN:

        def reopened(opened: OpenPlan | None) -> None:
            if opened is None:
                offer_choices(app)  # Back: the choice is still to be made
                return
            app.reopen_with_changes(opened)

        app.push_screen(
            ReopenDialog(app.folder, session.name, max_work_factor=app.max_work_factor),
            reopened,
        )
