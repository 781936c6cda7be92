"""Ask for a plan name in a dialog."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from safetyplan.safetext import safe_line, safe_text
from safetyplan.tui.widgets.safe_fields import SafeInput


class NameDialog(ModalScreen[str | None]):
    """A question and a name field; dismisses with the name, or None on Esc.

    The words may hold a plan's name or an error's words, so control and bidi
    characters in them (and in the name) are shown as visible escapes.
    """

    CSS_PATH = Path(__file__).with_name("dialog.tcss")

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, words: str, *, suggestion: str = "", ok: str = "OK") -> None:
        """Make the dialog.

        Args:
            title: A few words on top.
            words: What the name is for, in plain words.
            suggestion: A name already filled in.
            ok: The label of the button that accepts.
        """
        super().__init__(classes="dialog-screen")
        self.title_words = title
        self.words = words
        self.suggestion = suggestion
        self.ok = ok

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(safe_line(self.title_words), classes="dialog-title", markup=False)
            yield Static(safe_text(self.words), classes="dialog-body", markup=False)
            yield SafeInput(self.suggestion, id="name")
            yield Static("", id="problem", classes="problem", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(Content(safe_line(self.ok)), id="ok", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#name").focus()

    @on(Input.Submitted, "#name")
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        from safetyplan.errors import PlanError
        from safetyplan.vault.folder import PlanStore

        name = self.query_one("#name", SafeInput).stored_value.strip()
        try:
            PlanStore.validate_name(name)
        except PlanError as error:
            self.query_one("#problem", Static).update(safe_text(str(error)))
            return
        self.dismiss(name)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without a name."""
        self.dismiss(None)
