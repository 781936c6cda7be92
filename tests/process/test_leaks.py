"""The real program in a real terminal leaves nothing of a plan behind: no file, log or trace.

Each test runs the app as its own process in a pseudo-terminal of 80x24, types into it
like a person would, and then looks at everything the terminal received and at every
file in the folders the program could write to.

The program is started through :data:`LAUNCHER`, which calls ``safetyplan.cli.main``
exactly as the ``safetyplan`` command does. After ``main`` has cleaned the environment and
before the app starts, it adds test hooks: each change of keyboard focus is reported on a
pipe (keys typed before a field has the focus are lost, and focus does not show as words
on the screen, so without the reports the tests would have to guess with sleeps), and a
test may add a little set-up code of its own (a forced crash, no autosave).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from safetyplan.hygiene import CLEAR_ALL
from safetyplan.tui.app import CRASH_WORDS
from tests.process.pty_app import PtyApp, Reports, visible_text

ENTER = b"\r"
TAB = b"\t"
CTRL_N = b"\x0e"
CTRL_Q = b"\x11"
CTRL_L = b"\x0c"
CLEAR = CLEAR_ALL.encode()

LAUNCHER = """
import os, sys
import safetyplan.cli as cli

REPORTS = int(sys.argv[1])
OPTIONS = {}


def report(line):
    os.write(REPORTS, line.encode() + b"\\n")


def run_app_with_hooks(*args, **kwargs):
    # Imported here, not above: cli.main must see the environment before Textual does.
    import safetyplan.tui.app
    from textual.screen import Screen
    from safetyplan.tui.screens.step import StepScreen

    set_focus = Screen.set_focus

    def set_focus_and_report(self, widget, *args, **kwargs):
        set_focus(self, widget, *args, **kwargs)
        focused = self.focused
        name = f"{type(focused).__name__}#{focused.id}" if focused is not None else "-"
        report(f"focus {type(self).__name__} {name}")

    focus_first = StepScreen._focus_first

    def focus_first_and_report(self):
        focus_first(self)
        # Widget.focus() takes effect on the app's next turn; report after it.
        self.app.call_later(report, "step ready")

    make_app = safetyplan.tui.app.PlannerApp.__init__

    def make_app_with_options(self, *args, **kwargs):
        make_app(self, *args, **{**kwargs, **OPTIONS})

    Screen.set_focus = set_focus_and_report
    StepScreen._focus_first = focus_first_and_report
    safetyplan.tui.app.PlannerApp.__init__ = make_app_with_options
    exec(sys.argv[2], globals())
    return run_app(*args, **kwargs)


run_app = cli._run_app
cli._run_app = run_app_with_hooks
sys.exit(cli.main(sys.argv[3:]))
"""
"""Runs ``cli.main(argv)`` with the focus reports. ``argv[2]`` is more set-up code."""

NO_AUTOSAVE = """
OPTIONS["save_delay"] = 3600.0
"""
"""Nothing is saved a moment after a change: only leaving (or a crash) can save it."""

CRASH_ON_NEXT = (
    NO_AUTOSAVE
    + """
from safetyplan.tui.screens.step import StepScreen


def next_step_that_crashes(self):
    secret = {marker!r}
    raise RuntimeError(secret)


StepScreen.action_next_step = next_step_that_crashes
"""
)
"""Ctrl+N on a step raises an error whose message and local variable hold a marker."""


REPORT_SAVED_NOTES = """
import safetyplan.plan.storage

save = safetyplan.plan.storage.OpenPlan.save


def save_and_report(self, plan=None):
    save(self, plan)
    if {marker!r} in repr(self.plan if plan is None else plan):
        report("saved the notes")


