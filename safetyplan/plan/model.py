"""The plan a person builds: statuses, answers and notes per step. Pure data, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from enum import Enum

Answer = str | list[str] | list[dict[str, str]] | dict[str, object]
"""What a prompt's answer holds, by prompt kind.

- ``checklist``: the ids of the ticked options (``list[str]``)
- ``choice``: the id of the chosen option (``str``, ``""`` for none)
- ``text``, ``longtext``, ``date``: the text as typed (``str``; a date is ``YYYY-MM-DD``)
- ``list``: one string per line (``list[str]``)
- ``contacts``: ``[{"name": ..., "how": ...}, ...]``
- ``compose``: ``{"parts": {part_id: str | list[str]}, "text": str}``
"""


class StepStatus(str, Enum):
    """Where a person is with one step. Every step may be left without a status."""

    DONE = "done"
    PLANNED = "planned"
    NOT_NOW = "not-now"
    NOT_SAFE = "not-safe"
    NOT_APPLICABLE = "not-applicable"

    @property
    def label(self) -> str:
        """The words shown for this status."""
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    StepStatus.DONE: "Done",
    StepStatus.PLANNED: "Planned",
    StepStatus.NOT_NOW: "Not now",
    StepStatus.NOT_SAFE: "Not safe for me right now",
    StepStatus.NOT_APPLICABLE: "Doesn't apply",
}


class GuardChoice(str, Enum):
    """What a person chose when a step came before the steps it should follow."""

    SAVED_ANOTHER_WAY = "saved-another-way"
    """They already saved the evidence another way."""
    CONTINUED_ANYWAY = "continued-anyway"
    """They chose to go on, knowing what could be lost."""


def utc_now() -> datetime:
    """The current time in UTC, to the second."""
    return datetime.now(timezone.utc).replace(microsecond=0)


@dataclass
class StepRecord:
    """Everything a person has written or chosen for one step."""

    status: StepStatus | None = None
    """The status they chose, or None if they have not chosen one."""
    notes: str = ""
    """Free notes, exactly as typed."""
    answers: dict[str, Answer] = field(default_factory=dict)
    """Answers by prompt id (never by position)."""
    guard: GuardChoice | None = None
    """Their choice at the ordering guard, if it was shown."""
    guard_at: datetime | None = None
    """When they made the guard choice."""

    def is_empty(self) -> bool:
        """True when nothing at all has been recorded for the step."""
        return (
            self.status is None
            and not self.notes
            and not any(self.answers.values())
            and self.guard is None
        )


@dataclass
class Plan:
    """A whole plan: records per guide and step, and where the person was."""

    created: datetime | None = field(default_factory=utc_now)
    """When the plan was first made; None when its file holds a date that cannot be used
    (that date is kept in the file as it is)."""
    updated: datetime | None = field(default_factory=utc_now)
    """When the plan was last saved; None when its file does not say (or holds a date
    that cannot be used). Each save sets it."""
    save_counter: int = 0
    """How many times the plan has been saved."""
    records: dict[str, dict[str, StepRecord]] = field(default_factory=dict)
    """Step records by guide id, then step id. Records of steps that no longer exist are kept."""
    current_guide: str | None = None
    """The guide the person was in when they last left."""
    current_step: str | None = None
    """The step the person was on when they last left."""

    def record(self, guide_id: str, step_id: str) -> StepRecord:
        """The record of a step, created empty when it does not exist yet.

        Args:
            guide_id: The guide's id.
            step_id: The step's id within the guide.

        Returns:
            The (possibly new) record, stored in the plan.
        """
        return self.records.setdefault(guide_id, {}).setdefault(step_id, StepRecord())

    def peek(self, guide_id: str, step_id: str) -> StepRecord | None:
        """The record of a step if one exists, without creating it."""
        return self.records.get(guide_id, {}).get(step_id)

    def status(self, guide_id: str, step_id: str) -> StepStatus | None:
        """The status of a step, or None."""
        record = self.peek(guide_id, step_id)
        return record.status if record else None
