"""The ordering guard and the list of a guide's steps, as plain lines."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from safetyplan.guides.content import Guide, Step
from safetyplan.line import words
from safetyplan.line.asker import Asker, Command, choose
from safetyplan.line.io import LineIO
from safetyplan.plan.model import GuardChoice, Plan
from safetyplan.safetext import safe_line, safe_text

if TYPE_CHECKING:
    from safetyplan.plan.session import GuardQuestion


class GoHome(Exception):
    """Leave the guide for the plan's home (``/home``)."""


class HomeOrLock(Asker):
    """An asker where ``/home`` leaves the guide and ``/lock`` locks."""

    def __init__(self, io: LineIO) -> None:
        """Ask on ``io``, with the two commands."""
        super().__init__(io, ("home", "lock"))

    def line(self, question: str, help: Sequence[str] = (), again: Sequence[str] = ()) -> str:
        """As :meth:`Asker.line`, but ``/home`` raises :class:`GoHome`."""
        try:
            return super().line(question, help, again)
        except Command as command:
            if command.name == "home":
                raise GoHome() from None
            raise


def ask_guard(io: LineIO, question: GuardQuestion) -> Step | GuardChoice | None:
    """Say what could be lost by doing a step first, and offer the three ways on.

    Args:
        io: Where to ask.
        question: What the plan session's guard asks.

    Returns:
        The earlier step to go to instead, the person's informed choice to go on, or
        None to step back (an empty line).

    Raises:
        GoHome: ``/home`` was typed.
        Command: ``/lock`` was typed.
    """
    first = question.waiting_on[0]
    io.say(words.BEFORE_YOU_GO_ON)
    io.say(safe_text(question.message))
    names = ", ".join(f'"{safe_line(step.title)}"' for step in question.waiting_on)
    io.say(words.BEST_AFTER.format(names=names))
    options = [
        words.GO_TO_FIRST.format(title=safe_line(first.title)),
        words.SAVED_ANOTHER_WAY,
        words.CONTINUE_ANYWAY,
    ]
    picked = choose(HomeOrLock(io), options, empty=words.STEP_BACK, help=[words.GUARD_HELP])
    if picked is None:
        return None
    if picked == 0:
        return first
    return GuardChoice.SAVED_ANOTHER_WAY if picked == 1 else GuardChoice.CONTINUED_ANYWAY


def pick_step(io: LineIO, guide: Guide, plan: Plan, index: int) -> int | None:
    """Say every step of a guide with its status, and read the number of one.

    Args:
        io: Where to ask.
        guide: The guide.
        plan: The plan, for each step's status.
        index: The step the person is on (said as "You are here").

    Returns:
        The index of the step picked, or None to stay (an empty line).

    Raises:
        GoHome: ``/home`` was typed.
        Command: ``/lock`` was typed.
    """
    io.say(words.ALL_STEPS.format(guide=safe_line(guide.title)))
    total = len(guide.steps)
    for number, step in enumerate(guide.steps, start=1):
        status = plan.status(guide.id, step.id)
        io.say(
            words.STEP_ENTRY.format(
                number=number,
                title=safe_line(step.title),
                status=status.label if status else words.NO_STATUS,
                here=words.HERE if number == index + 1 else "",
            )
        )
    asker = HomeOrLock(io)
    while True:
        typed = asker.line(words.PICK_STEP).strip()
        if not typed:
            return None
        if typed.isdigit() and 1 <= int(typed) <= total:
            return int(typed) - 1
        io.say(words.NO_STEP.format(number=safe_line(typed), total=total))