safetyplan.plan.storage.OpenPlan.save = save_and_report
"""
"""Reports when a save that holds the marker is on disk."""


def new_marker(kind: str) -> str:
    """A string that cannot turn up anywhere by chance."""
    return f"{kind}{uuid.uuid4().hex}"


@dataclass
class Folders:
    """The folders the program may write to, all inside the test's own folder."""

    root: Path
    plans: Path
    home: Path
    config: Path
    data: Path
    tmp: Path

    @classmethod
    def make(cls, root: Path) -> Folders:
        """Make empty folders under ``root``."""
        folders = cls(
            root=root,
            plans=root / "plans",
            home=root / "home",
            config=root / "config",
            data=root / "data",
            tmp=root / "tmp",
        )
        for path in (folders.home, folders.config, folders.data, folders.tmp):
            path.mkdir()
        return folders

    def env(self, **extra: str) -> dict[str, str]:
        """A whole environment for the program: only these folders, PATH and a UTF-8 locale."""
        return {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "LANG": "C.UTF-8",
            "HOME": str(self.home),
            "XDG_CONFIG_HOME": str(self.config),
            "XDG_DATA_HOME": str(self.data),
            "XDG_CACHE_HOME": str(self.home / ".cache"),
            "XDG_STATE_HOME": str(self.home / ".local" / "state"),
            "TMPDIR": str(self.tmp),
            "SAFETYPLAN_DIR": str(self.plans),
            **extra,
        }


class Session:
    """Drives the app like a person: make a plan, open a step, type into its notes."""

    def __init__(self, app: PtyApp, reports: Reports) -> None:
        """Drive ``app``, which sends focus reports to ``reports``."""
        self.app = app
        self.reports = reports

    def focus(self, screen: str, widget: str, *, since: int) -> int:
        """Wait until ``widget`` (``Type#id``) on ``screen`` has the keyboard focus."""
        return self.reports.wait_for(f"focus {screen} {widget}", since=since)

    def make_plan(self, passphrase: str) -> None:
        """From the start screen, make a plan with the suggested name; wait for its home."""
        self.app.wait_for("Your plans")
        seen = self.reports.mark()
        self.app.send(b"n")
        seen = self.focus("CreateScreen", "PassphraseInput#passphrase", since=seen)
        self.app.send(passphrase.encode())
        self.app.send(ENTER)
        seen = self.focus("CreateScreen", "PassphraseInput#confirm", since=seen)
        shown = self.app.mark()
        self.app.send(passphrase.encode())
        self.app.send(ENTER)
        # Making the key takes about a second (scrypt work factor 18).
        self.reports.wait_for("focus HomeScreen OptionList#guides", timeout=60, since=seen)
        self.app.wait_for("Your plan", since=shown)

    def type_in_first_notes(self, text: str) -> None:
        """Open the first guide's first step and type ``text`` into its notes box."""
        seen = self.reports.mark()
        self.app.send(ENTER)
        seen = self.reports.wait_for("step ready", since=seen)
        self.app.wait_for("Step 1 of")
        for _ in range(30):
            self.app.send(TAB)
            line, seen = self.reports.wait_next("focus ", since=seen)
            if line.startswith("focus StepScreen") and line.endswith("TextArea#notes"):
                break
        else:
            raise AssertionError("Tab never reached the notes box.")
        shown = self.app.mark()
        self.app.send(text.encode())
        self.app.wait_for(text, since=shown)


@contextmanager
def running(
    folders: Folders, setup: str = "", *, argv: tuple[str, ...] = (), **env: str
) -> Iterator[Session]:
    """Start the program in a terminal; kill it on the way out, whatever happened."""
    with Reports() as reports:
        command = [
            sys.executable,
            "-c",
            LAUNCHER,
            str(reports.write_fd),
            setup,
            *argv,
        ]
        with PtyApp(
            command, folders.env(**env), cwd=folders.root, pass_fds=[reports.write_fd]
        ) as app:
            reports.started()
            yield Session(app, reports)


