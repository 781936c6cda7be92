"""A passphrase field: hidden, and its text cannot be copied or cut out of it."""

from __future__ import annotations

from textual.widgets import Input


class PassphraseInput(Input):
    """An ``Input`` that hides what is typed and refuses copy and cut."""

    def __init__(self, *, placeholder: str = "", id: str | None = None) -> None:
        """Make a hidden passphrase field.

        Args:
            placeholder: Words shown while the field is empty.
            id: The widget id.
        """
        super().__init__(password=True, placeholder=placeholder, id=id)

    def action_copy(self) -> None:
        """Copying a passphrase is not allowed."""

    def action_cut(self) -> None:
        """Cutting a passphrase is not allowed (it would copy it)."""

    def forget(self) -> None:
        """Clear the field."""
        self.value = ""
