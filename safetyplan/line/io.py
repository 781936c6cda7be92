"""Plain lines in and out: no escape sequences, one answer per line, signals and idle time.

Everything written goes through :func:`~safetyplan.safetext.safe_text` as a last guard,
so no control character but a newline or a tab ever reaches the terminal. Lines are read
straight from the file descriptor with ``select``, so that a signal (Ctrl+C, SIGTERM,
SIGHUP) or the idle time can stop a question at once, whatever is being asked.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import sys
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from safetyplan.safetext import safe_text

if TYPE_CHECKING:
    from safetyplan.plan.model import Answer

T = TypeVar("T")
P = ParamSpec("P")

QUICK_EXIT_WORD = "q!"
"""Typed alone on any line, it leaves at once (as Ctrl+C and Ctrl+D do)."""

_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")
_POLL = 0.05
"""Seconds between looks at the signal flag while slow work runs in a thread."""


class Interrupted(Exception):
    """A question was stopped before it was answered: leaving, or locking."""

    def __init__(self, typed: str = "") -> None:
        """Keep what was typed on the unfinished line, if anything.

        Args:
            typed: Text typed after the last Enter (end of input came before an Enter).
        """
        super().__init__("interrupted")
        self.typed = typed
        """What was typed on the unfinished line."""
        self.answer: Answer | None = None
        """The answer made of what was typed so far, set by the question being asked."""


class QuickExit(Interrupted):
    """Leave now: the quick-exit word, Ctrl+C, Ctrl+D (end of input), SIGTERM or SIGHUP."""


class IdleTimeout(Interrupted):
    """Nothing was typed for the idle time: lock the plan."""


class LineIO:
    """Reads lines from one file descriptor and writes plain lines to another."""

    def __init__(self, fd_in: int = 0, fd_out: int = 1) -> None:
        """Use two file descriptors (standard input and output by default).

        Args:
            fd_in: Where answers are read from, one per line.
            fd_out: Where the lines are written.
        """
        self.fd_in = fd_in
        self.fd_out = fd_out
        self.terminal = os.isatty(fd_in)
        """True when answers come from a terminal (passphrases are then not echoed)."""
        self.idle_after: float | None = None
        """Seconds without a line before :class:`IdleTimeout`; None waits for ever."""
        self._pending = b""
        self._ended = False
        self._wake: int | None = None
        self._signalled = threading.Event()

    # --- Writing -----------------------------------------------------------------------

    def say(self, text: str = "") -> None:
        """Write text and end the line. Control characters show as escapes.

        On a terminal, long lines are broken between words, so that each row a screen
        reader reads holds whole words.
        """
        self._write(self._wrap(safe_text(text)) + "\n")

    def _wrap(self, text: str) -> str:
        if not os.isatty(self.fd_out):
            return text
        try:
            width = os.get_terminal_size(self.fd_out).columns - 1
        except OSError:
            return text
        if width < 20 or all(len(line) <= width for line in text.split("\n")):
            return text
        import textwrap

        rows: list[str] = []
        for line in text.split("\n"):
            indent = line[: len(line) - len(line.lstrip(" "))]
            rows += textwrap.wrap(
                line, width, subsequent_indent=indent, break_on_hyphens=False
            ) or [""]
        return "\n".join(rows)

    def _write(self, text: str) -> None:
        data = text.encode("utf-8", errors="replace")
        try:
            while data:
                data = data[os.write(self.fd_out, data) :]
        except OSError:  # the terminal is gone (SIGHUP): reading ends it next
            return

    def push_off_screen(self) -> None:
        """Write a screenful of empty lines, so what was shown leaves the window.

        No escape sequence is written, so the scrollback is not cleared: only closing
        the window removes what is there.
        """
        rows = 24
        with contextlib.suppress(OSError):
            rows = os.get_terminal_size(self.fd_out).lines
        if os.isatty(self.fd_out):
            self._write("\n" * max(rows, 1))

    # --- Reading -----------------------------------------------------------------------

    def ask(self, question: str) -> str:
        """Write a question (no line end) and read the answer.

        Returns:
            The line as typed, without its line end.

        Raises:
            QuickExit: The quick-exit word, end of input or a signal.
            IdleTimeout: Nothing was typed for :attr:`idle_after` seconds.
        """
        self._write(self._wrap(safe_text(question).replace("\n", " ")) + " ")
        line = self.read_line()
        if not self.terminal:  # nothing echoed the answer: end the question's line
            self._write("\n")
        if line.strip().lower() == QUICK_EXIT_WORD:
            raise QuickExit()
        return line

    def secret(self, question: str) -> str:
        """Ask for a passphrase: not echoed when the answer comes from a terminal.

        ``getpass`` is not used: it cannot be stopped by the idle time or a signal.

        Returns:
            The passphrase exactly as typed (only the line end is removed).
        """
        if not self.terminal:
            return self.ask(question)
        import termios

        try:
            before = termios.tcgetattr(self.fd_in)
        except termios.error:
            return self.ask(question)
        quiet = list(before)
        quiet[3] &= ~termios.ECHO  # local modes: keep line editing and Ctrl+C
        termios.tcsetattr(self.fd_in, termios.TCSADRAIN, quiet)
        try:
            return self.ask(question)
        finally:
            with contextlib.suppress(termios.error):
                termios.tcsetattr(self.fd_in, termios.TCSADRAIN, before)
            self._write("\n")  # the Enter was not echoed either

    def read_line(self) -> str:
        """The next line of input, decoded as UTF-8 (bad bytes become U+FFFD).

        Raises:
            QuickExit: End of input or a signal (what was typed on the unfinished
                line is in :attr:`Interrupted.typed`).
            IdleTimeout: Nothing was typed for :attr:`idle_after` seconds.
        """
        deadline = None if self.idle_after is None else time.monotonic() + self.idle_after
        while b"\n" not in self._pending:
            self._stop_if_signalled()
            if self._ended:
                typed, self._pending = self._pending, b""
                raise QuickExit(_decode(typed))
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            watched = [self.fd_in] + ([self._wake] if self._wake is not None else [])
            try:
                ready, _, _ = select.select(watched, [], [], left)
            except OSError:
                ready = [self.fd_in]
            if self._wake is not None and self._wake in ready:
                with contextlib.suppress(OSError):
                    os.read(self._wake, 512)
            if not ready:
                raise IdleTimeout()
            if self.fd_in in ready:
                try:
                    chunk = os.read(self.fd_in, 4096)
                except OSError:  # EIO: the terminal hung up
                    chunk = b""
                self._pending += chunk
                self._ended = not chunk
        line, self._pending = self._pending.split(b"\n", 1)
        return _decode(line.removesuffix(b"\r"))

    # --- Signals and slow work -----------------------------------------------------------

    def watch_signals(self) -> None:
        """Make Ctrl+C, SIGTERM and SIGHUP stop the question being asked (a quick exit).

        Only for the real program: tests drive :class:`LineIO` without it. A byte on a
        pipe (``signal.set_wakeup_fd``) wakes the ``select`` that waits for a line.
        """
        read_end, write_end = os.pipe()
        os.set_blocking(write_end, False)
        os.set_blocking(read_end, False)
        self._wake = read_end
        signal.set_wakeup_fd(write_end, warn_on_full_buffer=False)
        for name in _SIGNALS:
            signal.signal(getattr(signal, name), self._on_signal)

    def _on_signal(self, signum: int, frame: object) -> None:
        self._signalled.set()

    def _stop_if_signalled(self) -> None:
        if self._signalled.is_set():
            raise QuickExit()

    def wait_for(self, work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run ``work(*args, **kwargs)`` (a key derivation) in a thread; a signal still
        leaves at once.

        Returns:
            What the work returned.

        Raises:
            QuickExit: A signal came while it ran (the work is left to the exit).
            Exception: Whatever the work raised.
        """
        result: list[T] = []
        failure: list[BaseException] = []

        def run() -> None:
            try:
                result.append(work(*args, **kwargs))
            except BaseException as error:  # noqa: BLE001 - given to the main thread
                failure.append(error)

        thread = threading.Thread(target=run, name="line-work", daemon=True)
        thread.start()
        while thread.is_alive():
            self._stop_if_signalled()
            thread.join(_POLL)
        if failure:
            raise failure[0]
        return result[0]


def _decode(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def leave_now(status: int) -> None:
    """End the process at once: a key derivation still running has nothing to save."""
    with contextlib.suppress(Exception):
        sys.stdout.flush()
    os._exit(status)
