"""Every screen fits 80×24: no control is cut off where it cannot be scrolled to."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.screen import Screen
from textual.widget import Widget

from safetyplan.guides.content import Guide
from safetyplan.plan.model import Plan, StepStatus
from safetyplan.tui.app import PlannerApp
from safetyplan.tui.screens.confirm import ConfirmDialog
from safetyplan.tui.screens.create import CreateScreen
from safetyplan.tui.screens.export_dialog import ExportDialog
from safetyplan.tui.screens.guard import GuardDialog
from safetyplan.tui.screens.help import HelpScreen
from safetyplan.tui.screens.home import HomeScreen
from safetyplan.tui.screens.leave_browse import LeaveBrowseDialog
from safetyplan.tui.screens.lock import LockScreen
from safetyplan.tui.screens.name_dialog import NameDialog
from safetyplan.tui.screens.overview import OverviewDialog
from safetyplan.tui.screens.print_view import PrintScreen
from safetyplan.tui.screens.review import ReviewScreen
from safetyplan.tui.screens.start import StartScreen
from safetyplan.tui.screens.step import StepScreen
from safetyplan.tui.screens.theme_dialog import ThemeDialog
from safetyplan.tui.screens.too_small import TooSmallScreen
from safetyplan.tui.screens.unlock import UnlockScreen

CONTROLS = "Button, Input, TextArea, OptionList, SelectionList, RadioSet, Footer"


def _scroller(widget: Widget) -> Widget | None:
    for ancestor in widget.ancestors:
        if isinstance(ancestor, Screen):
            return None
        if isinstance(ancestor, Widget) and ancestor.allow_vertical_scroll:
            return ancestor
    return None


def cut_off(screen: Screen[object]) -> list[str]:
    """Controls that are outside the screen and cannot be scrolled into view."""
    area = Region(0, 0, *screen.app.size)
    problems = []
    for widget in screen.query(CONTROLS):
        if not widget.display or not widget.is_on_screen and _scroller(widget) is None:
            if widget.display and _scroller(widget) is None:
                problems.append(f"{widget!r} is not on screen")
            continue
        scroller = _scroller(widget)
        region = widget.region
        if scroller is None:
            if not area.contains_region(region) or region.area == 0:
                problems.append(f"{widget!r} at {region} is outside {area}")
        else:
            box = scroller.region
            if not area.contains_region(box) or box.height < 3:
                problems.append(f"{scroller!r} holding {widget!r} is cut off at {box}")
            if widget.outer_size.width > scroller.scrollable_content_region.width:
                problems.append(f"{widget!r} is wider than {scroller!r}")
    return problems


def evidence_done() -> Plan:
    plan = Plan()
    plan.record("tech-safety", "save-evidence").status = StepStatus.DONE
    return plan


ScreenMaker = Callable[[PlannerApp], Screen[object]]

FIXED_SCREENS: dict[str, ScreenMaker] = {
    "start": lambda app: StartScreen(app.folder, work_factor=2, max_work_factor=22),
    "create": lambda app: CreateScreen(app.folder, work_factor=2),
    "unlock": lambda app: UnlockScreen(app.folder, "notes-1", max_work_factor=22),
    "lock": lambda app: LockScreen(app.folder, "notes-1", max_work_factor=22),
    "home": lambda app: HomeScreen(Plan(), app.guides),
    "browse home": lambda app: HomeScreen(Plan(), app.guides, browsing=True),
    "review": lambda app: ReviewScreen(evidence_done(), app.guides),
    "print": lambda app: PrintScreen("My plan\n" * 80),
    "help": lambda app: HelpScreen(),
    "overview": lambda app: OverviewDialog(app.guides[0], Plan(), "reach-out"),
    "guard": lambda app: GuardDialog(app.guides[0].steps[-2], [app.guides[0].steps[1]]),
    "confirm": lambda app: ConfirmDialog("Delete notes-1?", "Really? " * 40),
    "name": lambda app: NameDialog("Rename", "A new name:", suggestion="notes-1"),
    "export": lambda app: ExportDialog(),
    "leave browse": lambda app: LeaveBrowseDialog(),
    "theme": lambda app: ThemeDialog("textual-dark"),
    "too small": lambda app: TooSmallScreen(),
}


@pytest.mark.parametrize("name", sorted(FIXED_SCREENS))
async def test_screen_fits(name: str, folder: Path, guides: tuple[Guide, ...]) -> None:
    app = PlannerApp(folder, guides, work_factor=2, save_delay=0, idle_lock=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(FIXED_SCREENS[name](app))
        await pilot.pause()
        assert cut_off(app.screen) == []


async def test_every_step_fits(folder: Path, guides: tuple[Guide, ...]) -> None:
    app = PlannerApp(folder, guides, work_factor=2, save_delay=0, idle_lock=0)
    async with app.run_test(size=(80, 24)) as pilot:
        for guide in guides:
            plan = evidence_done()
            for step in guide.steps:
                plan.record(guide.id, step.id).guard = None
            await app.push_screen(StepScreen(plan, guide, guide.steps[0].id))
            await pilot.pause()
            for number, step in enumerate(guide.steps):
                screen = app.screen
                assert isinstance(screen, StepScreen)
                if number:
                    await pilot.press("ctrl+n")
                    await pilot.pause()
                    if isinstance(app.screen, GuardDialog):
                        await pilot.press("tab", "enter")  # saved another way
                        await pilot.pause()
                assert isinstance(app.screen, StepScreen)
                assert app.screen.step_id == step.id
                assert cut_off(app.screen) == [], step.id
            app.pop_screen()
            await pilot.pause()


async def test_below_the_minimum_a_friendly_message(
    folder: Path, guides: tuple[Guide, ...]
) -> None:
    app = PlannerApp(folder, guides, work_factor=2, save_delay=0, idle_lock=0)
    async with app.run_test(size=(50, 15)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
