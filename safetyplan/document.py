"""The plan document: the TOML inside a plan file, read strictly and written with tomlkit.

Reading uses the standard TOML parser (``tomllib``, or ``tomli`` on Python 3.10), which is
fast and exact; the values are then checked and placed in a tomlkit document of a fixed,
simple shape (see ``docs/FORMAT.md``). Saving changes only the parts of that document
that differ from the plan, so keys this version does not know are kept, and a large plan
saves quickly.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import datetime, timezone
from typing import Any, TypeGuard

import tomlkit
from tomlkit.container import Container
from tomlkit.items import Item, Table

from safetyplan.errors import DocumentError, NewerVersionError
from safetyplan.model import Answer, GuardChoice, Plan, StepRecord, StepStatus

if sys.version_info >= (3, 11):  # pragma: no cover - depends on the Python version
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

__all__ = [
    "FORMAT",
    "MAX_SIZE",
    "PAD_TO",
    "SCHEMA",
    "dumps",
    "load_plan",
    "loads",
    "new_document",
    "parse_import",
    "plan_from_document",
    "update_document",
]

FORMAT = "safetyplan"
"""The value of the top-level ``format`` key of every plan."""
SCHEMA = 1
"""The newest document schema this version reads and writes."""
PAD_TO = 4096
"""The plaintext is padded with newlines to a multiple of this many bytes."""
MAX_SIZE = 8 * 1024 * 1024
MAX_DEPTH = 64
"""The deepest nesting of tables and arrays a plan may have. Plans written by this program
go about 7 levels deep; far deeper ones could not be saved again (building the document
would run out of stack), so they are refused when read."""
"""The largest plaintext we read or write (8 MiB), padding included."""

NOT_A_PLAN = "This file is not a plan."
TOO_LARGE = (
    "This plan is too large to save (the limit is 8 MiB). Your changes are still here; "
    "try making some long answers shorter."
)

_Path = tuple[str | int, ...]
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_MISSING = object()


# --- Reading ------------------------------------------------------------------------


def loads(data: bytes) -> tomlkit.TOMLDocument:
    """Read the decrypted bytes of a plan file into a document (not yet checked as a plan).

    Args:
        data: UTF-8 TOML, possibly padded with newlines.

    Returns:
        A tomlkit document in the shape :func:`update_document` expects.

    Raises:
        DocumentError: Too large, not UTF-8, or not TOML.
    """
    return _build(_parse_bytes(data))


def load_plan(data: bytes) -> tuple[tomlkit.TOMLDocument, Plan]:
    """Read the decrypted bytes of a plan file into its document and its plan.

    Args:
        data: UTF-8 TOML, possibly padded with newlines.

    Returns:
        The document (kept for saving) and the plan.

    Raises:
        DocumentError: Not a plan, or a damaged one; the message names the key.
        NewerVersionError: Written by a newer version of the program.
    """
    raw, plan = read_plan(data)
    return build_document(raw), plan


def read_plan(data: bytes) -> tuple[dict[str, Any], Plan]:
    """Read the decrypted bytes of a plan file into its plain values and its plan.

    This is the quick part of :func:`load_plan`: building the document for saving from
    the plain values (:func:`build_document`) can wait until the first save.

    Raises:
        DocumentError: Not a plan, or a damaged one; the message names the key.
        NewerVersionError: Written by a newer version of the program.
    """
    raw = _parse_bytes(data)
    return raw, _plan_from_plain(raw)


def build_document(raw: dict[str, Any]) -> tomlkit.TOMLDocument:
    """The document to save a plan into, from the plain values :func:`read_plan` gave."""
    return _build(raw)


def parse_import(text: str) -> tomlkit.TOMLDocument:
    """Read a TOML plan given to ``import``, and check that it is a plan.

    Args:
        text: The file's text.

    Returns:
        The document, in the shape :func:`update_document` expects.

    Raises:
        DocumentError: Not TOML, or not a plan; the message says what is wrong.
        NewerVersionError: Written by a newer version of the program.
    """
    if len(text.encode("utf-8", "surrogatepass")) > MAX_SIZE:
        raise DocumentError("This file is too large to be a plan (the limit is 8 MiB).")
    try:
        raw = tomllib.loads(text)
    except (ValueError, RecursionError) as error:  # TOMLDecodeError is a ValueError
        raise DocumentError(f"This file is not valid TOML: {_short(error)}") from None
    if _too_deep(raw):
        raise DocumentError(f"{NOT_A_PLAN} Its tables are nested far too deeply.")
    _plan_from_plain(raw)
    return _build(raw)


def plan_from_document(doc: tomlkit.TOMLDocument) -> Plan:
    """Check a document and return the plan it holds.

    Args:
        doc: A document from :func:`loads`, :func:`parse_import` or :func:`new_document`.

    Returns:
        A new :class:`Plan`; changing it does not change the document.

    Raises:
        DocumentError: Not a plan, or a damaged one; the message names the key.
        NewerVersionError: Written by a newer version of the program.
    """
    return _plan_from_plain(doc.unwrap())


def _parse_bytes(data: bytes) -> dict[str, Any]:
    if len(data) > MAX_SIZE:
        raise DocumentError("This plan is larger than any plan this program writes (8 MiB).")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise DocumentError(f"{NOT_A_PLAN} Its content is not text.") from None
    try:
        raw: dict[str, Any] = tomllib.loads(text)
    except (ValueError, RecursionError):
        raise DocumentError(f"{NOT_A_PLAN} Its content is not in the TOML format.") from None
    if _too_deep(raw):
        raise DocumentError(f"{NOT_A_PLAN} Its tables are nested far too deeply.")
    return raw


def _too_deep(value: object) -> bool:
    """True when tables and arrays nest deeper than :data:`MAX_DEPTH` (checked without
    recursion, so any depth can be checked)."""
    waiting: list[tuple[object, int]] = [(value, 0)]
    while waiting:
        item, depth = waiting.pop()
        if depth > MAX_DEPTH:
            return True
        if isinstance(item, dict):
            waiting.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            waiting.extend((child, depth + 1) for child in item)
    return False


def _short(error: BaseException) -> str:
    """The first line of a parser's message, which says where the problem is."""
    if isinstance(error, RecursionError):
        return "it is nested too deeply."
    line = str(error).splitlines()[0] if str(error) else "it cannot be read"
    return line if line.endswith(".") else line + "."


