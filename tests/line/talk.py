"""Drive the plain line mode in this process: a script of lines in, every line out."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from safetyplan.guides.content import load_guides
from safetyplan.line.app import LineApp
from safetyplan.line.io import LineIO
from safetyplan.plan.session import PlanSession

GUIDES = Path(__file__).resolve().parent / "fixtures" / "guides"
"""The practice guide: every kind of question, a guard, a step that may alert."""
PASS = "a long pass phrase"
WF = 2
"""A tiny scrypt work factor, so that each test is quick."""
NEW_PLAN = ["1", "", "2", PASS, PASS]
"""From the start with no plans: make notes-1 with the passphrase PASS."""
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""What must never be written: every control character but a newline or a tab."""


def options(**extra: Any) -> dict[str, Any]:
    """The app's options for a test: the practice guide, a tiny work factor, no idle lock."""
    return {"guides_folder": GUIDES, "work_factor": WF, "idle_lock": 0, **extra}


@dataclass
class Run:
    """What one run of the app did."""

    output: str
    status: int


def run_lines(folder: Path, lines: Iterable[str], **extra: Any) -> Run:
    """Run the app on ``folder`` with these lines as input; end of input ends it.

    Returns:
        Everything written, and the exit status.

    Raises:
        AssertionError: Something other than a newline or a tab was written as a
            control character.
    """
    data = "".join(line + "\n" for line in lines).encode()
    read_end, write_end = os.pipe()
    writer = threading.Thread(target=_write_all, args=(write_end, data), daemon=True)
    writer.start()
    out_path = folder.parent / f"out-{os.urandom(4).hex()}.txt"
    out = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        status = LineApp(folder, io=LineIO(read_end, out), **options(**extra)).run()
    finally:
        os.close(out)
        os.close(read_end)
        writer.join(10)
    text = out_path.read_bytes().decode("utf-8")
    out_path.unlink()
    found = UNSAFE.search(text)
    assert found is None, f"a control character {found.group()!r} was written"
    return Run(text, status)


def _write_all(fd: int, data: bytes) -> None:
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except OSError:  # the app stopped reading (quick exit before the end)
        pass
    finally:
        os.close(fd)


def open_plan(folder: Path, name: str = "notes-1", passphrase: str = PASS) -> PlanSession:
    """The plan on disk, opened with its passphrase."""
    return PlanSession.open(folder, name, passphrase, load_guides(GUIDES))


def make_plan(folder: Path, name: str = "notes-1", passphrase: str = PASS) -> PlanSession:
    """A plan made directly (not through the line mode), open."""
    return PlanSession.create(folder, name, passphrase, load_guides(GUIDES), work_factor=WF)


class Talk:
    """The app in a thread, answered line by line as its questions come."""

    def __init__(self, folder: Path, **extra: Any) -> None:
        """Start the app on ``folder``."""
        self._changed = threading.Condition()
        self._output = ""
        self.status: int | None = None
        read_in, self._to_app = os.pipe()
        self._from_app, write_out = os.pipe()
        self.app = LineApp(folder, io=LineIO(read_in, write_out), **options(**extra))
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._fds = (read_in, write_out)
        self._runner = threading.Thread(target=self._run, daemon=True)
        self._runner.start()

    def _run(self) -> None:
        try:
            self.status = self.app.run()
        finally:
            for fd in self._fds:
                os.close(fd)

    def _read(self) -> None:
        while chunk := os.read(self._from_app, 65536):
            with self._changed:
                self._output += chunk.decode("utf-8")
                self._changed.notify_all()
        os.close(self._from_app)

    @property
    def output(self) -> str:
        """Everything written so far."""
        with self._changed:
            return self._output

    def expect(self, words: str, *, since: int = 0, timeout: float = 20) -> int:
        """Wait until ``words`` were written after position ``since``.

        Returns:
            The position just after them.
        """
        with self._changed:
            found = self._changed.wait_for(
                lambda: words in self._output[since:] or not self._runner.is_alive(),
                timeout,
            )
            at = self._output.find(words, since)
            assert found and at >= 0, f"{words!r} was not written; the end:\n{self._output[-800:]}"
            return at + len(words)

    def send(self, *lines: str) -> None:
        """Type lines, each ended with Enter."""
        os.write(self._to_app, "".join(line + "\n" for line in lines).encode())

    def end(self, timeout: float = 20) -> int:
        """Close the input (end of input, as Ctrl+D) and wait for the app to stop."""
        os.close(self._to_app)
        self._runner.join(timeout)
        self._reader.join(timeout)
        assert self.status is not None, "the app did not stop"
        return self.status


def lines_after(output: str, marker: str) -> Sequence[str]:
    """The lines written after the last ``marker``."""
    return output[output.rindex(marker) :].splitlines()
