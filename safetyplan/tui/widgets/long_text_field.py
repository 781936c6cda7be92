"""Long text, list and contacts prompts: several lines of text."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import TextArea

from safetyplan.guides.content import PromptKind
from safetyplan.plan.model import Answer
from safetyplan.tui.widgets.prompt_field import PromptField
from safetyplan.tui.widgets.safe_fields import SafeTextArea

_HINTS = {
    PromptKind.LIST: "One item on each line.",
    PromptKind.CONTACTS: "One person on each line, like this:  Sam: 555-0100, text first",
}


def answer_to_text(kind: PromptKind, value: Answer | None) -> str:
    """The text shown in the box for a saved answer."""
    if kind is PromptKind.LIST and isinstance(value, list):
        return "\n".join(str(item) for item in value)
    if kind is PromptKind.CONTACTS and isinstance(value, list):
        lines = []
        for contact in value:
            if isinstance(contact, dict):
                name, how = contact.get("name", ""), contact.get("how", "")
                lines.append(f"{name}: {how}" if how else name)
        return "\n".join(lines)
    return value if isinstance(value, str) else ""


def text_to_answer(kind: PromptKind, text: str) -> Answer:
    """The answer saved for the text in the box."""
    if kind is PromptKind.LIST:
        return [line for line in text.split("\n") if line.strip()]
    if kind is PromptKind.CONTACTS:
        contacts: list[dict[str, str]] = []
        for line in text.split("\n"):
            if not line.strip():
                continue
            name, _, how = line.partition(":")
            contacts.append({"name": name.strip(), "how": how.strip()})
        return contacts
    return text


class LongTextField(PromptField):
    """Several lines: free text, a list (one per line) or contacts (``name: how``)."""

    DEFAULT_CSS = """
    LongTextField > TextArea { height: 6; }
    """

    def compose(self) -> ComposeResult:
        yield from self.compose_label()
        hint = _HINTS.get(self.prompt.kind)
        area = SafeTextArea(
            answer_to_text(self.prompt.kind, self.initial), id=f"area-{self.prompt.id}"
        )
        if hint:
            area.border_subtitle = hint
        yield area

    def widget_answer(self) -> Answer:
        return text_to_answer(self.prompt.kind, self.query_one(SafeTextArea).stored_text)

    @on(TextArea.Changed)
    def _changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.announce(self.current())
