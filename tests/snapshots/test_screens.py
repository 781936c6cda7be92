"""Snapshot tests: what each screen looks like at 80×24."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from safetyplan.guides.content import Guide, load_guides
from safetyplan.plan.model import Plan, StepStatus
from safetyplan.plan.storage import create_plan
from safetyplan.tui.app import PlannerApp
from safetyplan.tui.screens.home import HomeScreen
from safetyplan.tui.screens.review import ReviewScreen
from safetyplan.tui.screens.step import StepScreen
from safetyplan.vault.folder import PlanStore
from safetyplan.vault.settings import Settings

FIXED = datetime(2026, 3, 14, 9, 30, tzinfo=timezone.utc)
SnapCompare = Callable[..., bool]


THEMES = ("textual-dark", "high-contrast-dark", "ansi-dark")
"""The default theme, a high-contrast one, and one in the terminal's own colours."""


@pytest.fixture(autouse=True)
def _steady(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(PlannerApp, "steady_cursor", True)
    monkeypatch.setenv("TZ", "UTC")


@pytest.fixture(params=THEMES)
def theme(request: pytest.FixtureRequest) -> str:
    """Each snapshot is taken in every theme."""
    return str(request.param)


@pytest.fixture(scope="module")
def guides() -> tuple[Guide, ...]:
    return load_guides()


def sample_plan() -> Plan:
    plan = Plan(created=FIXED, updated=FIXED)
    reach = plan.record("tech-safety", "reach-out")
    reach.status = StepStatus.DONE
    reach.notes = "Talk to Sam on Friday."
    plan.record("tech-safety", "save-evidence").status = StepStatus.PLANNED
    plan.record("tech-safety", "passwords").status = StepStatus.NOT_SAFE
    return plan


def app_on(folder: Path, guides: tuple[Guide, ...], theme: str) -> PlannerApp:
    return PlannerApp(
        folder, guides, work_factor=2, save_delay=0, idle_lock=0, settings=Settings(theme=theme)
    )


def with_plans(folder: Path) -> Path:
    store = PlanStore(folder)
    for name in ("notes-1", "garden"):
        create_plan(store, name, "a long test passphrase", work_factor=2).close()
        when = FIXED.timestamp()
        os.utime(store.path(name), (when, when))
    return folder


def test_start_screen(snap_compare: SnapCompare, tmp_path: Path, guides: Any, theme: str) -> None:
    """You should see "Your plans": one list with two neutral names and their last
    change, a line, then "Make a new plan" and "Try it without saving". Nothing says
    what the program is for."""
    assert snap_compare(app_on(with_plans(tmp_path), guides, theme))


def test_create_screen(snap_compare: SnapCompare, tmp_path: Path, guides: Any, theme: str) -> None:
    """You should see the new-plan form: a suggested name, two hidden passphrase
    fields with strength words, the offer to suggest a passphrase, and the warning."""
    assert snap_compare(app_on(tmp_path, guides, theme), press=["n", *"sunny", "space", *"day"])


def test_unlock_screen(snap_compare: SnapCompare, tmp_path: Path, guides: Any, theme: str) -> None:
    """You should see "Open garden" and an empty hidden passphrase field."""
    assert snap_compare(app_on(with_plans(tmp_path), guides, theme), press=["enter"])


def _open(screen_factory: Callable[[PlannerApp], Any]) -> Callable[[Pilot[None]], Any]:
    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, PlannerApp)
        await app.push_screen(screen_factory(app))
        await pilot.pause()

    return run_before


def test_home_screen(snap_compare: SnapCompare, tmp_path: Path, guides: Any, theme: str) -> None:
    """You should see both guides with progress ("3 of 16 steps") and the three buttons."""
    plan = sample_plan()
    assert snap_compare(
        app_on(tmp_path, guides, theme), run_before=_open(lambda app: HomeScreen(plan, app.guides))
    )


def test_step_screen(snap_compare: SnapCompare, tmp_path: Path, guides: Any, theme: str) -> None:
    """You should see "Step 1 of 16", the step title, why it matters, the first prompts,
    and Back, All steps and Next."""
    plan = sample_plan()
    assert snap_compare(
        app_on(tmp_path, guides, theme),
        run_before=_open(lambda app: StepScreen(plan, app.guides[0], "reach-out")),
    )


def test_guard_dialog(snap_compare: SnapCompare, tmp_path: Path, guides: Any, theme: str) -> None:
    """You should see the guard: what could be lost by reporting before saving evidence,
    and three ways on: go to saving evidence, saved another way, continue anyway."""
    plan = sample_plan()
    assert snap_compare(
        app_on(tmp_path, guides, theme),
        run_before=_open(lambda app: StepScreen(plan, app.guides[0], "report-to-sites")),
    )


def test_overview(snap_compare: SnapCompare, tmp_path: Path, guides: Any, theme: str) -> None:
    """You should see every step of the tech guide with a mark and a status in words."""
    plan = sample_plan()
    assert snap_compare(
        app_on(tmp_path, guides, theme),
        run_before=_open(lambda app: StepScreen(plan, app.guides[0], "reach-out")),
        press=["ctrl+o"],
    )


def test_review(snap_compare: SnapCompare, tmp_path: Path, guides: Any, theme: str) -> None:
    """You should see the tech guide grouped as Done, Next, Not now / not safe now,
    with the note "Talk to Sam on Friday." under the done step."""
    plan = sample_plan()
    assert snap_compare(
        app_on(tmp_path, guides, theme),
        run_before=_open(lambda app: ReviewScreen(plan, app.guides)),
    )


def test_lock_screen(snap_compare: SnapCompare, tmp_path: Path, guides: Any, theme: str) -> None:
    """You should see only "Locked" and a passphrase field: no plan name, no plan text."""
    from safetyplan.tui.screens.lock import LockScreen

    assert snap_compare(
        app_on(tmp_path, guides, theme),
        run_before=_open(lambda app: LockScreen(app.folder, "garden", max_work_factor=22)),
    )


def test_message_builders(
    snap_compare: SnapCompare, tmp_path: Path, guides: Any, theme: str
) -> None:
    """You should see the conversation step about the person who has the image, with
    "They shared it or might, but no threats like that" chosen, the heads-up that they may
    notice, and below it the message builders with their parts."""
    plan = sample_plan()
    plan.record("conversation", "talk-to-them").answers["situation"] = "no-threats"

    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, PlannerApp)
        await app.push_screen(StepScreen(plan, app.guides[1], "talk-to-them"))
        await pilot.pause()
        body = app.screen.query_one("#body")
        body.scroll_to_widget(app.screen.query_one("#prompt-non-consent"), top=True, animate=False)
        await pilot.pause()

    assert snap_compare(app_on(tmp_path, guides, theme), run_before=run_before)
