"""Running the app in a real terminal: settings, the Linux console, and sure, quick leaving."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from safetyplan.tui import textual_compat
from safetyplan.tui.app import CRASH_WORDS, PlannerApp
from safetyplan.tui.exit_guard import ExitGuard
from safetyplan.vault.settings import Settings


def run_app(
    folder: Path,
    *,
    mouse: bool = True,
    accessible: bool = False,
    config_folder: Path | None = None,
) -> int:
    """Run the app on a plans folder, then clear the terminal and its scrollback.

    Args:
        folder: The plans folder.
        mouse: Use the mouse (``--no-mouse`` turns it off).
        accessible: No animation, no cursor blink, one column of controls.
        config_folder: The settings folder.

    Returns:
        The process exit status.
    """
    import os
    import sys

    from safetyplan.hygiene import clear_terminal
    from safetyplan.vault.settings import load_settings

    settings = load_settings(config_folder) if config_folder else Settings()
    ascii_only = os.environ.get("TERM", "") in ("linux", "vt100", "vt220", "dumb")
    if ascii_only:
        use_ascii_marks()
    app = PlannerApp(
        folder,
        accessible=accessible,
        settings=settings,
        config_folder=config_folder,
        ascii_only=ascii_only,
        idle_lock=settings.auto_lock_minutes * 60.0,
    )
    guard_leaving(app)
    # A loop of our own, not asyncio.run(): that would wait at the end for every worker
    # thread, such as a key derivation of a plan being opened, which has nothing to save.
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        app.run(mouse=mouse, loop=loop)
    finally:
        clear_terminal(sys.stdout.fileno() if sys.stdout else 1)
    if app.exit_guard is not None:
        app.exit_guard.stand_down()
    if app.crashed:
        print(CRASH_WORDS, file=sys.stderr)
    elif app.last_words:
        print(app.last_words, file=sys.stderr)
    from safetyplan.tui.exit_guard import leave_now

    # Threads still running (a key derivation of a plan being opened) have nothing to
    # save: end now rather than wait for them.
    leave_now(1 if app.crashed else app.return_code or 0)
    return 1  # not reached


def guard_leaving(app: PlannerApp) -> None:
    """Make quick exit sure and quick in a real terminal.

    A watchdog ends the process within a second of quick exit; Ctrl+Q is seen by the
    input thread at once; a lost terminal and the signals SIGHUP, SIGTERM and SIGINT
    do what quick exit does.
    """
    import signal

    if sys.platform == "win32":  # pragma: no cover - not a platform this runs on
        return
    app.driver_class = textual_compat.GuardedLinuxDriver

    app.exit_guard = ExitGuard(
        blank=lambda: textual_compat.blank_now(app._driver),
        save=app.save_for_exit_guard,
        restore_terminal=lambda: textual_compat.restore_terminal(app._driver),
        last_words=lambda: app.last_words,
    )

    def on_signal(signum: int, frame: object) -> None:
        app.quick_exit_soon()

    for name in ("SIGHUP", "SIGTERM", "SIGINT"):
        signal.signal(getattr(signal, name), on_signal)


def use_ascii_marks() -> None:
    """Draw radio buttons, check marks and scroll bars with characters every console has.

    The Linux console's font lacks the block and half-block glyphs Textual uses.
    """
    from safetyplan.tui.screens.start import StartScreen

    textual_compat.use_ascii_glyphs()
    StartScreen.plain_separator = True
