"""Run a command in a real pseudo-terminal, type keys into it and read everything it shows."""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import termios
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType

ESCAPE = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: cursor moves, colours, modes
    rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC: window title and the like
    rb"|\x1bP[^\x1b]*\x1b\\"  # DCS
    rb"|\x1b[()][0-9A-Za-z]"  # character set choice
    rb"|\x1b[@-Z\\-_=>]"  # other two-byte sequences
)
"""Terminal control sequences, removed to find the words a person would see."""


def visible_text(data: bytes) -> str:
    """The printable text in terminal output, with control sequences removed.

    Args:
        data: Bytes as written to a terminal.

    Returns:
        The text, decoded with replacement characters for bad UTF-8.
    """
    return ESCAPE.sub(b"", data).decode("utf-8", errors="replace")


class PtyApp:
    """A process whose standard input, output and error are one pseudo-terminal.

    Use as a context manager: on leaving, the whole process group is killed and the
    terminal closed, whatever happened in the test.
    """

    def __init__(
        self,
        argv: Sequence[str],
        env: Mapping[str, str],
        *,
        cwd: Path | None = None,
        columns: int = 80,
        rows: int = 24,
        term: str = "xterm-256color",
        pass_fds: Sequence[int] = (),
    ) -> None:
        """Start the command.

        Args:
            argv: The command and its arguments.
            env: The whole environment for the command (``TERM`` is added if missing).
            cwd: The working folder for the command.
            columns: Terminal width.
            rows: Terminal height.
            term: ``TERM`` unless ``env`` sets it.
            pass_fds: Other file descriptors the command keeps (see :class:`Reports`).
        """
        self._output = bytearray()
        self._changed = threading.Condition()
        self._closed = False
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        full_env = {"TERM": term, **env}
        try:
            self.process = subprocess.Popen(
                list(argv),
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=full_env,
                cwd=cwd,
                start_new_session=True,
                close_fds=True,
                pass_fds=tuple(pass_fds),
            )
        except BaseException:
            os.close(master)
            raise
        finally:
            os.close(slave)
        self._master = master
        self._hung_up = False
        self._reader = threading.Thread(target=self._read, name="pty-reader", daemon=True)
        self._reader.start()

    def __enter__(self) -> PtyApp:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def _read(self) -> None:
        while True:
            ready, _, _ = select.select([self._master], [], [], 0.1)
            if self._hung_up:
                chunk = b""
            elif not ready:
                continue
            else:
                try:
                    chunk = os.read(self._master, 65536)
                except OSError:  # EIO: every copy of the terminal's other end is closed
                    chunk = b""
            with self._changed:
                if not chunk:
                    self._closed = True
                    self._changed.notify_all()
                    return
                self._output += chunk
                self._changed.notify_all()

    @property
    def output(self) -> bytes:
        """Everything the command has written to the terminal so far."""
        with self._changed:
            return bytes(self._output)

    def mark(self) -> int:
        """A position in the output, for waiting only on what comes after it."""
        with self._changed:
            return len(self._output)

    def send(self, keys: bytes) -> None:
        """Type bytes into the terminal, as a keyboard would."""
        view = memoryview(keys)
        while view:
            view = view[os.write(self._master, view) :]

    def wait_for(self, wanted: str | bytes, timeout: float = 15.0, *, since: int = 0) -> None:
        """Wait until the output after ``since`` shows ``wanted``.

        Text is looked for in what a person would see (control sequences removed);
        bytes are looked for in the raw output.

        Raises:
            AssertionError: It did not appear within ``timeout`` seconds. The message
                holds the end of what was on screen, to help find out why.
        """
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                seen = bytes(self._output[since:])
                if isinstance(wanted, bytes):
                    if wanted in seen:
                        return
                elif wanted in visible_text(seen):
                    return
                left = deadline - time.monotonic()
                if left <= 0 or (self._closed and self.process.poll() is not None):
                    tail = visible_text(seen)[-1500:]
                    raise AssertionError(
                        f"{wanted!r} did not appear. The end of the output:\n{tail}"
                    )
                self._changed.wait(min(left, 0.5))

    def wait_exit(self, timeout: float = 15.0) -> int:
        """Wait for the command to end and for its last output to be read.

        Returns:
            The exit status.

        Raises:
            subprocess.TimeoutExpired: It did not end in time.
            AssertionError: Its output was still not all read after ``timeout`` seconds.
        """
        status = self.process.wait(timeout)
        self._reader.join(timeout)
        assert not self._reader.is_alive(), "The terminal stayed open after the command ended."
        return status

    def hang_up(self) -> None:
        """Close the terminal as a dropped SSH connection does; the command keeps running.

        The command gets SIGHUP, and reading its terminal fails from then on.
        """
        self._hung_up = True
        self._reader.join(10)
        os.close(self._master)
        self._master = -1

    def close(self) -> None:
        """Kill the process group if it is still running, and close the terminal."""
        # The whole group: the command may have started helpers of its own.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)
        # Once every copy of the other end is closed, the reader gets EIO and stops;
        # only then is the descriptor closed, so it is never read after reuse.
        self._reader.join(10)
        if self._master >= 0:
            with contextlib.suppress(OSError):
                os.close(self._master)


