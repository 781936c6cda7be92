"""A radio button whose mark shows whether it is chosen, not only its colour."""

from __future__ import annotations

from textual.widgets import RadioButton


class MarkedRadioButton(RadioButton):
    """Shows its mark only when chosen, so the choice reads without colour (NO_COLOR too)."""

    @property  # type: ignore[override,unused-ignore]
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802
        """The mark inside the button: the dot when chosen, a space when not."""
        return RadioButton.BUTTON_INNER if self.value else " "
