"""Run a program in a real 80x24 pseudo-terminal, timestamp its output, send keys, read its memory.

Shared by the benchmark scripts. Standard library only; Linux (reads ``/proc``).
"""

from __future__ import annotations

import codecs
import contextlib
import fcntl
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

COLUMNS = 80
ROWS = 24
PYTHON = sys.executable
"""The Python that runs the benchmarks runs the programs too."""

CTRL_Q = b"\x11"
ENTER = b"\r"
CLEAR_SCREEN = b"\x1b[2J"

_ESCAPES = re.compile(
    rb"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: cursor moves, colours, modes
    rb"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC: titles, colours, clipboard
    rb"|\x1bP[^\x1b]*\x1b\\"  # DCS
    rb"|\x1b[()*+][0-9A-Za-z]"  # character set choice
    rb"|\x1b[@-Z\\-_=>78]"  # other two-byte escapes
    rb"|[\x00-\x08\x0b-\x1f\x7f]"  # other control bytes
)


def strip_escapes(data: bytes) -> str:
    """The visible text in terminal output: escape sequences and control bytes removed.

    Args:
        data: Raw bytes written to the terminal.

    Returns:
        The text left, decoded as UTF-8 (undecodable bytes replaced).
    """
    return _ESCAPES.sub(b"", data).decode("utf-8", errors="replace")


_TOKENS = re.compile(
    r"\x1b\[([0-?]*)[ -/]*([@-~])"  # CSI, with its parameters and final byte
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC
    r"|\x1bP[^\x1b]*\x1b\\"  # DCS
    r"|\x1b[()*+]."  # character set choice
    r"|\x1b[@-Z\\-_=>78]"  # other two-byte escapes
    r"|([\x00-\x1a\x1c-\x1f\x7f])"  # one control character
    r"|([^\x00-\x1f\x7f]+)",  # printable text
)


class Screen:
    """Just enough of a terminal to know which text is on screen where.

    It follows cursor moves, erasing and wrapping, and ignores colours and modes, which
    is all Textual's output needs. Feed it output in any pieces.
    """

    def __init__(self, columns: int = COLUMNS, rows: int = ROWS) -> None:
        """Make a blank screen."""
        self.columns = columns
        self.rows = rows
        self._cells = [[" "] * columns for _ in range(rows)]
        self._row = self._column = 0
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._pending = ""

    def feed(self, data: bytes) -> None:
        """Apply terminal output to the screen."""
        text = self._pending + self._decoder.decode(data)
        position = 0
        while position < len(text):
            token = _TOKENS.match(text, position)
            if token is None:
                if len(text) - position < 256:  # an escape cut off at the end of this piece
                    break
                position += 1  # an escape this screen does not know: skip its ESC
                continue
            position = token.end()
            params, final, control, printable = token.group(1, 2, 3, 4)
            if printable is not None:
                self._print(printable)
            elif control is not None:
                self._control(control)
            elif final is not None:
                self._csi(params, final)
        self._pending = text[position:]

    def text(self) -> str:
        """The screen's text, one line per row, trailing spaces removed."""
        return "\n".join("".join(row).rstrip() for row in self._cells)

    def _print(self, text: str) -> None:
        if text.isascii():  # the common case: one cell per character
            while text:
                if self._column >= self.columns:  # wrap
                    self._column = 0
                    self._line_feed()
                room = self.columns - self._column
                piece, text = text[:room], text[room:]
                self._cells[self._row][self._column : self._column + len(piece)] = piece
                self._column += len(piece)
            return
        for char in text:
            if unicodedata.combining(char):
                continue
            width = 2 if unicodedata.east_asian_width(char) in "WF" else 1
            if self._column + width > self.columns:  # wrap
                self._column = 0
                self._line_feed()
            self._cells[self._row][self._column] = char
            if width == 2 and self._column + 1 < self.columns:
                self._cells[self._row][self._column + 1] = ""
            self._column += width

    def _control(self, char: str) -> None:
        if char == "\r":
            self._column = 0
        elif char == "\n":
            self._line_feed()
        elif char == "\b":
            self._column = max(0, self._column - 1)

    def _line_feed(self) -> None:
        if self._row + 1 < self.rows:
            self._row += 1
        else:
            del self._cells[0]
            self._cells.append([" "] * self.columns)

    def _csi(self, params: str, final: str) -> None:
        if params.startswith(("?", ">", "<", "=")):
            return  # private modes
        numbers = [int(p) if p.isdigit() else 0 for p in params.split(";")] if params else []

        def arg(index: int, default: int = 1) -> int:
            value = numbers[index] if index < len(numbers) else 0
            return value or default

        if final in "Hf":
            self._row = min(self.rows - 1, arg(0) - 1)
            self._column = min(self.columns - 1, arg(1) - 1)
        elif final == "A":
            self._row = max(0, self._row - arg(0))
        elif final == "B":
            self._row = min(self.rows - 1, self._row + arg(0))
        elif final == "C":
            self._column = min(self.columns - 1, self._column + arg(0))
        elif final == "D":
            self._column = max(0, self._column - arg(0))
        elif final == "G":
            self._column = min(self.columns - 1, arg(0) - 1)
        elif final == "d":
            self._row = min(self.rows - 1, arg(0) - 1)
        elif final == "J":
            self._erase_display(arg(0, 0))
        elif final == "K":
            self._erase_line(self._row, arg(0, 0))

    def _erase_display(self, mode: int) -> None:
        if mode in (2, 3):
            self._cells = [[" "] * self.columns for _ in range(self.rows)]
            return
        rows = range(self._row + 1, self.rows) if mode == 0 else range(0, self._row)
        for row in rows:
            self._cells[row] = [" "] * self.columns
        self._erase_line(self._row, mode)

    def _erase_line(self, row: int, mode: int) -> None:
        start, end = {0: (self._column, self.columns), 1: (0, self._column + 1)}.get(
            mode, (0, self.columns)
        )
        for column in range(start, end):
            self._cells[row][column] = " "


