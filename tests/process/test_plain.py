"""``safetyplan --plain`` in a real pseudo-terminal: a whole guide, lock, quick exit, reopen.

The program is started through :data:`LAUNCHER`, which calls ``safetyplan.cli.main``
exactly as the ``safetyplan`` command does, after making the pseudo-terminal its
controlling terminal (as a login shell does), pointing the guides at the practice guide
of ``tests/line/fixtures`` and giving new plans a tiny scrypt work factor (the product
has no option or environment variable for either).

Every test checks every byte the terminal received: the line mode writes plain lines
only, so no ESC (0x1b) and no other control byte but newline, carriage return and tab
may ever reach the terminal, and neither may a C1 control.
"""

from __future__ import annotations

import os
import re
import signal
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

from safetyplan.guides.content import load_guides
from safetyplan.line import words
from safetyplan.plan.model import GuardChoice, StepStatus
from safetyplan.plan.session import PlanSession
from tests.line.talk import GUIDES, PASS, WF
from tests.process.pty_app import PtyApp

pytestmark = pytest.mark.slow

LAUNCHER = """
import fcntl, sys, termios
from pathlib import Path

# As a login shell does: the terminal becomes this session's controlling terminal, so
# that Ctrl+C is a SIGINT and a hang-up a SIGHUP (the test starts a new session).
fcntl.ioctl(0, termios.TIOCSCTTY, 0)

import safetyplan.guides.content as content
import safetyplan.line.app as line_app

GUIDES = Path(sys.argv[1])
content.guides_dir = lambda: GUIDES
make = line_app.LineApp.__init__


def make_with_a_tiny_work_factor(self, *args, **kwargs):
    make(self, *args, **{**kwargs, "work_factor": int(sys.argv[2])})


line_app.LineApp.__init__ = make_with_a_tiny_work_factor
import safetyplan.cli as cli

sys.exit(cli.main(sys.argv[3:]))
"""
"""Runs ``cli.main(argv[3:])`` on the guides in ``argv[1]``, work factor ``argv[2]``."""

ENTER = b"\r"
CTRL_D = b"\x04"
CTRL_C = b"\x03"
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Every control character but tab, newline and carriage return (C0, DEL and C1)."""
G = "practice"


class PlainApp(PtyApp):
    """A program in a pseudo-terminal whose words may be wrapped onto several rows."""

    def wait_for_words(self, wanted: str, *, since: int = 0, timeout: float = 30.0) -> None:
        """Wait until the output after ``since`` holds ``wanted``, whatever the line breaks.

        The line mode breaks long lines between words to fit the terminal, so spaces and
        line breaks are all taken as one space.

        Raises:
            AssertionError: It did not appear within ``timeout`` seconds.
        """
        deadline = time.monotonic() + timeout
        wanted = " ".join(wanted.split())
        with self._changed:
            while True:
                seen = bytes(self._output[since:]).decode("utf-8", errors="replace")
                if wanted in " ".join(seen.split()):
                    return
                left = deadline - time.monotonic()
                if left <= 0 or (self._closed and self.process.poll() is not None):
                    raise AssertionError(f"{wanted!r} did not appear. The end:\n{seen[-1500:]}")
                self._changed.wait(min(left, 0.5))


class Dialog:
    """Answers the program's questions one at a time, as a person would."""

    def __init__(self, app: PlainApp) -> None:
        """Talk to ``app``."""
        self.app = app
        self.seen = 0

    def answer(self, question: str, *lines: str) -> None:
        """Wait for ``question`` (after the last answer), then type each line and Enter."""
        self.app.wait_for_words(question, since=self.seen)
        self.seen = self.app.mark()
        for line in lines:
            self.app.send(line.encode() + ENTER)

    def expect(self, words: str) -> None:
        """Wait for ``words`` after the last answer."""
        self.app.wait_for_words(words, since=self.seen)


def env(root: Path, **extra: str) -> dict[str, str]:
    """An environment with only the test's own folders."""
    home = root / "home"
    home.mkdir(exist_ok=True)
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
        **extra,
    }


@contextmanager
def plain(
    root: Path, *argv: str, plain_option: bool = True, **extra: str
) -> Iterator[tuple[PlainApp, Dialog]]:
    """Run the program in a pseudo-terminal of 80x24 on the plans folder ``root/plans``."""
    options = ["--plain"] if plain_option else []
    command = [sys.executable, "-c", LAUNCHER, str(GUIDES), str(WF), *options]
    command += ["--dir", str(root / "plans"), *argv]
    with PlainApp(command, env(root, **extra), cwd=root) as app:
        yield app, Dialog(app)


def assert_plain(output: bytes) -> str:
    """The output as text, after checking it holds no escape or other control byte."""
    assert b"\x1b" not in output, "an ESC byte reached the terminal"
    text = output.decode("utf-8")
    found = CONTROL.search(text)
    assert found is None, f"the control character {found.group()!r} reached the terminal"
    return text


