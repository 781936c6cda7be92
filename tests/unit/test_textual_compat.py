"""Each use of a private Textual name in ``textual_compat``, tested where it is used.

If an upgrade of Textual changes one of them, these tests fail here, in one place.
"""

from __future__ import annotations

import os
import termios
import threading
import tty
import types
from pathlib import Path

from textual import events
from textual.app import App

from safetyplan.tui import textual_compat
from safetyplan.tui.textual_compat import GuardedLinuxDriver


class HookedApp:
    """Stands in for the app: the two hooks the driver calls."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.lost = threading.Event()

    def quick_exit_pressed(self) -> None:
        self.calls.append("quick exit")

    def terminal_lost(self) -> None:
        self.calls.append("lost")
        self.lost.set()


def driver_on_pty() -> tuple[GuardedLinuxDriver, HookedApp, list[events.Event], int, int]:
    app = HookedApp()
    driver = GuardedLinuxDriver(App(), debug=False, mouse=False, size=(80, 24))
    driver._app = app  # type: ignore[assignment]
    main, other = os.openpty()
    tty.setraw(other)  # as Textual sets it: keys arrive one by one, not by lines
    driver.fileno = other
    seen: list[events.Event] = []
    driver.process_message = seen.append  # type: ignore[assignment,method-assign]
    return driver, app, seen, main, other


async def test_keys_go_through_and_ctrl_q_is_seen_in_the_input_thread() -> None:
    driver, app, seen, main, other = driver_on_pty()
    thread = threading.Thread(target=driver.run_input_thread, daemon=True)
    thread.start()
    try:
        os.write(main, b"a\x11")
        for _ in range(100):
            if len([e for e in seen if isinstance(e, events.Key)]) >= 2:
                break
            threading.Event().wait(0.02)
        keys = [e.key for e in seen if isinstance(e, events.Key)]
        assert keys == ["a", "ctrl+q"]
        assert app.calls == ["quick exit"]
    finally:
        driver.exit_event.set()
        thread.join(5)
        os.close(main)
        os.close(other)
    assert not thread.is_alive()


async def test_a_lost_terminal_ends_the_input_loop_and_says_so() -> None:
    driver, app, seen, main, other = driver_on_pty()
    thread = threading.Thread(target=driver.run_input_thread, daemon=True)
    thread.start()
    os.close(main)  # the other end goes away: reads now fail (EIO)
    try:
        assert app.lost.wait(5)
        thread.join(5)
        assert not thread.is_alive()  # it does not spin on, reading nothing
        assert app.calls == ["lost"]
    finally:
        os.close(other)


def test_restore_terminal_uses_the_settings_textual_saved() -> None:
    main, other = os.openpty()
    try:
        before = termios.tcgetattr(other)
        changed = termios.tcgetattr(other)
        changed[3] &= ~termios.ECHO
        termios.tcsetattr(other, termios.TCSANOW, changed)
        output = types.SimpleNamespace(fileno=lambda: other)
        driver = types.SimpleNamespace(attrs_before=before, fileno=other, _file=output)
        assert textual_compat.driver_output_fd(driver) == other
        textual_compat.restore_terminal(driver)
        assert termios.tcgetattr(other)[3] == before[3]
        assert b"\x1b[?1049l" in os.read(main, 1000)
    finally:
        os.close(main)
        os.close(other)


async def test_the_real_driver_keeps_the_names_used() -> None:
    from textual.drivers.linux_driver import LinuxDriver

    driver = LinuxDriver(App(), debug=False, mouse=False, size=(80, 24))
    for name in ("_file", "attrs_before", "fileno", "exit_event", "_debug", "_app"):
        assert hasattr(driver, name), name
    assert textual_compat.driver_output_fd(driver) is not None


def test_the_render_guard_drops_control_characters_from_screen_text() -> None:
    from rich.console import Console
    from rich.segment import Segment
    from rich.style import Style
    from textual.strip import Strip

    textual_compat.guard_rendering()
    textual_compat.guard_rendering()  # twice changes nothing
    console = Console(color_system="truecolor", force_terminal=True)
    strip = Strip(
        [
            Segment("a\x1b]0;TITLE\x07b", Style(bold=True)),
            Segment("\x1b[2J\u202e\x9bc"),
        ]
    )
    width = strip.cell_length
    out = strip.render(console)
    assert "\x1b]0;" not in out and "\x1b[2J" not in out
    assert "\u202e" not in out and "\x9b" not in out and "\x07" not in out
    assert "a]0;TITLEb" in out and out.endswith("[2Jc")
    assert strip.cell_length == width  # the layout is the same
    plain = Strip([Segment("plain words", Style(italic=True))])
    assert "plain words" in plain.render(console)


def test_the_app_installs_the_render_guard() -> None:
    from textual.strip import Strip

    from safetyplan.tui.app import PlannerApp

    PlannerApp(Path("."), ())
    assert getattr(Strip.render, "guarded", False)


async def test_bytes_that_are_not_utf8_do_not_stop_the_keys() -> None:
    driver, app, seen, main, other = driver_on_pty()
    thread = threading.Thread(target=driver.run_input_thread, daemon=True)
    thread.start()
    try:
        # A stray byte, then an old terminal's mouse report beyond column 94, then a key.
        os.write(main, b"\xff" + b"\x1b[M" + bytes([32, 133, 37]) + b"a")
        for _ in range(100):
            if any(isinstance(e, events.Key) and e.key == "a" for e in seen):
                break
            threading.Event().wait(0.02)
        assert any(isinstance(e, events.Key) and e.key == "a" for e in seen)
        assert thread.is_alive()
        assert app.calls == []  # not taken for a lost terminal
    finally:
        driver.exit_event.set()
        thread.join(5)
        os.close(main)
        os.close(other)