def fresh_environment(folder: Path) -> dict[str, str]:
    """An environment whose plans, home, config and data folders all lie inside ``folder``.

    Args:
        folder: An empty temporary folder for one run.

    Returns:
        A copy of this process's environment with those variables and TERM set.
    """
    env = dict(os.environ)
    for name in ("TEXTUAL", "TEXTUAL_LOG", "TEXTUAL_DEBUG", "NO_COLOR", "COLUMNS", "LINES"):
        env.pop(name, None)
    plans = folder / "plans"
    for sub in ("plans", "home", "config", "data"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    env.update(
        SAFETYPLAN_DIR=str(plans),
        HOME=str(folder / "home"),
        XDG_CONFIG_HOME=str(folder / "config"),
        XDG_DATA_HOME=str(folder / "data"),
        TERM="xterm-256color",
        COLORTERM="truecolor",
    )
    return env


class RunFolder:
    """A fresh temporary folder for one run, removed afterwards (a context manager)."""

    def __enter__(self) -> Path:
        self.path = Path(tempfile.mkdtemp(prefix="bench-"))
        return self.path

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


class PtyProcess:
    """A child process whose stdin, stdout and stderr are one 80x24 pseudo-terminal.

    The child is started directly (no shell), so ``pid`` is the Python process itself.
    A thread reads everything it writes, stamping each chunk with ``time.perf_counter()``.
    """

    def __init__(
        self,
        argv: Sequence[str],
        env: Mapping[str, str],
        *,
        cwd: Path | None = None,
        columns: int = COLUMNS,
        rows: int = ROWS,
        screen: bool = True,
    ) -> None:
        """Start the program.

        Args:
            argv: The command and its arguments.
            env: Its environment.
            cwd: Its working folder.
            columns: Terminal width.
            rows: Terminal height.
            screen: Follow the screen's content, for :meth:`wait_for_screen`. Off, the
                reading thread does less work next to the program being timed.
        """
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self._master = master
        self._chunks: list[tuple[float, bytes]] = []
        self._screen = Screen(columns, rows) if screen else None
        self._screens: list[str] = []
        self._changed = threading.Condition()
        self._closed = False
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            list(argv),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=dict(env),
            cwd=cwd,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.pid = self.process.pid
        self.ended: float | None = None
        """When the process was seen to end (a thread blocks in waitpid for it)."""
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._waiter = threading.Thread(target=self._wait_exit, daemon=True)
        self._waiter.start()

    def _wait_exit(self) -> None:
        self.process.wait()
        self.ended = time.perf_counter()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self._master, 65536)
            except OSError:  # EIO: every copy of the terminal's other end is closed
                data = b""
            stamp = time.perf_counter()
            with self._changed:
                if not data:
                    self._closed = True
                    self._changed.notify_all()
                    return
                self._chunks.append((stamp, data))
                if self._screen is not None:
                    self._screen.feed(data)
                    self._screens.append(self._screen.text())
                self._changed.notify_all()

    @property
    def output(self) -> bytes:
        """Everything the program has written so far."""
        with self._changed:
            return b"".join(data for _, data in self._chunks)

    def mark(self) -> int:
        """A position in the output: the number of chunks read so far."""
        with self._changed:
            return len(self._chunks)

    def wait_for_bytes(self, needle: bytes, *, since: int = 0, timeout: float = 10.0) -> float:
        """Wait until ``needle`` appears in the raw output after chunk ``since``.

        Args:
            needle: Bytes to look for (they may span chunks).
            since: A position from :meth:`mark`; earlier output is ignored.
            timeout: Seconds to wait.

        Returns:
            The time the chunk that completed ``needle`` was read.

        Raises:
            TimeoutError: It did not appear in time, or the program ended first.
        """
        return self._wait(lambda data: needle in data, since, timeout, repr(needle))

    def wait_for_text(self, needle: str, *, since: int = 0, timeout: float = 10.0) -> float:
        """Wait until ``needle`` appears in the visible text (escapes stripped) after ``since``.

        Args:
            needle: Text to look for; keep it short, since screen text is cut up by escapes.
            since: A position from :meth:`mark`; earlier output is ignored.
            timeout: Seconds to wait.

        Returns:
            The time the chunk that completed ``needle`` was read.

        Raises:
            TimeoutError: It did not appear in time, or the program ended first.
        """
        return self._wait(lambda data: needle in strip_escapes(data), since, timeout, needle)

    def wait_for_screen(self, needle: str, *, since: int = 0, timeout: float = 10.0) -> float:
        """Wait until ``needle`` is on the screen, within one row, after chunk ``since``.

        Unlike :meth:`wait_for_text`, this follows partial redraws (a word typed one key at
        a time, each key drawing only what changed).

        Returns:
            The time the chunk that put it there was read.

        Raises:
            TimeoutError: It did not appear in time, or the program ended first.
        """
        if self._screen is None:
            raise RuntimeError("started with screen=False")
        deadline = time.perf_counter() + timeout
        checked = since
        with self._changed:
            while True:
                for index in range(checked, len(self._screens)):
                    if needle in self._screens[index]:
                        return self._chunks[index][0]
                checked = len(self._screens)
                left = deadline - time.perf_counter()
                if self._closed or left <= 0:
                    screen = self._screens[-1] if self._screens else ""
                    state = "ended" if self._closed else "timed out"
                    raise TimeoutError(f"{needle!r} not on screen ({state}); screen:\n{screen}")
                self._changed.wait(left)

    def wait_quiet(self, quiet: float = 0.15, *, timeout: float = 10.0) -> None:
        """Wait until the program has written nothing for ``quiet`` seconds.

        Raises:
            TimeoutError: It kept writing for ``timeout`` seconds.
        """
        deadline = time.perf_counter() + timeout
        with self._changed:
            while True:
                last = self._chunks[-1][0] if self._chunks else self.started
                now = time.perf_counter()
                if now - last >= quiet or self._closed:
                    return
                if now >= deadline:
                    raise TimeoutError(f"still writing after {timeout} s")
                self._changed.wait(min(quiet - (now - last), deadline - now))

    def screen_text(self) -> str:
        """The screen as it is now, one line per row."""
        if self._screen is None:
            raise RuntimeError("started with screen=False")
        with self._changed:
            return self._screen.text()

    def _wait(self, found: Callable[[bytes], bool], since: int, timeout: float, what: str) -> float:
        deadline = time.perf_counter() + timeout
        checked = since
        with self._changed:
            while True:
                while checked < len(self._chunks):
                    checked += 1
                    data = b"".join(chunk for _, chunk in self._chunks[since:checked])
                    if found(data):
                        return self._chunks[checked - 1][0]
                left = deadline - time.perf_counter()
                if self._closed or left <= 0:
                    tail = strip_escapes(b"".join(c for _, c in self._chunks[since:]))[-400:]
                    state = "ended" if self._closed else "timed out"
                    raise TimeoutError(f"{what!s} not seen ({state}); last text: {tail!r}")
                self._changed.wait(left)

    def send(self, keys: bytes | str) -> float:
        """Write keys to the terminal, as if typed.

        Args:
            keys: Bytes, or text encoded as UTF-8.

        Returns:
            The time just before the write.
        """
        data = keys.encode() if isinstance(keys, str) else keys
        stamp = time.perf_counter()
        os.write(self._master, data)
        return stamp

    def type_text(self, text: str, *, pause: float = 0.01) -> None:
        """Type text one key at a time, so the app sees separate key presses."""
        for char in text:
            self.send(char)
            time.sleep(pause)

    def peak_memory_kib(self) -> int:
        """The child's peak resident memory (VmHWM) in KiB."""
        status = Path(f"/proc/{self.pid}/status").read_text()
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        raise RuntimeError("VmHWM not found in /proc status")

    def wait_exit(self, timeout: float = 10.0) -> float:
        """Wait for the program to end; kill it if it does not.

        Returns:
            The time it was seen to have ended.

        Raises:
            TimeoutError: It had to be killed.
        """
        self._waiter.join(timeout)
        if self.ended is None:
            self.kill()
            raise TimeoutError(f"process {self.pid} did not end within {timeout} s")
        return self.ended

    def kill(self) -> None:
        """Kill the program if it is still running."""
        if self.ended is None:
            with contextlib.suppress(ProcessLookupError):
                self.process.kill()
            self._waiter.join(5)

    def close(self) -> None:
        """Kill the program if needed, and release the terminal."""
        self.kill()
        self._reader.join(timeout=2)
        with contextlib.suppress(OSError):
            os.close(self._master)

    def __enter__(self) -> PtyProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
