"""Pick a colour theme from the ones this program offers."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from safetyplan.tui.themes import OFFERED

_NAMES = {
    "textual-dark": "Dark (default)",
    "textual-light": "Light",
    "high-contrast-dark": "High contrast, dark",
    "high-contrast-light": "High contrast, light",
    "ansi-dark": "Terminal colours, dark",
    "ansi-light": "Terminal colours, light",
}


class ThemeDialog(ModalScreen[str | None]):
    """A list of themes; dismisses with the chosen theme's name."""

    CSS_PATH = Path(__file__).with_name("dialog.tcss")

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, current: str) -> None:
        """Make the dialog with the current theme highlighted."""
        super().__init__(classes="dialog-screen")
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="themes"):
            yield Static("Colours", classes="dialog-title")
            yield OptionList(*[Option(_NAMES[name], id=name) for name in OFFERED], id="theme-list")

    def on_mount(self) -> None:
        themes = self.query_one("#theme-list", OptionList)
        themes.highlighted = OFFERED.index(self.current) if self.current in OFFERED else 0
        themes.focus()

    @on(OptionList.OptionSelected, "#theme-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Keep the current theme."""
        self.dismiss(None)
