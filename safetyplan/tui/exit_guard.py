"""A deadline for leaving: once quick exit is asked for, the process is gone within a second.

Quick exit (Ctrl+Q, a signal, a lost terminal) is done by the app in its main thread:
save what is on screen, clear the screen, stop. That main thread can be busy, though
(drawing a very large review), and the process could then wait for other threads (a
key derivation can take half a minute on a hostile file). :class:`ExitGuard` starts a
watchdog thread when quick exit is asked for. If the process is still there at the
deadline, the watchdog saves what can be saved with the key already in memory, puts
the terminal back, clears it, and ends the process. A key derivation still running has
nothing to save, so it is simply dropped.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Callable

from safetyplan.hygiene import CLEAR_ALL

DEADLINE = 0.6
"""Seconds after quick exit is asked for before the watchdog ends the process."""
BACKSTOP = 0.95
"""Seconds after which the process is ended even if no Python code can run any more."""


class ExitGuard:
    """Makes sure quick exit clears the screen at once and ends the process soon."""

    def __init__(
        self,
        *,
        blank: Callable[[], None],
        save: Callable[[], None],
        restore_terminal: Callable[[], None],
        last_words: Callable[[], str | None],
        deadline: float = DEADLINE,
        end: Callable[[int], None] = os._exit,
        backstop: bool = True,
    ) -> None:
        """Make the guard and start its watchdog, which waits until :meth:`begin`.

        The watchdog thread is started now, not at quick exit: starting a thread can
        fail when memory is short, and a signal handler must not take locks. It waits
        on a pipe, which :meth:`begin` writes one byte to.

        Args:
            blank: Clears the terminal and its scrollback now, from any thread, and
                keeps anything drawn later off the screen.
            save: Saves what can be saved with the key in memory; may raise.
            restore_terminal: Puts the terminal's settings back; may raise.
            last_words: One neutral line for standard error after leaving, or None.
            deadline: Seconds before the process is ended.
            end: Ends the process with a status (tests pass their own).
            backstop: Also end the process from outside Python (``faulthandler``'s
                own thread, which needs no lock) a little after the deadline, in case
                Python code cannot run at all by then.
        """
        self._blank = blank
        self._save = save
        self._restore = restore_terminal
        self._last_words = last_words
        self._deadline = deadline
        self._end = end
        self._backstop = backstop
        self._backstop_started = False
        self.finished = threading.Event()
        """Set when the app finished leaving on its own; the watchdog then stands down."""
        self._wake_read, self._wake_write = os.pipe()
        os.set_blocking(self._wake_write, False)
        self._watchdog: threading.Thread | None = threading.Thread(
            target=self._watch, name="exit-guard", daemon=True
        )
        try:
            self._watchdog.start()
        except RuntimeError:  # no thread could be started: begin() falls back
            self._watchdog = None

    def begin(self) -> None:
        """Quick exit was asked for: clear the screen now and start the deadline.

        Safe from any thread and from a signal handler (it only writes one byte to a
        pipe); calls after the first change nothing.
        """
        with contextlib.suppress(OSError):
            os.write(self._wake_write, b"!")
        if self._watchdog is None and self._backstop:
            self._start_backstop()  # no watchdog: at least the process ends

    def stand_down(self) -> None:
        """The app finished leaving on its own: stop the watchdog and the backstop."""
        self.finished.set()
        if self._backstop_started:
            import faulthandler

            faulthandler.cancel_dump_traceback_later()

    def _start_backstop(self) -> None:
        if not self._backstop_started:
            self._backstop_started = True
            _start_backstop(self._deadline + (BACKSTOP - DEADLINE))

    def _watch(self) -> None:
        try:
            os.read(self._wake_read, 1)  # until quick exit is asked for
        except OSError:
            return
        if self.finished.is_set():
            return
        if self._backstop:
            self._start_backstop()  # first: whatever follows may block
        with contextlib.suppress(Exception):
            self._blank()
        if self.finished.wait(self._deadline):
            return
        with contextlib.suppress(Exception):
            self._save()
        with contextlib.suppress(Exception):
            self._restore()
        with contextlib.suppress(Exception):
            self._blank()
        words = None
        with contextlib.suppress(Exception):
            words = self._last_words()
        if words:
            with contextlib.suppress(OSError):
                os.write(2, (words + "\n").encode("utf-8", "replace"))
        self._end(0)


def _start_backstop(seconds: float) -> None:
    """End the process after ``seconds`` from ``faulthandler``'s C thread.

    That thread runs without Python's global lock, so it acts even while a long
    computation holds it. What it dumps goes to the null device, never the terminal.
    """
    import faulthandler

    try:
        sink = open(os.devnull, "w")  # noqa: SIM115 - kept open until the process ends
        faulthandler.dump_traceback_later(seconds, exit=True, file=sink)
    except (OSError, ValueError, RuntimeError):
        return
    _KEPT.append(sink)


_KEPT: list[object] = []
"""Keeps the backstop's null device open (faulthandler needs the file to stay open)."""


def clear_fd(fd: int | None) -> None:
    """Clear the terminal and its scrollback on ``fd`` now, if it is a terminal."""
    if fd is None:
        return
    with contextlib.suppress(OSError):
        if os.isatty(fd):
            os.write(fd, CLEAR_ALL.encode())


def leave_now(status: int) -> None:
    """End the process at once, after flushing standard output and error.

    Used when the app has finished: threads still running (a key derivation) are
    dropped instead of waited for.
    """
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            if stream is not None:
                stream.flush()
    os._exit(status)
