"""Plain lines in and out: end of input, the quick-exit word, idle time, passphrases, signals."""

from __future__ import annotations

import os
import subprocess
import sys
import termios
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from safetyplan.line.io import IdleTimeout, LineIO, QuickExit

ROOT = Path(__file__).resolve().parents[2]


def piped(data: bytes) -> LineIO:
    """A LineIO reading ``data`` (then end of input) and writing to a closed-off pipe."""
    read_end, write_end = os.pipe()
    os.write(write_end, data)
    os.close(write_end)
    out_read, out_write = os.pipe()
    os.set_blocking(out_write, False)
    os.close(out_read)  # writes fail: they must not raise
    return LineIO(read_end, out_write)


def test_lines_are_read_one_at_a_time_and_end_of_input_is_a_quick_exit() -> None:
    io = piped(b"first\r\nsecond\nbad \xff byte\nunfinished")
    assert io.read_line() == "first"
    assert io.read_line() == "second"
    assert io.read_line() == "bad \ufffd byte"
    with pytest.raises(QuickExit) as stop:
        io.read_line()
    assert stop.value.typed == "unfinished"
    with pytest.raises(QuickExit):  # and again: the input stays ended
        io.read_line()


@pytest.mark.parametrize("typed", ["q!", "Q!", "  q!  "])
def test_the_quick_exit_word_works_on_any_question(typed: str) -> None:
    io = piped(typed.encode() + b"\n")
    with pytest.raises(QuickExit):
        io.ask("Anything:")


def test_idle_time_stops_a_question() -> None:
    read_end, write_end = os.pipe()  # nothing is ever typed
    io = LineIO(read_end, os.open(os.devnull, os.O_WRONLY))
    io.idle_after = 0.01
    with pytest.raises(IdleTimeout):
        io.read_line()
    os.close(write_end)


def test_what_is_written_has_its_control_characters_escaped(tmp_path: Path) -> None:
    out = tmp_path / "out"
    fd = os.open(out, os.O_WRONLY | os.O_CREAT)
    io = LineIO(os.open(os.devnull, os.O_RDONLY), fd)
    io.say("a \x1b]0;X\x07 title\r and \x9b1m\nnext\tline")
    io.push_off_screen()  # not a terminal: nothing
    os.close(fd)
    assert out.read_text() == "a \\x1b]0;X\\x07 title\\x0d and \\x9b1m\nnext\tline\n"


@pytest.fixture
def terminal() -> Iterator[tuple[int, int]]:
    """A pseudo-terminal of 40 columns: (the program's end, the keyboard's end)."""
    import fcntl
    import struct

    keyboard, program = os.openpty()
    fcntl.ioctl(program, termios.TIOCSWINSZ, struct.pack("HHHH", 10, 40, 0, 0))
    yield program, keyboard
    os.close(program)
    os.close(keyboard)


def read_until(fd: int, wanted: bytes) -> bytes:
    seen = b""
    while wanted not in seen:
        seen += os.read(fd, 4096)
    return seen


def test_a_passphrase_is_not_echoed_and_the_terminal_is_put_back(
    terminal: tuple[int, int],
) -> None:
    program, keyboard = terminal
    io = LineIO(program, program)
    before = termios.tcgetattr(program)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(io.secret("Passphrase:")))
    reader.start()
    read_until(keyboard, b"Passphrase: ")  # echo is off before the question is written
    os.write(keyboard, b"very secret words\r")
    reader.join(10)
    after = os.read(keyboard, 4096)
    assert got == ["very secret words"]
    assert b"secret" not in after and after == b"\r\n"  # only the line end it writes
    assert termios.tcgetattr(program) == before


def test_long_lines_are_broken_between_words_on_a_terminal(terminal: tuple[int, int]) -> None:
    program, keyboard = terminal
    io = LineIO(program, program)
    words = "A short sentence that is much longer than the forty columns here. " * 2
    io.say("  " + words + "word-with-hyphens-is-kept-whole")
    io.push_off_screen()
    shown = read_until(keyboard, b"whole" + b"\r\n" * 11).decode()
    rows = shown.split("\r\n")
    assert all(len(row) <= 39 for row in rows), rows
    assert rows[0].startswith("  A short") and rows[1].startswith("  ")
    assert "  word-with-hyphens-is-kept-whole" in rows
    assert " ".join(" ".join(rows).split()) == " ".join(
        (words + "word-with-hyphens-is-kept-whole").split()
    )


def test_a_signal_during_slow_work_leaves_at_once() -> None:
    code = textwrap.dedent(
        """
        import os, signal, sys, threading, time
        from safetyplan.line.io import LineIO, QuickExit

        io = LineIO(os.open(os.devnull, os.O_RDONLY), 1)
        io.watch_signals()
        threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGTERM)).start()
        start = time.monotonic()
        try:
            io.wait_for(time.sleep, 60)
        except QuickExit:
            print(f"left after {time.monotonic() - start:.1f} s")
            os._exit(0)
        print("not stopped")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    seconds = float(result.stdout.split()[2])
    assert seconds < 5


def test_slow_work_gives_back_its_result_or_its_error() -> None:
    io = piped(b"")
    assert io.wait_for(pow, 2, 10) == 1024
    with pytest.raises(ZeroDivisionError):
        io.wait_for(divmod, 1, 0)
