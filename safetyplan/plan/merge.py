"""Putting unsaved changes onto a plan that was changed elsewhere in the meantime.

When the plan file changed on disk while it was open (another copy of the program saved
it, or its passphrase was changed), the open copy is never written back. The person can
open the plan again, as it is now, and have their own unsaved changes put on top of it:
:func:`reapply` does that, field by field, for each step they changed.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from safetyplan.plan.model import Plan, StepRecord


@dataclass(frozen=True)
class Reapplied:
    """What :func:`reapply` did."""

    plan: Plan
    """The plan as it is now on disk, with the person's changes put on top."""
    steps: int
    """How many steps had changes of the person's."""


def reapply(baseline: Plan, mine: Plan, theirs: Plan) -> Reapplied:
    """Put the changes made since ``baseline`` in ``mine`` onto ``theirs``.

    Only what the person changed is carried over: a status, the notes, a guard choice,
    or one answer. Everything else in ``theirs`` stays as it is. Where both changed the
    same thing, the person's own change wins: it is what they just did.

    Args:
        baseline: The plan as it was when last opened or saved here.
        mine: The plan as it is here now, with the unsaved changes.
        theirs: The plan as it is on disk now (opened again). Not changed.

    Returns:
        A new plan, and how many steps had changes.
    """
    result = copy.deepcopy(theirs)
    steps = 0
    empty = StepRecord()
    guide_ids = {*baseline.records, *mine.records}
    for guide_id in sorted(guide_ids):
        old_steps = baseline.records.get(guide_id, {})
        new_steps = mine.records.get(guide_id, {})
        for step_id in sorted({*old_steps, *new_steps}):
            old = old_steps.get(step_id, empty)
            new = new_steps.get(step_id, empty)
            if old == new:
                continue
            steps += 1
            target = result.record(guide_id, step_id)
            _carry(old, new, target)
    if (mine.current_guide, mine.current_step) != (baseline.current_guide, baseline.current_step):
        result.current_guide, result.current_step = mine.current_guide, mine.current_step
    return Reapplied(result, steps)


def _carry(old: StepRecord, new: StepRecord, target: StepRecord) -> None:
    """Copy each field of one step that changed from ``old`` to ``new`` into ``target``."""
    if new.status != old.status:
        target.status = new.status
    if new.notes != old.notes:
        target.notes = new.notes
    if (new.guard, new.guard_at) != (old.guard, old.guard_at):
        target.guard, target.guard_at = new.guard, new.guard_at
    for prompt_id in {*old.answers, *new.answers}:
        before = old.answers.get(prompt_id)
        after = new.answers.get(prompt_id)
        if before == after:
            continue
        if after is None:
            target.answers.pop(prompt_id, None)
        else:
            target.answers[prompt_id] = copy.deepcopy(after)
