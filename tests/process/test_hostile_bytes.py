"""Hostile text in a plan never reaches a real terminal as the bytes a terminal acts on.

The plan holds, in its answers, notes, contacts, list, message and unknown ids, the
sequences that set the window title (``ESC ] 0 ; ... BEL``), clear the screen
(``ESC [ 2 J``), the bidi override ``U+202E`` and the C1 control ``U+009B``. The real app
runs in a pseudo-terminal (see ``test_leaks``); everything it writes while the plan, a
step and the review are on screen is searched for those sequences. The app's own escape
sequences are allowed; the plan's are looked for by what stands around them.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from safetyplan.plan.document import new_document, update_document
from safetyplan.plan.model import Plan
from safetyplan.plan.storage import create_plan, open_plan
from safetyplan.vault.folder import PlanStore
from tests.process.pty_app import visible_text
from tests.process.test_leaks import CTRL_Q, ENTER, NO_AUTOSAVE, TAB, Folders, Session, running

pytestmark = pytest.mark.slow

HOSTILE = "\x1b]0;TITLE\x07\x1b[2J\u202e\x9b"
"""Sets the window title, clears the screen, reverses what follows, and a C1 CSI."""
PASSPHRASE = "a passphrase"

CTRL_O = b"\x0f"
DOWN = b"\x1b[B"
HOME = b"\x1b[H"
ESCAPE = b"\x1b"
F3 = b"\x1bOR"
PAGE_DOWN = b"\x1b[6~"

FORBIDDEN = {
    "the title sequence": b"\x1b]0;",
    "the title marker right after an escape": b"\x1b]0;TITLE",
    "the text's clear-screen sequence": "\x1b[2J\u202e".encode(),
    "a raw right-to-left override": "\u202e".encode(),
    "a raw C1 control": "\x9b".encode(),
    "a raw BEL after the marker": b"TITLE\x07",
}
"""What must not appear in anything the app writes, by what it would do."""


def hostile_plan() -> Plan:
    """Answers of every kind, notes and ids holding :data:`HOSTILE`."""
    plan = Plan()
    talk = plan.record("conversation", "how-to-talk")
    talk.answers["when-where"] = f"after {HOSTILE} work"
    talk.answers["old-prompt" + HOSTILE] = HOSTILE
    talk.notes = f"first line\n{HOSTILE}"
    tell = plan.record("conversation", "who-to-tell")
    tell.answers["people"] = [{"name": "Sam" + HOSTILE, "how": HOSTILE}]
    share = plan.record("conversation", "what-to-share")
    share.answers["key-points"] = [HOSTILE, "plain words"]
    opening = plan.record("conversation", "opening-lines")
    opening.answers["opening"] = {
        "parts": {"start": "need-to-talk", "ask": HOSTILE},
        "text": f"I need to talk to you. {HOSTILE}",
    }
    plan.record("conversation", "gone-step" + HOSTILE).notes = HOSTILE
    return plan


def save_hostile_plan(folder: Path) -> None:
    """Write the plan file, as an import or a plan made elsewhere would."""
    document = new_document()
    update_document(document, hostile_plan())
    create_plan(PlanStore(folder), "notes-1", PASSPHRASE, work_factor=2, document=document).close()


def focus_on(session: Session, screen: str, widget_id: str, *, since: int) -> int:
    """Wait until the widget with this id, of whatever type, has the focus on ``screen``."""
    while True:
        line, since = session.reports.wait_next(f"focus {screen} ", since=since)
        if line.endswith(f"#{widget_id}"):
            return since


def jump_to_step(session: Session, index: int, *, since: int) -> int:
    """On a step, open the overview and pick the step at ``index``; wait until it is ready."""
    session.app.send(CTRL_O)
    seen = session.focus("OverviewDialog", "OptionList#steps", since=since)
    session.app.send(HOME + DOWN * index + ENTER)
    return session.reports.wait_for("step ready", since=seen)


def test_plan_text_reaches_the_terminal_only_as_visible_escapes(tmp_path: Path) -> None:
    folders = Folders.make(tmp_path)
    save_hostile_plan(folders.plans)
    with running(folders, NO_AUTOSAVE) as session:
        app = session.app
        app.wait_for("notes-1")
        seen = session.reports.mark()
        app.send(ENTER)
        seen = session.focus("UnlockScreen", "PassphraseInput#passphrase", since=seen)
        app.send(PASSPHRASE.encode() + ENTER)
        seen = session.focus("HomeScreen", "OptionList#guides", since=seen)
        app.send(DOWN + ENTER)  # the conversation guide
        seen = session.reports.wait_for("step ready", since=seen)
        seen = jump_to_step(session, 2, since=seen)  # how-to-talk
        shown = app.mark()
        app.send(TAB)  # from the first question to the answer that holds the text
        seen = focus_on(session, "StepScreen", "input-when-where", since=seen)
        app.wait_for("TITLE", since=shown)
        shown = app.mark()
        app.send(F3)  # the notes
        seen = focus_on(session, "StepScreen", "notes", since=seen)
        app.wait_for("TITLE", since=shown)
        seen = jump_to_step(session, 4, since=seen)  # opening-lines: the message builder
        shown = app.mark()
        app.send(ESCAPE)
        seen = session.focus("HomeScreen", "OptionList#guides", since=seen)
        app.send(b"r")
        session.focus("ReviewScreen", "VerticalScroll#review-body", since=seen)
        for _ in range(12):  # page through all of it; the step that is gone comes last
            app.send(PAGE_DOWN)
            time.sleep(0.1)
        app.wait_for("gone-step", since=shown)
        time.sleep(0.5)  # anything drawn late is in the output too
        before_exit = app.mark()
        app.send(CTRL_Q)
        assert app.wait_exit() == 0
        output = app.output

    found = [what for what, data in FORBIDDEN.items() if data in output]
    # Only quick exit clears the screen: nothing may while the plan is on it.
    if b"\x1b[2J" in output[output.find(b"notes-1") : before_exit]:
        found.append("a clear-screen sequence while the plan was shown")
    assert found == [], f"The app wrote {', '.join(found)}."
    seen_text = visible_text(output)
    assert "TITLE" in seen_text and "\\x1b[2J" in seen_text and "\\u202e" in seen_text
    # Nothing was changed, so what is stored is exactly what was there.
    reopened = open_plan(PlanStore(folders.plans), "notes-1", PASSPHRASE).plan
    assert reopened.records["conversation"]["how-to-talk"] == hostile_plan().record(
        "conversation", "how-to-talk"
    )
