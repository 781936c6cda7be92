"""The base of every prompt widget: a label, optional help, and a Changed message."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from safetyplan.guides.content import Prompt
from safetyplan.plan.model import Answer
from safetyplan.safetext import safe_line, safe_text


class PromptField(Vertical):
    """One prompt of a step. Subclasses add the input widgets and post ``Changed``.

    An answer the person has not changed is given back exactly as it was saved, even
    where the widgets cannot hold it exactly (text with control characters, which they
    show as escapes; an option id the guide no longer has; a part left out).
    """

    DEFAULT_CSS = """
    PromptField {
        height: auto;
        margin: 1 0 0 0;
        & > .prompt-label { text-style: bold; }
        & > .prompt-help { color: $text-muted; }
    }
    """

    @dataclass
    class Changed(Message):
        """The answer to a prompt changed."""

        prompt_id: str
        """The id of the prompt."""
        value: Answer
        """The new answer."""

    def __init__(self, prompt: Prompt, value: Answer | None) -> None:
        """Make a field for a prompt.

        Args:
            prompt: The prompt from the guide.
            value: The saved answer, or None when there is none.
        """
        super().__init__(id=f"prompt-{prompt.id}", classes="prompt-field")
        self.prompt = prompt
        self.initial = value
        self._as_loaded: Answer | None = None
        """The answer as the widgets held it before the person did anything."""

    def compose_label(self) -> ComposeResult:
        """The label and help lines shared by every kind."""
        yield Static(safe_line(self.prompt.label), classes="prompt-label", markup=False)
        if self.prompt.help:
            yield Static(safe_text(self.prompt.help), classes="prompt-help", markup=False)

    def on_mount(self) -> None:
        # The widgets are mounted (and hold the saved answer) before their field is.
        self._as_loaded = self.widget_answer()

    def announce(self, value: Answer) -> None:
        """Tell the step that the answer changed."""
        self.post_message(self.Changed(self.prompt.id, value))

    def current(self) -> Answer:
        """The answer to save: the saved one, exactly, while the widgets still hold what
        they held when shown; otherwise the answer as the widgets hold it now."""
        value = self.widget_answer()
        if self.initial is not None and value == self._as_loaded:
            return self.initial
        return value

    def widget_answer(self) -> Answer:
        """The answer as it stands in the widgets now."""
        raise NotImplementedError
