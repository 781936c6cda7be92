"""The places where the app relies on Textual's private names, kept in one module.

Each use here has a test in ``tests/unit/test_textual_compat.py``, so an upgrade of
Textual that changes one of them fails loudly in one place.
"""

from __future__ import annotations

import contextlib
import os
import selectors
from codecs import getincrementaldecoder
from typing import TYPE_CHECKING

from textual import events
from textual.drivers.linux_driver import LinuxDriver
from textual.message import Message

from safetyplan.hygiene import CLEAR_ALL
from safetyplan.tui.exit_guard import clear_fd

if TYPE_CHECKING:
    from rich.console import Console

TERMINAL_RESET = (
    "\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l"  # mouse reports off
    "\x1b[?2004l\x1b[?1004l\x1b[<u"  # bracketed paste, focus reports, key protocol off
    "\x1b[?7h\x1b[?1049l\x1b[?25h"  # line wrap on, main screen, cursor shown
)
"""What Textual sends when it stops, for the watchdog to send when Textual could not."""


class GuardedLinuxDriver(LinuxDriver):
    """Textual's terminal driver, told what to do when the terminal goes away.

    Textual's own input loop spins at a full core once its input ends (it reads
    nothing, forever), and sends an error to the app when a read fails (EIO after an
    SSH connection drops). Here both end the input loop and call the app's
    ``terminal_lost()``; and Ctrl+Q calls the app's ``quick_exit_pressed()`` from the
    input thread at once, so that leaving does not wait for a busy main thread.
    """

    _blanked = False
    """True from quick exit until Textual stops: nothing more is drawn."""

    def blank_now(self) -> None:
        """Clear the terminal and its scrollback at once, from any thread, and draw nothing
        more until the app stops (quick exit).

        Output still waiting in the terminal's queue is dropped first, and output held
        back (Scroll Lock, flow control) is let go, so the clear cannot wait behind
        them. The clear is written straight to the terminal, so it does not wait behind
        frames, and also queued after them, so a frame already on its way cannot
        bring the plan back.
        """
        import termios

        self._blanked = True
        fd = driver_output_fd(self)
        if fd is not None:
            with contextlib.suppress(termios.error, OSError):
                termios.tcflush(fd, termios.TCOFLUSH)
                termios.tcflow(fd, termios.TCOON)
        clear_fd(fd)
        writer = self._writer_thread
        if writer is not None:
            with contextlib.suppress(Exception):
                writer._queue.put_nowait(CLEAR_ALL)

    def write(self, data: str) -> None:
        """Write to the terminal, unless quick exit has blanked it (then only clears)."""
        if self._blanked and data != CLEAR_ALL:
            return
        super().write(data)

    def stop_application_mode(self) -> None:
        """Stop as Textual does, with its own mode switches let through again."""
        self._blanked = False
        super().stop_application_mode()

    def run_input_thread(self) -> None:
        """Wait for input and dispatch events (Textual's loop, plus the two hooks).

        Bytes that are not UTF-8 (a stray byte, an old terminal's mouse report) become
        U+FFFD instead of stopping the loop; any other failure here is taken as a lost
        terminal, so the app leaves as quick exit does instead of showing an error.
        """
        from textual._xterm_parser import XTermParser

        selector = selectors.SelectSelector()
        try:
            selector.register(self.fileno, selectors.EVENT_READ)
            parser = XTermParser(self._debug)
            decode = getincrementaldecoder("utf-8")(errors="replace").decode
            while not self.exit_event.is_set():
                if selector.select(0.1):
                    data = self._read()
                    if data is None:
                        continue
                    if not data:
                        self._hook("terminal_lost")
                        return
                    for event in parser.feed(decode(data)):
                        self._dispatch(event)
                for event in parser.tick():
                    self._dispatch(event)
        except Exception:  # noqa: BLE001 - never a traceback on screen; leave safely
            self._hook("terminal_lost")
        finally:
            selector.close()

    def _read(self) -> bytes | None:
        """Read input: bytes, b"" when the terminal is gone, None to try again."""
        try:
            return os.read(self.fileno, 4096)
        except (BlockingIOError, InterruptedError):
            return None
        except OSError:  # EIO, ENXIO, EBADF: the terminal is gone
            return b""

    def _dispatch(self, event: Message) -> None:
        if isinstance(event, events.Key) and event.key == "ctrl+q":
            self._hook("quick_exit_pressed")
        self.process_message(event)

    def _hook(self, name: str) -> None:
        hook = getattr(self._app, name, None)
        if callable(hook):
            with contextlib.suppress(Exception):
                hook()