def _plan_from_plain(raw: dict[str, Any]) -> Plan:
    """Check the plain values of a document strictly and build the plan."""
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
    now = datetime.now(timezone.utc).replace(microsecond=0)
    created = _when(raw, "created", ("created",)) or now
    updated = _when(raw, "updated", ("updated",)) or created
    counter = raw.get("save_counter", 0)
    if not _is_int(counter) or counter < 0:
        raise _bad(("save_counter",), "a whole number of 0 or more")
    plan = Plan(created=created, updated=updated, save_counter=counter)
    place = _table_at(raw, "place", ("place",))
    plan.current_guide = _text_at(place, "guide", ("place", "guide"))
    plan.current_step = _text_at(place, "step", ("place", "step"))
    guides = _table_at(raw, "guides", ("guides",))
    for guide_id, steps in guides.items():
        if not isinstance(steps, dict):
            raise _bad(("guides", guide_id), "a table of steps")
        records = plan.records.setdefault(guide_id, {})
        for step_id, step in steps.items():
            path = ("guides", guide_id, step_id)
            if not isinstance(step, dict):
                raise _bad(path, "a table")
            records[step_id] = _record(step, path)
    return plan


def _record(step: dict[str, Any], path: _Path) -> StepRecord:
    status = _text_at(step, "status", (*path, "status"))
    guard = _text_at(step, "guard", (*path, "guard"))
    record = StepRecord(
        status=_enum(StepStatus, status, (*path, "status")),
        notes=_text_at(step, "notes", (*path, "notes")) or "",
        guard=_enum(GuardChoice, guard, (*path, "guard")),
        guard_at=_when(step, "guard_at", (*path, "guard_at")),
    )
    answers = _table_at(step, "answers", (*path, "answers"))
    for prompt_id, value in answers.items():
        record.answers[prompt_id] = _answer(value, (*path, "answers", prompt_id))
    return record


