"""Tests for the strict guide loader in safetyplan.guides.content and the guide files in plans/."""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from safetyplan.errors import ContentError
from safetyplan.guides import content
from safetyplan.guides.content import (
    Condition,
    Guide,
    Link,
    Option,
    Part,
    PromptKind,
    guides_dir,
    load_guide,
    load_guides,
)

REPO = Path(__file__).resolve().parents[2]
PLANS = REPO / "plans"

HEAD = """\
schema = 1
id = "test-guide"
title = "A test guide"
summary = "Only for tests."
order = 1
"""

STEP = """
[[steps]]
id = "first"
title = "First step"
why = "Because it helps."
"""

MINIMAL = HEAD + STEP


def write(folder: Path, text: str, name: str = "g.toml") -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def error_of(tmp_path: Path, text: str) -> str:
    with pytest.raises(ContentError) as info:
        load_guide(write(tmp_path, text))
    return str(info.value)


# --- valid guides -----------------------------------------------------------------------


def test_minimal_guide(tmp_path: Path) -> None:
    guide = load_guide(write(tmp_path, MINIMAL, "small.toml"))
    assert guide == Guide(
        id="test-guide",
        title="A test guide",
        summary="Only for tests.",
        order=1,
        steps=(content.Step(id="first", title="First step", why="Because it helps."),),
        source="small.toml",
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        guide.title = "changed"  # type: ignore[misc]


def test_strings_are_stripped_and_multiline_text_kept(tmp_path: Path) -> None:
    guide = load_guide(
        write(
            tmp_path,
            HEAD.replace('"A test guide"', '"  A test guide  "')
            + '\n[[steps]]\nid = "a"\ntitle = "A"\nwhy = """\nLine one.\nLine two.\n"""\n',
        )
    )
    assert guide.title == "A test guide"
    assert guide.steps[0].why == "Line one.\nLine two."


EVERY_KIND = (
    HEAD
    + """
[[steps]]
id = "save"
title = "Save"
why = "Keep proof."
links = [{ label = "A service", detail = "What it does." }]

[[steps.prompts]]
id = "saved"
kind = "checklist"
label = "What have you saved?"
help = "Tick any."
options = [
  { id = "links", label = "Links", detail = "The web address." },
  { id = "shots", label = "Screenshots" },
]

[[steps.prompts]]
id = "plan"
kind = "choice"
label = "What next?"
options = [{ id = "block", label = "Block" }, { id = "wait", label = "Wait" }]

[[steps.prompts]]
id = "where"
kind = "text"
label = "Where?"
when = [{ prompt = "plan", any = ["block"] }, { prompt = "saved", any = ["links", "shots"] }]

[[steps.prompts]]
id = "story"
kind = "longtext"
label = "What happened?"

[[steps.prompts]]
id = "places"
kind = "list"
label = "Places"

[[steps.prompts]]
id = "people"
kind = "contacts"
label = "People"

[[steps.prompts]]
id = "seen"
kind = "date"
label = "When?"

[[steps]]
id = "message"
title = "Message"
why = "Say no."
after = ["save"]
after_message = "Save first."
may_alert = true
alert_message = "They may notice."

[[steps.prompts]]
id = "saved"
kind = "compose"
label = "Build a message"
template = "{opening}\\n\\n{asks} {tone}{detail}"

[[steps.prompts.parts]]
id = "opening"
kind = "text"
label = "Start"
example = "Hello."

[[steps.prompts.parts]]
id = "asks"
kind = "checklist"
label = "Asks"
options = [{ id = "delete", label = "Delete it", text = "Please delete it." }]

[[steps.prompts.parts]]
id = "tone"
kind = "choice"
label = "Tone"
options = [{ id = "firm", label = "Firm", text = "I mean it." }]

[[steps.prompts.parts]]
id = "detail"
kind = "longtext"
label = "More"
"""
)


def test_every_prompt_kind(tmp_path: Path) -> None:
    guide = load_guide(write(tmp_path, EVERY_KIND))
    save, message = guide.steps
    assert [prompt.kind for prompt in save.prompts] == [
        PromptKind.CHECKLIST,
        PromptKind.CHOICE,
        PromptKind.TEXT,
        PromptKind.LONGTEXT,
        PromptKind.LIST,
        PromptKind.CONTACTS,
        PromptKind.DATE,
    ]
    assert save.links == (Link(label="A service", detail="What it does."),)
    assert save.prompts[0].help == "Tick any."
    assert save.prompts[0].options == (
        Option(id="links", label="Links", detail="The web address."),
        Option(id="shots", label="Screenshots"),
    )
    assert save.prompts[2].when == (
        Condition(prompt="plan", any=("block",)),
        Condition(prompt="saved", any=("links", "shots")),
    )
    assert save.after == () and save.may_alert is False and save.after_message == ""
    assert message.after == ("save",)
    assert message.after_message == "Save first."
    assert message.may_alert is True and message.alert_message == "They may notice."
    # Prompt ids only need to differ within a step.
    compose = message.prompts[0]
    assert compose.id == "saved" and compose.kind is PromptKind.COMPOSE
    assert compose.template == "{opening}\n\n{asks} {tone}{detail}"
    assert compose.parts[0] == Part(
        id="opening", kind=PromptKind.TEXT, label="Start", example="Hello."
    )
    assert compose.parts[1] == Part(
        id="asks",
        kind=PromptKind.CHECKLIST,
        label="Asks",
        options=(Option(id="delete", label="Delete it", text="Please delete it."),),
    )
    assert compose.parts[2].kind is PromptKind.CHOICE
    assert compose.parts[3].kind is PromptKind.LONGTEXT
    assert guide.step("message") is message and guide.index("message") == 1


def test_options_as_array_of_tables(tmp_path: Path) -> None:
    text = (
        MINIMAL
        + """
[[steps.prompts]]
id = "pick"
kind = "choice"
label = "Pick"

[[steps.prompts.options]]
id = "one"
label = "One"
"""
    )
    assert load_guide(write(tmp_path, text)).steps[0].prompts[0].options == (
        Option(id="one", label="One"),
    )


def test_after_may_point_to_a_later_step(tmp_path: Path) -> None:
    text = (
        HEAD
        + """
[[steps]]
id = "block"
title = "Block"
why = "Why."
after = ["save", "tell"]
after_message = "Save first."

[[steps]]
id = "save"
title = "Save"
why = "Why."
after = ["tell"]
after_message = "Tell first."

[[steps]]
id = "tell"
title = "Tell"
why = "Why."
"""
    )
    assert load_guide(write(tmp_path, text)).steps[0].after == ("save", "tell")


def test_utf8_with_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.replace("Because", "Parce que ça").encode())
    assert load_guide(path).steps[0].why == "Parce que ça it helps."


