"""Hostile text in a plan or a guide is shown as visible escapes, and stored exactly as it was.

Text from an imported file, a plan made elsewhere, a guide file or a paste can hold
characters a terminal acts on: ``ESC ] 0 ; ... BEL`` sets the window title, ``ESC [ 2 J``
clears the screen, ``U+202E`` turns the text after it around, ``U+009B`` starts a
sequence on some terminals. Every screen shows them as ``\\x1b`` and the like; what the
person did not change is saved back byte for byte, and what they change is saved as
they see it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from textual import events
from textual.app import App
from textual.screen import Screen
from textual.widgets import Button, Input, OptionList, Static, TextArea
from textual.widgets.option_list import OptionDoesNotExist

from safetyplan.errors import PlanError
from safetyplan.guides.content import Guide, load_guides
from safetyplan.plan.document import new_document, update_document
from safetyplan.plan.model import Plan, StepRecord, StepStatus
from safetyplan.plan.storage import create_plan, open_plan
from safetyplan.safetext import safe_line
from safetyplan.tui.app import PlannerApp
from safetyplan.tui.screens.confirm import ConfirmDialog
from safetyplan.tui.screens.home import HomeScreen
from safetyplan.tui.screens.name_dialog import NameDialog
from safetyplan.tui.screens.print_view import PrintScreen
from safetyplan.tui.screens.review import ReviewScreen
from safetyplan.tui.screens.step import StepScreen
from safetyplan.vault.folder import PlanStore
from tests.pilot.conftest import (
    PASSPHRASE,
    SAVE_DELAY,
    TEST_WORK_FACTOR,
    settle,
    tab_to,
    type_text,
    unlock_first,
)

HOSTILE = "\x1b]0;TITLE\x07\x1b[2J\u202e\x9b"
"""Sets the window title, clears the screen, reverses what follows, and a C1 CSI."""
SHOWN = safe_line(HOSTILE)
"""How the hostile text looks on screen: ``\\x1b]0;TITLE\\x07\\x1b[2J\\u202e\\x9b``."""
RAW = ("\x1b", "\x07", "\x9b", "\u202e")
"""Characters that must never reach the screen."""
SIZE = (120, 60)
"""Wide enough that the escapes are not wrapped in the middle."""

STEPS = ("who-to-tell", "what-to-share", "opening-lines", "how-to-talk")
"""Conversation steps holding hostile answers, in the order they are opened."""
GONE = "gone-step" + HOSTILE
"""A step id the guide does not have (from a plan made with another guide)."""


def hostile_plan() -> Plan:
    """A plan whose answers, notes, contacts, list, message and unknown ids are hostile."""
    plan = Plan()
    talk = plan.record("conversation", "how-to-talk")
    talk.status = StepStatus.PLANNED
    talk.answers["when-where"] = f"after {HOSTILE} work"
    talk.answers["old-prompt" + HOSTILE] = HOSTILE
    talk.notes = f"first line\n{HOSTILE}\r\nlast line"
    tell = plan.record("conversation", "who-to-tell")
    tell.answers["people"] = [{"name": "Sam" + HOSTILE, "how": HOSTILE}]
    share = plan.record("conversation", "what-to-share")
    share.answers["key-points"] = [HOSTILE, "plain words"]
    share.answers["ask-for"] = f"listen {HOSTILE}"
    opening = plan.record("conversation", "opening-lines")
    opening.answers["opening"] = {
        "parts": {"start": "need-to-talk", "ask": HOSTILE, "own-words": f"mine {HOSTILE}"},
        "text": f"I need to talk to you. {HOSTILE}",
    }
    gone = plan.record("conversation", GONE)
    gone.answers["old" + HOSTILE] = HOSTILE
    gone.notes = HOSTILE
    return plan


@pytest.fixture
def hostile_name(folder: Path) -> str:
    """A plan file holding :func:`hostile_plan`, as an import or another copy would."""
    document = new_document()
    update_document(document, hostile_plan())
    store = PlanStore(folder)
    create_plan(
        store, "notes-1", PASSPHRASE, work_factor=TEST_WORK_FACTOR, document=document
    ).close()
    return "notes-1"


def shown_texts(screen: Screen[object]) -> list[str]:
    """The text of every widget on a screen, scrolled into view or not."""
    texts: list[str] = []
    for widget in screen.query("*"):
        if isinstance(widget, TextArea):
            texts.append(widget.text)
        elif isinstance(widget, Input):
            texts.append(widget.value)
        elif isinstance(widget, OptionList):
            for index in range(widget.option_count):
                try:
                    texts.append(str(widget.get_option_at_index(index).prompt))
                except OptionDoesNotExist:  # pragma: no cover - the count says it is there
                    break
        elif isinstance(widget, Button):
            texts.append(str(widget.label))
        elif isinstance(widget, Static):
            texts.append(str(widget.render()))
    return texts


def assert_shown_safely(app: App[None], *, expect: str | None = SHOWN) -> str:
    """Nothing on the screen holds a raw control or bidi character.

    Args:
        app: The running app.
        expect: Visible escapes that must be on the screen (in some widget).

    Returns:
        Everything the widgets show, joined.
    """
    screenshot = app.export_screenshot()
    assert [ch for ch in RAW if ch in screenshot] == [], "raw controls were drawn"
    texts = "\n".join(shown_texts(app.screen))
    assert [ch for ch in RAW if ch in texts] == [], "a widget holds a raw control"
    if expect is not None:
        assert expect in texts
        # The title marker is drawn, right after the visible escape that introduced it.
        assert re.search(r"x1b\]0;TITLE", screenshot)
    return texts


async def open_step(pilot, step_id: str) -> None:  # type: ignore[no-untyped-def]
    """On a conversation step, jump to another step with the overview (Ctrl+O)."""
    app = pilot.app
    screen = app.screen
    assert isinstance(screen, StepScreen)
    await pilot.press("ctrl+o")
    await pilot.pause()
    await pilot.press("home", *["down"] * screen.guide.index(step_id), "enter")
    await pilot.pause()
    assert isinstance(app.screen, StepScreen) and app.screen.step_id == step_id


async def open_conversation(pilot) -> None:  # type: ignore[no-untyped-def]
    """From the plan's home, open the conversation guide (the second one)."""
    await pilot.press("down", "enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, StepScreen)


def reopened(folder: Path) -> Plan:
    """The plan as it is on disk now."""
    return open_plan(PlanStore(folder), "notes-1", PASSPHRASE).plan


def record(plan: Plan, step_id: str) -> StepRecord:
    found = plan.peek("conversation", step_id)
    assert found is not None, step_id
    return found


async def test_hostile_answers_show_as_escapes_and_are_saved_back_exactly(
    hostile_name: str, make_app: Callable[[], PlannerApp], folder: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await unlock_first(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert_shown_safely(app, expect=None)
        await open_conversation(pilot)
        for step_id in STEPS:
            await open_step(pilot, step_id)
            assert_shown_safely(app)
            await pilot.press("ctrl+o")  # the overview lists the steps
            await pilot.pause()
            assert_shown_safely(app, expect=None)
            await pilot.press("escape")
            await pilot.pause()
        await pilot.press("escape")  # the plan's home
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        review = assert_shown_safely(app)
        assert safe_line(GONE) in review and safe_line("old-prompt" + HOSTILE) in review
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PrintScreen)
        assert_shown_safely(app)
        assert [ch for ch in RAW if ch in app.screen.text] == []
        # Back to the last step, so quick exit reads its form too (what is on screen
        # is put in the plan before the save).
        await pilot.press("escape", "escape", "c")
        await pilot.pause()
        assert isinstance(app.screen, StepScreen) and app.screen.step_id == STEPS[-1]
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0

    saved = reopened(folder)
    assert saved.current_step == STEPS[-1]  # the quick exit did save
    before = hostile_plan()
    for step_id in (*STEPS, GONE):
        assert record(saved, step_id) == record(before, step_id), step_id


async def test_a_changed_answer_is_saved_as_the_person_sees_it(
    hostile_name: str, make_app: Callable[[], PlannerApp], folder: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await unlock_first(pilot)
        await open_conversation(pilot)
        await open_step(pilot, "how-to-talk")
        await tab_to(pilot, "#input-when-where")
        await pilot.press("end")
        await type_text(pilot, "!")
        await pilot.press("f3")  # the notes
        await pilot.press("down", "down", "end")
        await type_text(pilot, " ok")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()

    talk = record(reopened(folder), "how-to-talk")
    assert talk.answers["when-where"] == f"after {SHOWN} work!"
    assert talk.notes == f"first line\n{SHOWN}\nlast line ok"
    # What was not touched on the same step stays exactly as it was.
    assert talk.answers["old-prompt" + HOSTILE] == HOSTILE
    assert talk.status is StepStatus.PLANNED


async def test_pasted_controls_become_visible_escapes(
    hostile_name: str, make_app: Callable[[], PlannerApp], folder: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await unlock_first(pilot)
        await open_conversation(pilot)
        await open_step(pilot, "what-to-share")
        area = await tab_to(pilot, "#area-ask-for")
        assert isinstance(area, TextArea)
        await pilot.press("end")
        # A terminal sends a bracketed paste's line breaks as carriage returns.
        app.post_message(events.Paste(f" and{HOSTILE}\rnext"))
        await pilot.pause()
        assert area.text == f"listen {SHOWN} and{SHOWN}\nnext"
        field = await tab_to(pilot, "#notes")
        assert isinstance(field, TextArea)
        app.post_message(events.Paste(HOSTILE))
        await pilot.pause()
        assert field.text == SHOWN
        await open_step(pilot, "how-to-talk")
        box = await tab_to(pilot, "#input-when-where")
        assert isinstance(box, Input)
        await pilot.press("home")
        app.post_message(events.Paste(HOSTILE + "\nsecond line"))
        await pilot.pause()
        assert box.value == f"{SHOWN}after {SHOWN} work"
        assert box.cursor_position == len(SHOWN)  # after the escapes, where typing goes on
        await type_text(pilot, "x")
        assert box.value == f"{SHOWN}xafter {SHOWN} work"
        assert_shown_safely(app)
        await pilot.press("ctrl+q")
        await pilot.pause()

    saved = reopened(folder)
    assert record(saved, "what-to-share").answers["ask-for"] == (f"listen {SHOWN} and{SHOWN}\nnext")
    assert record(saved, "what-to-share").notes == SHOWN
    assert record(saved, "how-to-talk").answers["when-where"] == f"{SHOWN}xafter {SHOWN} work"


def hostile_guides(folder: Path) -> tuple[Guide, ...]:
    """The shipped guides with hostile text at the start of every text a person reads."""
    source = Path(__file__).parents[2] / "plans"
    folder.mkdir()
    for path in source.glob("*.toml"):
        text = path.read_text(encoding="utf-8")
        text = re.sub(
            r"\b(title|summary|why|label|help|detail|example|text|template|after_message"
            r'|alert_message) = "',
            lambda match: match.group(0) + r"\u001b]0;TITLE\u0007\u001b[2J\u202e\u009b",
            text,
        )
        (folder / path.name).write_text(text, encoding="utf-8")
    return load_guides(folder)


async def test_hostile_guide_text_shows_as_escapes(
    existing_plan: str, folder: Path, tmp_path: Path
) -> None:
    guides = hostile_guides(tmp_path / "guides")
    assert guides[0].title.startswith(HOSTILE)
    app = PlannerApp(folder, guides, work_factor=TEST_WORK_FACTOR, save_delay=SAVE_DELAY)
    async with app.run_test(size=SIZE) as pilot:
        await unlock_first(pilot)
        assert_shown_safely(app)  # the plan's home: guide titles and summaries
        await pilot.press("enter")  # the tech guide: its steps have notices and a guard
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, StepScreen)
        assert_shown_safely(app)
        steps = screen.guide.steps
        # A step with a notice, one with links, and one behind the ordering guard.
        chosen = [
            next(step for step in steps if step.may_alert),
            next(step for step in steps if step.links),
            next(step for step in steps if step.after),
        ]
        guarded = [await open_any_step(pilot, screen, step.id) for step in chosen]
        assert guarded[-1], "the ordering guard was not shown"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert_shown_safely(app)
        await pilot.press("p")
        await pilot.pause()
        assert_shown_safely(app)


async def open_any_step(pilot, screen: StepScreen, step_id: str) -> bool:  # type: ignore[no-untyped-def]
    """Open a step with the overview, through the ordering guard if it asks.

    Every screen on the way is checked with :func:`assert_shown_safely`.

    Returns:
        True when the ordering guard was shown.
    """
    await pilot.press("ctrl+o")
    await pilot.pause()
    assert_shown_safely(pilot.app)
    await pilot.press("home", *["down"] * screen.guide.index(step_id), "enter")
    await pilot.pause()
    guarded = pilot.app.screen is not screen
    if guarded:
        assert_shown_safely(pilot.app)  # the guard: what could be lost, and the steps
        await tab_to(pilot, "#continue-anyway")
        await pilot.press("enter")
        await pilot.pause()
    assert pilot.app.screen is screen and screen.step_id == step_id
    assert_shown_safely(pilot.app)
    return guarded


async def test_dialogs_and_notifications_show_hostile_words_as_escapes(
    existing_plan: str, make_app: Callable[[], PlannerApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    def rename_fails(self: PlanStore, old: str, new: str) -> None:
        raise PlanError(f"The file {HOSTILE} could not be renamed.")

    monkeypatch.setattr(PlanStore, "rename", rename_fails)
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("r")  # rename the plan: the error names a file
        await pilot.pause()
        await type_text(pilot, "-2")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()  # the notification is drawn on the next refresh
        assert_shown_safely(app, expect=None)
        assert SHOWN in app.export_screenshot()

        app.push_screen(ConfirmDialog(HOSTILE, HOSTILE, yes=HOSTILE, no=HOSTILE))
        await pilot.pause()
        assert_shown_safely(app)
        await pilot.press("escape")
        answers: list[str | None] = []
        app.push_screen(NameDialog(HOSTILE, HOSTILE, suggestion=HOSTILE), answers.append)
        await pilot.pause()
        assert_shown_safely(app)
        app.screen.query_one("#name", Input).value = "plain name"
        await pilot.press("enter")
        await pilot.pause()
        assert answers == ["plain name"]
