"""The plan session: the one owner of an open plan's state, for every face (no UI here).

A face (the full-screen app, the plain line mode, the command line, a test) opens,
makes or tries out a plan through :class:`PlanSession`, reads it, and changes it only
through the session's typed operations: :meth:`~PlanSession.set_answer`,
:meth:`~PlanSession.set_status`, :meth:`~PlanSession.set_notes`,
:meth:`~PlanSession.choose_at_guard`, :meth:`~PlanSession.move_to`. The session knows
what is unsaved, decides what the ordering guard asks (:meth:`~PlanSession.guard_for`),
saves with the key it derived at unlock, and never writes a plan that changed on disk
since it was opened (see :class:`~safetyplan.plan.storage.OpenPlan`).
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from safetyplan.errors import PlanChangedError, PlanError
from safetyplan.guides.content import Guide, Step
from safetyplan.plan.model import Answer, GuardChoice, Plan, StepRecord, StepStatus, utc_now
from safetyplan.plan.progress import steps_to_do_first
from safetyplan.plan.storage import OpenPlan

AUTOSAVE_DELAY = 0.5
"""Seconds of quiet after a change before a face saves it (faces keep their own timer)."""


class SaveState(Enum):
    """Where the open plan stands with the disk."""

    SAVED = "saved"
    """Everything is on disk (or nothing was changed yet)."""
    UNSAVED = "unsaved"
    """There are changes that are not on disk yet."""
    NOT_SAVING = "not-saving"
    """Trying it out: nothing is ever written."""
    CHANGED_ELSEWHERE = "changed-elsewhere"
    """The file changed on disk since it was opened; nothing is written any more."""


@dataclass(frozen=True)
class GuardQuestion:
    """What the ordering guard asks before a step whose earlier steps are not done."""

    step: Step
    """The step being opened."""
    waiting_on: tuple[Step, ...]
    """The earlier steps (such as saving the evidence) that are not done yet."""
    message: str
    """The guide's words for why the order matters."""