def plan_on_disk(root: Path, passphrase: str = PASS) -> PlanSession:
    return PlanSession.open(root / "plans", "notes-1", passphrase, load_guides(GUIDES))


def made_plan(root: Path) -> None:
    """A plan made beforehand (not through the terminal), called notes-1."""
    plans = root / "plans"
    PlanSession.create(plans, "notes-1", PASS, load_guides(GUIDES), work_factor=WF).close()


WHOLE_GUIDE: Sequence[tuple[str, str]] = (
    (words.NUMBER, "1"),  # make a new plan
    ("Press Enter to use notes-1", ""),
    (words.NUMBER, "2"),  # my own passphrase
    (words.TYPE_NEW, PASS),
    (words.TYPE_AGAIN, PASS),
    (words.NUMBER, "1"),  # home: the practice plan
    (words.NUMBERS, "1 3"),  # step 1: checklist, text, date, status Planned, no notes
    (words.TEXT_NEW, "in a drawer"),
    (words.TEXT_NEW, "2026-05-03"),
    (words.NUMBER, "2"),
    (words.FIRST_LINE_NEW, ""),
    (words.END_OF_STEP, ""),
    (words.NUMBER, "1"),  # the guard before step 2: go to the step to do first
    (words.NUMBERS, ""),  # step 1 again, everything kept
    (words.TEXT_CHANGE, ""),
    (words.TEXT_CHANGE, ""),
    (words.NUMBER, ""),
    (words.FIRST_LINE_NEW, ""),
    (words.END_OF_STEP, ""),
    (words.NUMBER, "2"),  # the guard again: I already saved it another way
    (words.NUMBER, "1"),  # step 2: a choice, a text shown for it, done, notes
    (words.TEXT_NEW, "Forum"),
    (words.NUMBER, "1"),
    (words.FIRST_LINE_NEW, "first line"),
    (words.NEXT_LINE, ""),
    (words.NEXT_LINE, "third"),
    (words.NEXT_LINE, "."),
    (words.END_OF_STEP, ""),
    (words.FIRST_LINE_NEW, "Sam: 555-0100"),  # step 3: contacts, a list, long text
    (words.NEXT_LINE, "Alex"),
    (words.NEXT_LINE, "."),
    (words.FIRST_LINE_NEW, "forum"),
    (words.NEXT_LINE, "chat"),
    (words.NEXT_LINE, "."),
    (words.FIRST_LINE_NEW, "It started in May."),
    (words.NEXT_LINE, ""),
    (words.NEXT_LINE, "Then it got worse."),
    (words.NEXT_LINE, "."),
    (words.NUMBER, ""),
    (words.FIRST_LINE_NEW, ""),
    (words.END_OF_STEP, ""),
    (words.NUMBER, "3"),  # the guard before step 4: continue anyway
    (words.TEXT_NEW, "I am writing to you."),  # the message builder's three parts
    (words.NUMBERS, "1 2"),
    (words.NUMBER, "1"),
    (words.NUMBER, ""),  # keep the message as it was put together
    (words.NUMBER, "1"),  # step 4 done
    (words.FIRST_LINE_NEW, ""),
    (words.END_OF_STEP, ""),
    (words.NUMBER, "5"),  # home: Lock
    (words.PASSPHRASE, "not the passphrase"),
    (words.PASSPHRASE, PASS),
    (words.TEXT_CHANGE, "/notes"),  # back on step 4: its notes, then quick exit
    (words.FIRST_LINE_NEW, "typed before leaving"),
    (words.NEXT_LINE, "q!"),
)


def test_a_whole_guide_then_lock_quick_exit_and_reopen(tmp_path: Path) -> None:
    with plain(tmp_path) as (app, dialog):
        for question, line in WHOLE_GUIDE:
            dialog.answer(question, line)
        assert app.wait_exit() == 0
        first = assert_plain(app.output)

    assert first.startswith(words.TITLE)
    assert "To leave at once, type q! and press Enter" in first[:200]
    assert first.count(words.BEFORE_YOU_GO_ON) == 3
    assert "Heads up: They may notice that they are blocked." in first
    assert "A message \\x1b]0;X\\x07 to them" in first  # a guide's escape, shown
    assert "Saying no clearly can help. \\x1b[2J" in first
    locked = first[first.index(words.LOCKED) : first.index(words.UNLOCKED)]
    assert "notes-1" not in locked and "Practice" not in locked and "message" not in locked
    assert words.WRONG_AT_LOCK in locked
    # Passphrases are never echoed; after quick exit only empty lines follow.
    assert PASS not in first and "not the passphrase" not in first
    assert first[first.rindex("q!") + 2 :].strip() == ""

    with plain(tmp_path) as (app, dialog):
        dialog.answer(words.NUMBER, "1")  # open notes-1
        dialog.answer(words.PASSPHRASE, PASS)
        dialog.expect("Practice plan: 3 of 4 steps have a status, 2 done.")
        dialog.expect("Continue where I left off: Practice plan, step 4,")
        app.send(CTRL_D)
        assert app.wait_exit() == 0
        assert_plain(app.output)

    plan = plan_on_disk(tmp_path).plan
    proof = plan.record(G, "save-proof")
    assert proof.answers == {
        "saved": ["links", "chats"],
        "where": "in a drawer",
        "when": "2026-05-03",
    }
    assert proof.status is StepStatus.PLANNED
    block = plan.record(G, "block")
    assert block.answers == {"plan": "block", "site": "Forum"}
    assert (block.status, block.guard) == (StepStatus.DONE, GuardChoice.SAVED_ANOTHER_WAY)
    assert block.notes == "first line\n\nthird"
    assert plan.record(G, "people").answers == {
        "who": [{"name": "Sam", "how": "555-0100"}, {"name": "Alex", "how": ""}],
        "places": ["forum", "chat"],
        "story": "It started in May.\n\nThen it got worse.",
    }
    message = plan.record(G, "message")
    assert (message.status, message.guard) == (StepStatus.DONE, GuardChoice.CONTINUED_ANYWAY)
    assert message.answers["draft"] == {
        "parts": {"opening": "I am writing to you.", "asks": ["delete", "stop"], "tone": "firm"},
        "text": "I am writing to you.\n\nPlease delete it. Stop sharing it. I mean it.",
    }
    assert message.notes == "typed before leaving"  # saved by quick exit
    assert (plan.current_guide, plan.current_step) == (G, "message")


