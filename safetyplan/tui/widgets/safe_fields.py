"""Text boxes that never hold a control or bidi character, and give back stored text untouched.

Text from a plan, a guide or a paste can hold ``ESC`` and other characters that a terminal
acts on instead of showing (see :mod:`safetyplan.safetext`). These boxes show such
characters as visible escapes, such as ``\\x1b``, and turn them into escapes as they are
typed or pasted too, so the box itself never holds one.

The rule for what is stored: a box remembers the text it was loaded with and the text it
showed for it. While it still shows exactly that, it gives back the text it was loaded
with, byte for byte; once the person changes it, what they see is what is stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.widgets import Input, TextArea
from textual.widgets.text_area import Edit, EditResult

from safetyplan.safetext import safe_line, safe_text


@dataclass(frozen=True)
class Loaded:
    """The text a box was loaded with, and the text it showed for it."""

    stored: str
    """The text as it came from the plan (or the message builder)."""
    shown: str
    """The same text as the box shows it, with controls made visible."""

    def read(self, current: str) -> str:
        """What to store for the text the box holds now.

        Args:
            current: The text in the box.

        Returns:
            The stored text while the box still shows what it showed for it; otherwise
            the text in the box, which is what the person sees.
        """
        return self.stored if current == self.shown else current


def typed_text(text: str) -> str:
    """Typed or pasted text as a multi-line box takes it.

    A terminal sends the line breaks of a paste as ``\\r``; those become newlines (as
    Textual makes them), and every other control or bidi character becomes an escape.
    """
    return safe_text(text.replace("\r\n", "\n").replace("\r", "\n"))


class SafeInput(Input):
    """A one-line ``Input`` that shows and takes no control or bidi character."""

    def __init__(
        self,
        value: str = "",
        *,
        placeholder: str = "",
        id: str | None = None,
        name: str | None = None,
    ) -> None:
        """Make the box.

        Args:
            value: The stored text to show (controls are shown as escapes).
            placeholder: Words shown while the box is empty.
            id: The widget id.
            name: The widget name.
        """
        shown = safe_line(value)
        super().__init__(shown, placeholder=placeholder, id=id, name=name)
        self.loaded = Loaded(value, shown)
        """What the box was loaded with."""

    @property
    def stored_value(self) -> str:
        """The text to store: see :meth:`Loaded.read`."""
        return self.loaded.read(self.value)

    def validate_value(self, value: str) -> str:
        """Whatever sets the value, the box holds only safe text."""
        return safe_line(value)

    def replace(self, text: str, start: int, end: int) -> None:
        """Typing and pasting come here: controls become escapes, and the cursor
        goes after the escapes."""
        super().replace(safe_line(text), start, end)


class SafeTextArea(TextArea):
    """A soft-wrapped ``TextArea`` that shows and takes no control or bidi character.

    Tab moves to the next control, as in the rest of the app.
    """

    def __init__(
        self,
        text: str = "",
        *,
        id: str | None = None,
        name: str | None = None,
    ) -> None:
        """Make the box.

        Args:
            text: The stored text to show (controls are shown as escapes).
            id: The widget id.
            name: The widget name.
        """
        super().__init__(safe_text(text), id=id, name=name, soft_wrap=True, tab_behavior="focus")
        # The document may join lines its own way; what it holds now is what is shown.
        self.loaded = Loaded(text, self.text)
        """What the box was loaded with."""

    @property
    def stored_text(self) -> str:
        """The text to store: see :meth:`Loaded.read`."""
        return self.loaded.read(self.text)

    def load_text(self, text: str) -> None:
        """Show new stored text (the ``text`` setter comes here too)."""
        super().load_text(safe_text(text))
        self.loaded = Loaded(text, self.text)

    def edit(self, edit: Edit) -> EditResult:
        """Every change to the text comes here: typed and pasted controls become escapes."""
        text = typed_text(edit.text)
        if text != edit.text:
            edit = Edit(text, edit.from_location, edit.to_location, edit.maintain_selection_offset)
        return super().edit(edit)
