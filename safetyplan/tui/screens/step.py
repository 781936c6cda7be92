"""One step of a guide, with Back, Next, an overview and the ordering guard."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from safetyplan.guides.content import Guide, Step
from safetyplan.plan.model import GuardChoice, Plan, StepStatus, utc_now
from safetyplan.plan.progress import steps_to_do_first
from safetyplan.safetext import safe_line
from safetyplan.tui.messages import PlanEdited
from safetyplan.tui.screens.guard import GuardDialog, GuardResult
from safetyplan.tui.screens.overview import OverviewDialog
from safetyplan.tui.widgets.prompt_field import PromptField
from safetyplan.tui.widgets.save_status import SaveStatus
from safetyplan.tui.widgets.step_form import StepForm


class StepScreen(Screen[None]):
    """Walk through a guide one step at a time."""

    CSS_PATH = Path(__file__).with_name("step.tcss")

    BINDINGS = [
        Binding("ctrl+n", "next_step", "Next", id="next", show=False),
        Binding("ctrl+b", "previous_step", "Back", id="back", show=False),
        Binding("ctrl+o", "overview", "All steps", id="overview", show=False),
        Binding("escape", "leave", "Plan home", id="leave"),
        Binding("f2", "focus_status", "Status", id="status", show=False),
        Binding("f3", "focus_notes", "Notes", id="notes", show=False),
    ]

    step_id: reactive[str] = reactive("", recompose=True)
    """The id of the step on screen."""

    def __init__(self, plan: Plan, guide: Guide, step_id: str) -> None:
        """Show a step.

        Args:
            plan: The open plan; this screen records answers in it.
            guide: The guide being walked through.
            step_id: The step to show first.
        """
        super().__init__(classes="plan-screen")
        self.plan = plan
        self.guide = guide
        self._first_step = step_id
        step = guide.step(step_id)
        if step is not None and not steps_to_do_first(guide, plan, step):
            # No guard to ask first: compose this step straight away, rather than an
            # empty screen and then the step (the form, and its focus, come sooner).
            self.set_reactive(StepScreen.step_id, step_id)

    @property
    def step(self) -> Step:
        """The step on screen."""
        step = self.guide.step(self.step_id)
        assert step is not None
        return step

    def compose(self) -> ComposeResult:
        if not self.step_id:
            return
        position = self.guide.index(self.step_id) + 1
        with Horizontal(id="where"):
            yield Static(
                f"{safe_line(self.guide.title)} - Step {position} of {len(self.guide.steps)}",
                id="position",
                markup=False,
            )
            yield SaveStatus(id="save-status")
        record = self.plan.record(self.guide.id, self.step_id)
        with VerticalScroll(id="body"):
            yield StepForm(self.step, record)
        with Horizontal(id="nav"):
            yield Button("Back ^B", id="back", disabled=position == 1)
            yield Button("All steps ^O", id="overview")
            yield Button("Next ^N", id="next", variant="primary")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        if self.step_id:  # composed already
            self.watch_step_id(self.step_id)
            self._focus_first()
        else:
            self.open_step(self._first_step, leave_if_refused=True)

    def watch_step_id(self, step_id: str) -> None:
        if step_id:
            self.plan.current_guide = self.guide.id
            self.plan.current_step = step_id
            self.post_message(PlanEdited())

    def on_screen_resume(self) -> None:
        self.app.sub_title = ""

    # --- Moving between steps -------------------------------------------------

    def open_step(self, step_id: str, *, leave_if_refused: bool = False) -> None:
        """Go to a step, showing the ordering guard first when it applies.

        Args:
            step_id: The step to open.
            leave_if_refused: Go back to the plan's home if the person steps back at the
                guard (used when the screen opens straight onto a guarded step).
        """
        step = self.guide.step(step_id)
        if step is None:
            return
        waiting = steps_to_do_first(self.guide, self.plan, step)
        if not waiting:
            self.step_id = step_id
            self._after_move()
            return

        def decided(result: GuardResult | None) -> None:
            if result is None:
                if leave_if_refused and not self.step_id:
                    self.dismiss()
                return
            if result.go_to is not None:
                self.step_id = result.go_to
            else:
                self._record_guard(step_id, result.choice)
                self.step_id = step_id
            self._after_move()

        self.app.push_screen(GuardDialog(step, waiting), decided)

    def _after_move(self) -> None:
        self.call_after_refresh(self._focus_first)

    def _focus_first(self) -> None:
        body = self.query("#body")
        if body:
            body.first().scroll_home(animate=False)
        forms = self.query(StepForm)
        if not forms:
            return
        form = forms.first()
        for widget in self.focus_chain:
            if form in widget.ancestors:
                widget.focus(scroll_visible=False)
                return

    def _record_guard(self, step_id: str, choice: GuardChoice | None) -> None:
        if choice is None:
            return
        record = self.plan.record(self.guide.id, step_id)
        record.guard = choice
        record.guard_at = utc_now()
        self.post_message(PlanEdited())

    def _neighbour(self, offset: int) -> Step | None:
        index = self.guide.index(self.step_id) + offset
        if 0 <= index < len(self.guide.steps):
            return self.guide.steps[index]
        return None

    def action_next_step(self) -> None:
        """Go to the next step, or back to the plan's home after the last one."""
        step = self._neighbour(1)
        if step is None:
            self.dismiss()
        else:
            self.open_step(step.id)

    def action_previous_step(self) -> None:
        """Go to the step before."""
        step = self._neighbour(-1)
        if step is not None:
            self.open_step(step.id)

    def action_overview(self) -> None:
        """Show every step of the guide and jump to one."""

        def chosen(step_id: str | None) -> None:
            if step_id:
                self.open_step(step_id)

        self.app.push_screen(OverviewDialog(self.guide, self.plan, self.step_id), chosen)

    def action_focus_status(self) -> None:
        """Jump to the status choices (a long step need not be tabbed through)."""
        self.query_one("#status").focus()

    def action_focus_notes(self) -> None:
        """Jump to the notes box."""
        self.query_one("#notes").focus()

    def action_leave(self) -> None:
        """Back to the plan's home."""
        self.dismiss()

    @on(Button.Pressed, "#next")
    def _next(self) -> None:
        self.action_next_step()

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self.action_previous_step()

    @on(Button.Pressed, "#overview")
    def _overview(self) -> None:
        self.action_overview()

    # --- Recording answers ----------------------------------------------------

    def capture_form(self) -> bool:
        """Copy what is on screen into the plan, in case its messages are still on the way.

        Quick exit and lock act at once, ahead of queued messages; this makes sure the
        last words typed are in the plan they save.

        Returns:
            True when the plan changed.
        """
        forms = self.query(StepForm)
        if not self.step_id or not forms:
            return False
        record = self.plan.record(self.guide.id, self.step_id)
        changed = False
        form = forms.first()
        for field in form.query(PromptField):
            value = field.current()
            old = record.answers.get(field.prompt.id)
            if old != value and (old is not None or value):
                record.answers[field.prompt.id] = value
                changed = True
        notes = form.notes
        if notes != record.notes:
            record.notes = notes
            changed = True
        return changed

    @on(PromptField.Changed)
    def _answer_changed(self, event: PromptField.Changed) -> None:
        event.stop()
        record = self.plan.record(self.guide.id, self.step_id)
        record.answers[event.prompt_id] = event.value
        self.query_one(StepForm).update_visibility(dict(record.answers))
        self.post_message(PlanEdited())

    @on(StepForm.NotesChanged)
    def _notes_changed(self, event: StepForm.NotesChanged) -> None:
        event.stop()
        self.plan.record(self.guide.id, self.step_id).notes = event.notes
        self.post_message(PlanEdited())

    @on(StepForm.StatusChosen)
    def _status_chosen(self, event: StepForm.StatusChosen) -> None:
        event.stop()
        step_id = self.step_id
        record = self.plan.record(self.guide.id, step_id)
        waiting = steps_to_do_first(self.guide, self.plan, self.step)
        if event.status is not StepStatus.DONE or not waiting:
            record.status = event.status
            self.post_message(PlanEdited())
            return
        previous = record.status

        def decided(result: GuardResult | None) -> None:
            if result is None or result.go_to is not None:
                self.query_one(StepForm).set_status(previous)
                if result is not None and result.go_to is not None:
                    self.step_id = result.go_to
                    self._after_move()
                return
            self._record_guard(step_id, result.choice)
            record.status = event.status
            self.post_message(PlanEdited())

        self.app.push_screen(GuardDialog(self.step, waiting), decided)