class Reports:
    """Lines that a test hook inside the command writes to a pipe, read as they come.

    The screen shows what a person sees; some things a test must wait for, such as
    which field has the keyboard focus, do not show as words. A hook in the command
    writes one line for each such event to :attr:`write_fd`.
    """

    def __init__(self) -> None:
        """Open the pipe and start reading it."""
        self._lines: list[str] = []
        self._changed = threading.Condition()
        self._closed = False
        self._read_fd, self.write_fd = os.pipe()
        self._reader = threading.Thread(target=self._read, name="reports-reader", daemon=True)
        self._reader.start()

    def __enter__(self) -> Reports:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def _read(self) -> None:
        pending = b""
        while True:
            try:
                chunk = os.read(self._read_fd, 4096)
            except OSError:
                chunk = b""
            with self._changed:
                if not chunk:
                    self._closed = True
                    self._changed.notify_all()
                    return
                pending += chunk
                *done, pending = pending.split(b"\n")
                self._lines.extend(line.decode("utf-8", errors="replace") for line in done)
                self._changed.notify_all()

    def started(self) -> None:
        """Close this process's copy of the writing end, once the command has its own."""
        if self.write_fd >= 0:
            os.close(self.write_fd)
            self.write_fd = -1

    def mark(self) -> int:
        """A position in the reports, for waiting only on later ones."""
        with self._changed:
            return len(self._lines)

    def wait_for(self, wanted: str, timeout: float = 15.0, *, since: int = 0) -> int:
        """Wait for a report line equal to ``wanted`` after position ``since``.

        Returns:
            The position just after that line.

        Raises:
            AssertionError: It did not come within ``timeout`` seconds.
        """
        _, position = self.wait_next(wanted, timeout, since=since, exact=True)
        return position

    def wait_next(
        self, prefix: str = "", timeout: float = 15.0, *, since: int = 0, exact: bool = False
    ) -> tuple[str, int]:
        """Wait for the next report line after ``since`` that starts with ``prefix``.

        Args:
            prefix: What the line starts with (all of it, if ``exact``).
            timeout: Seconds to wait at most.
            since: A position from :meth:`mark` or an earlier wait.
            exact: Only a line equal to ``prefix`` will do.

        Returns:
            The line and the position just after it.

        Raises:
            AssertionError: No such line came within ``timeout`` seconds.
        """
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for index in range(since, len(self._lines)):
                    line = self._lines[index]
                    if line == prefix or (not exact and line.startswith(prefix)):
                        return line, index + 1
                left = deadline - time.monotonic()
                if left <= 0 or self._closed:
                    raise AssertionError(
                        f"No report {prefix!r} came. Reports after {since}: {self._lines[since:]!r}"
                    )
                self._changed.wait(min(left, 0.5))

    def close(self) -> None:
        """Close the pipe."""
        self.started()
        with self._changed:
            closed = self._closed
        if not closed:
            # The reader ends at end of file, once every writer is gone; a command
            # that was killed has no writer left.
            self._reader.join(10)
        os.close(self._read_fd)
