"""A plan's home: the guides with their progress, continue, review, close."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from safetyplan.guides.content import Guide
from safetyplan.plan.model import Plan
from safetyplan.plan.progress import first_open_step, progress, resume_point
from safetyplan.safetext import safe_line
from safetyplan.tui.messages import CloseRequested
from safetyplan.tui.screens.review import ReviewScreen
from safetyplan.tui.screens.step import StepScreen
from safetyplan.tui.widgets.save_status import SaveStatus


class HomeScreen(Screen[None]):
    """Where a person lands after opening a plan."""

    BINDINGS = [
        Binding("c", "continue_plan", "Continue", id="continue", show=False),
        Binding("r", "review", "Review", id="review", show=False),
        Binding("ctrl+w", "close_plan", "Close plan", id="close"),
    ]

    def __init__(self, plan: Plan, guides: tuple[Guide, ...], *, browsing: bool = False) -> None:
        """Make the home screen.

        Args:
            plan: The open plan.
            guides: The guides to offer.
            browsing: True when nothing is being saved (trying the guides out).
        """
        super().__init__(classes="plan-screen")
        self.plan = plan
        self.guides = guides
        self.browsing = browsing

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with Vertical(id="home", classes="page"):
            with Horizontal(classes="page-top"):
                yield Static("Your plan", classes="page-title")
                yield SaveStatus(id="save-status")
            if self.browsing:
                yield Static(
                    "You are trying the guides out. Nothing is saved until you choose to.",
                    classes="hint",
                )
            else:
                yield Static("Pick a part to work on. You can stop at any time.", classes="hint")
            yield OptionList(*self._guide_options(), id="guides")
            with Horizontal(classes="buttons"):
                yield Button("Continue where I left off", id="continue", variant="primary")
                yield Button("Review my plan", id="review")
                yield Button("Finish" if self.browsing else "Close plan", id="close")
        yield Footer(show_command_palette=False)

    def _guide_options(self) -> list[Option]:
        options = []
        for guide in self.guides:
            done = progress(guide, self.plan)
            text = f"{safe_line(guide.title)} - {done.words}\n  {safe_line(guide.summary)}"
            options.append(Option(Content(text), id=guide.id))
        return options

    def on_screen_resume(self) -> None:
        guides = self.query_one("#guides", OptionList)
        highlighted = guides.highlighted
        guides.clear_options()
        guides.add_options(self._guide_options())
        guides.highlighted = highlighted if highlighted is not None else 0
        guides.focus()

    @on(OptionList.OptionSelected, "#guides")
    def _open_guide(self, event: OptionList.OptionSelected) -> None:
        guide = next(g for g in self.guides if g.id == event.option.id)
        self.app.push_screen(StepScreen(self.plan, guide, first_open_step(guide, self.plan).id))

    @on(Button.Pressed, "#continue")
    def action_continue_plan(self) -> None:
        """Open the step where the person last was."""
        point = resume_point(self.guides, self.plan)
        if point is not None:
            guide, step = point
            self.app.push_screen(StepScreen(self.plan, guide, step.id))

    @on(Button.Pressed, "#review")
    def action_review(self) -> None:
        """Show the whole plan at a glance."""
        self.app.push_screen(ReviewScreen(self.plan, self.guides))

    @on(Button.Pressed, "#close")
    def action_close_plan(self) -> None:
        """Save, close the plan and go back to the start."""
        self.post_message(CloseRequested())
