"""Checklist and choice prompts: tick any number, or pick one."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import RadioSet, SelectionList, Static

from safetyplan.plan.model import Answer
from safetyplan.safetext import safe_line, safe_text
from safetyplan.tui.widgets.marked_radio import MarkedRadioButton
from safetyplan.tui.widgets.marked_selection import MarkedSelectionList
from safetyplan.tui.widgets.prompt_field import PromptField


class ChecklistField(PromptField):
    """Tick any number of options. The answer is the list of ticked option ids.

    Options are one line each; the longer explanation of the highlighted option is
    shown under the list, so nothing is cut off on a narrow screen.
    """

    DEFAULT_CSS = """
    ChecklistField {
        & > SelectionList { height: auto; max-height: 999; }
        & > .option-detail { color: $text-muted; padding: 0 0 0 2; }
    }
    """

    def compose(self) -> ComposeResult:
        yield from self.compose_label()
        ticked = set(self.initial) if isinstance(self.initial, list) else set()
        yield MarkedSelectionList(
            *[(Content(safe_line(o.label)), o.id, o.id in ticked) for o in self.prompt.options],
            id=f"checklist-{self.prompt.id}",
        )
        if any(option.detail for option in self.prompt.options):
            yield Static("", classes="option-detail", markup=False)

    def widget_answer(self) -> Answer:
        selected = set(self.query_one(SelectionList).selected)
        return [option.id for option in self.prompt.options if option.id in selected]

    @on(SelectionList.SelectedChanged)
    def _changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        event.stop()
        self.announce(self.current())

    @on(SelectionList.SelectionHighlighted)
    def _highlighted(self, event: SelectionList.SelectionHighlighted[str]) -> None:
        event.stop()
        details = self.query(".option-detail")
        if details:
            option = self.prompt.options[event.selection_index]
            details.first(Static).update(safe_text(option.detail))


class ChoiceField(PromptField):
    """Pick one option. The answer is the chosen option id, or ``""``."""

    DEFAULT_CSS = """
    ChoiceField {
        & > RadioSet { width: 100%; }
        & > .option-detail { color: $text-muted; padding: 0 0 0 2; }
    }
    """

    def compose(self) -> ComposeResult:
        yield from self.compose_label()
        chosen = self.initial if isinstance(self.initial, str) else ""
        with RadioSet(id=f"choice-{self.prompt.id}"):
            for option in self.prompt.options:
                yield MarkedRadioButton(
                    Content(safe_line(option.label)), value=option.id == chosen, name=option.id
                )
        details = [
            f"{safe_line(o.label)}: {safe_text(o.detail)}" for o in self.prompt.options if o.detail
        ]
        if details:
            yield Static("\n".join(details), classes="option-detail", markup=False)

    def widget_answer(self) -> Answer:
        pressed = self.query_one(RadioSet).pressed_button
        return pressed.name or "" if pressed is not None else ""

    @on(RadioSet.Changed)
    def _changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self.announce(self.current())
