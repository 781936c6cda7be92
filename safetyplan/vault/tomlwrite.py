"""A small, exact TOML writer for plain values, in the one fixed shape plan files use.

:func:`dumps` takes what ``tomllib`` reads (dicts, lists, strings, numbers, booleans,
dates and times) and writes TOML that reads back as exactly those values, in time linear
in their size. The shape never varies: key/value lines first, then each table as a
standard table (``[a.b]``); a table that holds only tables gets no header line of its
own; every array is written inline, and a table inside an array as an inline table.
Strings are single-line basic strings; besides what TOML requires, the C1 controls and
the bidi embedding, override and isolate characters are escaped too, so the text is safe
to show on a terminal. ``docs/FORMAT.md`` describes the shape.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

__all__ = ["dumps", "key", "string", "value"]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_NAMED = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}
_ESCAPED = re.compile(
    "[\ud800-\udbff][\udc00-\udfff]"  # a surrogate pair (from a UTF-16 paste): joined
    '|[\x00-\x1f"\\\\\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]'
)
"""Characters written as escapes: those TOML requires (quote, backslash, C0 controls and
DEL), the C1 controls, the bidi controls, and surrogates (which UTF-8 cannot hold)."""
_MINUTE = timedelta(minutes=1)


def _escape(match: re.Match[str]) -> str:
    found = match.group()
    if len(found) == 2:  # a surrogate pair: the character it stands for
        return chr(0x10000 + ((ord(found[0]) - 0xD800) << 10) + ord(found[1]) - 0xDC00)
    named = _NAMED.get(found)
    if named is not None:
        return named
    if 0xD800 <= ord(found) <= 0xDFFF:  # a lone surrogate cannot be stored at all
        return "\ufffd"
    return f"\\u{ord(found):04x}"


def string(text: str) -> str:
    """A TOML basic string holding exactly ``text``.

    A lone surrogate (which no TOML or UTF-8 text can hold) becomes U+FFFD, and a
    surrogate pair becomes the character it stands for.

    Args:
        text: Any text.

    Returns:
        The string, quotes included, on one line.
    """
    if _ESCAPED.search(text) is None:
        return f'"{text}"'
    return '"' + _ESCAPED.sub(_escape, text) + '"'


def key(name: str) -> str:
    """A TOML key.

    Args:
        name: Any text.

    Returns:
        The key bare when it can be (only ``A-Z a-z 0-9 _ -``), else as a basic string.
    """
    return name if _BARE_KEY.fullmatch(name) else string(name)


def value(item: object) -> str:
    """One value as TOML writes it after ``key =``: tables and arrays inline.

    Args:
        item: A string, int, float, bool, date, time, datetime, list or dict.

    Returns:
        The TOML text, on one line.

    Raises:
        ValueError: The value cannot be written as TOML (another type, a time with a
            time zone, an offset that is not a whole number of minutes).
    """
    if isinstance(item, str):
        return string(item)
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, int):
        return str(item)
    if isinstance(item, float):
        return _float(item)
    if isinstance(item, datetime):
        return _datetime(item)
    if isinstance(item, date):
        return item.isoformat()
    if isinstance(item, time):
        if item.tzinfo is not None:
            raise ValueError("TOML has no times of day with a time zone.")
        return item.isoformat()
    if isinstance(item, (list, tuple)):
        return "[" + ", ".join([value(entry) for entry in item]) + "]"
    if isinstance(item, Mapping):
        if not item:
            return "{}"
        return "{" + ", ".join([f"{key(k)} = {value(v)}" for k, v in item.items()]) + "}"
    raise ValueError(f"TOML cannot hold a value of type {type(item).__name__}.")


def _float(number: float) -> str:
    if math.isnan(number):
        return "nan"
    if math.isinf(number):
        return "inf" if number > 0 else "-inf"
    return repr(number)  # "1.5", "-0.0", "1e+16", "5e-324": all TOML floats


def _datetime(moment: datetime) -> str:
    offset = moment.utcoffset()
    text = moment.replace(tzinfo=None).isoformat()
    if offset is None:
        return text  # a local date-time
    if not offset:
        return text + "Z"
    if offset % _MINUTE:
        raise ValueError("TOML has no time offsets with seconds.")
    minutes = abs(offset) // _MINUTE
    sign = "-" if offset < timedelta(0) else "+"
    return f"{text}{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def dumps(table: Mapping[str, Any]) -> str:
    """A whole TOML document holding exactly these values.

    Args:
        table: The top-level table. Keys are strings; values as in :func:`value`.

    Returns:
        The text, each line ending with a newline; empty for an empty table.

    Raises:
        ValueError: A value cannot be written as TOML.
    """
    out: list[str] = []
    _write_table(out, table, "")
    return "".join(out)


def _write_table(out: list[str], table: Mapping[str, Any], name: str) -> None:
    """Append a table's key/value lines, then its sub-tables, each under its header."""
    tables: list[tuple[str, Mapping[str, Any]]] = []
    for k, v in table.items():
        if isinstance(v, Mapping):
            tables.append((k, v))
        else:
            out.append(f"{key(k)} = {value(v)}\n")
    for k, child in tables:
        child_name = f"{name}.{key(k)}" if name else key(k)
        if not child or not all(isinstance(v, Mapping) for v in child.values()):
            if out:
                out.append("\n")
            out.append(f"[{child_name}]\n")
        _write_table(out, child, child_name)
