"""An empty screen, shown the moment quick exit is pressed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen


class BlankScreen(Screen[None]):
    """Nothing at all."""

    DEFAULT_CSS = """
    BlankScreen { background: $background; }
    """

    def compose(self) -> ComposeResult:
        yield from ()
