"""A plain cover over what is being tried out without saving (there is no key to lock)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class CoverScreen(ModalScreen[None]):
    """Covers the whole screen with nothing of the plan. Go back with the button or Esc."""

    DEFAULT_CSS = """
    CoverScreen {
        background: $background;
        & > Vertical { padding: 1 2; }
        & .buttons { height: auto; margin: 1 0 0 0; }
    }
    """

    BINDINGS = [Binding("escape", "uncover", "Back")]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Notes", classes="page-title")
            yield Static("Nothing is open.")
            with Horizontal(classes="buttons"):
                yield Button("Go back", id="uncover")

    @on(Button.Pressed, "#uncover")
    def action_uncover(self) -> None:
        """Show what was covered again."""
        self.dismiss()
