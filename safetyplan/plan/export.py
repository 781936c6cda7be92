"""The plan as readable text: grouped for review, and plain text or Markdown for printing."""

from __future__ import annotations

import contextlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from safetyplan.errors import PlanError
from safetyplan.guides.content import Guide, Prompt, PromptKind, Step
from safetyplan.plan.model import Answer, GuardChoice, Plan, StepRecord, StepStatus
from safetyplan.safetext import safe_line, safe_text

GROUPS: tuple[tuple[str, frozenset[StepStatus | None]], ...] = (
    ("Done", frozenset({StepStatus.DONE})),
    ("Next", frozenset({StepStatus.PLANNED})),
    ("Not now / not safe now", frozenset({StepStatus.NOT_NOW, StepStatus.NOT_SAFE})),
    ("Doesn't apply", frozenset({StepStatus.NOT_APPLICABLE})),
    ("Not looked at yet", frozenset({None})),
)
"""The review groups, in order, and the statuses each holds."""

_GUARD_WORDS = {
    GuardChoice.SAVED_ANOTHER_WAY: "You said you saved the evidence another way.",
    GuardChoice.CONTINUED_ANYWAY: "You chose to go on before saving the evidence.",
}


@dataclass
class ReviewItem:
    """One step as it appears in the review."""

    title: str
    """The step's title (or its id when the step is no longer in the guide)."""
    status: StepStatus | None
    lines: list[tuple[str, str]] = field(default_factory=list)
    """Pairs of (question, answer) in guide order, then notes and guard choices."""


def answer_text(kind: PromptKind, value: Answer, prompt: Prompt | None = None) -> str:
    """An answer in plain words, exactly as the person entered it.

    Args:
        kind: The kind of prompt.
        value: The saved answer.
        prompt: The prompt, to turn option ids into their labels.

    Returns:
        The answer as text; empty when there is nothing to show.
    """
    labels = {o.id: o.label for o in prompt.options} if prompt else {}
    if isinstance(value, str):
        return labels.get(value, value) if kind is PromptKind.CHOICE else value
    if isinstance(value, dict):
        text = value.get("text")
        return text if isinstance(text, str) else ""
    items: list[str] = []
    for item in value:
        if isinstance(item, dict):
            name, how = item.get("name", ""), item.get("how", "")
            items.append(f"{name}: {how}" if how else name)
        else:
            items.append(labels.get(item, item))
    return "\n".join(items)


def review_item(step: Step | None, step_id: str, record: StepRecord) -> ReviewItem:
    """Everything recorded for a step, in plain words, in the guide's order.

    Args:
        step: The step, or None when it is no longer in the guide.
        step_id: The step's id, shown as the title when the step is gone.
        record: What the person recorded.
    """
    item = ReviewItem(title=step.title if step else step_id, status=record.status)
    prompts = step.prompts if step else ()
    for prompt in prompts:
        if prompt.id in record.answers:
            text = answer_text(prompt.kind, record.answers[prompt.id], prompt)
            if text:
                item.lines.append((prompt.label, text))
    known = {prompt.id for prompt in prompts}
    for prompt_id, value in record.answers.items():
        if prompt_id not in known:
            text = answer_text(_guess_kind(value), value)
            if text:
                item.lines.append((prompt_id, text))
    if record.notes:
        item.lines.append(("Notes", record.notes))
    if record.guard is not None:
        item.lines.append(("Before this step", _GUARD_WORDS[record.guard]))
    return item


def _guess_kind(value: Answer) -> PromptKind:
    if isinstance(value, dict):
        return PromptKind.COMPOSE
    if isinstance(value, list):
        return PromptKind.LIST
    return PromptKind.TEXT


def review_groups(guide: Guide, plan: Plan) -> list[tuple[str, list[ReviewItem]]]:
    """A guide's steps grouped by status, in guide order within each group.

    Returns:
        ``(group title, items)`` pairs for the groups that have items.
    """
    items = [
        review_item(step, step.id, plan.peek(guide.id, step.id) or StepRecord())
        for step in guide.steps
    ]
    groups = []
    for title, statuses in GROUPS:
        members = [item for item in items if item.status in statuses]
        if members:
            groups.append((title, members))
    return groups


def leftover_items(guides: tuple[Guide, ...], plan: Plan) -> list[ReviewItem]:
    """Records of steps (or guides) that are no longer in the guides. They are kept and shown."""
    known = {guide.id: {step.id for step in guide.steps} for guide in guides}
    items = []
    for guide_id, records in plan.records.items():
        for step_id, record in records.items():
            if step_id not in known.get(guide_id, set()) and not record.is_empty():
                item = review_item(None, f"{guide_id} / {step_id}", record)
                items.append(item)
    return items


def _status_words(status: StepStatus | None) -> str:
    return status.label if status else "No status yet"


def _lines(text: str) -> list[str]:
    """The lines of some text, each safe to show (no control or bidi character)."""
    return safe_text(text).split("\n")


