"""The plan document: the TOML inside a plan file, read strictly and written in one fixed shape.

Reading uses the standard TOML parser (``tomllib``, or ``tomli`` on Python 3.10); the
plain values it gives are kept as they are, unknown keys included, and checked to build
the plan. Saving puts the plan's values into those plain values (changing only the keys
that differ) and writes them all out with :mod:`safetyplan.vault.tomlwrite`. Every step takes
time linear in the size of the plan. ``docs/FORMAT.md`` describes the document.
"""

from __future__ import annotations

import contextlib
import gc
import sys
from collections.abc import Iterator, Mapping
from typing import Any

from safetyplan.errors import DocumentError, PlanNotSavedError
from safetyplan.plan.docread import FORMAT, NOT_A_PLAN, SCHEMA, Path, dotted, plan_from_plain
from safetyplan.plan.docwrite import TOP_KEYS, put_plan
from safetyplan.plan.model import Plan
from safetyplan.vault import tomlwrite

if sys.version_info >= (3, 11):  # pragma: no cover - depends on the Python version
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

__all__ = [
    "FORMAT",
    "MAX_SIZE",
    "PAD_TO",
    "SCHEMA",
    "PlanDocument",
    "build_document",
    "dumps",
    "load_plan",
    "loads",
    "new_document",
    "parse_import",
    "plan_from_document",
    "read_plan",
    "update_document",
]

PAD_TO = 4096
"""The plaintext is padded with newlines to a multiple of this many bytes."""
MAX_SIZE = 8 * 1024 * 1024
"""The largest plaintext we read or write (8 MiB), padding included."""
MAX_DEPTH = 64
"""The deepest nesting of tables and arrays a plan may have. Plans written by this program
go about 7 levels deep; far deeper ones are refused when read."""

_TOO_LARGE = (
    "This plan is too large to save: the saved file would be over the limit of "
    f"{MAX_SIZE // (1024 * 1024)} MiB (some characters take more room once saved)."
)
TOO_LARGE = f"{_TOO_LARGE} Your changes are still here; try making some long answers shorter."
"""The app's words for a plan too large to save: it keeps the changes in memory."""
TOO_LARGE_COMMAND = f"{_TOO_LARGE} Nothing was changed. Try making some long answers shorter."
"""The same for a command, whose process ends and keeps nothing."""


class PlanDocument(dict[str, Any]):
    """The plain values of a plan document (as ``tomllib`` reads them), unknown keys included.

    :func:`update_document` puts a plan into it and :func:`dumps` writes it out.
    """

    def as_string(self) -> str:
        """The document's TOML text, not padded."""
        return tomlwrite.dumps(self)


# --- Reading ------------------------------------------------------------------------


def loads(data: bytes) -> PlanDocument:
    """Read the decrypted bytes of a plan file into a document (not yet checked as a plan).

    Args:
        data: UTF-8 TOML, possibly padded with newlines.

    Returns:
        The document.

    Raises:
        DocumentError: Too large, not UTF-8, or not TOML.
    """
    with _collector_paused():
        return build_document(_parse_bytes(data))


def load_plan(data: bytes) -> tuple[PlanDocument, Plan]:
    """Read the decrypted bytes of a plan file into its document and its plan.

    Raises:
        DocumentError: Not a plan, or a damaged one; the message names the key.
        NewerVersionError: Written by a newer version of the program.
    """
    raw, plan = read_plan(data)
    return build_document(raw), plan


def read_plan(
    data: bytes, *, unusable_dates: list[str] | None = None
) -> tuple[dict[str, Any], Plan]:
    """Read the decrypted bytes of a plan file into its plain values and its plan.

    A date-time this program cannot use (one whose time in UTC would fall outside the
    years 1 to 9999) reads as unknown, and stays in the document as it is.

    Args:
        data: UTF-8 TOML, possibly padded with newlines.
        unusable_dates: When given, the dotted key of each such date is added to it.

    Returns:
        The plain values (for :func:`build_document`) and the plan.

    Raises:
        DocumentError: Not a plan, or a damaged one; the message names the key.
        NewerVersionError: Written by a newer version of the program.
    """
    found: list[Path] = []
    with _collector_paused():
        raw = _parse_bytes(data)
        plan = plan_from_plain(raw, found)
    if unusable_dates is not None:
        unusable_dates.extend(dotted(path) for path in found)
    return raw, plan


