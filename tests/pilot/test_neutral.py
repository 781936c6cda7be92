"""Nothing a passer-by or a later user of the computer sees names what the program is for."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from safetyplan.plan.storage import create_plan
from safetyplan.tui.app import NEUTRAL_TITLE, PlannerApp
from safetyplan.tui.screens.lock import LockScreen
from safetyplan.vault import paths
from safetyplan.vault.folder import PlanStore
from tests.pilot.conftest import PASSPHRASE, TEST_WORK_FACTOR, unlock_first

REVEALING = (
    "safety",
    "abuse",
    "intimate",
    "image",
    "ncii",
    "revenge",
    "survivor",
    "violence",
)
"""Words that must not appear in names on disk, titles, or the start and lock screens."""


def revealing(text: str) -> list[str]:
    lowered = text.lower()
    return [word for word in REVEALING if word in lowered]


def visible_text(app: PlannerApp) -> str:
    """The characters on screen (the SVG export, tags removed)."""
    svg = app.export_screenshot()
    return re.sub(r"<[^>]+>", " ", svg).replace("&#160;", " ")


def test_folder_names_are_neutral(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(paths.ENV_DIR, raising=False)
    assert revealing(str(paths.data_dir())) == []
    assert revealing(str(paths.config_dir())) == []
    assert revealing(paths.APP_NAME) == []


def test_file_names_are_neutral(folder: Path) -> None:
    store = PlanStore(folder)
    name = store.suggest_name()
    opened = create_plan(store, name, PASSPHRASE, work_factor=TEST_WORK_FACTOR)
    opened.plan.record("tech-safety", "reach-out").notes = "x"
    opened.save()
    opened.save()
    names = " ".join(p.name for p in folder.iterdir())
    assert name in names
    assert revealing(names) == []


async def test_titles_and_start_and_lock_screens_are_neutral(
    existing_plan: str,
    make_app,
    folder: Path,  # type: ignore[no-untyped-def]
) -> None:
    assert revealing(NEUTRAL_TITLE) == []
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert revealing(app.title + app.sub_title) == []
        start = visible_text(app)
        assert "Your plans" in start  # the screen really is drawn
        assert revealing(start) == []
        await unlock_first(pilot)
        await pilot.press("enter")  # open a step
        await pilot.pause()
        assert revealing(app.title + app.sub_title) == []
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert isinstance(app.screen, LockScreen)
        lock = visible_text(app)
        assert "Locked" in lock
        assert revealing(lock) == []
