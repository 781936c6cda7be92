"""The whole plan read out, grouped by status, and a copy written to a file on request."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from safetyplan.errors import PlanError
from safetyplan.line import words
from safetyplan.line.asker import Asker, Command, choose, sentence
from safetyplan.plan.export import ReviewItem, leftover_items, render_text, review_groups
from safetyplan.safetext import safe_line, safe_text

if TYPE_CHECKING:
    from safetyplan.line.app import LineApp
    from safetyplan.line.io import LineIO


def review(app: LineApp) -> None:
    """Say each guide's steps, grouped as done, next, not now, with every answer."""
    session = app.open_session
    plan, guides = session.plan, session.guides
    io = app.io
    io.say(words.REVIEW_TITLE)
    for guide in guides:
        io.say(sentence(safe_line(guide.title)))
        for group, items in review_groups(guide, plan):
            steps = "step" if len(items) == 1 else "steps"
            io.say(words.GROUP.format(group=group, count=len(items), steps=steps))
            for item in items:
                _item(io, item)
    leftovers = leftover_items(guides, plan)
    if leftovers:
        io.say(words.OTHER_ANSWERS)
        io.say(words.OTHER_ANSWERS_WHY)
        for item in leftovers:
            _item(io, item)
    io.say(words.END_OF_REVIEW)
    io.say(words.AFTER_REVIEW)
    asker = Asker(io, ("lock",))
    if choose(asker, [words.SAVE_COPY, words.BACK_TO_PLAN], empty=words.GO_BACK) == 0:
        save_copy(app, render_text(plan, guides))


def _item(io: LineIO, item: ReviewItem) -> None:
    """A step's title and status, then each question and answer."""
    status = item.status.label if item.status else words.NO_STATUS
    io.say(words.REVIEW_STEP.format(title=safe_line(item.title), status=status))
    for label, text in item.lines:
        io.say("  " + sentence(safe_line(label)))
        for line in safe_text(text).split("\n"):
            io.say("    " + line)


def save_copy(app: LineApp, text: str) -> None:
    """Ask where to write an unlocked copy, with a plain warning, and write it.

    Args:
        app: The app.
        text: The plan as plain text (control characters already shown as escapes).
    """
    from safetyplan.plan.export import write_new_file

    io = app.io
    io.say(words.EXPORT_WARNING)
    default = str(Path.home() / "notes.txt")
    while True:
        try:
            typed = Asker(io, ("back",)).line(words.WHERE_FILE.format(default=default))
        except Command:
            return
        value = typed.strip() or default
        try:
            path = Path(value).expanduser()
            parent = path.parent.resolve()  # a NUL character or an unknown ~user is caught here
        except (RuntimeError, ValueError, OSError):
            io.say(words.NOT_A_PLACE)
            continue
        if _same_folder(parent, app.folder):
            io.say(words.NOT_IN_PLANS)
            continue
        try:
            write_new_file(path, safe_text(text))
        except PlanError as error:
            io.say(safe_line(str(error)))
            continue
        io.say(words.WRITTEN.format(path=safe_line(str(path))))
        return


def _same_folder(folder: Path, plans: Path) -> bool:
    """True when two paths name the same folder (links followed)."""
    try:
        return folder == plans.resolve() or folder.samefile(plans)
    except (OSError, RuntimeError):
        return False
