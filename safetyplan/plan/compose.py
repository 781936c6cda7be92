"""Put a message together from the parts of a compose prompt. Pure text, no I/O."""

from __future__ import annotations

import re
from collections.abc import Mapping

from safetyplan.guides.content import Part, Prompt, PromptKind

_PLACEHOLDER = re.compile(r"\{([a-z0-9]+(?:-[a-z0-9]+)*)\}")


def part_text(part: Part, value: str | list[str] | None) -> str:
    """The words a part adds to the message.

    Args:
        part: The part from the guide.
        value: What the person entered: text, a chosen option id, or ticked option ids.

    Returns:
        Text for a text part as typed; for options, each chosen option's sentence
        (its ``text``, or its label when it has none), one after another.
    """
    if value is None:
        return ""
    if part.kind in (PromptKind.CHOICE, PromptKind.CHECKLIST):
        chosen = {value} if isinstance(value, str) else set(value)
        sentences = [o.text or o.label for o in part.options if o.id in chosen]
        return " ".join(sentences)
    return value if isinstance(value, str) else ""


def compose_message(prompt: Prompt, values: Mapping[str, str | list[str]]) -> str:
    """Fill the prompt's template with the parts' words.

    Args:
        prompt: A compose prompt.
        values: The person's answer for each part, by part id.

    Returns:
        The message, with exactly what the person typed in place of each part.
    """
    parts = {part.id: part for part in prompt.parts}

    def fill(match: re.Match[str]) -> str:
        part = parts.get(match.group(1))
        if part is None:
            return match.group(0)
        return part_text(part, values.get(part.id))

    return _PLACEHOLDER.sub(fill, prompt.template)
