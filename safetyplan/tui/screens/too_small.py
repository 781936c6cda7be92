"""Shown instead of clipped controls when the terminal is too small."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static

MIN_WIDTH = 60
"""The narrowest terminal every screen works in."""
MIN_HEIGHT = 18
"""The shortest terminal every screen works in."""


class TooSmallScreen(ModalScreen[None]):
    """A friendly request for a larger window. Quick exit still works."""

    DEFAULT_CSS = """
    TooSmallScreen {
        align: center middle;
        background: $background;
        & > Static { width: auto; max-width: 100%; }
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(
            f"Please make the window larger (at least {MIN_WIDTH}x{MIN_HEIGHT}).\n"
            "Ctrl+Q leaves at once.",
            id="too-small",
        )


def too_small(width: int, height: int) -> bool:
    """True when a terminal of this size is below the minimum."""
    return width < MIN_WIDTH or height < MIN_HEIGHT