# --- errors: each names the file and the dotted key --------------------------------------

PROMPT = """
[[steps.prompts]]
id = "pick"
kind = "choice"
label = "Pick one"
options = [{ id = "a", label = "A" }, { id = "b", label = "B" }]
"""

COMPOSE = """
[[steps.prompts]]
id = "msg"
kind = "compose"
label = "Message"
template = "{opening} {asks}"

[[steps.prompts.parts]]
id = "opening"
kind = "text"
label = "Start"

[[steps.prompts.parts]]
id = "asks"
kind = "checklist"
label = "Asks"
options = [{ id = "delete", label = "Delete", text = "Please delete it." }]
"""

SECOND = """
[[steps]]
id = "second"
title = "Second"
why = "Why."
"""


def step(**keys: str) -> str:
    """The minimal guide, its step with extra key lines, e.g. step(after='["x"]')."""
    return MINIMAL + "".join(f"{key} = {value}\n" for key, value in keys.items())


def waiting_step(ident: str, first: str) -> str:
    """A step that should come after another one."""
    return (
        f'\n[[steps]]\nid = "{ident}"\ntitle = "T"\nwhy = "W"\n'
        f'after = ["{first}"]\nafter_message = "M"\n'
    )


ERRORS: list[tuple[str, str, str]] = [
    # unknown keys, at every level
    ("unknown-guide", HEAD + "colour = 1\n" + STEP, "g.toml: colour: unknown key"),
    ("unknown-step", step(colour="1"), "g.toml: steps[0].colour: unknown key"),
    (
        "unknown-prompt",
        MINIMAL + PROMPT.replace("options =", "optons ="),
        "g.toml: steps[0].prompts[0].optons: unknown key (did you mean 'options'?)",
    ),
    (
        "unknown-option",
        MINIMAL + PROMPT.replace('label = "B"', 'lable = "B"'),
        "g.toml: steps[0].prompts[0].options[1].lable: unknown key",
    ),
    (
        "unknown-part",
        MINIMAL + COMPOSE.replace('label = "Start"', 'label = "Start"\ncolour = "red"'),
        "g.toml: steps[0].prompts[0].parts[0].colour: unknown key",
    ),
    (
        "unknown-link",
        step(links='[{ label = "A", detail = "B", url = "C" }]'),
        "g.toml: steps[0].links[0].url: unknown key",
    ),
    (
        "unknown-when",
        MINIMAL + PROMPT + '[[steps.prompts]]\nid = "t"\nkind = "text"\nlabel = "T"\n'
        'when = [{ prompt = "pick", all = ["a"] }]\n',
        "g.toml: steps[0].prompts[1].when[0].all: unknown key",
    ),
    (
        "step-key-below-prompt",
        MINIMAL + PROMPT + 'may_alert = true\nalert_message = "They may notice."\n',
        "g.toml: steps[0].prompts[0].may_alert: unknown key; 'may_alert' belongs to the step",
    ),
    (
        "step-message-below-prompt",
        step(after='["second"]') + PROMPT + 'after_message = "Save first."\n' + SECOND,
        "g.toml: steps[0].prompts[0].after_message: unknown key; 'after_message' belongs to the "
        "step: put it above the first [[steps.prompts]] of the step",
    ),
    (
        "template-below-part",
        MINIMAL
        + COMPOSE.replace('template = "{opening} {asks}"\n', "")
        + 'template = "{opening} {asks}"\n',
        "g.toml: steps[0].prompts[0].parts[1].template: unknown key; 'template' belongs to the "
        "prompt",
    ),
    (
        "guide-key-below-step",
        HEAD.replace("order = 1\n", "") + STEP + "order = 1\n",
        "g.toml: steps[0].order: unknown key; 'order' belongs to the guide",
    ),
    # missing required keys
    ("missing-schema", MINIMAL.replace("schema = 1\n", ""), "g.toml: schema: missing"),
    ("missing-guide-id", MINIMAL.replace('id = "test-guide"\n', ""), "g.toml: id: missing"),
    ("missing-title", MINIMAL.replace('title = "A test guide"\n', ""), "g.toml: title: missing"),
    ("missing-summary", MINIMAL.replace('summary = "Only for tests."\n', ""), "g.toml: summary"),
    ("missing-order", MINIMAL.replace("order = 1\n", ""), "g.toml: order: missing"),
    ("missing-steps", HEAD, "g.toml: steps: missing"),
    ("empty-steps", HEAD + "steps = []\n", "g.toml: steps: is empty"),
    ("missing-step-id", MINIMAL.replace('id = "first"\n', ""), "g.toml: steps[0].id: missing"),
    ("missing-why", MINIMAL.replace('why = "Because it helps."\n', ""), "steps[0].why: missing"),
    (
        "missing-step-title",
        MINIMAL.replace('title = "First step"\n', ""),
        "g.toml: steps[0].title: missing",
    ),
    (
        "missing-prompt-kind",
        MINIMAL + PROMPT.replace('kind = "choice"\n', ""),
        "g.toml: steps[0].prompts[0].kind: missing; use one of: checklist, choice, text",
    ),
    (
        "missing-prompt-label",
        MINIMAL + PROMPT.replace('label = "Pick one"\n', ""),
        "g.toml: steps[0].prompts[0].label: missing",
    ),
    (
        "missing-option-label",
        MINIMAL + PROMPT.replace('{ id = "b", label = "B" }', '{ id = "b" }'),
        "g.toml: steps[0].prompts[0].options[1].label: missing",
    ),
    (
        "missing-link-detail",
        step(links='[{ label = "A" }]'),
        "g.toml: steps[0].links[0].detail: missing",
    ),
    # wrong types and empty text
    ("title-number", MINIMAL.replace('"A test guide"', "5"), "g.toml: title: must be a string"),
    ("title-blank", MINIMAL.replace('"A test guide"', '"   "'), "g.toml: title: is empty"),
    ("order-string", MINIMAL.replace("order = 1", 'order = "1"'), "g.toml: order: must be a whole"),
    ("order-bool", MINIMAL.replace("order = 1", "order = true"), "g.toml: order: must be a whole"),
    ("order-float", MINIMAL.replace("order = 1", "order = 1.5"), "g.toml: order: must be a whole"),
    ("schema-string", MINIMAL.replace("schema = 1", 'schema = "1"'), "g.toml: schema: must be"),
    ("schema-bool", MINIMAL.replace("schema = 1", "schema = true"), "g.toml: schema: must be"),
    ("schema-zero", MINIMAL.replace("schema = 1", "schema = 0"), "g.toml: schema: 0 is not"),
    ("steps-string", HEAD + 'steps = "first"\n', "g.toml: steps: must be a list of tables"),
    ("step-not-table", HEAD + 'steps = ["first"]\n', "g.toml: steps[0]: must be a table"),
    ("why-list", step().replace('"Because it helps."', '["Because"]'), "steps[0].why: must be"),
    ("may-alert-string", step(may_alert='"yes"'), "g.toml: steps[0].may_alert: must be true"),
    ("after-string", step(after='"second"', after_message='"M"') + SECOND, "steps[0].after: must"),
    ("after-empty", step(after="[]", after_message='"M"'), "g.toml: steps[0].after: is an empty"),
    ("links-table", step(links='{ label = "A", detail = "B" }'), "g.toml: steps[0].links: must"),
    (
        "help-blank",
        MINIMAL + PROMPT.replace('label = "Pick one"', 'label = "Pick one"\nhelp = ""'),
        "g.toml: steps[0].prompts[0].help: is empty",
    ),
    (
        "options-string",
        MINIMAL + PROMPT.replace('[{ id = "a", label = "A" }, { id = "b", label = "B" }]', '"a"'),
        "g.toml: steps[0].prompts[0].options: must be a list of tables, not 'a'",
    ),
    (
        "bad-kind",
        MINIMAL + PROMPT.replace('"choice"', '"radio"'),
        "g.toml: steps[0].prompts[0].kind: 'radio' is not a kind",
    ),
    (
        "kind-capitals",
        MINIMAL + PROMPT.replace('"choice"', '"Choice"'),
        "g.toml: steps[0].prompts[0].kind: 'Choice' is not a kind",
    ),
    # bad ids
    ("guide-id-caps", MINIMAL.replace('"test-guide"', '"Test_Guide"'), "g.toml: id: 'Test_Guide'"),
    ("step-id-space", MINIMAL.replace('"first"', '"first step"'), "steps[0].id: 'first step' is"),
    ("step-id-hyphens", MINIMAL.replace('"first"', '"a--b"'), "g.toml: steps[0].id: 'a--b' is not"),
    ("step-id-end", MINIMAL.replace('"first"', '"first-"'), "g.toml: steps[0].id: 'first-' is not"),
    ("step-id-number", MINIMAL.replace('"first"', "1"), "g.toml: steps[0].id: must be an id"),
    (
        "option-id-bad",
        MINIMAL + PROMPT.replace('id = "b"', 'id = "B"'),
        "g.toml: steps[0].prompts[0].options[1].id: 'B' is not a valid id",
    ),
    # duplicate ids
    ("dup-step", MINIMAL + STEP, "g.toml: steps[1].id: 'first' is already the id of another step"),
    (
        "dup-prompt",
        MINIMAL + PROMPT + PROMPT,
        "g.toml: steps[0].prompts[1].id: 'pick' is already the id of another prompt",
    ),
    (
        "dup-option",
        MINIMAL + PROMPT.replace('id = "b"', 'id = "a"'),
        "g.toml: steps[0].prompts[0].options[1].id: 'a' is already the id of another option",
    ),
    (
        "dup-part",
        MINIMAL + COMPOSE.replace('id = "asks"', 'id = "opening"'),
        "g.toml: steps[0].prompts[0].parts[1].id: 'opening' is already the id of another part",
    ),
    # the order guard
    (
        "after-unknown",
        step(after='["evidnce"]', after_message='"Save first."') + SECOND,
        "g.toml: steps[0].after[0]: no step with id 'evidnce'",
    ),
    (
        "after-self",
        step(after='["first"]', after_message='"M"'),
        "g.toml: steps[0].after[0]: a step cannot come after itself",
    ),
    (
        "after-twice",
        step(after='["second", "second"]', after_message='"M"') + SECOND,
        "g.toml: steps[0].after[1]: 'second' is listed twice",
    ),
    (
        "after-circle",
        step(after='["second"]', after_message='"M"')
        + SECOND
        + 'after = ["first"]\nafter_message = "M"\n',
        "g.toml: steps[0].after: these steps wait for each other in a circle, so none can go "
        "first: 'first' waits for 'second', 'second' waits for 'first'",
    ),
    (
        "after-circle-of-three",
        HEAD
        + waiting_step("one", "two")
        + waiting_step("two", "three")
        + waiting_step("three", "one"),
        "g.toml: steps[0].after: these steps wait for each other in a circle, so none can go "
        "first: 'one' waits for 'two', 'two' waits for 'three', 'three' waits for 'one'",
    ),
    (
        "after-circle-not-at-start",
        HEAD
        + waiting_step("free", "one")
        + waiting_step("one", "two")
        + waiting_step("two", "one"),
        "g.toml: steps[1].after: these steps wait for each other in a circle",
    ),
    (
        "after-without-message",
        step(after='["second"]') + SECOND,
        "g.toml: steps[0].after_message: missing",
    ),
    (
        "after-message-blank",
        step(after='["second"]', after_message='"  "') + SECOND,
        "g.toml: steps[0].after_message: is empty",
    ),
    (
        "message-without-after",
        step(after_message='"Save first."'),
        "g.toml: steps[0].after_message: is only used with 'after'",
    ),
    (
        "alert-without-message",
        step(may_alert="true"),
        "g.toml: steps[0].alert_message: missing",
    ),
    (
        "message-without-alert",
        step(may_alert="false", alert_message='"They may notice."'),
        "g.toml: steps[0].alert_message: is only used with 'may_alert = true'",
    ),
    # options and kinds
    (
        "options-on-text",
        MINIMAL + PROMPT.replace('"choice"', '"text"'),
        "g.toml: steps[0].prompts[0].options: only checklist and choice prompts have options",
    ),
    (
        "choice-without-options",
        MINIMAL
        + PROMPT.replace('options = [{ id = "a", label = "A" }, { id = "b", label = "B" }]', ""),
        "g.toml: steps[0].prompts[0].options: missing",
    ),
    (
        "checklist-empty-options",
        MINIMAL
        + PROMPT.replace('"choice"', '"checklist"').replace(
            '[{ id = "a", label = "A" }, { id = "b", label = "B" }]', "[]"
        ),
        "g.toml: steps[0].prompts[0].options: is empty",
    ),
    (
        "template-on-choice",
        MINIMAL + PROMPT + 'template = "{a}"\n',
        "g.toml: steps[0].prompts[0].template: only compose prompts have template",
    ),
    (
        "parts-on-longtext",
        MINIMAL
        + '[[steps.prompts]]\nid = "t"\nkind = "longtext"\nlabel = "T"\n'
        + '[[steps.prompts.parts]]\nid = "p"\nkind = "text"\nlabel = "P"\n',
        "g.toml: steps[0].prompts[0].parts: only compose prompts have parts",
    ),
    # when
    (
        "when-unknown-prompt",
        MINIMAL + PROMPT + '[[steps.prompts]]\nid = "t"\nkind = "text"\nlabel = "T"\n'
        'when = [{ prompt = "pik", any = ["a"] }]\n',
        "g.toml: steps[0].prompts[1].when[0].prompt: no earlier prompt in this step has the id "
        "'pik'",
    ),
    (
        "when-later-prompt",
        MINIMAL
        + '[[steps.prompts]]\nid = "t"\nkind = "text"\nlabel = "T"\n'
        + 'when = [{ prompt = "pick", any = ["a"] }]\n'
        + PROMPT,
        "g.toml: steps[0].prompts[0].when[0].prompt: no earlier prompt in this step has the id "
        "'pick'",
    ),
    (
        "when-text-prompt",
        MINIMAL
        + '[[steps.prompts]]\nid = "t"\nkind = "text"\nlabel = "T"\n'
        + '[[steps.prompts]]\nid = "u"\nkind = "text"\nlabel = "U"\n'
        + 'when = [{ prompt = "t", any = ["a"] }]\n',
        "g.toml: steps[0].prompts[1].when[0].prompt: 't' is a text prompt",
    ),
    (
        "when-unknown-option",
        MINIMAL + PROMPT + '[[steps.prompts]]\nid = "t"\nkind = "text"\nlabel = "T"\n'
        'when = [{ prompt = "pick", any = ["a", "c"] }]\n',
        "g.toml: steps[0].prompts[1].when[0].any[1]: 'pick' has no option with the id 'c'",
    ),
    (
        "when-without-any",
        MINIMAL + PROMPT + '[[steps.prompts]]\nid = "t"\nkind = "text"\nlabel = "T"\n'
        'when = [{ prompt = "pick" }]\n',
        "g.toml: steps[0].prompts[1].when[0].any: missing",
    ),
    (
        "when-other-step",
        MINIMAL + PROMPT + SECOND + '[[steps.prompts]]\nid = "t"\nkind = "text"\nlabel = "T"\n'
        'when = [{ prompt = "pick", any = ["a"] }]\n',
        "g.toml: steps[1].prompts[0].when[0].prompt: no earlier prompt in this step",
    ),
    # compose
    (
        "template-unknown-part",
        MINIMAL + COMPOSE.replace("{asks}", "{asks} {closing}"),
        "g.toml: steps[0].prompts[0].template: '{closing}' is not a part of this prompt",
    ),
    (
        "template-unused-part",
        MINIMAL + COMPOSE.replace(" {asks}", ""),
        "g.toml: steps[0].prompts[0].template: part 'asks' is not used",
    ),
    (
        "template-literal-brace",
        MINIMAL + COMPOSE.replace("{asks}", "{asks} :-}"),
        "g.toml: steps[0].prompts[0].template: has a { or } that is not around a part id",
    ),
    (
        "template-double-brace",
        MINIMAL + COMPOSE.replace("{asks}", "{{asks}}"),
        "g.toml: steps[0].prompts[0].template: has a { or }",
    ),
    (
        "compose-without-template",
        MINIMAL + COMPOSE.replace('template = "{opening} {asks}"\n', ""),
        "g.toml: steps[0].prompts[0].template: missing",
    ),
    (
        "compose-without-parts",
        MINIMAL + COMPOSE.split("[[steps.prompts.parts]]")[0].replace("{opening} {asks}", "Hi"),
        "g.toml: steps[0].prompts[0].parts: missing",
    ),
    (
        "part-kind-not-allowed",
        MINIMAL + COMPOSE.replace('kind = "text"', 'kind = "date"'),
        "g.toml: steps[0].prompts[0].parts[0].kind: 'date' is not a kind that can be used here; "
        "use one of: text, longtext, choice, checklist",
    ),
    (
        "choice-part-without-options",
        MINIMAL + COMPOSE.replace('options = [{ id = "delete"', 'lost = [{ id = "delete"'),
        "g.toml: steps[0].prompts[0].parts[1].lost: unknown key",
    ),
    (
        "checklist-part-missing-options",
        MINIMAL
        + COMPOSE.replace(
            'options = [{ id = "delete", label = "Delete", text = "Please delete it." }]\n', ""
        ),
        "g.toml: steps[0].prompts[0].parts[1].options: missing",
    ),
    (
        "text-part-with-options",
        MINIMAL + COMPOSE.replace('kind = "checklist"', 'kind = "text"'),
        "g.toml: steps[0].prompts[0].parts[1].options: only checklist and choice parts have",
    ),
    # schema and syntax
    (
        "schema-too-new",
        MINIMAL.replace("schema = 1", "schema = 2") + "colour = 1\n",
        "g.toml: schema: 2 is newer than this version of safetyplan can read",
    ),
    (
        "syntax-error",
        HEAD + '[[steps]]\nid = "first"\ntitle = First step\n',
        "g.toml: line 8, column 9: this is not valid TOML: Invalid value",
    ),
    (
        "syntax-inline-table-over-lines",
        step(links='[{ label = "A",\n  detail = "B" }]'),
        "g.toml: line 11, column 24: this is not valid TOML",
    ),
    (
        "syntax-at-end",
        MINIMAL + 'help = "unterminated',
        "g.toml: at the end of the file: this is not valid TOML: Unterminated string",
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [pytest.param(text, expected, id=name) for name, text, expected in ERRORS],
)
def test_error_names_file_and_key(tmp_path: Path, text: str, expected: str) -> None:
    message = error_of(tmp_path, text)
    assert expected in message
    assert message.startswith("g.toml: ")


def test_error_cases_have_unique_names() -> None:
    names = [name for name, _, _ in ERRORS]
    assert len(names) == len(set(names))


def test_valid_parts_of_the_error_cases_load(tmp_path: Path) -> None:
    """The snippets the error cases are built from are valid on their own."""
    for extra in ("", PROMPT, COMPOSE, SECOND):
        load_guide(write(tmp_path, MINIMAL + extra))


def test_bad_value_is_shown_with_repr(tmp_path: Path) -> None:
    message = error_of(tmp_path, step(may_alert='"yes"'))
    assert message == (
        "g.toml: steps[0].may_alert: must be true or false (no quotes), not 'yes' (a string)"
    )


def test_long_bad_value_is_shortened(tmp_path: Path) -> None:
    message = error_of(tmp_path, MINIMAL.replace('"A test guide"', "[" + "1, " * 100 + "]"))
    assert message.startswith("g.toml: title: must be a string in quotes, not [1, 1, ")
    assert "... (a list)" in message
    assert len(message) < 200


def test_unknown_key_is_found_before_other_problems(tmp_path: Path) -> None:
    message = error_of(tmp_path, MINIMAL.replace("title =", "titel ="))
    assert message.startswith("g.toml: titel: unknown key (did you mean 'title'?)")


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin.toml"
    path.write_bytes(MINIMAL.replace("Because", "Parce que \xe7a").encode("latin-1"))
    with pytest.raises(ContentError, match=r"^latin\.toml: the file is not UTF-8 text"):
        load_guide(path)


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match=r"^gone\.toml: the file could not be read"):
        load_guide(tmp_path / "gone.toml")


