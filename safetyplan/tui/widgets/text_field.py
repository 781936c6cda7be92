"""Short text and date prompts: one line of text."""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Static

from safetyplan.guides.content import PromptKind
from safetyplan.plan.model import Answer
from safetyplan.tui.widgets.prompt_field import PromptField
from safetyplan.tui.widgets.safe_fields import SafeInput


def is_date(text: str) -> bool:
    """True for an empty string or a real date written as YYYY-MM-DD."""
    if not text:
        return True
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


class TextField(PromptField):
    """A line of text, or a date. The answer is the text exactly as typed."""

    def compose(self) -> ComposeResult:
        yield from self.compose_label()
        value = self.initial if isinstance(self.initial, str) else ""
        is_date_prompt = self.prompt.kind is PromptKind.DATE
        yield SafeInput(
            value,
            placeholder="YYYY-MM-DD, for example 2026-05-03" if is_date_prompt else "",
            id=f"input-{self.prompt.id}",
        )
        if is_date_prompt:
            yield Static("", classes="prompt-hint", markup=False)

    def widget_answer(self) -> Answer:
        return self.query_one(SafeInput).stored_value

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.prompt.kind is PromptKind.DATE:
            hint = "" if is_date(event.value) else "Write the date like this: 2026-05-03."
            self.query_one(".prompt-hint", Static).update(hint)
        self.announce(self.current())
