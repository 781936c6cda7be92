"""Help: every key, and what each screen is for, in plain words."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from safetyplan.safetext import safe_text

HELP_TEXT = """\
Keys you can use anywhere
  Ctrl+Q   Quick exit. Saves, clears the screen and closes at once.
  Ctrl+L   Lock. Hides everything until the passphrase is typed again.
  F1       This help.
  Ctrl+P   Commands: lock, quick exit, review, colours, end session.
  Esc      Back, or close a box like this one.
  Tab      Move to the next thing. Shift+Tab moves back.
  Arrows   Move in a list. Enter or Space picks.

On a step
  Ctrl+N   Next step.      Ctrl+B   Step before.
  Ctrl+O   All steps: jump to any step.
  F2       Jump to "Where are you with this step?"   F3   Jump to notes.

The screens
  Your plans   The plans on this computer. Open one, or make a new one.
               You can also try the guides without saving anything.
  Your plan    The parts of your plan and how far you are. Continue where
               you left off, or review the whole plan.
  A step       What the step is, why it can matter, and questions you can
               answer. Pick where you are with it. Nothing is required.
               Your answers save by themselves.
  Review       Everything you wrote, grouped by done, next, and not now.
               The print view is plain text you can print or copy.

About safety
  Quick exit and lock help when someone walks in. The plan file is
  locked with your passphrase, so someone who reads the disk cannot
  read it. This cannot protect you from spyware on this device, from
  someone who sees you type, or from someone who makes you unlock it.
  If you forget the passphrase, no one can open the plan.
"""


class HelpScreen(ModalScreen[None]):
    """The help text. Esc or F1 closes it."""

    CSS_PATH = Path(__file__).with_name("dialog.tcss")

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("f1", "close", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="help", can_focus=True):
            yield Static("Help", classes="dialog-title")
            yield Static(safe_text(HELP_TEXT), markup=False, id="help-text")

    def on_mount(self) -> None:
        self.add_class("dialog-screen")
        self.query_one("#help").focus()

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss()
