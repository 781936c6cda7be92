"""The plain line-by-line face: for screen readers, slow links and TERM=dumb; no Textual."""

from __future__ import annotations

from pathlib import Path


def run_plain(folder: Path, *, config_folder: Path | None = None) -> int:
    """Run the plain line mode on standard input and output, then end the process.

    Ctrl+C, SIGTERM and SIGHUP leave as quick exit does. A key derivation still running
    at the end has nothing to save, so the process ends without waiting for it.

    Args:
        folder: The plans folder.
        config_folder: The settings folder (for the auto-lock minutes); None for this
            user's, found only when a plan is opened (so the start stays quick).

    Returns:
        The exit status (the process normally ends before this returns).
    """
    from safetyplan.line.app import LineApp
    from safetyplan.line.io import LineIO, leave_now

    io = LineIO()
    io.watch_signals()
    status = LineApp(folder, io=io, config_folder=config_folder).run()
    leave_now(status)
    return status  # not reached
