"""Guides: the steps and prompts read from the TOML files in ``plans/``.

The dataclasses here are the typed, validated form of a guide file. The schema is
documented in ``plans/README.md``.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from itertools import pairwise
from pathlib import Path
from typing import NoReturn

from safetyplan.errors import ContentError

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: tomli is the same parser, installed as a dependency there.
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]


class PromptKind(str, Enum):
    """The kinds of question a step can ask."""

    CHECKLIST = "checklist"
    """Tick any number of options."""
    CHOICE = "choice"
    """Pick one option."""
    TEXT = "text"
    """A short line of text."""
    LONGTEXT = "longtext"
    """Several lines of text."""
    LIST = "list"
    """A list of short items, one per line."""
    CONTACTS = "contacts"
    """People: a name and how to reach them."""
    DATE = "date"
    """A date, YYYY-MM-DD."""
    COMPOSE = "compose"
    """A message built from parts, then edited freely."""


@dataclass(frozen=True)
class Option:
    """One option of a checklist or choice."""

    id: str
    """Stable id, saved in the plan."""
    label: str
    """The words shown."""
    text: str = ""
    """For compose parts: the sentence this option adds to the message."""
    detail: str = ""
    """An optional line of explanation shown under the label."""


@dataclass(frozen=True)
class Condition:
    """Show a prompt only when another prompt of the same step has one of some answers."""

    prompt: str
    """The id of a checklist or choice prompt in the same step."""
    any: tuple[str, ...]
    """The option ids; the condition holds when any of them is chosen or ticked."""


@dataclass(frozen=True)
class Part:
    """One part of a compose prompt."""

    id: str
    kind: PromptKind
    """TEXT, LONGTEXT, CHOICE or CHECKLIST."""
    label: str
    example: str = ""
    """A short example of what someone might write."""
    options: tuple[Option, ...] = ()


@dataclass(frozen=True)
class Prompt:
    """One question in a step."""

    id: str
    """Stable id; answers are saved by this id."""
    kind: PromptKind
    label: str
    """The question, in plain words."""
    help: str = ""
    """An optional line of extra help."""
    options: tuple[Option, ...] = ()
    """For CHECKLIST and CHOICE."""
    when: tuple[Condition, ...] = ()
    """Shown only if any condition holds; always shown when empty."""
    parts: tuple[Part, ...] = ()
    """For COMPOSE: the parts the person fills in."""
    template: str = ""
    """For COMPOSE: the message, with ``{part_id}`` where each part's answer goes."""


@dataclass(frozen=True)
class Link:
    """A place to get help: a service, a phone number, a web address."""

    label: str
    detail: str


@dataclass(frozen=True)
class Step:
    """One step of a guide."""

    id: str
    title: str
    why: str
    """A short "why this matters"."""
    prompts: tuple[Prompt, ...] = ()
    after: tuple[str, ...] = ()
    """Ids of steps (same guide) that should be done first: the ordering guard."""
    after_message: str = ""
    """What could be lost by doing this step first. Required when ``after`` is set."""
    may_alert: bool = False
    """Acting on this step could be noticed by the other person."""
    alert_message: str = ""
    """What could be noticed, and what to plan first. Required when ``may_alert``."""
    links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class Guide:
    """A guide: an ordered list of steps."""

    id: str
    title: str
    summary: str
    order: int
    """Guides are listed by this number."""
    steps: tuple[Step, ...]
    source: str = ""
    """The file the guide was read from (for messages)."""

    def step(self, step_id: str) -> Step | None:
        """The step with this id, or None."""
        for step in self.steps:
            if step.id == step_id:
                return step
        return None

    def index(self, step_id: str) -> int:
        """The position of a step, or -1."""
        for position, step in enumerate(self.steps):
            if step.id == step_id:
                return position
        return -1


# --- Loading and checking guide files ------------------------------------------------

SCHEMA = 1
"""The newest guide-file schema this version reads."""

_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
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

_WITH_OPTIONS = (PromptKind.CHECKLIST, PromptKind.CHOICE)
_PART_KINDS = (PromptKind.TEXT, PromptKind.LONGTEXT, PromptKind.CHOICE, PromptKind.CHECKLIST)