def _answer(value: object, path: _Path) -> Answer:
    """Check one answer (also used on answers before they are written)."""
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


def _contact(entry: dict[str, Any], path: _Path) -> dict[str, str]:
    name = entry.get("name", "")
    how = entry.get("how", "")
    if not isinstance(name, str):
        raise _bad((*path, "name"), "text")
    if not isinstance(how, str):
        raise _bad((*path, "how"), "text")
    return {"name": name, "how": how}


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _when(table: dict[str, Any], key: str, path: _Path) -> datetime | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, datetime):
        raise _bad(path, "a date and time")
    return _utc(value)


def _utc(value: datetime) -> datetime:
    """The same moment in UTC; a time without an offset is taken to be UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def _table_at(table: dict[str, Any], key: str, path: _Path) -> dict[str, Any]:
    value = table.get(key, {})
    if not isinstance(value, dict):
        raise _bad(path, "a table")
    return value


def _text_at(table: dict[str, Any], key: str, path: _Path) -> str | None:
    value = table.get(key)
    if value is not None and not isinstance(value, str):
        raise _bad(path, "text")
    return value


def _enum(kind: type[StepStatus] | type[GuardChoice], value: str | None, path: _Path) -> Any:
    if value is None:
        return None
    try:
        return kind(value)
    except ValueError:
        raise DocumentError(
            f"This plan cannot be opened: the value of {_dotted(path)} is not one "
            "this version of the program knows."
        ) from None


def _bad(path: _Path, what: str) -> DocumentError:
    return DocumentError(
        f"This plan cannot be opened: {_dotted(path)} should be {what}, and it is not."
    )


def _dotted(path: _Path) -> str:
    """A key path as TOML would write it; odd characters are escaped, never shown raw."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            key = part if _BARE_KEY.fullmatch(part) else json.dumps(part)
            out += f".{key}" if out else key
    return out


# --- Writing ------------------------------------------------------------------------


def new_document() -> tomlkit.TOMLDocument:
    """An empty plan document: the format, schema and times of a new plan.

    Returns:
        A document that :func:`plan_from_document` reads as an empty plan.
    """
    doc = tomlkit.document()
    update_document(doc, Plan())
    return doc


def update_document(doc: tomlkit.TOMLDocument, plan: Plan) -> None:
    """Write a plan into its document, in place, changing only what differs.

    Keys this version does not know are kept at every level. A step's table is removed
    when the step has nothing recorded and the table holds no unknown keys.

    Args:
        doc: The document the plan was read from (or a new one).
        plan: The plan to write. It is not changed.

    Raises:
        DocumentError: An answer has a value that cannot be saved (a program error).
    """
    _set(doc, "format", FORMAT)
    _set(doc, "schema", SCHEMA)
    _set(doc, "created", _utc(plan.created))
    _set(doc, "updated", _utc(plan.updated))
    _set(doc, "save_counter", plan.save_counter)
    _update_place(doc, plan)
    guides = doc.get("guides")
    plain = guides.unwrap() if isinstance(guides, Table) else {}
    for guide_id, records in plan.records.items():
        old_steps = plain.get(guide_id)
        old_steps = old_steps if isinstance(old_steps, dict) else {}
        for step_id, record in records.items():
            old = old_steps.get(step_id)
            if old is None and _nothing(record):
                continue
            if isinstance(old, dict) and _same_record(old, record, guide_id, step_id):
                continue
            _write_step(doc, guide_id, step_id, record)
    for guide_id, old_steps in plain.items():
        if isinstance(old_steps, dict):
            for step_id in old_steps:
                if step_id not in plan.records.get(guide_id, {}):
                    _write_step(doc, guide_id, step_id, StepRecord())


