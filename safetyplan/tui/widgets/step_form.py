"""Everything on one step: why it matters, warnings, prompts, status and notes."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import RadioButton, RadioSet, Static, TextArea

from safetyplan.guides.content import Step
from safetyplan.plan.model import StepRecord, StepStatus
from safetyplan.plan.progress import prompt_visible
from safetyplan.safetext import safe_line, safe_text
from safetyplan.tui.widgets.marked_radio import MarkedRadioButton
from safetyplan.tui.widgets.prompt_field import PromptField
from safetyplan.tui.widgets.safe_fields import SafeTextArea


class StepForm(Vertical):
    """The body of a step. Posts messages up; never touches the plan itself."""

    DEFAULT_CSS = """
    StepForm {
        height: auto;
        padding: 0 1;
        & #step-title { text-style: bold; margin: 1 0 0 0; }
        & #why { margin: 1 0 0 0; }
        & .notice {
            border: round $warning;
            padding: 0 1;
            margin: 1 0 0 0;
        }
        & #links { margin: 1 0 0 0; color: $text-muted; }
        & .section-label { text-style: bold; margin: 1 0 0 0; }
        & #notes { height: 5; }
    }
    """

    @dataclass
    class StatusChosen(Message):
        """The person picked a status for the step."""

        status: StepStatus

    @dataclass
    class NotesChanged(Message):
        """The person changed the step's notes."""

        notes: str

    def __init__(self, step: Step, record: StepRecord) -> None:
        """Make the form for a step.

        Args:
            step: The step from the guide.
            record: What the person has recorded so far (read only here).
        """
        super().__init__(id="step-form")
        self.step = step
        self.record = record

    def compose(self) -> ComposeResult:
        from safetyplan.tui.widgets import make_field

        step = self.step
        yield Static(safe_line(step.title), id="step-title", markup=False)
        yield Static(safe_text(step.why), id="why", markup=False)
        if step.may_alert:
            yield Static(
                f"Heads up: {safe_text(step.alert_message)}",
                classes="notice",
                id="alert",
                markup=False,
            )
        for prompt in step.prompts:
            field = make_field(prompt, self.record.answers.get(prompt.id))
            field.display = prompt_visible(prompt, self.record.answers)
            yield field
        if step.links:
            lines = [f"* {safe_line(link.label)}: {safe_line(link.detail)}" for link in step.links]
            yield Static("Where to get help\n" + "\n".join(lines), id="links", markup=False)
        yield Static("Where are you with this step?", classes="section-label")
        with RadioSet(id="status"):
            for status in StepStatus:
                yield MarkedRadioButton(
                    status.label, value=self.record.status is status, name=status.value
                )
        yield Static("Notes (only you see these)", classes="section-label")
        yield SafeTextArea(self.record.notes, id="notes")

    @property
    def notes(self) -> str:
        """The notes to save: as saved while the box is unchanged, else as shown."""
        return self.query_one("#notes", SafeTextArea).stored_text

    def update_visibility(self, answers: dict[str, object]) -> None:
        """Show or hide prompts whose ``when`` depends on other answers."""
        for field in self.query(PromptField):
            field.display = prompt_visible(field.prompt, answers)  # type: ignore[arg-type]

    def set_status(self, status: StepStatus | None) -> None:
        """Show a status without announcing it (used when a choice is undone)."""
        radio = self.query_one("#status", RadioSet)
        with radio.prevent(RadioSet.Changed):
            for button in radio.query(RadioButton):
                button.value = status is not None and button.name == status.value

    @on(RadioSet.Changed, "#status")
    def _status_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        name = event.pressed.name
        if name:
            self.post_message(self.StatusChosen(StepStatus(name)))

    @on(TextArea.Changed, "#notes")
    def _notes_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.post_message(self.NotesChanged(self.notes))
