"""``safetyplan check``: open a plan and its previous version read-only, and report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from safetyplan.errors import NewerVersionError, PlanError
from safetyplan.plan.document import read_plan
from safetyplan.plan.model import Plan
from safetyplan.vault.age import MAX_WORK_FACTOR, AgeSession
from safetyplan.vault.folder import PlanStore, not_found
from safetyplan.vault.planfile import read_plan_file, unlock

if TYPE_CHECKING:
    from safetyplan.guides.content import Guide


@dataclass
class VersionReport:
    """What :func:`check` found in one file (the plan, or its previous version)."""

    opens: bool
    problem: str = ""
    """Why it does not open (a message for the person), or empty."""
    newer_version: bool = False
    """It was made by a newer version of the program (so it is not damaged)."""
    updated: datetime | None = None
    """When it was last saved, or None when the file does not say."""
    save_counter: int | None = None
    work_factor: int | None = None


@dataclass
class CheckReport:
    """What :func:`check` found about a plan."""

    name: str
    plan: VersionReport | None
    """The plan file, or None when it is missing."""
    backup: VersionReport | None
    """The previous version, or None when there is none."""
    damaged: list[str] = field(default_factory=list)
    """File names of damaged copies kept aside."""
    notes: list[str] = field(default_factory=list)
    """Facts about the content: how much is recorded, steps no longer in the guides."""

    @property
    def ok(self) -> bool:
        """The plan opens."""
        return self.plan is not None and self.plan.opens

    @property
    def can_restore(self) -> bool:
        """The plan is damaged or missing (not just newer), and its previous version opens."""
        broken = self.plan is None or not (self.plan.opens or self.plan.newer_version)
        return broken and self.backup is not None and self.backup.opens


def check(
    store: PlanStore,
    name: str,
    passphrase: str,
    *,
    guides: Sequence[Guide] | None = None,
    max_work_factor: int = MAX_WORK_FACTOR,
) -> CheckReport:
    """Open a plan and its previous version read-only, and report what was found.

    Args:
        store: The plans folder.
        name: The plan's name.
        passphrase: The passphrase as typed.
        guides: The guides, to report answers of steps that are no longer in them.
        max_work_factor: The largest scrypt work factor to accept.

    Returns:
        The report. Nothing on disk is changed.

    Raises:
        PlanNotFoundError: Neither the plan nor a previous version exists.
        BadPlanNameError: The name cannot be a plan's.
        StorageError: A file cannot be read.
    """
    name = store.validate_name(name)
    main = read_plan_file(store.path(name))
    backup = read_plan_file(store.backup_path(name))
    if main is None and backup is None:
        raise not_found(store, name)
    report = CheckReport(name, None, None, [p.name for p in store.damaged_paths(name)])
    session: AgeSession | None = None
    if main is not None:
        try:
            session, plaintext = unlock(main, passphrase, max_work_factor)
            odd_dates: list[str] = []
            plan = read_plan(plaintext, unusable_dates=odd_dates)[1]
            report.plan = _version(plan, session)
            report.notes = _content_notes(plan, guides) + _date_notes(odd_dates)
        except PlanError as error:
            report.plan = _failed(error)
    if backup is not None:
        try:
            backup_session, plaintext = unlock(backup, passphrase, max_work_factor, session)
            report.backup = _version(read_plan(plaintext)[1], backup_session)
        except PlanError as error:
            report.backup = _failed(error)
    return report


def _version(plan: Plan, session: AgeSession) -> VersionReport:
    return VersionReport(True, "", False, plan.updated, plan.save_counter, session.work_factor)


def _failed(error: PlanError) -> VersionReport:
    return VersionReport(False, str(error), newer_version=isinstance(error, NewerVersionError))


def _content_notes(plan: Plan, guides: Sequence[Guide] | None) -> list[str]:
    steps = answers = gone = 0
    known = None if guides is None else {g.id: {step.id for step in g.steps} for g in guides}
    for guide_id, records in plan.records.items():
        step_ids = known.get(guide_id, set()) if known is not None else set()
        for step_id, record in records.items():
            if not record.is_empty():
                steps += 1
                answers += sum(1 for value in record.answers.values() if value)
                gone += step_id not in step_ids
    notes = [f"Steps with something recorded: {steps}. Answers: {answers}."]
    if known is not None and gone:
        notes.append(
            f"Steps that are no longer in the guides: {gone}. "
            "What you wrote for them is kept in the plan."
        )
    return notes


def _date_notes(keys: list[str]) -> list[str]:
    """A note about dates that are too far in the past or the future to be used."""
    if not keys:
        return []
    shown = ", ".join(keys[:3]) + (f" and {len(keys) - 3} more" if len(keys) > 3 else "")
    return [
        f"Some dates are too far in the past or the future to use: {shown}. They are "
        "shown as unknown, and kept in the plan as they are."
    ]