def guides_dir() -> Path:
    """The folder the guide files are read from by default.

    Returns:
        ``safetyplan/plans`` in an installed package (the wheel ships the repository's
        ``plans/`` there), or the repository's ``plans/`` when running from the source tree.
    """
    package = Path(__file__).resolve().parent.parent
    installed = package / "plans"
    if installed.is_dir():
        return installed
    return package.parent / "plans"


def load_guides(folder: Path | None = None) -> tuple[Guide, ...]:
    """Read and check every guide file (``*.toml``) in a folder.

    Args:
        folder: The folder to read; ``guides_dir()`` when None. Files whose names start
            with a dot (editor leftovers) are skipped.

    Returns:
        The guides, sorted by ``order`` and then by id.

    Raises:
        ContentError: The folder is missing or holds no guide file, a file is not valid,
            or two files use the same guide id.
    """
    folder = guides_dir() if folder is None else folder
    if not folder.is_dir():
        raise ContentError(f"The guides could not be found: the folder {str(folder)!r} is missing.")
    try:
        files = sorted(
            path
            for path in folder.glob("*.toml")
            if path.is_file() and not path.name.startswith(".")
        )
    except OSError as exc:
        raise ContentError(
            f"The guides folder {str(folder)!r} could not be read ({exc.strerror or exc})."
        ) from exc
    if not files:
        raise ContentError(f"No guide files (*.toml) were found in the folder {str(folder)!r}.")
    guides: list[Guide] = []
    seen: dict[str, str] = {}
    for path in files:
        guide = load_guide(path)
        if guide.id in seen:
            raise ContentError(
                f"{guide.source}: id: {guide.id!r} is already the id of the guide in "
                f"{seen[guide.id]}; each guide needs its own id"
            )
        seen[guide.id] = guide.source
        guides.append(guide)
    return tuple(sorted(guides, key=lambda guide: (guide.order, guide.id)))


def load_guide(path: Path) -> Guide:
    """Read and check one guide file.

    Args:
        path: The ``.toml`` file.

    Returns:
        The guide, with ``source`` set to the file name.

    Raises:
        ContentError: The file cannot be read, is not valid TOML, or does not follow the
            schema in ``plans/README.md``. The message names the file and the dotted key.
    """
    source = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ContentError(f"{source}: the file could not be read ({exc.strerror or exc})") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ContentError(
            f"{source}: the file is not UTF-8 text (a bad byte at position {exc.start}); "
            "save it as UTF-8"
        ) from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(_syntax_message(source, str(exc))) from exc
    return _guide(source, data)


def _syntax_message(source: str, problem: str) -> str:
    """The message for a TOML syntax error, with the line and column first when known."""
    found = re.search(r"\s*\(at line (\d+), column (\d+)\)", problem)
    if found is None:
        if problem.endswith("(at end of document)"):
            problem = problem[: -len("(at end of document)")].strip()
            return f"{source}: at the end of the file: this is not valid TOML: {problem}"
        return f"{source}: this is not valid TOML: {problem}"
    problem = (problem[: found.start()] + problem[found.end() :]).strip()
    return f"{source}: line {found[1]}, column {found[2]}: this is not valid TOML: {problem}"


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


def _kind(table: _Table, allowed: Sequence[PromptKind]) -> PromptKind:
    names = ", ".join(kind.value for kind in allowed)
    if not table.has("kind"):
        table.fail("kind", f"missing; use one of: {names}")
    value = table.data["kind"]
    for kind in allowed:
        if value == kind.value:
            return kind
    table.fail("kind", f"{value!r} is not a kind that can be used here; use one of: {names}")


def _options(table: _Table, kind: PromptKind, what: str) -> tuple[Option, ...]:
    """The options of a prompt or part: required for checklist and choice, else forbidden."""
    if kind not in _WITH_OPTIONS:
        if table.has("options"):
            table.fail(
                "options",
                f"only checklist and choice {what}s have options (this is {kind.value!r})",
            )
        return ()
    if not table.has("options"):
        table.fail("options", f"missing; a {kind.value} {what} needs at least one option")
    options: list[Option] = []
    for item in table.tables("options", _OPTION_KEYS):
        ident = item.ident("id")
        if any(option.id == ident for option in options):
            item.fail("id", f"{ident!r} is already the id of another option of this {what}")
        options.append(
            Option(
                id=ident,
                label=item.text("label"),
                text=item.text("text", required=False),
                detail=item.text("detail", required=False),
            )
        )
    if not options:
        table.fail("options", f"is empty; a {kind.value} {what} needs at least one option")
    return tuple(options)