class PlanSession:
    """An open plan (or one tried out without saving) and the rules for changing it."""

    def __init__(self, guides: tuple[Guide, ...], opened: OpenPlan | None) -> None:
        """Internal: use :meth:`open`, :meth:`create` or :meth:`try_out`."""
        self.guides = guides
        self._opened = opened
        self._plan = opened.plan if opened is not None else Plan()
        self._baseline = copy.deepcopy(self._plan)
        self._edits = 0
        self._saved_edits = 0
        self._save_lock = threading.Lock()

    # --- Opening ------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        folder: Path,
        name: str,
        passphrase: str,
        guides: tuple[Guide, ...],
        *,
        max_work_factor: int = 22,
    ) -> PlanSession:
        """Open a plan with its passphrase. Slow: runs scrypt once.

        Raises:
            PlanError: A subclass says what is wrong (wrong passphrase, damaged...).
        """
        from safetyplan.plan.storage import open_plan
        from safetyplan.vault.folder import PlanStore

        opened = open_plan(PlanStore(folder), name, passphrase, max_work_factor=max_work_factor)
        return cls(guides, opened)

    @classmethod
    def create(
        cls,
        folder: Path,
        name: str,
        passphrase: str,
        guides: tuple[Guide, ...],
        *,
        work_factor: int = 18,
        plan: Plan | None = None,
    ) -> PlanSession:
        """Make a new plan and save it (with what was tried out, if given). Slow: scrypt.

        Raises:
            PlanError: The name is taken or not allowed, or the disk refused.
        """
        from safetyplan.plan.storage import create_plan
        from safetyplan.vault.folder import PlanStore

        opened = create_plan(PlanStore(folder), name, passphrase, work_factor=work_factor)
        if plan is not None:
            opened.plan.records = copy.deepcopy(plan.records)
            opened.plan.current_guide, opened.plan.current_step = (
                plan.current_guide,
                plan.current_step,
            )
            opened.save()
        return cls(guides, opened)

    def reopen(self, passphrase: str, *, max_work_factor: int = 22) -> PlanSession:
        """Open this plan again as it is on disk now, with the changes made here added.

        For a plan that changed elsewhere: the passphrase is the one the file has now
        (it may have been changed because someone learned the old one). The changes
        made here since the plan was last read or saved are put on top, field by field
        (:func:`safetyplan.plan.merge.reapply`), and are not saved yet. This session is
        left as it is; close it once the new one is in use.

        Raises:
            PlanError: There is no file to open (a plan tried out, or one deleted), or
                the passphrase does not open it.
        """
        from safetyplan.plan.merge import reapply

        if self._opened is None:
            raise PlanError("A plan that is being tried out has no file to open again.")
        store = self._opened.store
        again = PlanSession.open(
            store.folder,
            self._opened.name,
            passphrase,
            self.guides,
            max_work_factor=max_work_factor,
        )
        merged = reapply(self._baseline, self._plan, again._plan)
        assert again._opened is not None
        again._opened.plan = again._plan = merged.plan
        again._edits = 1 if merged.steps else 0
        return again

    @classmethod
    def try_out(cls, guides: tuple[Guide, ...]) -> PlanSession:
        """A plan that is never saved: for trying the guides out."""
        return cls(guides, None)

    # --- Reading ------------------------------------------------------------------

    @property
    def name(self) -> str | None:
        """The plan's name, or None when trying it out."""
        return self._opened.name if self._opened is not None else None

    @property
    def plan(self) -> Plan:
        """A copy of the plan as it is now, to read. Changing it changes nothing."""
        return copy.deepcopy(self._plan)

    def record(self, guide_id: str, step_id: str) -> StepRecord:
        """A copy of one step's record (empty when nothing is recorded)."""
        record = self._plan.peek(guide_id, step_id)
        return copy.deepcopy(record) if record is not None else StepRecord()

    def guide(self, guide_id: str) -> Guide:
        """The guide with this id.

        Raises:
            KeyError: There is no such guide.
        """
        for guide in self.guides:
            if guide.id == guide_id:
                return guide
        raise KeyError(guide_id)

    def steps(self) -> Iterator[tuple[Guide, Step]]:
        """Every step of every guide, in order."""
        for guide in self.guides:
            for step in guide.steps:
                yield guide, step

    @property
    def save_state(self) -> SaveState:
        """Where the plan stands with the disk."""
        if self._opened is None:
            return SaveState.NOT_SAVING
        if self._opened.changed_elsewhere:
            return SaveState.CHANGED_ELSEWHERE
        return SaveState.UNSAVED if self.unsaved else SaveState.SAVED

    @property
    def unsaved(self) -> bool:
        """True when there are changes that are not on disk."""
        return self._edits > self._saved_edits

    # --- The ordering guard ---------------------------------------------------------

    def guard_for(self, guide_id: str, step_id: str) -> GuardQuestion | None:
        """What the guard asks before this step, or None when it asks nothing."""
        guide = self.guide(guide_id)
        step = guide.step(step_id)
        if step is None:
            return None
        waiting = steps_to_do_first(guide, self._plan, step)
        if not waiting:
            return None
        return GuardQuestion(step, tuple(waiting), step.after_message)

    def choose_at_guard(self, guide_id: str, step_id: str, choice: GuardChoice) -> None:
        """Record the person's choice at the guard (the time is kept with it)."""
        record = self._plan.record(guide_id, step_id)
        record.guard, record.guard_at = choice, utc_now()
        self._changed()

    # --- Changing -------------------------------------------------------------------

    def set_answer(self, guide_id: str, step_id: str, prompt_id: str, answer: Answer) -> None:
        """Set one answer; an empty answer removes it."""
        record = self._plan.record(guide_id, step_id)
        if _empty(answer):
            if prompt_id not in record.answers:
                return
            del record.answers[prompt_id]
        elif record.answers.get(prompt_id) == answer:
            return
        else:
            record.answers[prompt_id] = copy.deepcopy(answer)
        self._changed()

    def set_status(self, guide_id: str, step_id: str, status: StepStatus | None) -> None:
        """Set a step's status (None: no status)."""
        record = self._plan.record(guide_id, step_id)
        if record.status is not status:
            record.status = status
            self._changed()

    def set_notes(self, guide_id: str, step_id: str, notes: str) -> None:
        """Set a step's notes, exactly as typed."""
        record = self._plan.record(guide_id, step_id)
        if record.notes != notes:
            record.notes = notes
            self._changed()

    def move_to(self, guide_id: str, step_id: str) -> None:
        """Remember where the person is, so the plan resumes there."""
        if (self._plan.current_guide, self._plan.current_step) != (guide_id, step_id):
            self._plan.current_guide, self._plan.current_step = guide_id, step_id
            self._changed()

    def _changed(self) -> None:
        self._edits += 1

    # --- Saving and closing -----------------------------------------------------------

    def save(self) -> bool:
        """Save what is unsaved, with the key derived at unlock. Safe from any thread.

        Returns:
            True when everything is on disk now (or nothing is ever saved).

        Raises:
            PlanChangedError: The file changed on disk since it was opened; nothing was
                written, and nothing will be (see :attr:`save_state`).
            PlanError: The disk refused (full, read-only...); the file on disk is intact
                and the changes are kept here.
        """
        if self._opened is None:
            return True
        with self._save_lock:
            edits = self._edits
            if edits <= self._saved_edits:
                return True
            snapshot = copy.deepcopy(self._plan)
            self._opened.save(snapshot)
            self._saved_edits = edits
            self._baseline = snapshot
            self._plan.updated, self._plan.save_counter = snapshot.updated, snapshot.save_counter
        return True

    def save_quietly(self) -> str | None:
        """Save without raising, as quick exit does.

        Returns:
            None when saved, or one neutral line saying what was not saved.
        """
        try:
            self.save()
        except PlanChangedError:
            return (
                "The plan was changed elsewhere while it was open, so the last changes "
                "were not saved."
            )
        except PlanError:
            return "The last changes could not be saved. The plan file on disk is whole."
        return None

    def change_passphrase(
        self, passphrase: str, *, work_factor: int = 18, old_passphrase: str | None = None
    ) -> None:
        """Save with a new passphrase (new salt and key). Slow: scrypt.

        Args:
            passphrase: The new passphrase.
            work_factor: log2 of the scrypt N for it.
            old_passphrase: The passphrase now, so that damaged copies kept aside are
                locked with the new one too (see :meth:`OpenPlan.change_passphrase`).

        Raises:
            PlanError: As in :meth:`save`; the file keeps its old passphrase.
        """
        if self._opened is None:
            raise PlanError("A plan that is being tried out has no passphrase.")
        with self._save_lock:
            self._opened.plan = self._plan
            self._opened.change_passphrase(
                passphrase, work_factor=work_factor, old_passphrase=old_passphrase
            )
            self._saved_edits = self._edits
            self._baseline = copy.deepcopy(self._plan)

    def check_passphrase(self, passphrase: str) -> bool:
        """True when the passphrase is this plan's (to unlock after a lock). Slow."""
        return self._opened is not None and self._opened.check_passphrase(passphrase)

    def close(self) -> None:
        """Forget the key. Save first if the changes should be kept."""
        if self._opened is not None:
            self._opened.close()


def _empty(answer: Answer) -> bool:
    """True for an answer that holds nothing (no text, nothing ticked, no contact)."""
    if isinstance(answer, str):
        return answer == ""
    if isinstance(answer, dict):
        parts = answer.get("parts", {})
        return not answer.get("text") and not (isinstance(parts, dict) and any(parts.values()))
    return len(answer) == 0
