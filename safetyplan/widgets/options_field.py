"""Checklist and choice prompts: tick any number, or pick one."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import RadioButton, RadioSet, SelectionList

from safetyplan.content import Option, PromptKind
from safetyplan.model import Answer
from safetyplan.widgets.prompt_field import PromptField


def option_text(option: Option) -> str:
    """The words shown for an option, with its detail when it has one."""
    return f"{option.label} ({option.detail})" if option.detail else option.label


class ChecklistField(PromptField):
    """Tick any number of options. The answer is the list of ticked option ids."""

    def compose(self) -> ComposeResult:
        yield from self.compose_label()
        ticked = set(self.initial) if isinstance(self.initial, list) else set()
        yield SelectionList[str](
            *[(option_text(o), o.id, o.id in ticked) for o in self.prompt.options],
            id=f"checklist-{self.prompt.id}",
        )

    def current(self) -> Answer:
        selected = set(self.query_one(SelectionList).selected)
        return [option.id for option in self.prompt.options if option.id in selected]

    @on(SelectionList.SelectedChanged)
    def _changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        event.stop()
        self.announce(self.current())


class ChoiceField(PromptField):
    """Pick one option. The answer is the chosen option id, or ``""``."""

    def compose(self) -> ComposeResult:
        yield from self.compose_label()
        chosen = self.initial if isinstance(self.initial, str) else ""
        with RadioSet(id=f"choice-{self.prompt.id}"):
            for option in self.prompt.options:
                yield RadioButton(
                    option_text(option), value=option.id == chosen, name=option.id
                )

    def current(self) -> Answer:
        pressed = self.query_one(RadioSet).pressed_button
        return pressed.name or "" if pressed is not None else ""

    @on(RadioSet.Changed)
    def _changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self.announce(self.current())


__all__ = ["ChecklistField", "ChoiceField", "PromptKind"]
