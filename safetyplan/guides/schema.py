"""The guide schema: the typed, validated form of a guide file (see ``plans/README.md``)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

SCHEMA = 1
"""The newest guide-file schema this version reads."""


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
