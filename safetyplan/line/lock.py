"""Lock and unlock, a new passphrase, and what to do with changes that cannot be saved."""

from __future__ import annotations

from typing import TYPE_CHECKING

from safetyplan.errors import (
    NOT_ENOUGH_MEMORY,
    PlanChangedError,
    PlanError,
    WrongPassphraseError,
)
from safetyplan.line import words
from safetyplan.line.asker import Asker, choose
from safetyplan.line.plans import create_plan, new_passphrase
from safetyplan.safetext import safe_line
from safetyplan.vault.folder import PlanStore

if TYPE_CHECKING:
    from safetyplan.line.app import LineApp
    from safetyplan.plan.session import PlanSession


def lock_and_unlock(app: LineApp, session: PlanSession, *, idle: bool) -> bool:
    """Save, forget the key, and wait for the passphrase. Nothing of the plan is said.

    If the plan cannot be saved (a full disk, a removed USB stick), it is not thrown
    away: it stays in memory behind the lock, and the passphrase brings it back.

    Returns:
        True when unlocked; False when the person closed the plan instead.
    """
    from safetyplan.plan.session import PlanSession

    io = app.io
    name = session.name or ""
    try:
        session.save()
        held = None
    except PlanError:
        held = session  # kept in memory; quick exit tries to save it again
    if held is None:
        session.close()
        app.session = None
    io.push_off_screen()
    io.say(words.LOCKED_IDLE if idle else words.LOCKED)
    io.say(words.LOCKED_HOW)
    idle_after, io.idle_after = io.idle_after, None
    try:
        while True:
            passphrase = Asker(io).secret(words.PASSPHRASE, [words.LOCKED_HOW])
            if not passphrase:
                if held is not None:
                    io.say(words.HELD)
                    continue
                io.say(words.CLOSED)
                return False
            io.say(words.UNLOCKING)
            try:
                if held is not None:
                    if not io.wait_for(held.check_passphrase, passphrase):
                        io.say(words.WRONG_AT_LOCK)
                        continue
                    app.save_change(None)
                else:
                    guides = app.guides() or ()
                    app.session = io.wait_for(
                        PlanSession.open,
                        app.folder,
                        name,
                        passphrase,
                        guides,
                        max_work_factor=app.max_work_factor,
                    )
            except WrongPassphraseError:
                io.say(words.WRONG_AT_LOCK)
                continue
            except PlanError as error:
                io.say(safe_line(str(error)))
                continue
            except MemoryError:
                io.say(NOT_ENOUGH_MEMORY)
                continue
            io.say(words.UNLOCKED)
            return True
    finally:
        io.idle_after = idle_after


def cover(app: LineApp) -> bool:
    """Trying it out there is no key to lock: push the words out of sight until Enter.

    Returns:
        True (what was being tried out is still there).
    """
    io = app.io
    io.push_off_screen()
    io.say(words.COVERED)
    idle_after, io.idle_after = io.idle_after, None
    try:
        Asker(io).line(words.UNCOVER)
    finally:
        io.idle_after = idle_after
    return True


def change_passphrase(app: LineApp) -> None:
    """Check the passphrase used now, then lock the plan with a new one."""
    session = app.open_session
    io = app.io
    io.say(words.CHANGE_TITLE)
    io.say(words.CURRENT_FIRST)
    while True:
        current = Asker(io).secret(words.PASSPHRASE, [words.CURRENT_FIRST])
        if not current:
            io.say(words.NOT_CHANGED)
            return
        io.say(words.CHECKING)
        if io.wait_for(session.check_passphrase, current):
            break
        io.say(words.WRONG)
    new = new_passphrase(app)
    if new is None:
        io.say(words.NOT_CHANGED)
        return
    io.say(words.CHANGING)
    try:
        io.wait_for(
            session.change_passphrase, new, work_factor=app.work_factor, old_passphrase=current
        )
    except PlanChangedError:
        changed_elsewhere(app)
        return
    except PlanError as error:
        io.say(safe_line(str(error)))
        io.say(words.NOT_CHANGED)
        return
    io.say(words.CHANGED)


def finish_trying(app: LineApp) -> None:
    """Nothing was saved: save it as a new plan, look at it, forget it, or stay."""
    from safetyplan.line.review import review

    session = app.open_session
    app.io.say(words.NOTHING_SAVED)
    options = [words.SAVE_AS_NEW, words.PRINT_VIEW, words.FORGET, words.STAY]
    picked = choose(Asker(app.io, ("lock",)), options)
    if picked == 0:
        made = create_plan(app, plan=session.plan)
        if made is not None:
            app.session = made
    elif picked == 1:
        review(app)
    elif picked == 2:
        app.session = None
        app.io.push_off_screen()
        app.io.say(words.FORGOTTEN)


def changed_elsewhere(app: LineApp) -> None:
    """The plan changed on disk while open: save the changes anew, drop them, or wait."""
    session = app.open_session
    app.io.say(words.CHANGED_ELSEWHERE)
    can_reopen = session.name is not None and PlanStore(app.folder).path(session.name).exists()
    options = [words.NEW_PLAN_WITH_CHANGES, words.THROW_AWAY, words.LATER]
    if can_reopen:
        options.insert(0, words.REOPEN_WITH_CHANGES)
    picked = choose(Asker(app.io, ("lock",)), options)
    if can_reopen and picked is not None:
        if picked == 0:
            _reopen(app, session)
            return
        picked -= 1
    if picked == 0:
        made = create_plan(app, plan=session.plan)
        if made is not None:
            session.close()
            app.session = made
    elif picked == 1:
        session.close()
        app.session = None
        app.io.push_off_screen()
        app.io.say(words.THROWN_AWAY)


def _reopen(app: LineApp, session: PlanSession) -> None:
    """Open the plan again with its passphrase now, and add the changes made here."""
    passphrase = Asker(app.io, ("lock",)).secret(words.PASSPHRASE_NOW)
    try:
        again = session.reopen(passphrase)
    except PlanError as error:
        app.io.say(safe_line(str(error)))
        app.io.say(words.NOT_REOPENED)
        return
    session.close()
    app.session = again
    again.save()
    app.io.say(words.REOPENED)
