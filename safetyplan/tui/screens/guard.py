"""The ordering guard: a step that should wait until the evidence is saved."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from safetyplan.guides.content import Step
from safetyplan.plan.model import GuardChoice
from safetyplan.safetext import safe_line, safe_text


@dataclass(frozen=True)
class GuardResult:
    """What the person chose at the guard."""

    go_to: str | None = None
    """The id of an earlier step to go to instead."""
    choice: GuardChoice | None = None
    """Their informed choice to go on (recorded in the plan)."""


class GuardDialog(ModalScreen[GuardResult | None]):
    """Says what could be lost, and offers three ways on. Esc steps back."""

    CSS_PATH = Path(__file__).with_name("dialog.tcss")

    BINDINGS = [Binding("escape", "step_back", "Step back")]

    def __init__(self, step: Step, waiting: list[Step]) -> None:
        """Make the dialog.

        Args:
            step: The step the person is about to open or mark done.
            waiting: The earlier steps that are not done yet.
        """
        super().__init__(classes="dialog-screen")
        self.step = step
        self.waiting = waiting

    def compose(self) -> ComposeResult:
        first = self.waiting[0]
        with Vertical(classes="dialog", id="guard"):
            yield Static("Before you go on", classes="dialog-title")
            with VerticalScroll(classes="dialog-body"):
                yield Static(safe_text(self.step.after_message), id="guard-message", markup=False)
                names = ", ".join(f'"{safe_line(step.title)}"' for step in self.waiting)
                yield Static(
                    f"This step is best done after: {names}. It is your choice.",
                    id="guard-waiting",
                    markup=False,
                )
            yield Button(
                Content(f"Go to: {safe_line(first.title)}"), id="go-first", variant="primary"
            )
            yield Button("I already saved it another way", id="saved-another-way")
            yield Button("Continue anyway", id="continue-anyway")

    @on(Button.Pressed, "#go-first")
    def _go_first(self) -> None:
        self.dismiss(GuardResult(go_to=self.waiting[0].id))

    @on(Button.Pressed, "#saved-another-way")
    def _saved(self) -> None:
        self.dismiss(GuardResult(choice=GuardChoice.SAVED_ANOTHER_WAY))

    @on(Button.Pressed, "#continue-anyway")
    def _anyway(self) -> None:
        self.dismiss(GuardResult(choice=GuardChoice.CONTINUED_ANYWAY))

    def action_step_back(self) -> None:
        """Close the dialog without a choice."""
        self.dismiss(None)
