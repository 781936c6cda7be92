"""A message builder: fill in parts, put the message together, then edit it freely."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Button, Input, RadioSet, SelectionList, Static, TextArea

from safetyplan.guides.content import Part, PromptKind
from safetyplan.plan.compose import compose_message
from safetyplan.plan.model import Answer
from safetyplan.safetext import safe_line, safe_text
from safetyplan.tui.widgets.marked_radio import MarkedRadioButton
from safetyplan.tui.widgets.marked_selection import MarkedSelectionList
from safetyplan.tui.widgets.prompt_field import PromptField
from safetyplan.tui.widgets.safe_fields import SafeInput, SafeTextArea

PartValue = str | list[str]


class ComposeField(PromptField):
    """Parts to fill in, a button that builds the message, and the message to edit.

    The answer is ``{"parts": {part_id: value}, "text": message}``.
    """

    DEFAULT_CSS = """
    ComposeField {
        border: round $secondary;
        padding: 0 1;
        & .part { height: auto; margin: 1 0 0 0; }
        & .part-label { text-style: bold; }
        & .part-example { color: $text-muted; }
        & .part TextArea { height: 4; }
        & #message { height: 8; }
        & Button { margin: 1 0 0 0; }
    }
    """

    _built = ""
    """The message as last put together, to tell whether the person changed it since."""

    def _saved(self) -> tuple[dict[str, object], str]:
        if isinstance(self.initial, dict):
            parts = self.initial.get("parts")
            text = self.initial.get("text")
            return (
                parts if isinstance(parts, dict) else {},
                text if isinstance(text, str) else "",
            )
        return {}, ""

    def compose(self) -> ComposeResult:
        yield from self.compose_label()
        parts, text = self._saved()
        for part in self.prompt.parts:
            with Vertical(classes="part", id=f"part-{part.id}"):
                yield Static(safe_line(part.label), classes="part-label", markup=False)
                if part.example:
                    yield Static(
                        f"For example: {safe_text(part.example)}",
                        classes="part-example",
                        markup=False,
                    )
                yield from self._part_widget(part, parts.get(part.id))
        yield Button("Put my message together", id="build", variant="primary")
        yield Static("Your message. Change any words you like:", classes="part-label")
        yield SafeTextArea(text, id="message")

    def _part_widget(self, part: Part, value: object) -> ComposeResult:
        if part.kind is PromptKind.CHECKLIST:
            ticked = set(value) if isinstance(value, list) else set()
            yield MarkedSelectionList(
                *[(Content(safe_line(o.label)), o.id, o.id in ticked) for o in part.options],
                name=part.id,
            )
        elif part.kind is PromptKind.CHOICE:
            with RadioSet(name=part.id):
                for option in part.options:
                    yield MarkedRadioButton(
                        Content(safe_line(option.label)),
                        value=option.id == value,
                        name=option.id,
                    )
        elif part.kind is PromptKind.LONGTEXT:
            yield SafeTextArea(value if isinstance(value, str) else "", name=part.id)
        else:
            yield SafeInput(value if isinstance(value, str) else "", name=part.id)

    def part_values(self) -> dict[str, PartValue]:
        """The answer to each part, as it stands in the widgets now."""
        values: dict[str, PartValue] = {}
        for part in self.prompt.parts:
            box = self.query_one(f"#part-{part.id}")
            if part.kind is PromptKind.CHECKLIST:
                selected = set(box.query_one(SelectionList).selected)
                values[part.id] = [o.id for o in part.options if o.id in selected]
            elif part.kind is PromptKind.CHOICE:
                pressed = box.query_one(RadioSet).pressed_button
                values[part.id] = (pressed.name or "") if pressed is not None else ""
            elif part.kind is PromptKind.LONGTEXT:
                values[part.id] = box.query_one(SafeTextArea).stored_text
            else:
                values[part.id] = box.query_one(SafeInput).stored_value
        return values

    def widget_answer(self) -> Answer:
        message = self.query_one("#message", SafeTextArea).stored_text
        return {"parts": dict(self.part_values()), "text": message}

    @on(Button.Pressed, "#build")
    def _build(self, event: Button.Pressed) -> None:
        event.stop()
        message = compose_message(self.prompt, self.part_values())
        box = self.query_one("#message", SafeTextArea)
        if not box.text.strip() or box.stored_text == self._built:
            self._put(message)
            return
        from safetyplan.tui.screens.confirm import ConfirmDialog

        def answered(replace: bool | None) -> None:
            if replace:
                self._put(message)

        self.app.push_screen(
            ConfirmDialog(
                "Replace your message?",
                "You changed the message yourself. Putting it together again replaces "
                "your words with the parts above.",
                yes="Replace it",
                no="Keep my words",
                careful=True,
            ),
            answered,
        )

    def _put(self, message: str) -> None:
        self._built = message
        self.query_one("#message", SafeTextArea).load_text(message)
        self.announce(self.current())

    @on(Input.Changed)
    @on(SelectionList.SelectedChanged)
    @on(RadioSet.Changed)
    @on(TextArea.Changed)
    def _changed(self, event: object) -> None:
        if hasattr(event, "stop"):
            event.stop()
        self.announce(self.current())
