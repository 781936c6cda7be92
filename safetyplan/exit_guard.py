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
import time
from collections.abc import Callable

from safetyplan.hygiene import CLEAR_ALL

BLANK_AFTER = 0.05
"""Seconds the main thread has to clear the screen before the watchdog clears it."""
DEADLINE = 0.6
"""Seconds after quick exit is asked for before the watchdog ends the process."""


class ExitGuard:
    """Makes sure quick exit ends the process soon, whatever else is running."""

    def __init__(
        self,
        *,
        terminal_fd: Callable[[], int | None],
        save: Callable[[], None],
        restore_terminal: Callable[[], None],
        last_words: Callable[[], str | None],
        deadline: float = DEADLINE,
        end: Callable[[int], None] = os._exit,
    ) -> None:
        """Make the guard; nothing runs until :meth:`begin`.

        Args:
            terminal_fd: The terminal's file descriptor, or None when there is none.
            save: Saves what can be saved with the key in memory; may raise.
            restore_terminal: Puts the terminal's settings back; may raise.
            last_words: One neutral line for standard error after leaving, or None.
            deadline: Seconds before the process is ended.
            end: Ends the process with a status (tests pass their own).
        """
        self._terminal_fd = terminal_fd
        self._save = save
        self._restore = restore_terminal
        self._last_words = last_words
        self._deadline = deadline
        self._end = end
        self._lock = threading.Lock()
        self._started = False
        self.blanked = threading.Event()
        """Set once the screen has been cleared (by the app or by the watchdog)."""
        self.finished = threading.Event()
        """Set when the app finished leaving on its own; the watchdog then stands down."""

    @property
    def started(self) -> bool:
        """True once quick exit has been asked for."""
        return self._started

    def begin(self) -> None:
        """Start the deadline. Safe from any thread and from a signal handler; once only."""
        with self._lock:
            if self._started:
                return
            self._started = True
        threading.Thread(target=self._watch, name="exit-guard", daemon=True).start()

    def _watch(self) -> None:
        start = time.monotonic()
        if not self.blanked.wait(BLANK_AFTER) and not self.finished.is_set():
            self.clear()
        remaining = self._deadline - (time.monotonic() - start)
        if self.finished.wait(max(0.0, remaining)):
            return
        with contextlib.suppress(Exception):
            self._save()
        with contextlib.suppress(Exception):
            self._restore()
        self.clear()
        words = None
        with contextlib.suppress(Exception):
            words = self._last_words()
        if words:
            with contextlib.suppress(OSError):
                os.write(2, (words + "\n").encode("utf-8", "replace"))
        self._end(0)

    def clear(self) -> None:
        """Clear the terminal and its scrollback now, if there is a terminal."""
        fd = self._terminal_fd()
        if fd is not None:
            with contextlib.suppress(OSError):
                if os.isatty(fd):
                    os.write(fd, CLEAR_ALL.encode())
        self.blanked.set()


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