def _conditions(table: _Table, earlier: Sequence[Prompt]) -> tuple[Condition, ...]:
    conditions: list[Condition] = []
    for item in table.tables("when", _CONDITION_KEYS):
        target_id = item.ident("prompt")
        target = next((prompt for prompt in earlier if prompt.id == target_id), None)
        if target is None:
            item.fail("prompt", f"no earlier prompt in this step has the id {target_id!r}")
        if target.kind not in _WITH_OPTIONS:
            item.fail(
                "prompt",
                f"{target_id!r} is a {target.kind.value} prompt; "
                "'when' can only use checklist and choice prompts",
            )
        chosen = item.ids("any")
        if chosen is None:
            item.fail("any", f"missing; list the ids of the options of {target_id!r} that show it")
        for index, option_id in enumerate(chosen):
            if all(option.id != option_id for option in target.options):
                item.fail(f"any[{index}]", f"{target_id!r} has no option with the id {option_id!r}")
        conditions.append(Condition(prompt=target_id, any=chosen))
    return tuple(conditions)


def _parts(table: _Table) -> tuple[Part, ...]:
    if not table.has("parts"):
        table.fail("parts", "missing; a compose prompt needs at least one part")
    parts: list[Part] = []
    for item in table.tables("parts", _PART_KEYS):
        ident = item.ident("id")
        if any(part.id == ident for part in parts):
            item.fail("id", f"{ident!r} is already the id of another part of this prompt")
        kind = _kind(item, _PART_KINDS)
        parts.append(
            Part(
                id=ident,
                kind=kind,
                label=item.text("label"),
                example=item.text("example", required=False),
                options=_options(item, kind, "part"),
            )
        )
    if not parts:
        table.fail("parts", "is empty; a compose prompt needs at least one part")
    return tuple(parts)


def _template(table: _Table, parts: Sequence[Part]) -> str:
    """The compose template: every {placeholder} is a part id and every part is used."""
    template = table.text("template")
    part_ids = {part.id for part in parts}
    used: set[str] = set()
    for found in _PLACEHOLDER.finditer(template):
        if found[1] not in part_ids:
            table.fail("template", f"{found[0]!r} is not a part of this prompt")
        used.add(found[1])
    if "{" in _PLACEHOLDER.sub("", template) or "}" in _PLACEHOLDER.sub("", template):
        table.fail(
            "template", "has a { or } that is not around a part id; braces are only for parts"
        )
    for part in parts:
        if part.id not in used:
            table.fail("template", f"part {part.id!r} is not used; put {{{part.id}}} where it goes")
    return template


def _prompt(table: _Table, earlier: Sequence[Prompt]) -> Prompt:
    ident = table.ident("id")
    if any(prompt.id == ident for prompt in earlier):
        table.fail("id", f"{ident!r} is already the id of another prompt in this step")
    kind = _kind(table, tuple(PromptKind))
    label = table.text("label")
    help_text = table.text("help", required=False)
    options = _options(table, kind, "prompt")
    when = _conditions(table, earlier)
    parts: tuple[Part, ...] = ()
    template = ""
    if kind is PromptKind.COMPOSE:
        parts = _parts(table)
        template = _template(table, parts)
    else:
        for key in ("parts", "template"):
            if table.has(key):
                table.fail(key, f"only compose prompts have {key} (this is {kind.value!r})")
    return Prompt(
        id=ident,
        kind=kind,
        label=label,
        help=help_text,
        options=options,
        when=when,
        parts=parts,
        template=template,
    )


