"""Reusable widgets."""

from __future__ import annotations

from safetyplan.guides.content import Prompt, PromptKind
from safetyplan.plan.model import Answer
from safetyplan.tui.widgets.compose_field import ComposeField
from safetyplan.tui.widgets.long_text_field import LongTextField
from safetyplan.tui.widgets.options_field import ChecklistField, ChoiceField
from safetyplan.tui.widgets.prompt_field import PromptField
from safetyplan.tui.widgets.save_status import SaveStatus
from safetyplan.tui.widgets.step_form import StepForm
from safetyplan.tui.widgets.text_field import TextField

_FIELDS: dict[PromptKind, type[PromptField]] = {
    PromptKind.CHECKLIST: ChecklistField,
    PromptKind.CHOICE: ChoiceField,
    PromptKind.TEXT: TextField,
    PromptKind.DATE: TextField,
    PromptKind.LONGTEXT: LongTextField,
    PromptKind.LIST: LongTextField,
    PromptKind.CONTACTS: LongTextField,
    PromptKind.COMPOSE: ComposeField,
}


def make_field(prompt: Prompt, value: Answer | None) -> PromptField:
    """The widget for a prompt of any kind."""
    return _FIELDS[prompt.kind](prompt, value)


__all__ = [
    "ChecklistField",
    "ChoiceField",
    "ComposeField",
    "LongTextField",
    "PromptField",
    "SaveStatus",
    "StepForm",
    "TextField",
    "make_field",
]
