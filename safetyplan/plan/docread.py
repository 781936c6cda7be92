"""The plan from a plan document's plain values: every known key checked, named in each error.

Used by :mod:`safetyplan.plan.document`; the rules are those of ``docs/FORMAT.md``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any, TypeGuard

from safetyplan.errors import DocumentError, NewerVersionError
from safetyplan.plan.model import Answer, GuardChoice, Plan, StepRecord, StepStatus, utc_now

FORMAT = "safetyplan"
"""The value of the top-level ``format`` key of every plan."""
SCHEMA = 1
"""The newest document schema this version reads and writes."""
NOT_A_PLAN = "This file is not a plan."
"""The start of every message about a file that is not a plan at all."""

Path = tuple[str | int, ...]
"""Where a value is in the document: keys, and positions in arrays."""
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def plan_from_plain(raw: Mapping[str, Any], unusable: list[Path] | None) -> Plan:
    """Check the plain values of a document strictly and build the plan.

    Args:
        raw: The values, as ``tomllib`` reads them.
        unusable: Where to note the dates that cannot be used (they read as unknown),
            or None to refuse them.

    Returns:
        A new plan, sharing nothing that can change with ``raw``.

    Raises:
        DocumentError: Not a plan, or a damaged one; the message names the key.
        NewerVersionError: Written by a newer version of the program.
    """
    if raw.get("format") != FORMAT:
        raise DocumentError(NOT_A_PLAN)
    schema = raw.get("schema")
    if not _is_int(schema) or schema < 1:
        raise _bad(("schema",), "a whole number of 1 or more")
    if schema > SCHEMA:
        raise NewerVersionError(
            "This plan was made by a newer version of this program. "
            "Please update the program to open it. The file has not been changed."
        )
    created = _when(raw, ("created",), unusable)
    if created is None and "created" not in raw:
        created = utc_now()  # nothing is lost: there was no time to keep
    counter = raw.get("save_counter", 0)
    if not _is_int(counter) or counter < 0:
        raise _bad(("save_counter",), "a whole number of 0 or more")
    plan = Plan(created=created, updated=_when(raw, ("updated",), unusable), save_counter=counter)
    place = _table_at(raw, ("place",))
    plan.current_guide = _text_at(place, ("place", "guide"))
    plan.current_step = _text_at(place, ("place", "step"))
    guides = _table_at(raw, ("guides",))
    for guide_id, steps in guides.items():
        if not isinstance(steps, dict):
            raise _bad(("guides", guide_id), "a table of steps")
        records = plan.records.setdefault(guide_id, {})
        for step_id, step in steps.items():
            path = ("guides", guide_id, step_id)
            if not isinstance(step, dict):
                raise _bad(path, "a table")
            records[step_id] = _record(step, path, unusable)
    return plan


def _record(step: Mapping[str, Any], path: Path, unusable: list[Path] | None) -> StepRecord:
    record = StepRecord(
        status=_enum(StepStatus, _text_at(step, (*path, "status")), (*path, "status")),
        notes=_text_at(step, (*path, "notes")) or "",
        guard=_enum(GuardChoice, _text_at(step, (*path, "guard")), (*path, "guard")),
        guard_at=_when(step, (*path, "guard_at"), unusable),
    )
    answers = _table_at(step, (*path, "answers"))
    for prompt_id, value in answers.items():
        record.answers[prompt_id] = answer(value, (*path, "answers", prompt_id))
    return record


def answer(value: object, path: Path) -> Answer:
    """Check one answer (also used on answers before they are written).

    Args:
        value: The answer's value.
        path: Where it is, for the message.

    Returns:
        The answer, as a new list or dict where it is one.

    Raises:
        DocumentError: It is no kind of answer; the message names the key.
    """
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        if all(isinstance(item, str) for item in value):
            return [str(item) for item in value]
        if all(isinstance(item, dict) for item in value):
            return [_contact(item, (*path, n)) for n, item in enumerate(value)]
        raise _bad(path, "a list of text, or a list of contacts")
    if isinstance(value, dict):
        parts = value.get("parts", {})
        if not isinstance(parts, dict):
            raise _bad((*path, "parts"), "a table")
        checked: dict[str, str | list[str]] = {}
        for part_id, part in parts.items():
            if isinstance(part, str):
                checked[part_id] = part
            elif isinstance(part, (list, tuple)) and all(isinstance(i, str) for i in part):
                checked[part_id] = [str(i) for i in part]
            else:
                raise _bad((*path, "parts", part_id), "text or a list of text")
        text = value.get("text", "")
        if not isinstance(text, str):
            raise _bad((*path, "text"), "text")
        return {"parts": checked, "text": text}
    raise _bad(path, "text, a list, or a table")


def _contact(entry: dict[str, Any], path: Path) -> dict[str, str]:
    name = entry.get("name", "")
    how = entry.get("how", "")
    if not isinstance(name, str):
        raise _bad((*path, "name"), "text")
    if not isinstance(how, str):
        raise _bad((*path, "how"), "text")
    return {"name": name, "how": how}


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _when(table: Mapping[str, Any], path: Path, unusable: list[Path] | None) -> datetime | None:
    """The date-time at ``path[-1]`` in UTC; None when missing or (noted) unusable."""
    value = table.get(str(path[-1]))
    if value is None:
        return None
    if not isinstance(value, datetime):
        raise _bad(path, "a date and time")
    moment = utc(value)
    if moment is None:
        if unusable is None:
            raise DocumentError(
                f"This plan cannot be opened: the date in {dotted(path)} is too far in "
                "the past or the future."
            )
        unusable.append(path)
    return moment


def utc(value: datetime) -> datetime | None:
    """The same moment in UTC; a time without an offset is taken to be UTC.

    Returns:
        The moment, or None when it falls before the year 1 or after 9999 in UTC
        (``9999-12-31T23:59:00-01:00`` does), which Python cannot hold.
    """
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    try:
        return value.astimezone(timezone.utc)
    except OverflowError:
        return None


def _table_at(table: Mapping[str, Any], path: Path) -> Mapping[str, Any]:
    value = table.get(str(path[-1]), {})
    if not isinstance(value, dict):
        raise _bad(path, "a table")
    return value


def _text_at(table: Mapping[str, Any], path: Path) -> str | None:
    value = table.get(str(path[-1]))
    if value is not None and not isinstance(value, str):
        raise _bad(path, "text")
    return value


def _enum(kind: type[StepStatus] | type[GuardChoice], value: str | None, path: Path) -> Any:
    if value is None:
        return None
    try:
        return kind(value)
    except ValueError:
        raise DocumentError(
            f"This plan cannot be opened: the value of {dotted(path)} is not one "
            "this version of the program knows."
        ) from None


def _bad(path: Path, what: str) -> DocumentError:
    return DocumentError(
        f"This plan cannot be opened: {dotted(path)} should be {what}, and it is not."
    )


def dotted(path: Path) -> str:
    """A key path as TOML would write it, such as ``guides.tech.cloud.status``.

    Odd characters are escaped (``"te\\u001bch"``), never shown raw.
    """
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            key = part if _BARE_KEY.fullmatch(part) else json.dumps(part)
            out += f".{key}" if out else key
    return out