def render_text(plan: Plan, guides: tuple[Guide, ...]) -> str:
    """The whole plan as plain text, easy to read on screen or on paper.

    Every piece of text from the plan or the guides goes through
    :func:`~safetyplan.safetext.safe_text` (or ``safe_line`` for titles), so control and
    bidi characters show as visible escapes such as ``\\x1b``.
    """
    out: list[str] = ["My plan", "=" * 7, ""]
    for guide in guides:
        title = safe_line(guide.title)
        out += [title, "-" * len(title), ""]
        for group, items in review_groups(guide, plan):
            out.append(f"{group}:")
            for item in items:
                out.append(f"  [{_status_words(item.status)}] {safe_line(item.title)}")
                _text_lines(out, item)
            out.append("")
    leftovers = leftover_items(guides, plan)
    if leftovers:
        out += ["Other saved answers", "-" * 19, ""]
        for item in leftovers:
            out.append(f"  {safe_line(item.title)}")
            _text_lines(out, item)
        out.append("")
    return "\n".join(out)


def _text_lines(out: list[str], item: ReviewItem) -> None:
    for label, text in item.lines:
        out.append(f"      {safe_line(label)}")
        out += [f"        {line}" for line in _lines(text)]


_MARKDOWN_SPECIAL = re.compile(r"[\\`*_{}\[\]<>#+\-.!|]")


def _md_escape(text: str) -> str:
    """Text with every character Markdown could act on escaped with a backslash."""
    return _MARKDOWN_SPECIAL.sub(r"\\\g<0>", text)


def render_markdown(plan: Plan, guides: tuple[Guide, ...]) -> str:
    """The whole plan as Markdown. Everything the person typed is escaped.

    As in :func:`render_text`, control and bidi characters show as visible escapes.
    """
    out: list[str] = ["# My plan", ""]
    sections = [(guide.title, review_groups(guide, plan)) for guide in guides]
    leftovers = leftover_items(guides, plan)
    if leftovers:
        sections.append(("Other saved answers", [("Kept", leftovers)]))
    for title, groups in sections:
        out += [f"## {_md_escape(safe_line(title))}", ""]
        for group, items in groups:
            out += [f"### {_md_escape(group)}", ""]
            for item in items:
                heading = _md_escape(safe_line(item.title))
                out.append(f"- **{heading}** ({_status_words(item.status)})")
                for label, text in item.lines:
                    out.append(f"  - {_md_escape(safe_line(label))}:")
                    out += [f"    {_md_escape(line)}  " for line in _lines(text)]
            out.append("")
    return "\n".join(out)


def write_new_file(path: Path, text: str, *, overwrite: bool = False) -> None:
    """Write an export to a file that only this user can read (0600).

    Only a new name, or (with ``overwrite``) a regular file of this user's, is ever
    written. A link, a folder, a device, a named pipe or a socket at ``path`` is refused
    and left as it is: the export never goes through it or replaces it.

    Args:
        path: Where to write.
        text: The exported plan.
        overwrite: Replace a regular file of this user's that is there already. The new
            file is written in full beside it first and then renamed over it in one
            step, so the old file stays whole if anything fails; the result is 0600
            whatever the old file was. When False, an existing file is never touched.

    Raises:
        PlanError: Something is at ``path`` already (and ``overwrite`` is False, or it
            is not a regular file of this user's), or the file could not be written.
            The message is kind and plain; nothing is left half-written.
    """
    data = text.encode("utf-8")
    if overwrite:
        try:
            found = os.lstat(path)
        except FileNotFoundError:
            found = None
        except OSError as error:
            raise PlanError(f"The file at {path} cannot be checked ({error.strerror}).") from None
        if found is not None:
            _replace_own_file(path, found, data)
            return
    try:
        fd = os.open(path, _NEW_FILE, 0o600)
    except FileExistsError:
        what = _what_is_at(path)
        raise PlanError(
            f"There is already {what} at {path}. Pick another name; nothing was overwritten."
        ) from None
    except OSError as error:
        raise PlanError(f"The file could not be made at {path} ({error.strerror}).") from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
    except OSError as error:
        path.unlink(missing_ok=True)
        raise PlanError(
            f"The file could not be written ({error.strerror}). It was removed."
        ) from None


_NEW_FILE = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
)
"""A new file only: never an existing one, never through a link."""


def _replace_own_file(path: Path, found: os.stat_result, data: bytes) -> None:
    """Replace a regular file of this user's with a new 0600 one, in one rename."""
    if not stat.S_ISREG(found.st_mode):
        raise PlanError(
            f"The file at {path} could not be replaced, because it is {_kind(found)}. "
            "Nothing was written."
        )
    if hasattr(os, "geteuid") and found.st_uid != os.geteuid():
        raise PlanError(
            f"The file at {path} could not be replaced, because it belongs to another "
            "user. Nothing was written."
        )
    from safetyplan.vault.diskio import sync_folder, write_temp

    folder = path.parent
    try:
        temp = write_temp(folder, "export", data)  # 0600, flushed; removed on error
    except OSError as error:
        raise PlanError(f"The file could not be made at {path} ({error.strerror}).") from None
    try:
        os.replace(temp, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise PlanError(
            f"The file at {path} could not be replaced ({error.strerror}). It was not changed."
        ) from None
    sync_folder(folder)


def _what_is_at(path: Path) -> str:
    try:
        found = os.lstat(path)
    except OSError:
        return "a file"
    return "a file" if stat.S_ISREG(found.st_mode) else _kind(found)


def _kind(found: os.stat_result) -> str:
    """What something on disk is, in plain words."""
    mode = found.st_mode
    if stat.S_ISLNK(mode):
        return "a link to somewhere else"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"
