"""States the app shows, as Enums (kept light: the first screen imports this)."""

from __future__ import annotations

from enum import Enum


class Saving(str, Enum):
    """What the quiet save line says about the plan on screen."""

    NOTHING = ""
    """No plan, or nothing changed since it was opened."""
    SAVING = "saving"
    """A save is under way."""
    SAVED = "saved"
    """Everything is on disk."""
    UNSAVED = "unsaved"
    """There are changes that are not on disk (a save failed, or was refused)."""
    BROWSING = "browsing"
    """Trying it out: nothing is ever saved."""