# --- folders ------------------------------------------------------------------------------


def guide_text(ident: str, order: int) -> str:
    return MINIMAL.replace('"test-guide"', f'"{ident}"').replace("order = 1", f"order = {order}")


def test_load_guides_sorts_by_order_then_id(tmp_path: Path) -> None:
    write(tmp_path, guide_text("zebra", 1), "a.toml")
    write(tmp_path, guide_text("apple", 2), "b.toml")
    write(tmp_path, guide_text("mango", 1), "c.toml")
    (tmp_path / "README.md").write_text("not a guide", encoding="utf-8")
    (tmp_path / ".#c.toml").write_text("editor lock file, not TOML", encoding="utf-8")
    guides = load_guides(tmp_path)
    assert [(guide.id, guide.source) for guide in guides] == [
        ("mango", "c.toml"),
        ("zebra", "a.toml"),
        ("apple", "b.toml"),
    ]


def test_load_guides_refuses_duplicate_guide_ids(tmp_path: Path) -> None:
    write(tmp_path, guide_text("same", 1), "a.toml")
    write(tmp_path, guide_text("same", 2), "b.toml")
    with pytest.raises(ContentError) as info:
        load_guides(tmp_path)
    assert str(info.value) == (
        "b.toml: id: 'same' is already the id of the guide in a.toml; each guide needs its own id"
    )