def open_first_step(dialog: Dialog) -> None:
    """Open notes-1 and its practice plan; answer the first step's checklist."""
    dialog.answer(words.NUMBER, "1")
    dialog.answer(words.PASSPHRASE, PASS)
    dialog.answer(words.NUMBER, "1")
    dialog.answer(words.NUMBERS, "2")


def test_end_of_input_saves_typed_answers_and_an_unfinished_line(tmp_path: Path) -> None:
    made_plan(tmp_path)
    with plain(tmp_path) as (app, dialog):
        open_first_step(dialog)
        dialog.answer(words.TEXT_NEW)
        app.send(b"unfinished words")
        app.send(CTRL_D)  # the words go to the program without an Enter...
        app.send(CTRL_D)  # ...and now the input ends
        assert app.wait_exit() == 0
        assert_plain(app.output)

    answers = plan_on_disk(tmp_path).plan.record(G, "save-proof").answers
    assert answers == {"saved": ["screenshots"], "where": "unfinished words"}


@pytest.mark.parametrize("how", ["SIGTERM", "SIGHUP", "Ctrl+C"])
def test_a_signal_saves_typed_answers_and_leaves(tmp_path: Path, how: str) -> None:
    made_plan(tmp_path)
    with plain(tmp_path) as (app, dialog):
        open_first_step(dialog)
        dialog.answer(words.TEXT_NEW, "in a drawer")
        dialog.expect(words.SAVED)
        dialog.answer(words.TEXT_NEW)
        if how == "Ctrl+C":
            app.send(CTRL_C)
        elif how == "SIGHUP":
            app.hang_up()
        else:
            app.process.send_signal(signal.SIGTERM)
        status = app.wait_exit()
        if how != "SIGHUP":  # a terminal that hung up shows nothing more
            assert_plain(app.output)

    assert status == 0
    answers = plan_on_disk(tmp_path).plan.record(G, "save-proof").answers
    assert answers == {"saved": ["screenshots"], "where": "in a drawer"}


def test_term_dumb_chooses_the_line_mode(tmp_path: Path) -> None:
    with plain(tmp_path, plain_option=False, TERM="dumb") as (app, dialog):
        dialog.answer(words.NUMBER, "q!")
        assert app.wait_exit() == 0
        text = assert_plain(app.output)

    assert text.startswith(words.TITLE)
    assert words.NO_PLANS in text


def test_a_plans_hostile_text_is_shown_escaped(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    session = PlanSession.create(plans, "notes-1", PASS, load_guides(GUIDES), work_factor=WF)
    session.set_answer(G, "save-proof", "where", "a drawer \x1b]0;X\x07 \u202e here")
    session.set_notes(G, "save-proof", "a bell \x07 and \x9b31m colour")
    session.save()
    session.close()
    with plain(tmp_path) as (app, dialog):
        dialog.answer(words.NUMBER, "1")
        dialog.answer(words.PASSPHRASE, PASS)
        dialog.answer(words.NUMBER, "2")  # Review my plan
        dialog.expect(words.END_OF_REVIEW)
        dialog.answer(words.NUMBER, "", "1")  # back home; the practice plan
        dialog.answer(words.NUMBERS, "")
        dialog.answer(words.TEXT_CHANGE, "q!")
        assert app.wait_exit() == 0
        text = assert_plain(app.output)

    assert "a drawer \\x1b]0;X\\x07 \\u202e here" in text
    assert "a bell \\x07 and \\x9b31m colour" in text
    assert text.count("a drawer \\x1b]0;X\\x07") == 2  # the review, then step 1
