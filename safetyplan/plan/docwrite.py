"""A plan put into its document's plain values, keeping everything this version does not know.

Used by :func:`safetyplan.plan.document.update_document`; the rules are those of
``docs/FORMAT.md`` (*Keys this version does not know*).
"""

from __future__ import annotations

import itertools
from datetime import datetime
from typing import Any

from safetyplan.errors import DocumentError, PlanNotSavedError
from safetyplan.plan.docread import FORMAT, SCHEMA, Path, answer, dotted, utc
from safetyplan.plan.model import Answer, Plan, StepRecord

TOP_KEYS = ("format", "schema", "created", "updated", "save_counter")
"""The top-level keys, in the order they are written first."""


def put_plan(doc: dict[str, Any], plan: Plan) -> None:
    """Put a plan into a document's values, in place, changing only the keys that differ.

    Args:
        doc: The document's values (see :func:`safetyplan.plan.document.update_document`).
        plan: The plan to put in. It is not changed.

    Raises:
        PlanNotSavedError: An answer has a value that cannot be saved (a program error).
    """
    doc["format"] = FORMAT
    doc["schema"] = SCHEMA
    _put_time(doc, "created", plan.created)
    _put_time(doc, "updated", plan.updated)
    doc["save_counter"] = plan.save_counter
    present = [key for key in TOP_KEYS if key in doc]
    if list(itertools.islice(doc, len(present))) != present:  # one was added: at the end
        top = {key: doc.pop(key) for key in present}
        rest = dict(doc)
        doc.clear()
        doc.update(top)
        doc.update(rest)
    _update_place(doc, plan)
    _update_guides(doc, plan)


def _put(table: dict[str, Any], key: str, value: object) -> None:
    """Set a key, or remove it when ``value`` is None."""
    if value is None:
        table.pop(key, None)
    else:
        table[key] = value


def _put_time(table: dict[str, Any], key: str, moment: datetime | None) -> None:
    """Set a date-time in UTC; keep what is there when it is the same moment, or when the
    plan has none and what is there is a date this program cannot use (nothing is lost)."""
    stored = table.get(key)
    if isinstance(stored, datetime):
        in_utc = utc(stored)
        if in_utc is None and moment is None:
            return
        if in_utc is not None and in_utc == moment:
            return
    _put(table, key, None if moment is None else utc(moment))


def _update_place(doc: dict[str, Any], plan: Plan) -> None:
    place = doc.get("place")
    if not isinstance(place, dict):
        if plan.current_guide is None and plan.current_step is None:
            return
        place = {}
    _put(place, "guide", plan.current_guide)
    _put(place, "step", plan.current_step)
    _put(doc, "place", place or None)


def _nothing(record: StepRecord) -> bool:
    """True when a record holds nothing at all, not even an empty answer."""
    return record == StepRecord()


def _update_guides(doc: dict[str, Any], plan: Plan) -> None:
    """Put each step's record in its table; tables made empty by this are removed."""
    stored = doc.get("guides")
    guides: dict[str, Any] = stored if isinstance(stored, dict) else {}
    had_guides = bool(guides)
    for guide_id, records in plan.records.items():
        existing = guides.get(guide_id)
        steps: dict[str, Any] = existing if isinstance(existing, dict) else {}
        had_steps = bool(steps)
        for step_id, record in records.items():
            step = steps.get(step_id)
            if not isinstance(step, dict):
                if step is None and _nothing(record):
                    continue
                step = {}
            _update_step(step, record, ("guides", guide_id, step_id))
            _put(steps, step_id, step or None)
        if steps:
            guides[guide_id] = steps
        elif had_steps:
            del guides[guide_id]
    for guide_id, steps in list(guides.items()):
        records = plan.records.get(guide_id, {})
        if not isinstance(steps, dict):
            continue
        gone = [step_id for step_id in steps if step_id not in records]
        for step_id in gone:
            step = steps[step_id]
            if isinstance(step, dict):
                _update_step(step, StepRecord(), ("guides", guide_id, step_id))
            _put(steps, step_id, step if isinstance(step, dict) and step else None)
        if gone and not steps:
            del guides[guide_id]
    if guides:
        doc["guides"] = guides
    elif had_guides:
        del doc["guides"]


def _update_step(step: dict[str, Any], record: StepRecord, path: Path) -> None:
    _put(step, "status", record.status.value if record.status else None)
    _put(step, "notes", record.notes or None)
    _put(step, "guard", record.guard.value if record.guard else None)
    _put_time(step, "guard_at", record.guard_at)
    if not record.answers:
        step.pop("answers", None)
        return
    stored = step.get("answers")
    old: dict[str, Any] = stored if isinstance(stored, dict) else {}
    answers: dict[str, Any] = {}
    for prompt_id, value in record.answers.items():
        new = _checked(value, (*path, "answers", prompt_id))
        before = old.get(prompt_id)
        if before is not None and _same(before, new):
            answers[prompt_id] = before  # unchanged: kept exactly, unknown keys and all
        elif isinstance(new, dict):
            table = dict(before) if isinstance(before, dict) else {}
            table["text"], table["parts"] = new["text"], new["parts"]
            answers[prompt_id] = table
        elif isinstance(new, list) and new and isinstance(new[0], dict):
            answers[prompt_id] = _contacts(before, new)
        else:
            answers[prompt_id] = new
    step["answers"] = answers


def _checked(value: object, path: Path) -> Answer:
    try:
        return answer(value, path)
    except DocumentError:
        problem = (
            f"This plan cannot be saved: the answer at {dotted(path)} has a value the "
            "program cannot store."
        )
        raise PlanNotSavedError(
            f"{problem} Your changes are still here.", f"{problem} Nothing was changed."
        ) from None


def _same(stored: object, new: Answer) -> bool:
    try:
        return answer(stored, ()) == new
    except DocumentError:
        return False


def _contacts(stored: object, new: list[Any]) -> list[dict[str, Any]]:
    """A contacts answer; a contact whose name and how did not change keeps its unknown keys."""
    spare: dict[tuple[str, str], list[dict[str, Any]]] = {}
    if isinstance(stored, list):
        for entry in reversed(stored):
            if isinstance(entry, dict):
                name, how = entry.get("name", ""), entry.get("how", "")
                if isinstance(name, str) and isinstance(how, str):
                    spare.setdefault((name, how), []).append(entry)
    contacts = []
    for contact in new:
        matches = spare.get((contact["name"], contact["how"]))
        entry = dict(contact)
        if matches:
            old = matches.pop()  # the first unused one, in the stored order
            entry.update({k: v for k, v in old.items() if k not in ("name", "how")})
        contacts.append(entry)
    return contacts