def test_load_guides_reports_the_bad_file(tmp_path: Path) -> None:
    write(tmp_path, guide_text("fine", 1), "a.toml")
    write(tmp_path, guide_text("broken", 2).replace("title", "titel"), "b.toml")
    with pytest.raises(ContentError, match=r"^b\.toml: titel: unknown key"):
        load_guides(tmp_path)


def test_load_guides_missing_or_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="is missing"):
        load_guides(tmp_path / "nowhere")
    with pytest.raises(ContentError, match="No guide files"):
        load_guides(tmp_path)


def test_load_guides_default_folder_is_guides_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, guide_text("only", 1), "only.toml")
    monkeypatch.setattr(content, "guides_dir", lambda: tmp_path)
    assert [guide.id for guide in load_guides()] == ["only"]


def test_guides_dir_finds_the_repository_plans() -> None:
    assert Path(content.__file__).resolve().parents[2] == REPO  # running from the source tree
    assert guides_dir().resolve() == PLANS.resolve()
    assert (guides_dir() / "README.md").is_file()


def test_guides_dir_prefers_the_installed_package_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "site-packages" / "safetyplan"
    (package / "guides").mkdir(parents=True)
    monkeypatch.setattr(content, "__file__", str(package / "guides" / "content.py"))
    assert guides_dir() == tmp_path / "site-packages" / "plans"
    (package / "plans").mkdir()
    assert guides_dir() == package / "plans"


