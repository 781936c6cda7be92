"""The exit guard ends the process soon after quick exit, saving first, whatever is running."""

from __future__ import annotations

import os
import threading

from safetyplan.exit_guard import ExitGuard
from safetyplan.hygiene import CLEAR_ALL


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
            terminal_fd=lambda: None,
            save=save,
            restore_terminal=lambda: self.events.append("restore"),
            last_words=lambda: None,
            deadline=deadline,
            end=end,
        )


def test_a_stuck_app_is_saved_restored_and_ended_at_the_deadline() -> None:
    recorder = Recorder()
    guard = recorder.guard()
    guard.begin()
    assert recorder.ended.wait(5)
    assert recorder.events == ["save", "restore", "end 0"]
    assert guard.blanked.is_set()  # the main thread never cleared the screen: the guard did


def test_a_failing_save_still_ends_the_process() -> None:
    recorder = Recorder()
    recorder.guard(save_fails=True).begin()
    assert recorder.ended.wait(5)
    assert recorder.events == ["save", "restore", "end 0"]


def test_an_app_that_finished_in_time_is_left_alone() -> None:
    recorder = Recorder()
    guard = recorder.guard(deadline=0.3)
    guard.begin()
    guard.blanked.set()
    guard.finished.set()
    assert not recorder.ended.wait(0.6)
    assert recorder.events == []


def test_begin_twice_starts_one_watchdog() -> None:
    recorder = Recorder()
    guard = recorder.guard()
    guard.begin()
    guard.begin()
    assert recorder.ended.wait(5)
    threading.Event().wait(0.3)  # a second watchdog would have ended it again by now
    assert recorder.events.count("end 0") == 1
    assert recorder.events.count("save") == 1


def test_clear_writes_the_clear_sequence_only_to_a_terminal() -> None:
    read_fd, write_fd = os.pipe()
    try:
        guard = ExitGuard(
            terminal_fd=lambda: write_fd,
            save=lambda: None,
            restore_terminal=lambda: None,
            last_words=lambda: None,
        )
        guard.clear()  # a pipe is not a terminal: nothing is written
        os.write(write_fd, b"x")
        assert os.read(read_fd, 100) == b"x"
        assert guard.blanked.is_set()
    finally:
        os.close(read_fd)
        os.close(write_fd)
    main, other = os.openpty()
    try:
        guard = ExitGuard(
            terminal_fd=lambda: other,
            save=lambda: None,
            restore_terminal=lambda: None,
            last_words=lambda: None,
        )
        guard.clear()
        assert CLEAR_ALL.encode() in os.read(main, 100)
    finally:
        os.close(main)
        os.close(other)
