"""The exit guard clears the screen at once and ends the process soon, saving first."""

from __future__ import annotations

import os
import threading

from safetyplan.hygiene import CLEAR_ALL
from safetyplan.tui.exit_guard import ExitGuard, clear_fd


class Recorder:
    """Stands in for the process: records what the guard did, in order."""

    def __init__(self) -> None:
        self.events: list[str] = []
        self.ended = threading.Event()

    def guard(self, *, save_fails: bool = False, deadline: float = 0.2) -> ExitGuard:
        def save() -> None:
            self.events.append("save")
            if save_fails:
                raise RuntimeError("disk gone")

        def end(status: int) -> None:
            self.events.append(f"end {status}")
            self.ended.set()

        return ExitGuard(
            blank=lambda: self.events.append("blank"),
            save=save,
            restore_terminal=lambda: self.events.append("restore"),
            last_words=lambda: None,
            deadline=deadline,
            end=end,
            backstop=False,  # it would end the test process itself
        )


def test_the_screen_is_cleared_at_once_by_the_waiting_watchdog() -> None:
    recorder = Recorder()
    guard = recorder.guard(deadline=5)
    assert recorder.events == []  # the watchdog waits, doing nothing, until begin()
    blanked = threading.Event()
    guard._blank = lambda: (recorder.events.append("blank"), blanked.set())  # type: ignore[method-assign]
    guard.begin()
    assert blanked.wait(1)
    guard.stand_down()
    assert recorder.events == ["blank"]


def test_begin_from_a_signal_handler_takes_no_lock() -> None:
    """A signal can come while the main thread holds any lock: begin() only writes to a
    pipe, so it works even from inside a handler that interrupted a held lock."""
    import signal

    recorder = Recorder()
    guard = recorder.guard(deadline=0.2)
    held = threading.Lock()

    def handler(signum: int, frame: object) -> None:
        guard.begin()

    previous = signal.signal(signal.SIGUSR1, handler)
    try:
        with held:  # as if the main thread were inside a queue or a guard
            signal.raise_signal(signal.SIGUSR1)
        assert recorder.ended.wait(5)
    finally:
        signal.signal(signal.SIGUSR1, previous)


def test_a_stuck_app_is_saved_restored_and_ended_at_the_deadline() -> None:
    recorder = Recorder()
    recorder.guard().begin()
    assert recorder.ended.wait(5)
    assert recorder.events == ["blank", "save", "restore", "blank", "end 0"]


def test_a_failing_save_still_ends_the_process() -> None:
    recorder = Recorder()
    recorder.guard(save_fails=True).begin()
    assert recorder.ended.wait(5)
    assert recorder.events == ["blank", "save", "restore", "blank", "end 0"]


def test_an_app_that_finished_in_time_is_left_alone() -> None:
    recorder = Recorder()
    guard = recorder.guard(deadline=0.3)
    guard.begin()
    guard.stand_down()
    assert not recorder.ended.wait(0.6)
    assert "save" not in recorder.events and "end 0" not in recorder.events


def test_begin_twice_starts_one_watchdog() -> None:
    recorder = Recorder()
    guard = recorder.guard()
    guard.begin()
    guard.begin()
    assert recorder.ended.wait(5)
    threading.Event().wait(0.3)  # a second watchdog would have ended it again by now
    assert recorder.events.count("end 0") == 1
    assert recorder.events.count("save") == 1


def test_clear_fd_writes_the_clear_sequence_only_to_a_terminal() -> None:
    read_fd, write_fd = os.pipe()
    try:
        clear_fd(write_fd)  # a pipe is not a terminal: nothing is written
        os.write(write_fd, b"x")
        assert os.read(read_fd, 100) == b"x"
    finally:
        os.close(read_fd)
        os.close(write_fd)
    main, other = os.openpty()
    try:
        clear_fd(other)
        assert CLEAR_ALL.encode() in os.read(main, 100)
    finally:
        os.close(main)
        os.close(other)
    clear_fd(None)  # no terminal at all: nothing to do
