"""The passphrase form that unlocking, the lock screen and opening a plan again share."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Static

from safetyplan.safetext import safe_line
from safetyplan.tui.widgets.passphrase_input import PassphraseInput


class PassphraseForm(Vertical):
    """A hidden passphrase field, a line for what is happening, and two buttons.

    Enter in the field, or the first button, sends :class:`PassphraseForm.Submitted`
    with the passphrase (never an empty one). The second button is the screen's own
    (Back, Close): its ``Button.Pressed`` goes to the screen as usual.
    """

    DEFAULT_CSS = """
    PassphraseForm {
        height: auto;
    }
    """

    @dataclass
    class Submitted(Message):
        """The person typed a passphrase and pressed Enter (or the first button)."""

        passphrase: str
        """What was typed."""

    def __init__(self, *, go: tuple[str, str], other: tuple[str, str]) -> None:
        """Make the form.

        Args:
            go: The first button's words and id ("Unlock", "unlock-button").
            other: The second button's words and id ("Back", "cancel").
        """
        super().__init__()
        self._go = go
        self._other = other

    def compose(self) -> ComposeResult:
        yield PassphraseInput(placeholder="passphrase", id="passphrase")
        yield Static("", id="status", classes="problem", markup=False)
        with Horizontal(classes="buttons"):
            yield Button(self._go[0], id=self._go[1], variant="primary")
            yield Button(self._other[0], id=self._other[1])

    @property
    def field(self) -> PassphraseInput:
        """The passphrase field."""
        return self.query_one("#passphrase", PassphraseInput)

    @on(Input.Submitted, "#passphrase")
    def _entered(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == self._go[1]:
            event.stop()
            self._submit()

    def _submit(self) -> None:
        value = self.field.value
        if value:
            self.post_message(self.Submitted(value))

    def say(self, words: str) -> None:
        """Show a line under the field (a file's or an error's words are made safe)."""
        self.query_one("#status", Static).update(safe_line(words))

    def busy(self, words: str) -> None:
        """Wait: the field and the first button take nothing while the key is derived."""
        self.field.disabled = True
        self.query_one(f"#{self._go[1]}", Button).disabled = True
        self.say(words)

    def again(self, words: str) -> None:
        """Forget what was typed, say why, and let the person try again."""
        field = self.field
        field.forget()
        field.disabled = False
        self.query_one(f"#{self._go[1]}", Button).disabled = False
        field.focus()
        self.say(words)
