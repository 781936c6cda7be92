"""A yes-or-no question in a dialog."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from safetyplan.safetext import safe_line, safe_text


class ConfirmDialog(ModalScreen[bool]):
    """Asks a question; dismisses with True for yes, False for no or Esc.

    The words may hold a plan's name or an error's words, so control and bidi
    characters in them are shown as visible escapes.
    """

    CSS_PATH = Path(__file__).with_name("dialog.tcss")

    BINDINGS = [Binding("escape", "no", "No")]

    def __init__(
        self,
        title: str,
        question: str,
        *,
        yes: str = "Yes",
        no: str = "No",
        careful: bool = False,
    ) -> None:
        """Make the dialog.

        Args:
            title: A few words on top.
            question: The question, in plain words.
            yes: The label of the yes button.
            no: The label of the no button.
            careful: The "yes" cannot be undone, so "no" has the focus first and a
                stray Enter changes nothing.
        """
        super().__init__(classes="dialog-screen")
        self.title_words = title
        self.question = question
        self.yes = yes
        self.no = no
        self.careful = careful

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(safe_line(self.title_words), classes="dialog-title", markup=False)
            yield Static(safe_text(self.question), classes="dialog-body", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(Content(safe_line(self.yes)), id="yes", variant="primary")
                yield Button(Content(safe_line(self.no)), id="no")

    def on_mount(self) -> None:
        self.query_one("#no" if self.careful else "#yes").focus()

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def action_no(self) -> None:
        """Answer no."""
        self.dismiss(False)
