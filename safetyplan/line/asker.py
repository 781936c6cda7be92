"""Asking one question: ? for help, slash commands, numbered choices."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from safetyplan.line import words
from safetyplan.line.io import LineIO

if TYPE_CHECKING:
    from safetyplan.plan.model import Answer

_SPLIT = re.compile(r"[\s,;]+")


class Command(Exception):
    """The person typed a command (``/back``, ``/go 5``...) instead of an answer."""

    def __init__(self, name: str, argument: str = "") -> None:
        """Keep the command's name and what followed it.

        Args:
            name: The command, without its slash, in lower case.
            argument: The rest of the line, such as the step number of ``/go 5``.
        """
        super().__init__(name)
        self.name = name
        self.argument = argument
        self.answer: Answer | None = None
        """What was typed so far into the question the command stopped, to keep it."""


class Asker:
    """Asks questions on a :class:`LineIO`, with help and the commands that work here."""

    def __init__(self, io: LineIO, commands: Sequence[str] = ()) -> None:
        """Ask on ``io``.

        Args:
            io: Where lines are read and written.
            commands: The commands (keys of :data:`words.COMMANDS`) that work here.
        """
        self.io = io
        self.commands = tuple(commands)

    def with_commands(self, *extra: str) -> Asker:
        """The same asker, with more commands."""
        return Asker(self.io, (*self.commands, *extra))

    def say(self, text: str = "") -> None:
        """Write one line (see :meth:`LineIO.say`)."""
        self.io.say(text)

    def line(self, question: str, help: Sequence[str] = (), again: Sequence[str] = ()) -> str:
        """Ask until the answer is not ``?`` or an unknown command.

        Args:
            question: The words before the answer.
            help: What ``?`` says first, before the commands.
            again: Lines said again after the help (such as the numbered options).

        Returns:
            The answer as typed (a leading ``//`` loses one slash).

        Raises:
            Command: A command that works here was typed.
            QuickExit, IdleTimeout: See :meth:`LineIO.ask`.
        """
        while True:
            raw = self.io.ask(question)
            typed = raw.strip()
            if typed == "?":
                self.help(help)
                for line in again:
                    self.say(line)
                continue
            if typed.startswith("//"):
                return raw.lstrip()[1:]
            if typed.startswith("/"):
                name, _, argument = typed[1:].partition(" ")
                name = name.lower()
                if name in self.commands:
                    raise Command(name, argument.strip())
                if name in words.COMMANDS:
                    self.say(words.NO_SUCH_COMMAND.format(command=typed))
                    continue
            return raw

    def secret(self, question: str, help: Sequence[str] = ()) -> str:
        """Ask for a passphrase (not echoed on a terminal); ``?`` says the help.

        Returns:
            The passphrase exactly as typed.
        """
        while True:
            typed = self.io.secret(question)
            if typed.strip() != "?":
                return typed
            self.help([*help, words.NOT_SHOWN, words.EMPTY_GOES_BACK])

    def help(self, lines: Sequence[str] = ()) -> None:
        """Say the help for this question, the commands that work here, and quick exit."""
        for line in lines:
            self.say(line)
        for name in self.commands:
            self.say(words.COMMANDS[name])
        if self.commands:
            self.say(words.TWO_SLASHES)
        self.say(words.QUICK_EXIT)


def numbered(options: Sequence[str]) -> list[str]:
    """The options as lines, ``1. ...``, ``2. ...``."""
    return [f"{number}. {option}" for number, option in enumerate(options, start=1)]


def choose(
    asker: Asker,
    options: Sequence[str],
    *,
    empty: str | None = None,
    note: str | None = None,
    help: Sequence[str] = (),
) -> int | None:
    """Say numbered options and read the number of one.

    Args:
        asker: Where to ask.
        options: The options' words.
        empty: What an empty line does (said after the options), or None when one of
            the options must be picked.
        note: A line said after the options, such as what is chosen now.
        help: What ``?`` says first.

    Returns:
        The index of the option, or None for an empty line (only with ``empty``).
    """
    lines = [*numbered(options), *[line for line in (note, empty) if line]]
    for line in lines:
        asker.say(line)
    while True:
        typed = asker.line(words.NUMBER, help, again=lines)
        typed = typed.strip().rstrip(".")
        if not typed and empty is not None:
            return None
        if typed.isdigit() and 1 <= int(typed) <= len(options):
            return int(typed) - 1
        asker.say(words.BAD_NUMBER.format(top=len(options)))


def choose_many(
    asker: Asker, options: Sequence[str], *, note: str, help: Sequence[str] = ()
) -> list[int] | None:
    """Say numbered options and read the numbers of any of them.

    Args:
        asker: Where to ask.
        options: The options' words.
        note: A line said after the options: what is picked now.
        help: What ``?`` says first.

    Returns:
        The indexes picked, in order, or None for an empty line (keep it as it is).
    """
    lines = [*numbered(options), note, words.KEEP]
    for line in lines:
        asker.say(line)
    while True:
        typed = asker.line(words.NUMBERS, help, again=lines)
        pieces = [piece for piece in _SPLIT.split(typed.strip()) if piece]
        if not pieces:
            return None
        if all(p.isdigit() and 1 <= int(p) <= len(options) for p in pieces):
            return sorted({int(piece) - 1 for piece in pieces})
        asker.say(words.BAD_NUMBERS.format(top=len(options)))


def sentence(text: str) -> str:
    """Text that ends like a sentence, so the next words are read as a new one."""
    text = text.rstrip()
    return text if not text or text[-1] in ".?!:" else text + "."
