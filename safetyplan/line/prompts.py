"""One function per kind of question: say what is there now, read the new answer.

Each returns the new answer, or None when the person keeps what is there (an empty
line). What a person types is made safe as the full-screen app's text boxes make it:
control and bidi characters become visible escapes such as ``\\x1b``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from safetyplan.guides.content import Option, Prompt, PromptKind
from safetyplan.line import words
from safetyplan.line.asker import Asker, Command, choose, choose_many, sentence
from safetyplan.line.io import Interrupted
from safetyplan.plan.export import answer_text
from safetyplan.plan.model import Answer
from safetyplan.safetext import safe_line, safe_text

HOW = {
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
    help = [HOW[kind], *([safe_text(prompt.help)] if prompt.help else [])]
    if kind is PromptKind.CHOICE:
        return ask_choice(asker, prompt.options, current, help)
    if kind is PromptKind.CHECKLIST:
        return ask_checklist(asker, prompt.options, current, help)
    if kind in (PromptKind.TEXT, PromptKind.DATE):
        return ask_text(asker, current, help, date_only=kind is PromptKind.DATE)
    if kind is PromptKind.COMPOSE:
        from safetyplan.line.compose import ask_compose

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
    """Pick one option.

    Args:
        asker: Where to ask.
        options: The options of the prompt or part.
        current: The saved answer (an option id), or None.
        help: What ``?`` says first.

    Returns:
        The id of the option picked, or None to keep the saved answer.
    """
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
    """Pick any number of options; the numbers typed replace what is ticked.

    Args:
        asker: Where to ask.
        options: The options of the prompt or part.
        current: The saved answer (option ids), or None.
        help: What ``?`` says first.

    Returns:
        The ids of the options picked, in the guide's order, or None to keep them.
    """
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
    """One line of text, or a date written as YYYY-MM-DD.

    Args:
        asker: Where to ask.
        current: The saved answer, or None.
        help: What ``?`` says first.
        date_only: Take only a real date (asked again until it is one).

    Returns:
        The text as typed (controls made visible), or None to keep the saved one.

    Raises:
        Interrupted: Leaving or locking; ``answer`` holds an unfinished line.
    """
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
    """The answer saved for lines typed.

    Args:
        kind: LONGTEXT (the lines joined), LIST (one item per line that is not empty) or
            CONTACTS (``name: how`` on each line).
        lines: The lines as typed.

    Returns:
        The answer, as the full-screen app saves it for the same text.
    """
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
