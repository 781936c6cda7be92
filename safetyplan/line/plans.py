"""The plans on this computer: list, make (with a new passphrase), open, rename and delete."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from safetyplan.errors import (
    NOT_ENOUGH_MEMORY,
    AgeError,
    DocumentError,
    NewerVersionError,
    PlanError,
    WrongPassphraseError,
)
from safetyplan.line import words
from safetyplan.line.asker import Asker, Command, choose
from safetyplan.safetext import safe_line

if TYPE_CHECKING:
    from safetyplan.guides.content import Guide
    from safetyplan.line.app import LineApp
    from safetyplan.plan.model import Plan
    from safetyplan.plan.session import PlanSession
    from safetyplan.vault.folder import PlanInfo


def list_plans(app: LineApp) -> list[PlanInfo]:
    """The plans in the folder, most recent first; says a problem instead, if any."""
    from safetyplan.vault.folder import PlanStore

    try:
        return PlanStore(app.folder).list()
    except PlanError as error:
        app.io.say(safe_line(str(error)))
    except OSError:
        app.io.say(words.FOLDER_UNREADABLE)
    return []


def new_passphrase(app: LineApp) -> str | None:
    """A new passphrase: a suggested one (typed once to check) or the person's own, twice.

    Returns:
        The passphrase, or None to go back.
    """
    from safetyplan.vault.passphrase import generate

    io = app.io
    while True:
        io.say(words.PICK_PASSPHRASE)
        picked = choose(Asker(io), [words.SUGGEST, words.OWN], empty=words.GO_BACK)
        if picked is None:
            return None
        io.say(words.NOT_SHOWN)
        if picked == 0:
            phrase = generate()
            pieces = phrase.split("-")
            io.say(words.SUGGESTED.format(phrase=phrase))
            io.say(words.SPELLED.format(count=len(pieces), words=", ".join(pieces)))
            io.say(words.WRITE_IT_DOWN)
            io.say(words.CHECK_HOW)
            while True:
                typed = Asker(io).secret(words.CHECK_SUGGESTED, [words.CHECK_HOW])
                if not typed or typed == phrase:
                    break
                io.say(words.NOT_SAME_SUGGESTED)
            if typed == phrase:
                return phrase
            continue
        own = _own_passphrase(app)
        if own is not None:
            return own


def _own_passphrase(app: LineApp) -> str | None:
    """A passphrase the person types twice, with how strong it is; None to go back."""
    from safetyplan.vault.passphrase import acceptable, strength

    io = app.io
    io.say(words.TYPE_NEW_HOW)
    while True:
        typed = Asker(io).secret(words.TYPE_NEW, [words.TYPE_NEW_HOW, words.LOST_WARNING])
        if not typed:
            return None
        reason = acceptable(typed)
        if reason is not None:
            io.say(reason)
            continue
        judged = strength(typed)
        io.say(words.STRENGTH.format(words=judged.words))
        if judged.level < 3:
            io.say(words.STRONGER)
        again = Asker(io).secret(words.TYPE_AGAIN)
        if again == typed:
            return typed
        if not again:
            return None
        io.say(words.NOT_SAME)


def create_plan(app: LineApp, plan: Plan | None = None) -> PlanSession | None:
    """Make a new plan: a neutral name, a passphrase, an honest warning.

    Args:
        app: The app.
        plan: What was filled in without saving, to keep in the new plan.

    Returns:
        The new plan, open; or None when the person went back or it failed.
    """
    from safetyplan.plan.session import PlanSession
    from safetyplan.vault.folder import PlanStore

    guides = app.guides()
    if guides is None:
        return None
    io = app.io
    store = PlanStore(app.folder)
    io.say(words.NEW_PLAN_TITLE)
    suggestion = store.suggest_name()
    while True:
        try:
            typed = Asker(io, ("back",)).line(words.NAME_HOW.format(suggestion=suggestion))
        except Command:
            return None
        name = typed.strip() or suggestion
        try:
            name = store.validate_name(name)
            if store.exists(name):
                io.say(words.TAKEN.format(name=safe_line(name)))
                continue
        except PlanError as error:
            io.say(safe_line(str(error)))
            continue
        break
    io.say(words.LOST_WARNING)
    passphrase = new_passphrase(app)
    if passphrase is None:
        return None
    io.say(words.MAKING)
    try:
        session = io.wait_for(
            PlanSession.create,
            app.folder,
            name,
            passphrase,
            guides,
            work_factor=app.work_factor,
            plan=plan,
        )
    except PlanError as error:
        io.say(safe_line(str(error)))
        return None
    except MemoryError:
        io.say(NOT_ENOUGH_MEMORY)
        return None
    io.say(words.MADE.format(name=safe_line(name)))
    return session


def unlock_plan(app: LineApp, name: str) -> PlanSession | None:
    """Ask for a plan's passphrase and open it (or its earlier copy, if it is damaged).

    Returns:
        The open plan, or None when the person went back or it cannot be opened.
    """
    from safetyplan.plan.session import PlanSession

    guides = app.guides()
    if guides is None:
        return None
    io = app.io
    io.say(words.OPEN_TITLE.format(name=safe_line(name)))
    io.say(words.TYPE_PASSPHRASE)
    while True:
        passphrase = Asker(io).secret(words.PASSPHRASE, [words.TYPE_PASSPHRASE])
        if not passphrase:
            return None
        io.say(words.UNLOCKING)
        try:
            return io.wait_for(
                PlanSession.open,
                app.folder,
                name,
                passphrase,
                guides,
                max_work_factor=app.max_work_factor,
            )
        except WrongPassphraseError:
            io.say(words.WRONG)
        except (AgeError, DocumentError) as error:
            io.say(safe_line(str(error)))
            if isinstance(error, NewerVersionError) or not _backup_exists(app, name):
                return None
            return _open_earlier(app, name, passphrase, guides)
        except PlanError as error:
            io.say(safe_line(str(error)))
            return None
        except MemoryError:
            io.say(NOT_ENOUGH_MEMORY)
            return None


def _backup_exists(app: LineApp, name: str) -> bool:
    from safetyplan.vault.folder import PlanStore

    return PlanStore(app.folder).backup_path(name).exists()


def _open_earlier(
    app: LineApp, name: str, passphrase: str, guides: tuple[Guide, ...]
) -> PlanSession | None:
    """Offer the earlier copy of a damaged plan, and open it if the person wants."""
    from safetyplan.plan.session import PlanSession
    from safetyplan.plan.storage import open_backup
    from safetyplan.vault.folder import PlanStore

    io = app.io
    io.say(words.DAMAGED)
    if choose(Asker(io), [words.OPEN_EARLIER, words.NOT_NOW]) != 0:
        return None
    io.say(words.OPENING_EARLIER)
    try:
        opened = io.wait_for(
            open_backup,
            PlanStore(app.folder),
            name,
            passphrase,
            max_work_factor=app.max_work_factor,
        )
    except PlanError as error:
        io.say(safe_line(str(error)))
        return None
    return PlanSession(guides, opened)


def _pick_plan(app: LineApp, names: Sequence[str]) -> str | None:
    app.io.say(words.WHICH_PLAN)
    picked = choose(Asker(app.io), [safe_line(n) for n in names], empty=words.GO_BACK)
    return None if picked is None else names[picked]


def rename_plan(app: LineApp, names: Sequence[str]) -> None:
    """Give a plan another name."""
    from safetyplan.vault.folder import PlanStore

    old = _pick_plan(app, names)
    if old is None:
        return
    new = Asker(app.io).line(words.NEW_NAME.format(name=safe_line(old))).strip()
    if not new or new == old:
        return
    try:
        PlanStore(app.folder).rename(old, new)
    except PlanError as error:
        app.io.say(safe_line(str(error)))
        return
    app.io.say(words.RENAMED.format(name=safe_line(new)))


def delete_plan(app: LineApp, names: Sequence[str]) -> None:
    """Delete a plan and its earlier copy, once its name is typed."""
    from safetyplan.vault.folder import PlanStore

    name = _pick_plan(app, names)
    if name is None:
        return
    app.io.say(words.DELETE_WARNING)
    typed = Asker(app.io).line(
        words.DELETE_CONFIRM.format(name=safe_line(name)), [words.DELETE_WARNING]
    )
    if not typed.strip():
        return
    if typed.strip() != name:
        app.io.say(words.NOT_DELETED)
        return
    try:
        PlanStore(app.folder).delete(name)
    except PlanError as error:
        app.io.say(safe_line(str(error)))
        return
    app.io.say(words.DELETED)
