"""When trying things out without saving: what to do with what was filled in."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class LeaveChoice(Enum):
    """What to do with what was filled in while trying it out."""

    SAVE = "save"
    """Save it as a new plan, locked with a passphrase."""
    PRINT = "print"
    """Look at the print view first."""
    FORGET = "forget"
    """Leave, and forget all of it."""


class LeaveBrowseDialog(ModalScreen[LeaveChoice | None]):
    """Offers: save as a new encrypted plan, look at the print view, or forget it all."""

    CSS_PATH = Path(__file__).with_name("dialog.tcss")

    BINDINGS = [Binding("escape", "stay", "Stay")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="leave-browse"):
            yield Static("Nothing has been saved", classes="dialog-title")
            yield Static(
                "What you filled in is only in this window. What would you like to do?",
                classes="dialog-body",
            )
            yield Button(
                "Save it as a new plan, locked with a passphrase", id="save", variant="primary"
            )
            yield Button("Look at the print view", id="print")
            yield Button("Leave and forget it", id="forget")
            yield Button("Stay here", id="stay")

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.dismiss(LeaveChoice.SAVE)

    @on(Button.Pressed, "#print")
    def _print(self) -> None:
        self.dismiss(LeaveChoice.PRINT)

    @on(Button.Pressed, "#forget")
    def _forget(self) -> None:
        self.dismiss(LeaveChoice.FORGET)

    @on(Button.Pressed, "#stay")
    def action_stay(self) -> None:
        """Go back to the guides."""
        self.dismiss(None)