# --- the real guide files and the schema document -----------------------------------------


def test_there_is_at_least_one_guide_file() -> None:
    assert sorted(PLANS.glob("*.toml"))


@pytest.mark.parametrize("path", sorted(PLANS.glob("*.toml")), ids=lambda path: path.name)
def test_guide_file_is_valid(path: Path) -> None:
    guide = load_guide(path)
    assert guide.source == path.name
    assert guide.steps


def test_all_guide_files_load_together() -> None:
    guides = load_guides(PLANS)
    assert len(guides) == len(list(PLANS.glob("*.toml")))
    assert len({guide.id for guide in guides}) == len(guides)


def test_readme_examples_form_a_valid_guide(tmp_path: Path) -> None:
    """Every ```toml block of plans/README.md, put together, is a valid guide of every kind."""
    readme = (PLANS / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```toml\n(.*?)^```$", readme, flags=re.MULTILINE | re.DOTALL)
    assert len(blocks) >= 6
    guide = load_guide(write(tmp_path, "\n".join(blocks), "readme.toml"))
    kinds = {prompt.kind for step in guide.steps for prompt in step.prompts}
    assert kinds == set(PromptKind)
    assert any(step.after and step.after_message for step in guide.steps)
    assert any(step.may_alert and step.alert_message for step in guide.steps)
    assert any(prompt.when for step in guide.steps for prompt in step.prompts)


def test_loading_guides_stays_light() -> None:
    """Reading the guides imports neither the UI, the TOML writer nor the crypto library."""
    code = (
        "import sys, safetyplan.guides.content as c\n"
        "guides = c.load_guides()\n"
        "assert guides, 'no guides'\n"
        "heavy = sorted(m for m in sys.modules\n"
        "               if m.split('.')[0] in {'tomlkit', 'textual', 'cryptography'})\n"
        "print(' '.join(heavy))\n"
    )
    package_root = str(Path(content.__file__).resolve().parents[1])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
