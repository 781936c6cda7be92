"""Open a plan with its passphrase. The key is derived in a worker thread."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Static
from textual.worker import Worker, WorkerState

from safetyplan.errors import (
    NOT_ENOUGH_MEMORY,
    AgeError,
    DocumentError,
    NewerVersionError,
    PlanError,
    WrongPassphraseError,
    short_of_memory,
)
from safetyplan.safetext import safe_line
from safetyplan.tui.messages import PlanOpened
from safetyplan.tui.screens.confirm import ConfirmDialog
from safetyplan.tui.widgets.passphrase_input import PassphraseInput


class UnlockScreen(Screen[None]):
    """Asks for the passphrase, shows "Unlocking…", and never freezes the screen."""

    BINDINGS = [Binding("escape", "cancel", "Back", id="cancel")]

    def __init__(self, folder: Path, name: str, *, max_work_factor: int) -> None:
        """Make the unlock screen.

        Args:
            folder: The plans folder.
            name: The plan's neutral name.
            max_work_factor: The highest work factor a file may ask for.
        """
        super().__init__()
        self.folder = folder
        self.plan_name = name
        self.max_work_factor = max_work_factor
        self._passphrase = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="unlock", classes="page"):
            yield Static(f"Open {safe_line(self.plan_name)}", classes="page-title", markup=False)
            yield Static("Type the passphrase for this plan, then press Enter.")
            yield PassphraseInput(placeholder="passphrase", id="passphrase")
            yield Static("", id="status", classes="problem", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Open", id="unlock-button", variant="primary")
                yield Button("Back", id="cancel")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#passphrase").focus()

    @on(Input.Submitted, "#passphrase")
    @on(Button.Pressed, "#unlock-button")
    def _unlock(self) -> None:
        field = self.query_one("#passphrase", PassphraseInput)
        if not field.value:
            self._say("Please type the passphrase first.")
            return
        self._passphrase = field.value
        self._busy(True)
        self._say("Unlocking... this takes a moment.")
        self._open(self._passphrase, backup=False)

    def _busy(self, busy: bool) -> None:
        self.query_one("#passphrase", Input).disabled = busy
        self.query_one("#unlock-button", Button).disabled = busy

    def _say(self, words: str) -> None:
        self.query_one("#status", Static).update(words)

    @work(thread=True, exclusive=True, group="unlock", exit_on_error=False)
    def _open(self, passphrase: str, *, backup: bool) -> object:
        from safetyplan.plan.storage import open_backup, open_plan
        from safetyplan.vault.folder import PlanStore

        store = PlanStore(self.folder)
        opener = open_backup if backup else open_plan
        return opener(store, self.plan_name, passphrase, max_work_factor=self.max_work_factor)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "unlock":
            return
        if event.state is WorkerState.SUCCESS:
            self._passphrase = ""
            self.post_message(PlanOpened(event.worker.result))  # type: ignore[arg-type]
            return
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        self._busy(False)
        field = self.query_one("#passphrase", PassphraseInput)
        if isinstance(error, WrongPassphraseError):
            self._passphrase = ""
            field.forget()
            field.focus()
            self._say(
                "That passphrase did not open this plan. Check for typing mistakes "
                "or Caps Lock, and try again."
            )
        elif (
            isinstance(error, (AgeError, DocumentError))
            and not isinstance(error, NewerVersionError)
            and self._backup_exists()
        ):
            self._say(safe_line(str(error)))
            self._offer_backup()
        elif isinstance(error, PlanError):
            self._passphrase = ""
            self._say(safe_line(str(error)))
        elif short_of_memory(error):
            self._passphrase = ""
            self._say(NOT_ENOUGH_MEMORY)
        else:
            self._passphrase = ""
            self._say("The plan could not be opened. Nothing was changed.")

    def _backup_exists(self) -> bool:
        from safetyplan.vault.folder import PlanStore

        return PlanStore(self.folder).backup_path(self.plan_name).exists()

    def _offer_backup(self) -> None:
        def answered(use_backup: bool | None) -> None:
            if use_backup:
                self._busy(True)
                self._say("Opening the earlier copy... this takes a moment.")
                self._open(self._passphrase, backup=True)
            else:
                self._passphrase = ""
                self.query_one("#passphrase", PassphraseInput).forget()

        self.app.push_screen(
            ConfirmDialog(
                "This plan file is damaged",
                "The plan file could not be read, but an earlier copy was kept. "
                "Do you want to open the earlier copy? Changes made after it was saved "
                "may be missing. The damaged file is kept and nothing is overwritten "
                "until you make a change.",
                yes="Open the earlier copy",
                no="Not now",
            ),
            answered,
        )

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Back to the start."""
        self._passphrase = ""
        self.dismiss()