def exported(folders: Folders, passphrase: str) -> str:
    """The only plan in the plans folder, decrypted with ``safetyplan export``."""
    plans = sorted(folders.plans.glob("*.age"))
    assert len(plans) == 1, plans
    name = plans[0].name.removesuffix(".age")
    result = subprocess.run(
        [sys.executable, "-m", "safetyplan", "export", name],
        input=passphrase.encode() + b"\n",
        capture_output=True,
        env=folders.env(),
        cwd=folders.root,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    return result.stdout.decode("utf-8")


def files_holding(root: Path, secrets: list[bytes]) -> list[tuple[Path, bytes]]:
    """Every file under ``root`` whose raw bytes hold one of ``secrets``."""
    found = []
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            found += [(path, secret) for secret in secrets if secret in data]
    return found


def assert_blank_after_quick_exit(output: bytes, before_exit: int, marker: str) -> None:
    """Ctrl+Q clears the plan away at once, and nothing of it is drawn or written again."""
    first_clear = output.find(CLEAR, before_exit)
    assert first_clear >= 0, "Quick exit did not clear the screen and scrollback."
    # Before the key is handled, a last frame (a blinking cursor) may still show the notes.
    assert marker.encode() not in output[first_clear:], "Plan text was drawn after the clear."
    last_clear = output.rfind(CLEAR)
    # After the last clear the terminal only gets mode switches, never words.
    assert visible_text(output[last_clear:]).strip() == ""


def test_crash_shows_one_neutral_line_and_saves_the_plan(tmp_path: Path) -> None:
    folders = Folders.make(tmp_path)
    passphrase = new_marker("pass")
    notes = new_marker("note")
    secret = new_marker("boom")

    with running(
        folders, CRASH_ON_NEXT.format(marker=secret), argv=("--dir", str(folders.plans))
    ) as session:
        session.make_plan(passphrase)
        session.type_in_first_notes(notes)
        before_crash = session.app.mark()
        session.app.send(CTRL_N)
        status = session.app.wait_exit()
        output = session.app.output

    assert status == 1
    shown = visible_text(output)
    for word in (passphrase, secret, "Traceback", "locals"):
        assert word.encode() not in output, word
        assert word not in shown, word
    # What stays on the normal screen: everything after the alternate screen is left.
    left = output.rfind(b"\x1b[?1049l")
    assert before_crash < left
    assert CLEAR in output[left:]
    assert visible_text(output[left:]).strip() == CRASH_WORDS
    # The notes were typed moments before the crash and never autosaved (see
    # CRASH_ON_NEXT), so only the crash handler can have saved them.
    assert notes in exported(folders, passphrase)


def test_textual_log_and_screenshot_variables_write_nothing(tmp_path: Path) -> None:
    folders = Folders.make(tmp_path)
    log = tmp_path / "textual.log"
    passphrase = new_marker("pass")
    notes = new_marker("note")

    # TEXTUAL_SCREENSHOT=1 saves the screen one second after start and then quits;
    # 0 would do nothing at all in Textual 8.2.8 (its zero-second timer never fires).
    with running(
        folders,
        TEXTUAL_LOG=str(log),
        TEXTUAL_SCREENSHOT="1",
        TEXTUAL_SCREENSHOT_LOCATION=str(tmp_path),
    ) as session:
        try:
            session.make_plan(passphrase)
            session.type_in_first_notes(notes)
            session.app.send(CTRL_Q)
            status: int | None = session.app.wait_exit()
            problem = None
        except AssertionError as error:  # the files below say more about why
            status, problem = None, error

    assert not log.exists(), "TEXTUAL_LOG made a log of the session."
    assert list(tmp_path.rglob("*.svg")) == [], "TEXTUAL_SCREENSHOT saved the screen."
    assert files_holding(tmp_path, [notes.encode(), passphrase.encode()]) == []
    assert problem is None, problem
    assert status == 0


def test_a_full_session_leaves_the_typed_text_only_in_the_encrypted_plan(
    tmp_path: Path,
) -> None:
    folders = Folders.make(tmp_path)
    passphrase = new_marker("pass")
    notes = new_marker("note")

    with running(folders, REPORT_SAVED_NOTES.format(marker=notes)) as session:
        session.make_plan(passphrase)
        seen = session.reports.mark()
        session.type_in_first_notes(notes)
        # Wait for the autosave, so the notes are on disk whatever quick exit does
        # (whether quick exit saves them is tested on its own, below).
        session.reports.wait_for("saved the notes", since=seen)
        session.app.send(CTRL_Q)
        status = session.app.wait_exit()

    assert status == 0
    written = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert any(path.parent == folders.plans for path in written)
    # tmp_path holds the plans, data, config, HOME and TMPDIR folders, and nothing else.
    assert files_holding(tmp_path, [notes.encode(), passphrase.encode()]) == []
    assert notes in exported(folders, passphrase)


def test_quick_exit_leaves_a_blank_terminal_and_saves_the_text_on_screen(
    tmp_path: Path,
) -> None:
    folders = Folders.make(tmp_path)
    passphrase = new_marker("pass")
    notes = new_marker("note")

    with running(folders, NO_AUTOSAVE) as session:
        session.make_plan(passphrase)
        session.type_in_first_notes(notes)  # returns once the notes are on screen
        before_exit = session.app.mark()
        session.app.send(CTRL_Q)
        status = session.app.wait_exit()
        output = session.app.output

    assert status == 0
    # The alternate screen is left, so the clear after it reaches the normal screen.
    assert b"\x1b[?1049l" in output[before_exit : output.rfind(CLEAR)]
    assert_blank_after_quick_exit(output, before_exit, notes)
    # With no autosave, only quick exit can have saved the notes.
    assert notes in exported(folders, passphrase), "Notes on screen were lost at quick exit."


def test_quick_exit_clears_a_terminal_without_an_alternate_screen(tmp_path: Path) -> None:
    folders = Folders.make(tmp_path)
    notes = new_marker("note")

    # The Linux console has no alternate screen: everything drawn stays on the one
    # screen, so only the final clear removes it.
    with running(folders, TERM="linux") as session:
        session.make_plan(new_marker("pass"))
        session.type_in_first_notes(notes)
        before_exit = session.app.mark()
        session.app.send(CTRL_Q)
        status = session.app.wait_exit()
        output = session.app.output

    assert status == 0
    assert_blank_after_quick_exit(output, before_exit, notes)


def drawn_outside_ascii(output: bytes) -> set[str]:
    """Characters drawn that the Linux console's font may not have."""
    return {char for char in visible_text(output) if ord(char) > 126}


def test_the_linux_console_gets_only_plain_ascii(tmp_path: Path) -> None:
    """TERM=linux: ASCII borders and marks, a blank line instead of a drawn one."""
    from safetyplan.plan.storage import create_plan
    from safetyplan.vault.folder import PlanStore

    folders = Folders.make(tmp_path)
    create_plan(PlanStore(folders.plans), "notes-1", "a passphrase", work_factor=2).close()
    with running(folders, TERM="linux") as session:
        session.app.wait_for("Try it without saving")
        shown = session.app.mark()
        session.app.send(b"t")  # try the guides: the plan's home, then the first step
        session.app.wait_for("Conversation plan", since=shown)
        shown = session.app.mark()
        session.app.send(ENTER)
        session.app.wait_for("Step 1 of", since=shown)
        session.app.send(CTRL_Q)
        assert session.app.wait_exit() == 0
        output = session.app.output

    assert "notes-1" in visible_text(output)
    assert drawn_outside_ascii(output) == set()


def test_locking_draws_nothing_of_the_plan_on_the_way_to_the_lock_screen(
    tmp_path: Path,
) -> None:
    """Ctrl+L goes straight to the lock screen: the screens below (the plan's home, the
    list with the plan's name) are not drawn for a moment on the way."""
    folders = Folders.make(tmp_path)
    with running(folders) as session:
        session.make_plan(new_marker("pass"))
        session.app.wait_for("Conversation plan")
        time.sleep(0.3)  # let the plan's home finish drawing
        before_lock = session.app.mark()
        session.app.send(CTRL_L)
        session.app.wait_for("Type the passphrase to go on.", since=before_lock)
        time.sleep(0.5)  # anything drawn late would be here too
        after = visible_text(session.app.output[before_lock:])
        session.app.send(CTRL_Q)
        session.app.wait_exit()

    for words in ("notes-1", "Your plan", "Conversation plan", "Tech plan"):
        assert words not in after, f"{words!r} was drawn while locking"
