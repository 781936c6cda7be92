"""A checklist whose ticks show as marks, not only as colours."""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import SelectionList
from textual.widgets._toggle_button import ToggleButton
from textual.widgets.option_list import OptionDoesNotExist


class MarkedSelectionList(SelectionList[str]):
    """A ``SelectionList`` that draws the tick only on ticked items (readable in NO_COLOR)."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        _, scroll_y = self.scroll_offset
        try:
            selection = self.get_option_at_index(scroll_y + y)
        except OptionDoesNotExist:
            return strip
        segments = list(strip)
        if len(segments) < 3 or segments[1].text != ToggleButton.BUTTON_INNER:
            return strip
        ticked = selection.value in self.selected
        mark = ToggleButton.BUTTON_INNER if ticked else " "
        segments[1] = Segment(mark, segments[1].style)
        return Strip(segments, strip.cell_length)
