"""Messages that screens send up to the app."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from safetyplan.plan.storage import OpenPlan


class PlanEdited(Message):
    """Something in the open plan changed and should be saved soon."""


@dataclass
class PlanOpened(Message):
    """A plan was created or unlocked; the app takes it from here."""

    session: OpenPlan
    """The open plan, with its key."""
    resume: bool = False
    """Go straight back to the step the person was on (after a lock)."""
    unsaved: bool = False
    """The plan has changes that could not be saved yet (it was held behind the lock)."""


class CloseRequested(Message):
    """The person wants to close the plan and go back to the start."""


class BrowseRequested(Message):
    """The person wants to walk through the guides without saving anything."""


class QuickExitRequested(Message):
    """Leave as quick exit does: a signal came, or the terminal is gone."""


@dataclass
class ReopenedWithChanges(Message):
    """A plan that changed elsewhere was opened again; add the unsaved changes to it."""

    opened: OpenPlan
    """The plan as it is on disk now, opened with its passphrase now."""
