"""Close the ways the terminal toolkit could leave traces: logs, screenshots, scrollback."""

from __future__ import annotations

import os
from collections.abc import MutableMapping

CLEAR_ALL = "\x1b[H\x1b[2J\x1b[3J"
"""Move home, clear the screen, and clear the scrollback (xterm, VTE, the Linux console)."""


def scrub_environment(environ: MutableMapping[str, str] | None = None) -> list[str]:
    """Remove the toolkit's developer variables before it is imported.

    ``TEXTUAL_LOG`` and the devtools variables write every keystroke, passphrases too,
    to a file or a socket; ``TEXTUAL_SCREENSHOT`` saves the screen to a file;
    ``TEXTUAL_PRESS`` types keys; ``TEXTUAL_DRIVER`` swaps the terminal driver. None of
    them belongs in a private program, so every ``TEXTUAL*`` variable is dropped.

    Args:
        environ: The environment to clean (the process environment by default).

    Returns:
        The names that were removed.
    """
    env = os.environ if environ is None else environ
    removed = sorted(name for name in env if name.upper().startswith("TEXTUAL"))
    for name in removed:
        del env[name]
    return removed


def clear_terminal(fd: int = 1) -> None:
    """Clear the screen and the scrollback of the terminal on ``fd``, if it is one."""
    try:
        if os.isatty(fd):
            os.write(fd, CLEAR_ALL.encode())
    except OSError:
        # Best effort: a closed or vanished terminal has nothing left to show.
        return