def dumps(doc: tomlkit.TOMLDocument) -> bytes:
    """The bytes to encrypt: UTF-8 TOML padded with newlines to a multiple of 4 KiB.

    Args:
        doc: The document.

    Returns:
        The padded bytes.

    Raises:
        DocumentError: Larger than :data:`MAX_SIZE`.
    """
    text = doc.as_string().rstrip("\n") + "\n"
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        # Lone surrogates cannot be stored in UTF-8. Join the pairs and replace the
        # lone ones with U+FFFD, rather than refuse every save from now on.
        fixed = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        data = fixed.encode("utf-8")
    data += b"\n" * (-len(data) % PAD_TO)
    if len(data) > MAX_SIZE:
        raise DocumentError(TOO_LARGE)
    return data


def _nothing(record: StepRecord) -> bool:
    """True when a record holds nothing at all, not even an empty answer."""
    return record == StepRecord()


def _same_record(old: dict[str, Any], record: StepRecord, guide_id: str, step_id: str) -> bool:
    try:
        return _record(old, ("guides", guide_id, step_id)) == record
    except DocumentError:
        return False


def _set(table: Container | Table, key: str, value: object) -> None:
    """Set a key, or remove it when ``value`` is None; leave it alone when unchanged."""
    current = table.get(key)
    if value is None:
        if current is not None:
            del table[key]
        return
    if current is not None:
        plain = current.unwrap() if isinstance(current, Item) else current
        if type(plain) is type(value) and plain == value:
            return
        if isinstance(current, Table) or isinstance(value, Table):
            del table[key]  # a table and a value live in different places in the text
    table[key] = value if isinstance(value, Item) else _value(value)


def _update_place(doc: tomlkit.TOMLDocument, plan: Plan) -> None:
    place = doc.get("place")
    if not isinstance(place, Table):
        if plan.current_guide is None and plan.current_step is None:
            return
        if place is not None:
            del doc["place"]
        place = tomlkit.table()
        doc["place"] = place
    _set(place, "guide", plan.current_guide)
    _set(place, "step", plan.current_step)
    if not place:
        del doc["place"]


def _child_table(parent: Container | Table, key: str, *, super_table: bool) -> Table:
    child = parent.get(key)
    if isinstance(child, Table):
        return child
    if child is not None:
        del parent[key]
    child = tomlkit.table(super_table)
    parent[key] = child
    return child


def _write_step(doc: tomlkit.TOMLDocument, guide_id: str, step_id: str, rec: StepRecord) -> None:
    empty = _nothing(rec)
    if empty and not isinstance(doc.get("guides"), Table):
        return
    guides = _child_table(doc, "guides", super_table=True)
    guide = _child_table(guides, guide_id, super_table=True)
    step = _child_table(guide, step_id, super_table=False)
    _set(step, "status", rec.status.value if rec.status else None)
    _set(step, "notes", rec.notes or None)
    _set(step, "guard", rec.guard.value if rec.guard else None)
    _set(step, "guard_at", _utc(rec.guard_at) if rec.guard_at else None)
    _write_answers(step, rec.answers, ("guides", guide_id, step_id, "answers"))
    if not step:
        del guide[step_id]
    if not guide:
        del guides[guide_id]
    if not guides:
        del doc["guides"]


def _write_answers(step: Table, answers: dict[str, Answer], path: _Path) -> None:
    if not answers:
        _set(step, "answers", None)
        return
    table = _child_table(step, "answers", super_table=False)
    old_plain = table.unwrap()
    for prompt_id in old_plain:
        if prompt_id not in answers:
            del table[prompt_id]
    for prompt_id, value in answers.items():
        new = _checked(value, (*path, prompt_id))
        old = old_plain.get(prompt_id, _MISSING)
        try:
            if old is not _MISSING and _answer(old, ()) == new:
                continue
        except DocumentError:
            pass
        if isinstance(new, dict):
            _write_compose(table, prompt_id, new)
        elif isinstance(new, list) and new and isinstance(new[0], dict):
            _set(table, prompt_id, _contacts(table.get(prompt_id), new))
        else:
            _set(table, prompt_id, new)


