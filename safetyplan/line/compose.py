"""The message builder as plain lines: fill in the parts, put the message together, edit it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from safetyplan.guides.content import Part, Prompt, PromptKind
from safetyplan.line import words
from safetyplan.line.asker import Asker, choose
from safetyplan.line.io import Interrupted
from safetyplan.line.prompts import HOW, ask_checklist, ask_choice, ask_lines, ask_text
from safetyplan.plan.compose import compose_message
from safetyplan.plan.model import Answer
from safetyplan.safetext import safe_line, safe_text

PartValue = str | list[str]


def _saved_compose(current: object) -> tuple[dict[str, PartValue], str]:
    if not isinstance(current, dict):
        return {}, ""
    parts, text = current.get("parts"), current.get("text")
    values: dict[str, PartValue] = {}
    if isinstance(parts, dict):
        for key, value in parts.items():
            if isinstance(value, str) or (
                isinstance(value, list) and all(isinstance(v, str) for v in value)
            ):
                values[str(key)] = value
    return values, text if isinstance(text, str) else ""


def ask_part(asker: Asker, part: Part, current: object) -> PartValue | None:
    """One part of a message: a line, several lines, or options.

    Args:
        asker: Where to ask.
        part: The part from the guide.
        current: What the part holds now, or None.

    Returns:
        The part's new value, or None to keep it.
    """
    help = [HOW[part.kind]]
    if part.kind is PromptKind.CHOICE:
        return ask_choice(asker, part.options, current, help)
    if part.kind is PromptKind.CHECKLIST:
        return ask_checklist(asker, part.options, current, help)
    if part.kind is PromptKind.LONGTEXT:
        shown = current if isinstance(current, str) else ""
        typed = ask_lines(asker, shown, help, lambda lines: "\n".join(lines))
        return typed if isinstance(typed, str) else None
    return ask_text(asker, current, help)


def ask_compose(
    asker: Asker, prompt: Prompt, current: object, help: Sequence[str]
) -> Answer | None:
    """Fill in the parts, put the message together, then keep it or write it anew.

    When a part changes and the person had written the message in their own words,
    they are asked before their words are replaced.

    Args:
        asker: Where to ask.
        prompt: The compose prompt.
        current: The saved answer, ``{"parts": {part_id: value}, "text": message}``.
        help: What ``?`` says first.

    Returns:
        The new answer in that shape, or None when nothing changed.

    Raises:
        Interrupted: Leaving or locking; ``answer`` holds the parts filled in so far.
    """
    saved_parts, saved_text = _saved_compose(current)
    values = dict(saved_parts)
    asker.say(words.COMPOSE_HOW)
    total = len(prompt.parts)
    asking: Part | None = None
    try:
        for number, part in enumerate(prompt.parts, start=1):
            label = safe_line(part.label)
            asker.say(words.PART.format(number=number, total=total, label=label))
            if part.example:
                asker.say(words.EXAMPLE.format(example=safe_text(part.example)))
            asking = part
            value = ask_part(asker, part, values.get(part.id))
            asking = None
            if value is not None:
                values[part.id] = value
        text = _message(asker, prompt, saved_parts, values, saved_text)
    except Interrupted as stop:
        if asking is not None and isinstance(stop.answer, str):
            values[asking.id] = stop.answer  # a line typed into a part, unfinished
        stop.answer = {"parts": dict(values), "text": saved_text}
        raise
    answer: dict[str, object] = {"parts": dict(values), "text": text}
    return answer if (values, text) != (saved_parts, saved_text) else None


def _message(
    asker: Asker,
    prompt: Prompt,
    saved_parts: Mapping[str, PartValue],
    values: Mapping[str, PartValue],
    saved_text: str,
) -> str:
    """The message: put together again when the parts changed, then kept or rewritten."""
    text = saved_text
    built = compose_message(prompt, values)
    own_words = bool(saved_text.strip()) and saved_text != compose_message(prompt, saved_parts)
    if not saved_text.strip() or (values != saved_parts and not own_words):
        text = built
    elif values != saved_parts and built != saved_text:
        asker.say(words.REPLACE_OWN)
        if choose(asker, [words.MESSAGE_REBUILD, words.MESSAGE_KEEP], empty=words.KEEP) == 0:
            text = built
    while True:
        asker.say(words.MESSAGE_IS if text.strip() else words.MESSAGE_EMPTY)
        for line in safe_text(text).strip("\n").split("\n") if text.strip() else []:
            asker.say("  " + line)
        asker.say(words.MESSAGE_CHOICE)
        picked = choose(asker, [words.MESSAGE_KEEP, words.MESSAGE_OWN], empty=words.KEEP)
        if picked != 1:
            return text
        typed = ask_lines(asker, "", [words.SEVERAL_LINES], lambda lines: "\n".join(lines))
        if isinstance(typed, str):
            text = typed
