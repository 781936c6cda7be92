"""Unsaved changes are put onto a plan that changed elsewhere, field by field."""

from __future__ import annotations

import copy
from datetime import datetime, timezone

from safetyplan.plan.merge import reapply
from safetyplan.plan.model import GuardChoice, Plan, StepStatus


def base() -> Plan:
    plan = Plan()
    plan.record("tech", "cloud").notes = "first"
    plan.record("tech", "cloud").answers["where"] = "phone"
    plan.record("tech", "block").status = StepStatus.PLANNED
    return plan


def test_only_what_changed_here_is_carried_over() -> None:
    baseline = base()
    mine = copy.deepcopy(baseline)
    mine.record("tech", "cloud").answers["where"] = "laptop"
    mine.record("talk", "who").answers["people"] = ["Sam"]
    theirs = copy.deepcopy(baseline)
    theirs.record("tech", "cloud").notes = "their notes"
    theirs.record("tech", "block").status = StepStatus.DONE
    result = reapply(baseline, mine, theirs)
    assert result.steps == 2
    cloud = result.plan.record("tech", "cloud")
    assert cloud.answers["where"] == "laptop"  # mine
    assert cloud.notes == "their notes"  # theirs, not touched here
    assert result.plan.record("tech", "block").status is StepStatus.DONE
    assert result.plan.record("talk", "who").answers["people"] == ["Sam"]
    assert theirs.record("tech", "cloud").answers["where"] == "phone"  # not changed


def test_a_removed_answer_a_status_and_a_guard_choice() -> None:
    baseline = base()
    mine = copy.deepcopy(baseline)
    del mine.record("tech", "cloud").answers["where"]
    mine.record("tech", "block").status = None
    when = datetime(2026, 1, 2, tzinfo=timezone.utc)
    mine.record("tech", "block").guard = GuardChoice.SAVED_ANOTHER_WAY
    mine.record("tech", "block").guard_at = when
    mine.current_guide, mine.current_step = "tech", "block"
    theirs = copy.deepcopy(baseline)
    result = reapply(baseline, mine, theirs).plan
    assert "where" not in result.record("tech", "cloud").answers
    block = result.record("tech", "block")
    assert block.status is None
    assert (block.guard, block.guard_at) == (GuardChoice.SAVED_ANOTHER_WAY, when)
    assert (result.current_guide, result.current_step) == ("tech", "block")


def test_nothing_changed_here_gives_their_plan() -> None:
    baseline = base()
    theirs = copy.deepcopy(baseline)
    theirs.record("tech", "cloud").notes = "theirs"
    result = reapply(baseline, copy.deepcopy(baseline), theirs)
    assert result.steps == 0
    assert result.plan == theirs