def _checked(value: object, path: _Path) -> Answer:
    try:
        return _answer(value, path)
    except DocumentError:
        raise DocumentError(
            f"This plan cannot be saved: the answer at {_dotted(path)} has a value the "
            "program cannot store. Your changes are still here."
        ) from None


def _write_compose(answers: Table, prompt_id: str, value: dict[str, Any]) -> None:
    table = _child_table(answers, prompt_id, super_table=False)
    _set(table, "text", value["text"])
    if table.get("parts") is not None:
        del table["parts"]
    table["parts"] = _table(value["parts"])


def _contacts(old: Item | None, new: list[Any]) -> Item:
    """A contacts array; entries that did not change keep their unknown keys."""
    spare: list[dict[str, Any]] = []
    if old is not None:
        spare = (
            [e for e in old.unwrap() if isinstance(e, dict)]
            if isinstance(old.unwrap(), list)
            else []
        )
    array = tomlkit.array()
    for contact in new:
        entry = dict(contact)
        for n, candidate in enumerate(spare):
            if (
                candidate.get("name", "") == contact["name"]
                and candidate.get("how", "") == contact["how"]
            ):
                entry.update({k: v for k, v in candidate.items() if k not in ("name", "how")})
                del spare[n]
                break
        array.append(_inline(entry))
    return array


# --- Building a document from plain values -------------------------------------------

_TOP_KEYS = ("format", "schema", "created", "updated", "save_counter")


def _build(raw: dict[str, Any]) -> tomlkit.TOMLDocument:
    """A document in our fixed shape holding exactly the given values.

    Every table is a standard table (``[a.b]``), except ``guides`` and each guide, which
    only hold tables; every array is written inline. In-place updates of this shape are
    safe; the shapes a person may write by hand (dotted keys, inline tables, tables out
    of order) are not, which is why a document is never kept in the shape it was read.
    """
    doc = tomlkit.document()
    for key in _TOP_KEYS:
        if key in raw and not isinstance(raw[key], dict):
            doc.append(key, _value(raw[key]))
    for key, value in raw.items():
        if key not in _TOP_KEYS and not isinstance(value, dict):
            doc.append(key, _value(value))
    for key, value in raw.items():
        if not isinstance(value, dict):
            continue
        supers = key == "guides" and all(isinstance(steps, dict) for steps in value.values())
        table = tomlkit.table(supers)
        doc.append(key, table)  # attach first, then fill: tomlkit walks what it attaches
        if not supers:
            _fill(table, value)
            continue
        for guide_id, steps in value.items():
            guide = tomlkit.table(all(isinstance(step, dict) for step in steps.values()))
            table.append(guide_id, guide)
            _fill(guide, steps)
    return doc


def _table(data: dict[str, Any]) -> Table:
    table = tomlkit.table(False)
    _fill(table, data)
    return table


def _fill(table: Table, data: dict[str, Any]) -> None:
    """Put values in a table: plain values first, then sub-tables (never super tables)."""
    for key, value in data.items():
        if not isinstance(value, dict):
            table.append(key, _value(value))
    for key, value in data.items():
        if isinstance(value, dict):
            child = tomlkit.table(False)
            table.append(key, child)
            _fill(child, value)


def _value(value: object) -> Item:
    if isinstance(value, (list, tuple)):
        array = tomlkit.array()
        for item in value:
            array.append(_inline(item))
        return array
    return tomlkit.item(value)


def _inline(value: object) -> Item:
    if isinstance(value, dict):
        table = tomlkit.inline_table()
        for key, item in value.items():
            table.append(key, _inline(item))
        return table
    return _value(value)
