"""A plan's home: its parts with their progress, and everything that can be done with it."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING

from safetyplan.line import lock, words
from safetyplan.line.asker import Asker, Command, choose
from safetyplan.safetext import safe_line

if TYPE_CHECKING:
    from safetyplan.line.app import LineApp


def home_once(app: LineApp) -> None:
    """Say the plan's home, read what the person picks, and do it.

    Raises:
        Command: ``/lock`` was typed, or Lock was picked.
    """
    from safetyplan.line.review import review
    from safetyplan.line.walk import StepWalk
    from safetyplan.plan.progress import first_open_step, progress, resume_point
    from safetyplan.plan.session import SaveState

    session = app.open_session
    state = session.save_state
    trying = state is SaveState.NOT_SAVING
    if trying:
        app.io.say(words.TRYING)
    else:
        app.io.say(words.HOME_TITLE.format(name=safe_line(session.name or "")))
        app.io.say(words.STATE_WORDS[state.value])
    app.io.say(words.HOME_HINT)
    plan = session.plan
    entries: list[tuple[str, Callable[[], None]]] = []
    for guide in session.guides:
        done = progress(guide, plan)
        text = words.GUIDE_ENTRY.format(
            title=safe_line(guide.title),
            marked=done.marked,
            total=done.total,
            done=done.done,
            summary=safe_line(guide.summary),
        )
        step_id = first_open_step(guide, plan).id
        entries.append((text, functools.partial(StepWalk(app, guide).run, step_id)))
    point = resume_point(session.guides, plan)
    if point is not None and plan.current_step:
        guide, step = point
        where = words.CONTINUE.format(
            guide=safe_line(guide.title),
            number=guide.index(step.id) + 1,
            title=safe_line(step.title),
        )
        entries.append((where, functools.partial(continue_plan, app)))
    entries.append((words.REVIEW, functools.partial(review, app)))
    if not trying:
        entries.append((words.CHANGE_PASSPHRASE, functools.partial(lock.change_passphrase, app)))
    entries.append((words.LOCK, _lock))
    entries.append((words.FINISH if trying else words.CLOSE_PLAN, app.close))
    asker = Asker(app.io, ("lock",))
    picked = choose(asker, [e[0] for e in entries], help=[words.HOME_HELP, words.LIMITS])
    assert picked is not None
    entries[picked][1]()


def continue_plan(app: LineApp) -> None:
    """Walk on from the step where the person last was."""
    from safetyplan.line.walk import StepWalk
    from safetyplan.plan.progress import resume_point

    session = app.open_session
    point = resume_point(session.guides, session.plan)
    if point is not None:
        StepWalk(app, point[0]).run(point[1].id)


def _lock() -> None:
    raise Command("lock")