def driver_output_fd(driver: object) -> int | None:
    """The file descriptor a running driver writes the screen to, if it has one."""
    output = getattr(driver, "_file", None)
    try:
        return output.fileno() if output is not None else None
    except (AttributeError, OSError, ValueError):
        return None


def blank_now(driver: object) -> None:
    """Clear the terminal now from any thread; with our driver, draw nothing more."""
    if isinstance(driver, GuardedLinuxDriver):
        driver.blank_now()
    else:
        clear_fd(driver_output_fd(driver))


def restore_terminal(driver: object) -> None:
    """Put the terminal back as Textual found it, from any thread (best effort).

    Used only when the app could not stop in time: the terminal's saved settings are
    set again, and the screen modes Textual turned on are turned off.
    """
    import termios

    attrs = getattr(driver, "attrs_before", None)
    fileno = getattr(driver, "fileno", None)
    if attrs is not None and isinstance(fileno, int):
        with contextlib.suppress(termios.error, OSError):
            termios.tcsetattr(fileno, termios.TCSANOW, attrs)
    fd = driver_output_fd(driver)
    if fd is not None:
        with contextlib.suppress(OSError):
            os.write(fd, TERMINAL_RESET.encode())


def guard_rendering() -> None:
    """Make sure no control or bidi character in screen text reaches the terminal.

    Every screen update is built by ``Strip.render`` from the text of its segments;
    Textual's own control sequences (cursor moves, colours, links) are added around
    that text, never inside it. Before a strip is rendered, any control or bidi
    character in its text is removed. The screens show such characters as visible
    escapes already (:mod:`safetyplan.safetext`); this is the last line of defence for
    anything that slips past them. Installing it twice does nothing.
    """
    from rich.segment import Segment
    from textual.strip import Strip

    from safetyplan.safetext import drop_unsafe

    render = Strip.render
    if getattr(render, "guarded", False):
        return

    def guarded_render(self: Strip, console: Console) -> str:
        if self._render_cache is None:
            segments = self._segments
            if any(drop_unsafe(text) is not text for text, _, _ in segments):
                self._segments = [
                    Segment(drop_unsafe(text), style, control) for text, style, control in segments
                ]
        return render(self, console)

    guarded_render.guarded = True  # type: ignore[attr-defined]
    Strip.render = guarded_render  # type: ignore[method-assign]


def option_line(widget: object, index: int) -> int:
    """The line an option starts on in a list: separators and long options take lines too.

    Uses OptionList's own map from option to line, where the widget has one.
    """
    lines = getattr(widget, "_index_to_line", None)
    if isinstance(lines, dict):
        line = lines.get(index, index)
        return line if isinstance(line, int) else index
    return index


def use_ascii_glyphs() -> None:
    """Draw radio buttons, check marks and scroll bars with characters every console has.

    The Linux console's font lacks the block and half-block glyphs Textual uses. The
    toggle button's glyphs are class attributes of a private Textual module.
    """
    from textual.scrollbar import ScrollBarRender
    from textual.widgets import RadioButton
    from textual.widgets._toggle_button import ToggleButton

    ToggleButton.BUTTON_LEFT = "["
    ToggleButton.BUTTON_RIGHT = "]"
    ToggleButton.BUTTON_INNER = "X"
    RadioButton.BUTTON_LEFT = "("
    RadioButton.BUTTON_RIGHT = ")"
    RadioButton.BUTTON_INNER = "*"
    ScrollBarRender.VERTICAL_BARS = [" "] * 8
    ScrollBarRender.HORIZONTAL_BARS = [" "] * 8