def _step(table: _Table) -> Step:
    ident = table.ident("id")
    title = table.text("title")
    why = table.text("why")
    after = table.ids("after")
    after_message = ""
    if after is not None:
        after_message = table.text("after_message")
    elif table.has("after_message"):
        table.fail("after_message", "is only used with 'after'; add 'after', or remove it")
    may_alert = table.flag("may_alert")
    alert_message = ""
    if may_alert:
        alert_message = table.text("alert_message")
    elif table.has("alert_message"):
        table.fail("alert_message", "is only used with 'may_alert = true'; add that, or remove it")
    links = tuple(
        Link(label=item.text("label"), detail=item.text("detail"))
        for item in table.tables("links", _LINK_KEYS)
    )
    prompts: list[Prompt] = []
    for item in table.tables("prompts", _PROMPT_KEYS):
        prompts.append(_prompt(item, prompts))
    return Step(
        id=ident,
        title=title,
        why=why,
        prompts=tuple(prompts),
        after=after or (),
        after_message=after_message,
        may_alert=may_alert,
        alert_message=alert_message,
        links=links,
    )


def _guide(source: str, data: dict[str, object]) -> Guide:
    # The schema is checked before anything else, so that a newer file is refused with
    # that reason rather than with an error about a key this version does not know.
    if "schema" not in data:
        _fail(source, "schema", f"missing; put 'schema = {SCHEMA}' at the top of the file")
    schema = data["schema"]
    if isinstance(schema, bool) or not isinstance(schema, int):
        _fail(source, "schema", f"must be a whole number, like {SCHEMA}, not {_show(schema)}")
    if schema > SCHEMA:
        _fail(
            source,
            "schema",
            f"{schema!r} is newer than this version of safetyplan can read (it reads schema "
            f"{SCHEMA}); please update safetyplan to use this guide",
        )
    if schema < 1:
        _fail(source, "schema", f"{schema!r} is not a schema number; use {SCHEMA}")
    # Unknown keys everywhere come next: a key written under the wrong header would
    # otherwise first show up as a "missing" key in the table it belongs to.
    _check_keys(source, "", data, _GUIDE_KEYS)
    table = _Table(source, "", data, _GUIDE_KEYS)
    ident = table.ident("id")
    title = table.text("title")
    summary = table.text("summary")
    order = table.integer("order")
    if not table.has("steps"):
        table.fail("steps", "missing; a guide needs at least one [[steps]]")
    step_tables = table.tables("steps", _STEP_KEYS)
    if not step_tables:
        table.fail("steps", "is empty; a guide needs at least one step")
    steps: list[Step] = []
    for item in step_tables:
        step = _step(item)
        if any(other.id == step.id for other in steps):
            item.fail("id", f"{step.id!r} is already the id of another step in this guide")
        steps.append(step)
    _check_after(step_tables, steps)
    return Guide(
        id=ident, title=title, summary=summary, order=order, steps=tuple(steps), source=source
    )


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


def _check_after(tables: Sequence[_Table], steps: Sequence[Step]) -> None:
    """Every ``after`` names another step of the guide, and no steps wait in a circle."""
    ids = [step.id for step in steps]
    for table, step in zip(tables, steps, strict=True):
        for index, target in enumerate(step.after):
            if target == step.id:
                table.fail(f"after[{index}]", f"a step cannot come after itself ({target!r})")
            if target not in ids:
                table.fail(f"after[{index}]", f"no step with id {target!r}")
    circle = _find_circle(steps)
    if circle:
        waits = ", ".join(f"{a!r} waits for {b!r}" for a, b in pairwise(circle))
        tables[ids.index(circle[0])].fail(
            "after", f"these steps wait for each other in a circle, so none can go first: {waits}"
        )


def _find_circle(steps: Sequence[Step]) -> list[str]:
    """Step ids that wait for each other in a circle (first id repeated at the end), or []."""
    after = {step.id: step.after for step in steps}
    done: set[str] = set()
    path: list[str] = []

    def visit(ident: str) -> list[str]:
        path.append(ident)
        for target in after[ident]:
            if target in path:
                return path[path.index(target) :] + [target]
            if target not in done:
                circle = visit(target)
                if circle:
                    return circle
        path.pop()
        done.add(ident)
        return []

    for step in steps:
        if step.id not in done:
            circle = visit(step.id)
            if circle:
                return circle
    return []
