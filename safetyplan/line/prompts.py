"""One function per kind of question: say what is there now, read the new answer.

Each returns the new answer, or None when the person keeps what is there (an empty
line). What a person types is made safe as the full-screen app's text boxes make it:
control and bidi characters become visible escapes such as ``\\x1b``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date

from safetyplan.guides.content import Option, Part, Prompt, PromptKind
from safetyplan.line import words
from safetyplan.line.asker import Asker, Command, choose, choose_many, sentence
from safetyplan.line.io import Interrupted
from safetyplan.plan.compose import compose_message
from safetyplan.plan.export import answer_text
from safetyplan.plan.model import Answer
from safetyplan.safetext import safe_line, safe_text

PartValue = str | list[str]

_HOW = {
    PromptKind.CHOICE: words.CHOICE_HOW,
    PromptKind.CHECKLIST: words.CHECKLIST_HOW,
    PromptKind.TEXT: words.TEXT_HOW,
    PromptKind.DATE: words.DATE_HOW,
    PromptKind.LONGTEXT: words.SEVERAL_LINES,
    PromptKind.LIST: words.LIST_HOW + " " + words.SEVERAL_LINES,
    PromptKind.CONTACTS: words.CONTACTS_HOW + " " + words.SEVERAL_LINES,
    PromptKind.COMPOSE: words.COMPOSE_HOW,
}
"""How to answer each kind, said by ``?``."""


def ask_prompt(asker: Asker, prompt: Prompt, current: Answer | None) -> Answer | None:
    """Ask one question of a step, of any kind.

    Args:
        asker: Where to ask (with the step's commands).
        prompt: The question from the guide.
        current: The saved answer, or None.

    Returns:
        The new answer, or None to keep the saved one.

    Raises:
        Interrupted: Leaving or locking; its ``answer`` holds what was typed so far.
    """
    kind = prompt.kind
    help = [_HOW[kind], *([safe_text(prompt.help)] if prompt.help else [])]
    if kind is PromptKind.CHOICE:
        return ask_choice(asker, prompt.options, current, help)
    if kind is PromptKind.CHECKLIST:
        return ask_checklist(asker, prompt.options, current, help)
    if kind in (PromptKind.TEXT, PromptKind.DATE):
        return ask_text(asker, current, help, date_only=kind is PromptKind.DATE)
    if kind is PromptKind.COMPOSE:
        return ask_compose(asker, prompt, current, help)
    shown = answer_text(kind, current, prompt) if current is not None else ""
    return ask_lines(asker, shown, help, lambda lines: lines_to_answer(kind, lines))


def option_words(option: Option) -> str:
    """An option as said in a list: its label, then its detail."""
    label = safe_line(option.label)
    return f"{sentence(label)} {safe_text(option.detail)}" if option.detail else label


def ask_choice(
    asker: Asker, options: Sequence[Option], current: object, help: Sequence[str]
) -> str | None:
    """Pick one option. The answer is the option's id."""
    chosen = current if isinstance(current, str) else ""
    label = next((o.label for o in options if o.id == chosen), chosen)
    note = words.CHOSEN.format(label=safe_line(label)) if chosen else words.NOTHING_YET
    asker.say(words.CHOICE_HOW)
    picked = choose(
        asker, [option_words(o) for o in options], empty=words.KEEP, note=note, help=help
    )
    return None if picked is None else options[picked].id


def ask_checklist(
    asker: Asker, options: Sequence[Option], current: object, help: Sequence[str]
) -> list[str] | None:
    """Pick any number of options. The answer is the ids of the ones picked."""
    ticked = set(current) if isinstance(current, list) else set()
    labels = [safe_line(o.label) for o in options if o.id in ticked]
    note = words.TICKED.format(labels="; ".join(labels)) if labels else words.NOTHING_YET
    asker.say(words.CHECKLIST_HOW)
    picked = choose_many(asker, [option_words(o) for o in options], note=note, help=help)
    return None if picked is None else [options[index].id for index in picked]


def is_date(text: str) -> bool:
    """True for a real date written as YYYY-MM-DD."""
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def ask_text(
    asker: Asker, current: object, help: Sequence[str], *, date_only: bool = False
) -> str | None:
    """One line of text, or a date. The answer is the text as typed."""
    saved = current if isinstance(current, str) else ""
    if saved:
        asker.say(words.NOW.format(answer=safe_line(saved)))
    if date_only:
        asker.say(words.DATE_HOW)
    question = words.TEXT_CHANGE if saved else words.TEXT_NEW
    while True:
        try:
            typed = asker.line(question, help)
        except Interrupted as stop:
            partial = stop.typed.strip() if date_only else stop.typed
            if partial.strip() and (not date_only or is_date(partial)):
                stop.answer = safe_line(partial)
            raise
        if not typed.strip():
            return None
        if not date_only:
            return safe_line(typed)
        if is_date(typed.strip()):
            return typed.strip()
        asker.say(words.BAD_DATE)


def ask_lines(
    asker: Asker, shown: str, help: Sequence[str], convert: Callable[[list[str]], Answer]
) -> Answer | None:
    """Several lines, ended by a line with only a dot.

    Args:
        asker: Where to ask.
        shown: The saved answer as text (lines), to say first.
        help: What ``?`` says first.
        convert: Makes the answer from the lines typed.

    Returns:
        The new answer, or None when the first line is empty (keep it as it is).
    """
    if shown:
        asker.say(words.NOW_LINES)
        for line in safe_text(shown).split("\n"):
            asker.say("  " + line)
    asker.say(help[0])
    lines: list[str] = []
    while True:
        if lines:
            question = words.NEXT_LINE
        else:
            question = words.FIRST_LINE_CHANGE if shown else words.FIRST_LINE_NEW
        try:
            typed = asker.line(question, help)
        except (Interrupted, Command) as stop:
            if isinstance(stop, Interrupted) and stop.typed:
                lines.append(safe_text(stop.typed))
            if any(line.strip() for line in lines):  # keep what was typed before it
                stop.answer = convert(lines)
            raise
        if not lines and not typed.strip():
            return None
        if typed.strip() == ".":
            return convert(lines)
        lines.append(safe_text(typed))


def lines_to_answer(kind: PromptKind, lines: list[str]) -> Answer:
    """The answer saved for lines typed: long text, a list, or contacts (``name: how``)."""
    if kind is PromptKind.LIST:
        return [line for line in lines if line.strip()]
    if kind is PromptKind.CONTACTS:
        contacts: list[dict[str, str]] = []
        for line in lines:
            if line.strip():
                name, _, how = line.partition(":")
                contacts.append({"name": name.strip(), "how": how.strip()})
        return contacts
    return "\n".join(lines)


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
    """One part of a message: a line, several lines, or options."""
    help = [_HOW[part.kind]]
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

    The answer is ``{"parts": {part_id: value}, "text": message}``.
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
