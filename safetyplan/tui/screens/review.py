"""The whole plan at a glance, grouped by status, and a print-friendly view."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from safetyplan.guides.content import Guide
from safetyplan.plan.export import ReviewItem, leftover_items, render_text, review_groups
from safetyplan.plan.model import Plan
from safetyplan.safetext import safe_line, safe_text
from safetyplan.tui.screens.print_view import PrintScreen


class ReviewScreen(Screen[None]):
    """Each guide's steps grouped as done, next, not now / not safe now, with answers."""

    CSS_PATH = Path(__file__).with_name("review.tcss")

    BINDINGS = [
        Binding("escape", "leave", "Back", id="leave"),
        Binding("p", "print_view", "Print view", id="print"),
    ]

    def __init__(self, plan: Plan, guides: tuple[Guide, ...], *, print_first: bool = False) -> None:
        """Make the review.

        Args:
            plan: The plan to show.
            guides: The guides, for titles and question words.
            print_first: Open the print view straight away.
        """
        super().__init__(classes="plan-screen")
        self.plan = plan
        self.guides = guides
        self.print_first = print_first

    def compose(self) -> ComposeResult:
        with Horizontal(classes="page-top"):
            yield Static("Review my plan", classes="page-title")
            yield Button("Print view", id="print")
            yield Button("Back", id="leave")
        with VerticalScroll(id="review-body", can_focus=True):
            for guide in self.guides:
                yield Static(safe_line(guide.title), classes="review-guide", markup=False)
                for group, items in review_groups(guide, self.plan):
                    yield Static(f"{group} ({len(items)})", classes="review-group", markup=False)
                    for item in items:
                        status = item.status.label if item.status else "No status yet"
                        yield from self._item(item, f" [{status}]")
            leftovers = leftover_items(self.guides, self.plan)
            if leftovers:
                yield Static("Other saved answers", classes="review-guide")
                yield Static(
                    "These are from steps that are no longer in the guide. They are kept.",
                    classes="hint",
                )
                for item in leftovers:
                    yield from self._item(item)
        yield Footer(show_command_palette=False)

    @staticmethod
    def _item(item: ReviewItem, status: str = "") -> ComposeResult:
        """A step's title, then each question and answer, with controls made visible."""
        yield Static(f"* {safe_line(item.title)}{status}", classes="review-step", markup=False)
        for label, text in item.lines:
            yield Static(safe_line(label), classes="review-label", markup=False)
            yield Static(safe_text(text), classes="review-answer", markup=False)

    def on_mount(self) -> None:
        self.query_one("#review-body").focus()
        if self.print_first:
            self.action_print_view()

    @on(Button.Pressed, "#leave")
    def action_leave(self) -> None:
        """Back to where the person came from."""
        self.dismiss()

    @on(Button.Pressed, "#print")
    def action_print_view(self) -> None:
        """Show the plan as plain text, ready to print or copy by hand."""
        self.app.push_screen(PrintScreen(render_text(self.plan, self.guides)))
