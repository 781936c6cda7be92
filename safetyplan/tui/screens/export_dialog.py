"""Ask where to write an unencrypted copy, and say plainly that it is not encrypted."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from safetyplan.tui.widgets.safe_fields import SafeInput
from safetyplan.vault.paths import inside_folder

WARNING = (
    "This file will NOT be locked with your passphrase. Anyone who can open this "
    "computer or the drive can read it. Save it somewhere only you can reach, and "
    "delete it when you no longer need it."
)


class ExportDialog(ModalScreen[Path | None]):
    """A file path and a warning. Dismisses with the path, or None."""

    CSS_PATH = Path(__file__).with_name("dialog.tcss")

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, plans_folder: Path | None = None) -> None:
        """Make the dialog.

        Args:
            plans_folder: The plans folder, where no unlocked copy may go; None takes
                the app's.
        """
        super().__init__()
        self._plans_folder = plans_folder

    @property
    def plans_folder(self) -> Path | None:
        """The folder no unlocked copy may be written to."""
        folder = self._plans_folder or getattr(self.app, "folder", None)
        return folder if isinstance(folder, Path) else None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export"):
            yield Static("Save a copy to a file", classes="dialog-title")
            yield Static(WARNING, classes="warning")
            yield Static("Where should the file go?")
            yield SafeInput(str(Path.home() / "notes.txt"), id="path")
            yield Static("", id="problem", classes="problem", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Write the file", id="write", variant="warning")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#path").focus()

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#write")
    def _write(self) -> None:
        value = self.query_one("#path", SafeInput).stored_value.strip()
        if not value:
            return
        problem = self.query_one("#problem", Static)
        try:
            path = Path(value).expanduser()
            path.parent.resolve()  # a NUL character or an unknown ~user is caught here
        except (RuntimeError, ValueError, OSError):
            problem.update("That is not a place a file can be written. Please check it.")
            return
        if self.plans_folder is not None and inside_folder(path, self.plans_folder):
            problem.update(
                "Choose a place outside the plans folder: this copy is not locked, and "
                "the plans folder is only for plan files."
            )
            return
        self.dismiss(path)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without writing anything."""
        self.dismiss(None)
