"""Fixtures and keyboard helpers for Pilot tests of the real app."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widget import Widget

from safetyplan.guides.content import Guide, load_guides
from safetyplan.tui.app import PlannerApp

TEST_WORK_FACTOR = 2
"""A tiny scrypt work factor, passed explicitly so tests stay fast."""

PASSPHRASE = "maple-21"

SAVE_DELAY = 30.0
"""Autosave waits this long, so a test's saves come from the keys it presses (quick exit,
lock, close). The autosave itself is tested on its own, with no delay."""

_KEY_NAMES = {
    " ": "space",
    "-": "minus",
    ".": "full_stop",
    ",": "comma",
    ":": "colon",
    "!": "exclamation_mark",
    "'": "apostrophe",
    "?": "question_mark",
    "\n": "enter",
}


@pytest.fixture(scope="session")
def guides() -> tuple[Guide, ...]:
    """The guides shipped in plans/."""
    return load_guides()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An empty plans folder."""
    path = tmp_path / "plans"
    path.mkdir(mode=0o700)
    return path


@pytest.fixture
def existing_plan(folder: Path) -> str:
    """A plan made beforehand (tests that are not about making plans start here)."""
    from safetyplan.plan.storage import create_plan
    from safetyplan.vault.folder import PlanStore

    create_plan(PlanStore(folder), "notes-1", PASSPHRASE, work_factor=TEST_WORK_FACTOR).close()
    return "notes-1"


@pytest.fixture
def make_app(folder: Path, guides: tuple[Guide, ...]) -> Callable[[], PlannerApp]:
    """Make the real app on the test folder, with a tiny work factor."""

    def make() -> PlannerApp:
        return PlannerApp(folder, guides, work_factor=TEST_WORK_FACTOR, save_delay=SAVE_DELAY)

    return make


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Type text one key at a time, as a person would."""
    await pilot.press(*[_KEY_NAMES.get(ch, ch) for ch in text])


async def tab_to(pilot: Pilot[None], selector: str, *, limit: int = 60) -> Widget:
    """Press Tab until the widget matching the selector has focus.

    Raises:
        AssertionError: When Tab never reaches it.
    """
    app = pilot.app
    for _ in range(limit):
        focused = app.focused
        if focused is not None and focused in list(app.screen.query(selector)):
            return focused
        await pilot.press("tab")
    raise AssertionError(f"Tab never reached {selector}")


async def settle(pilot: Pilot[None]) -> None:
    """Let workers (unlock, save) finish and the screen catch up."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def fill_new_plan_form(pilot: Pilot[None], passphrase: str = PASSPHRASE) -> None:
    """On the new-plan form, keep the suggested name and type the passphrase twice."""
    await type_text(pilot, passphrase)
    await pilot.press("enter")
    await type_text(pilot, passphrase)
    await pilot.press("enter")
    await settle(pilot)


async def create_plan(pilot: Pilot[None], passphrase: str = PASSPHRASE) -> None:
    """From the start screen, make a new plan with the suggested name."""
    await pilot.press("n")
    await pilot.pause()
    await fill_new_plan_form(pilot, passphrase)


async def unlock_first(pilot: Pilot[None], passphrase: str = PASSPHRASE) -> None:
    """From the start screen, open the first plan in the list."""
    await pilot.press("enter")
    await pilot.pause()
    await type_text(pilot, passphrase)
    await pilot.press("enter")
    await settle(pilot)
