"""The plan as plain text, to print or copy by hand; written to a file only on request."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from safetyplan.errors import PlanError
from safetyplan.safetext import safe_line, safe_text
from safetyplan.tui.screens.export_dialog import ExportDialog


class PrintScreen(Screen[None]):
    """The plan as plain text with no colours or boxes."""

    CSS_PATH = Path(__file__).with_name("review.tcss")

    BINDINGS = [
        Binding("escape", "leave", "Back", id="leave"),
        Binding("s", "save_file", "Save to a file", id="save-file"),
    ]

    def __init__(self, text: str) -> None:
        """Show text in a plain, scrollable view.

        Args:
            text: The plan as plain text. Control and bidi characters in it are shown,
                and written to a file, as visible escapes.
        """
        super().__init__(classes="plan-screen print-screen")
        self.text = safe_text(text)

    def compose(self) -> ComposeResult:
        with Horizontal(classes="page-top"):
            yield Static("Print view", classes="page-title")
            yield Button("Save to a file", id="save-file")
            yield Button("Back", id="leave")
        with VerticalScroll(id="print-view", can_focus=True):
            yield Static(self.text, markup=False, id="print-text")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#print-view").focus()

    @on(Button.Pressed, "#leave")
    def action_leave(self) -> None:
        """Back to the review."""
        self.dismiss()

    @on(Button.Pressed, "#save-file")
    def action_save_file(self) -> None:
        """Ask where to write the text, with a clear warning that it is not encrypted."""

        def chosen(path: Path | None) -> None:
            if path is None:
                return
            from safetyplan.plan.export import write_new_file

            try:
                write_new_file(path, self.text)
            except PlanError as error:
                self.notify(
                    safe_line(str(error)),
                    title="Not written",
                    severity="error",
                    timeout=10,
                    markup=False,
                )
                return
            self.notify(
                "Written. Remember: that file is not locked with your passphrase.", markup=False
            )

        self.app.push_screen(ExportDialog(), chosen)
