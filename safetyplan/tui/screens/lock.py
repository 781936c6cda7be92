"""The lock screen: shows nothing of the plan, not even its name."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Static
from textual.worker import Worker, WorkerState

from safetyplan.errors import NOT_ENOUGH_MEMORY, PlanError, WrongPassphraseError, short_of_memory
from safetyplan.tui.messages import CloseRequested, PlanOpened, ReopenedWithChanges
from safetyplan.tui.widgets.passphrase_form import PassphraseForm

if TYPE_CHECKING:
    from safetyplan.plan.storage import OpenPlan


class LockScreen(Screen[None]):
    """Asks for the passphrase again. Leaving it closes the plan for good."""

    def __init__(
        self,
        folder: Path,
        name: str,
        *,
        max_work_factor: int,
        held: OpenPlan | None = None,
    ) -> None:
        """Make the lock screen.

        Args:
            folder: The plans folder.
            name: The locked plan's name. Kept in memory, never shown.
            max_work_factor: The highest work factor a file may ask for.
            held: A plan kept in memory because it could not be saved; the passphrase
                brings it back as it was, instead of opening the file.
        """
        super().__init__()
        self.folder = folder
        self._plan_name = name
        self.max_work_factor = max_work_factor
        self._held = held

    def compose(self) -> ComposeResult:
        with Vertical(id="lock", classes="page"):
            yield Static("Locked", classes="page-title")
            yield Static("Type the passphrase to go on.")
            yield PassphraseForm(go=("Unlock", "unlock-button"), other=("Close", "close"))
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#passphrase").focus()

    @on(PassphraseForm.Submitted)
    def _unlock(self, event: PassphraseForm.Submitted) -> None:
        self.query_one(PassphraseForm).busy("Unlocking... this takes a moment.")
        self._open(event.passphrase)

    @work(thread=True, exclusive=True, group="unlock", exit_on_error=False)
    def _open(self, passphrase: str) -> OpenPlan:
        """The plan to go on with.

        A held plan comes back as it was, unless its file changed elsewhere meanwhile:
        then the passphrase must open the file as it is now (the old one may be known
        to someone else), and the held changes are added to it.
        """
        from safetyplan.plan.storage import open_plan
        from safetyplan.vault.folder import PlanStore

        held = self._held
        if held is not None and not held.changed_elsewhere:
            if not held.check_passphrase(passphrase):
                raise WrongPassphraseError("That passphrase did not unlock.")
            return held
        store = PlanStore(self.folder)
        return open_plan(store, self._plan_name, passphrase, max_work_factor=self.max_work_factor)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "unlock":
            return
        form = self.query_one(PassphraseForm)
        if event.state is WorkerState.SUCCESS:
            form.field.forget()
            opened = event.worker.result
            if self._held is not None and opened is not self._held:
                self.post_message(ReopenedWithChanges(opened))  # type: ignore[arg-type]
                return
            self.post_message(
                PlanOpened(
                    opened,  # type: ignore[arg-type]
                    resume=True,
                    unsaved=self._held is not None,
                )
            )
        elif event.state is WorkerState.ERROR:
            error = event.worker.error
            if isinstance(error, WrongPassphraseError):
                words = "That passphrase did not unlock. Please try again."
            elif isinstance(error, PlanError):
                words = str(error)
            elif short_of_memory(error):
                words = NOT_ENOUGH_MEMORY
            else:
                words = "It could not be unlocked. Nothing was changed."
            form.again(words)

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        if self._held is not None:
            self.query_one(PassphraseForm).say(
                "Changes are not saved yet. Unlock to save them, or use Ctrl+Q to leave."
            )
            return
        self.post_message(CloseRequested())