def build_document(raw: dict[str, Any]) -> PlanDocument:
    """The document to save a plan into, from the plain values :func:`read_plan` gave.

    Quick whatever the plan's size: only the top-level keys are put in order.

    Args:
        raw: The values. They are taken over, not copied: do not change them afterwards.

    Returns:
        The document.
    """
    doc = PlanDocument({key: raw[key] for key in TOP_KEYS if key in raw})
    doc.update(raw)
    return doc


def parse_import(text: str) -> PlanDocument:
    """Read a TOML plan given to ``import``, and check that it is a plan.

    Stricter than opening a plan: a date-time that cannot be used is refused, so that the
    person who wrote the file can mend it.

    Args:
        text: The file's text.

    Returns:
        The document.

    Raises:
        DocumentError: Not TOML, or not a plan; the message says what is wrong.
        NewerVersionError: Written by a newer version of the program.
    """
    if len(text) > MAX_SIZE or len(text.encode("utf-8", "surrogatepass")) > MAX_SIZE:
        raise DocumentError("This file is too large to be a plan (the limit is 8 MiB).")
    with _collector_paused():
        try:
            raw = tomllib.loads(text)
        except (ValueError, RecursionError) as error:  # TOMLDecodeError is a ValueError
            raise DocumentError(f"This file is not valid TOML: {_short(error)}") from None
        if _too_deep(raw):
            raise DocumentError(f"{NOT_A_PLAN} Its tables are nested far too deeply.")
        plan_from_plain(raw, None)
    return build_document(raw)


def plan_from_document(doc: Mapping[str, Any]) -> Plan:
    """Check a document and return the plan it holds.

    Args:
        doc: A document from :func:`loads`, :func:`parse_import` or :func:`new_document`.

    Returns:
        A new :class:`Plan`; changing it does not change the document.

    Raises:
        DocumentError: Not a plan, or a damaged one; the message names the key.
        NewerVersionError: Written by a newer version of the program.
    """
    return plan_from_plain(doc, [])


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a plan is read.

    Reading makes a great many objects and no reference cycles, so the collector would
    only scan them over and over: with it running, reading a 100,000-answer plan took 40%
    longer, and time grew faster than the plan (more so with another plan in memory).
    It is paused only if it was running, and set going again after.
    """
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()


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


# --- Writing ------------------------------------------------------------------------


def new_document() -> PlanDocument:
    """An empty plan document: the format, schema and times of a new plan.

    Returns:
        A document that :func:`plan_from_document` reads as an empty plan.
    """
    doc = PlanDocument()
    update_document(doc, Plan())
    return doc


def update_document(doc: dict[str, Any], plan: Plan) -> None:
    """Put a plan into its document, in place, changing only the keys that differ.

    Keys this version does not know are kept at every level, and so is a date it could
    not use, unless the plan has a new time for it. A step's table is removed when the
    step has nothing recorded and the table holds no unknown keys.

    Args:
        doc: The document the plan was read from (or a new one).
        plan: The plan to write. It is not changed, and the document shares nothing
            with it that can change.

    Raises:
        PlanNotSavedError: An answer has a value that cannot be saved (a program error).
    """
    put_plan(doc, plan)


def dumps(doc: Mapping[str, Any]) -> bytes:
    """The bytes to encrypt: UTF-8 TOML padded with newlines to a multiple of 4 KiB.

    Args:
        doc: The document.

    Returns:
        The padded bytes.

    Raises:
        PlanNotSavedError: Larger than :data:`MAX_SIZE` once written (escapes make some
            text grow), or holding a value TOML cannot hold (a program error).
    """
    try:
        text = tomlwrite.dumps(doc) or "\n"
    except ValueError:
        problem = "This plan cannot be saved: it holds a value the program cannot store."
        raise PlanNotSavedError(
            f"{problem} Your changes are still here.", f"{problem} Nothing was changed."
        ) from None
    data = text.encode("utf-8")  # the writer leaves no surrogate that UTF-8 cannot hold
    data += b"\n" * (-len(data) % PAD_TO)
    if len(data) > MAX_SIZE:
        raise PlanNotSavedError(TOO_LARGE, TOO_LARGE_COMMAND)
    return data
