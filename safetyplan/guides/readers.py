"""The readers of each kind of table in a guide file: guide, step, prompt, part, option."""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from safetyplan.guides.schema import (
    SCHEMA,
    Condition,
    Guide,
    Link,
    Option,
    Part,
    Prompt,
    PromptKind,
    Step,
)
from safetyplan.guides.table import (
    _CONDITION_KEYS,
    _GUIDE_KEYS,
    _LINK_KEYS,
    _OPTION_KEYS,
    _PART_KEYS,
    _PROMPT_KEYS,
    _STEP_KEYS,
    _check_keys,
    _fail,
    _show,
    _Table,
)

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_WITH_OPTIONS = (PromptKind.CHECKLIST, PromptKind.CHOICE)
_PART_KINDS = (PromptKind.TEXT, PromptKind.LONGTEXT, PromptKind.CHOICE, PromptKind.CHECKLIST)


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
