"""The base of every prompt widget: a label, optional help, and a Changed message."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from safetyplan.content import Prompt
from safetyplan.model import Answer


class PromptField(Vertical):
    """One prompt of a step. Subclasses add the input widgets and post ``Changed``."""

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

    def compose_label(self) -> ComposeResult:
        """The label and help lines shared by every kind."""
        yield Static(self.prompt.label, classes="prompt-label", markup=False)
        if self.prompt.help:
            yield Static(self.prompt.help, classes="prompt-help", markup=False)

    def announce(self, value: Answer) -> None:
        """Tell the step that the answer changed."""
        self.post_message(self.Changed(self.prompt.id, value))

    def current(self) -> Answer:
        """The answer as it stands in the widgets now."""
        raise NotImplementedError
