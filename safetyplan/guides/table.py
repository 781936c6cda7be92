"""One TOML table of a guide file, read strictly: every error names the file and the dotted key."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NoReturn

from safetyplan.errors import ContentError

_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_ID_HELP = "use lowercase letters, digits and single hyphens, like 'save-evidence'"

_GUIDE_KEYS = ("schema", "id", "title", "summary", "order", "steps")
_STEP_KEYS = (
    "id", "title", "why", "after", "after_message", "may_alert", "alert_message", "links",
    "prompts",
)  # fmt: skip
_PROMPT_KEYS = ("id", "kind", "label", "help", "options", "when", "template", "parts")
_OPTION_KEYS = ("id", "label", "detail", "text")
_PART_KEYS = ("id", "kind", "label", "example", "options")
_LINK_KEYS = ("label", "detail")
_CONDITION_KEYS = ("prompt", "any")
# For a key written below the wrong header: (the keys of the table above, its name, header).
_PARENTS: dict[tuple[str, ...], tuple[tuple[str, ...], str, str]] = {
    _STEP_KEYS: (_GUIDE_KEYS, "the guide", "[[steps]]"),
    _PROMPT_KEYS: (_STEP_KEYS, "the step", "[[steps.prompts]] of the step"),
    _PART_KEYS: (_PROMPT_KEYS, "the prompt", "[[steps.prompts.parts]] of the prompt"),
}
# The arrays of tables inside each kind of table.
_CHILDREN: dict[tuple[str, ...], dict[str, tuple[str, ...]]] = {
    _GUIDE_KEYS: {"steps": _STEP_KEYS},
    _STEP_KEYS: {"links": _LINK_KEYS, "prompts": _PROMPT_KEYS},
    _PROMPT_KEYS: {"options": _OPTION_KEYS, "when": _CONDITION_KEYS, "parts": _PART_KEYS},
    _PART_KEYS: {"options": _OPTION_KEYS},
}


def _fail(source: str, key: str, problem: str) -> NoReturn:
    raise ContentError(f"{source}: {key}: {problem}")


def _show(value: object) -> str:
    """A value as a short ``repr`` with what kind of TOML value it is."""
    shown = repr(value)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    if isinstance(value, bool):
        kind = "true or false"
    elif isinstance(value, int | float):
        kind = "a number"
    elif isinstance(value, str):
        kind = "a string"
    elif isinstance(value, list):
        kind = "a list"
    elif isinstance(value, dict):
        kind = "a table"
    else:
        kind = "a date or time"
    return f"{shown} ({kind})"


class _Table:
    """One TOML table, read strictly: every error names the file and the dotted key."""

    def __init__(self, source: str, where: str, value: object, keys: Sequence[str]) -> None:
        if not isinstance(value, dict):
            _fail(source, where, f"must be a table, not {_show(value)}")
        self.source = source
        self.where = where
        self.data: dict[str, object] = value
        for key in value:
            if key not in keys:
                import difflib  # only needed for this message

                close = difflib.get_close_matches(key, keys, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                parent = _PARENTS.get(tuple(keys))
                if parent and key in parent[0]:
                    # A key written under the wrong header: TOML gives every key to the
                    # table whose [[header]] is above it.
                    hint = f"; {key!r} belongs to {parent[1]}: put it above the first {parent[2]}"
                self.fail(key, f"unknown key{hint}; the keys allowed here are: {', '.join(keys)}")

    def path(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def fail(self, key: str, problem: str) -> NoReturn:
        _fail(self.source, self.path(key), problem)

    def has(self, key: str) -> bool:
        return key in self.data

    def text(self, key: str, *, required: bool = True) -> str:
        """A string, stripped; "" when optional and absent. Blank strings are errors."""
        if key not in self.data:
            if required:
                self.fail(key, "missing; write it as a string in quotes")
            return ""
        value = self.data[key]
        if not isinstance(value, str):
            self.fail(key, f"must be a string in quotes, not {_show(value)}")
        if not value.strip():
            self.fail(key, "is empty; write some words" + ("" if required else ", or remove it"))
        return value.strip()

    def ident(self, key: str) -> str:
        """A required id."""
        if key not in self.data:
            self.fail(key, f"missing; add an id ({_ID_HELP})")
        return _check_id(self, key, self.data[key])

    def integer(self, key: str) -> int:
        """A required whole number (true and false are not numbers)."""
        if key not in self.data:
            self.fail(key, "missing; write a whole number, like 1")
        value = self.data[key]
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(key, f"must be a whole number, like 1, not {_show(value)}")
        return value

    def flag(self, key: str) -> bool:
        """An optional true or false, false when absent."""
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            self.fail(key, f"must be true or false (no quotes), not {_show(value)}")
        return value

    def ids(self, key: str) -> tuple[str, ...] | None:
        """An optional, non-empty list of different ids; None when absent."""
        if key not in self.data:
            return None
        value = self.data[key]
        if not isinstance(value, list):
            self.fail(key, f"must be a list of ids, like ['save-evidence'], not {_show(value)}")
        if not value:
            self.fail(key, "is an empty list; list at least one id, or remove it")
        found: list[str] = []
        for index, item in enumerate(value):
            ident = _check_id(self, f"{key}[{index}]", item)
            if ident in found:
                self.fail(f"{key}[{index}]", f"{ident!r} is listed twice")
            found.append(ident)
        return tuple(found)

    def tables(self, key: str, keys: Sequence[str]) -> list[_Table]:
        """An optional array of tables; [] when absent."""
        value = self.data.get(key, [])
        if not isinstance(value, list):
            self.fail(key, f"must be a list of tables, not {_show(value)}")
        return [
            _Table(self.source, f"{self.path(key)}[{index}]", item, keys)
            for index, item in enumerate(value)
        ]


def _check_id(table: _Table, key: str, value: object) -> str:
    if not isinstance(value, str):
        table.fail(key, f"must be an id in quotes, not {_show(value)}")
    if not _ID.fullmatch(value):
        table.fail(key, f"{value!r} is not a valid id; {_ID_HELP}")
    return value


def _check_keys(source: str, where: str, value: object, keys: tuple[str, ...]) -> None:
    """Refuse unknown keys in a table and in the tables below it, in file order."""
    if not isinstance(value, dict):
        return  # the full check says what is wrong with it
    _Table(source, where, value, keys)
    for key, child_keys in _CHILDREN.get(keys, {}).items():
        items = value.get(key)
        if isinstance(items, list):
            for index, item in enumerate(items):
                path = f"{where}.{key}" if where else key
                _check_keys(source, f"{path}[{index}]", item, child_keys)
