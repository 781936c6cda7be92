"""Each kind of question in the line mode, and the guard when a step is marked done."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from safetyplan.guides.content import Guide, Prompt, load_guides
from safetyplan.line import words
from safetyplan.line.app import LineApp
from safetyplan.line.asker import Asker, Command
from safetyplan.line.io import LineIO, QuickExit
from safetyplan.line.prompts import ask_prompt
from safetyplan.line.walk import Moved, StepWalk
from safetyplan.plan.model import Answer, GuardChoice, StepStatus
from safetyplan.plan.session import PlanSession
from tests.line.talk import GUIDES


@pytest.fixture(scope="module")
def guide() -> Guide:
    return load_guides(GUIDES)[0]


def prompt(guide: Guide, step_id: str, prompt_id: str) -> Prompt:
    step = guide.step(step_id)
    assert step is not None
    return next(p for p in step.prompts if p.id == prompt_id)


def io_for(tmp_path: Path, *lines: str) -> LineIO:
    read_end, write_end = os.pipe()
    os.write(write_end, "".join(line + "\n" for line in lines).encode())
    os.close(write_end)
    out = os.open(tmp_path / "out.txt", os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    return LineIO(read_end, out)


def ask(tmp_path: Path, question: Prompt, current: Answer | None, *lines: str) -> Answer | None:
    return ask_prompt(Asker(io_for(tmp_path, *lines), ("clear",)), question, current)


def said(tmp_path: Path) -> str:
    return (tmp_path / "out.txt").read_text()


def test_choice_and_checklist_take_numbers(tmp_path: Path, guide: Guide) -> None:
    choice = prompt(guide, "block", "plan")
    assert ask(tmp_path, choice, None, "7", "two", "2") == "wait"
    assert ask(tmp_path, choice, "wait", "") is None  # kept as it is
    assert "Chosen now: Wait for now." in said(tmp_path)
    checklist = prompt(guide, "save-proof", "saved")
    assert ask(tmp_path, checklist, ["links"], "3, 1", "") == ["links", "chats"]
    assert ask(tmp_path, checklist, ["links"], "1 4", "3 3") == ["chats"]
    assert "Ticked now: The links." in said(tmp_path)
    assert words.BAD_NUMBERS.format(top=3) in said(tmp_path)


def test_text_is_kept_as_typed_with_controls_made_visible(tmp_path: Path, guide: Guide) -> None:
    text = prompt(guide, "save-proof", "where")
    assert ask(tmp_path, text, None, "  in a \x1b[31m box\t ") == "  in a \\x1b[31m box\\x09 "
    assert ask(tmp_path, text, "kept", "   ") is None
    assert "Now: kept" in said(tmp_path)


def test_a_date_must_be_a_real_one(tmp_path: Path, guide: Guide) -> None:
    date = prompt(guide, "save-proof", "when")
    assert ask(tmp_path, date, None, "2026-02-30", "May 3rd", " 2026-05-03 ") == "2026-05-03"
    assert said(tmp_path).count(words.BAD_DATE) == 2


def test_long_text_lists_and_contacts_end_with_a_dot(tmp_path: Path, guide: Guide) -> None:
    story = prompt(guide, "people", "story")
    assert ask(tmp_path, story, None, "one", "", "\tthree", ".") == "one\n\n\tthree"
    places = prompt(guide, "people", "places")
    assert ask(tmp_path, places, None, "a", "", "b", ".") == ["a", "b"]
    assert ask(tmp_path, places, ["x"], ".") == []  # a dot at once: nothing
    who = prompt(guide, "people", "who")
    answer = ask(tmp_path, who, None, "Sam : text first", "Alex", "Jo: 555: 1", ".")
    assert answer == [
        {"name": "Sam", "how": "text first"},
        {"name": "Alex", "how": ""},
        {"name": "Jo", "how": "555: 1"},
    ]
    assert "  Now it says:" not in said(tmp_path)


def test_leaving_in_the_middle_of_several_lines_keeps_them(tmp_path: Path, guide: Guide) -> None:
    story = prompt(guide, "people", "story")
    with pytest.raises(QuickExit) as stop:
        ask(tmp_path, story, None, "one", "two", "q!")
    assert stop.value.answer == "one\ntwo"
    with pytest.raises(Command) as command:
        ask(tmp_path, story, None, "one", "/clear")
    assert command.value.answer == "one"


def test_the_message_builder_puts_the_parts_together(tmp_path: Path, guide: Guide) -> None:
    draft = prompt(guide, "message", "draft")
    answer = ask(tmp_path, draft, None, "Hello.", "2", "2", "")
    assert answer == {
        "parts": {"opening": "Hello.", "asks": ["stop"], "tone": "calm"},
        "text": "Hello.\n\nStop sharing it. Thank you.",
    }
    # Written again in my own words...
    own = ask(tmp_path, draft, answer, "", "", "", "2", "My words.", "Two.", ".", "")
    assert isinstance(own, dict) and own["text"] == "My words.\nTwo."
    # ...and a part changed later asks before my words are replaced.
    kept = ask(tmp_path, draft, own, "", "1", "", "2", "")
    assert isinstance(kept, dict) and kept["text"] == "My words.\nTwo."
    assert kept["parts"] == {"opening": "Hello.", "asks": ["delete"], "tone": "calm"}
    assert words.REPLACE_OWN in said(tmp_path)
    replaced = ask(tmp_path, draft, own, "", "1", "", "1", "")
    assert isinstance(replaced, dict)
    assert replaced["text"] == "Hello.\n\nPlease delete it. Thank you."
    assert ask(tmp_path, draft, replaced, "", "", "", "") is None  # nothing changed


@pytest.mark.parametrize(
    ("typed", "status", "guard", "moved_to"),
    [
        (["1", "2"], StepStatus.DONE, GuardChoice.SAVED_ANOTHER_WAY, None),
        (["1", "3"], StepStatus.DONE, GuardChoice.CONTINUED_ANYWAY, None),
        (["1", "1"], None, None, 0),  # go to the step that should come first
        (["1", ""], None, None, None),  # step back: nothing changes
        (["2"], StepStatus.PLANNED, None, None),  # only Done asks
    ],
)
def test_marking_a_guarded_step_done_asks_the_guard(
    tmp_path: Path,
    typed: list[str],
    status: StepStatus | None,
    guard: GuardChoice | None,
    moved_to: int | None,
) -> None:
    guides = load_guides(GUIDES)
    app = LineApp(tmp_path, io=io_for(tmp_path, *typed), guides=guides, idle_lock=0)
    app.session = PlanSession.try_out(guides)
    walk = StepWalk(app, guides[0])
    block = guides[0].steps[1]
    if moved_to is None:
        walk._status(block)
    else:
        with pytest.raises(Moved) as moved:
            walk._status(block)
        assert (moved.value.where, moved.value.index) == ("go", moved_to)
    record = app.session.record("practice", "block")
    assert (record.status, record.guard) == (status, guard)
    assert said(tmp_path).count(words.BEFORE_YOU_GO_ON) == (0 if typed == ["2"] else 1)
