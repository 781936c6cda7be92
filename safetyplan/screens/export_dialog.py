"""Ask where to write an unencrypted copy, and say plainly that it is not encrypted."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

WARNING = (
    "This file will NOT be locked with your passphrase. Anyone who can open this "
    "computer or the drive can read it. Save it somewhere only you can reach, and "
    "delete it when you no longer need it."
)


class ExportDialog(ModalScreen[Path | None]):
    """A file path and a warning. Dismisses with the path, or None."""

    CSS_PATH = Path(__file__).with_name("dialog.tcss")

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export"):
            yield Static("Save a copy to a file", classes="dialog-title")
            yield Static(WARNING, classes="warning")
            yield Static("Where should the file go?")
            yield Input(str(Path.home() / "notes.txt"), id="path")
            yield Static("", id="problem", classes="problem", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Write the file", id="write", variant="warning")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#path").focus()

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#write")
    def _write(self) -> None:
        value = self.query_one("#path", Input).value.strip()
        if not value:
            return
        try:
            path = Path(value).expanduser()
            path.parent.resolve()  # a NUL character or an unknown ~user is caught here
        except (RuntimeError, ValueError, OSError):
            self.query_one("#problem", Static).update(
                "That is not a place a file can be written. Please check it."
            )
            return
        self.dismiss(path)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without writing anything."""
        self.dismiss(None)
