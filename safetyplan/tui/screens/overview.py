"""Every step of a guide with its status; pick one to jump to it."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from safetyplan.guides.content import Guide
from safetyplan.plan.model import Plan
from safetyplan.safetext import safe_line

_MARKS = {
    None: "[ ]",
    "done": "[x]",
    "planned": "[>]",
    "not-now": "[-]",
    "not-safe": "[!]",
    "not-applicable": "[/]",
}


class OverviewDialog(ModalScreen[str | None]):
    """A list of the guide's steps. Enter jumps to a step; Esc closes."""

    CSS_PATH = Path(__file__).with_name("dialog.tcss")

    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self, guide: Guide, plan: Plan, current: str) -> None:
        """Make the overview.

        Args:
            guide: The guide.
            plan: The plan, to show each step's status.
            current: The id of the step on screen, highlighted first.
        """
        super().__init__(classes="dialog-screen")
        self.guide = guide
        self.plan = plan
        self.current = current

    def compose(self) -> ComposeResult:
        options = []
        for number, step in enumerate(self.guide.steps, start=1):
            status = self.plan.status(self.guide.id, step.id)
            words = status.label if status else "No status yet"
            mark = _MARKS[status.value if status else None]
            title = safe_line(step.title)
            options.append(Option(Content(f"{mark} {number}. {title} - {words}"), id=step.id))
        with Vertical(classes="dialog", id="overview"):
            yield Static(
                f"All steps: {safe_line(self.guide.title)}", classes="dialog-title", markup=False
            )
            yield OptionList(*options, id="steps")

    def on_mount(self) -> None:
        steps = self.query_one("#steps", OptionList)
        steps.highlighted = max(self.guide.index(self.current), 0)
        steps.focus()

    @on(OptionList.OptionSelected, "#steps")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_close(self) -> None:
        """Close without jumping."""
        self.dismiss(None)
