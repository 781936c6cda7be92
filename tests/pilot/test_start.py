"""The start screen: one list with the plans, then "Make a new plan" and "Try it without saving"."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList, Static

from safetyplan.tui.app import PlannerApp
from safetyplan.tui.screens.create import CreateScreen
from safetyplan.tui.screens.home import HomeScreen
from safetyplan.tui.screens.start import StartScreen
from safetyplan.tui.screens.unlock import UnlockScreen
from tests.pilot.conftest import PASSPHRASE, TEST_WORK_FACTOR, fill_new_plan_form, settle, type_text


def screen_text(app: PlannerApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def test_an_empty_folder_offers_a_new_plan_first(folder: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "There are no plans here yet" in text
        plans = app.screen.query_one("#plans", OptionList)
        assert app.focused is plans
        assert plans.highlighted == 0
        assert plans.get_option_at_index(0).id == "new"
        await pilot.press("enter")  # Enter on "Make a new plan"
        await pilot.pause()
        assert isinstance(app.screen, CreateScreen)
        await fill_new_plan_form(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.session is not None and app.session.name == "notes-1"
        await pilot.press("ctrl+w")  # end the session: back to the list, which now has it
        await settle(pilot)
        assert isinstance(app.screen, StartScreen)
        assert len(app.screen_stack) == 1
        plans = app.screen.query_one("#plans", OptionList)
        assert plans.get_option_at_index(0).id == "plan:notes-1"
        assert "There are no plans here yet" not in screen_text(app)


async def test_arrows_and_enter_reach_every_entry(existing_plan: str, make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        for words in ("notes-1", "Make a new plan", "Try it without saving"):
            assert words in text
        await pilot.press("enter")  # the plan, highlighted first
        await pilot.pause()
        assert isinstance(app.screen, UnlockScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        await pilot.press("down", "down", "enter")  # past the line to "Try it without saving"
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.browse_plan is not None and app.session is None


async def test_rename_and_delete_ignore_the_entries_that_are_not_plans(
    existing_plan: str,
    make_app,  # type: ignore[no-untyped-def]
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down")  # "Make a new plan"
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)  # no question about deleting anything
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)


async def test_damaged_guides_are_explained_and_nothing_opens(
    tmp_path: Path, folder: Path, existing_plan: str
) -> None:
    """The guides are read when first needed; a damaged one gets a plain message."""
    guides = tmp_path / "guides"
    guides.mkdir()
    (guides / "broken.toml").write_text('id = "broken"\ntitel = "typo"\n', encoding="utf-8")
    app = PlannerApp(folder, guides_folder=guides, work_factor=TEST_WORK_FACTOR)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "notes-1" in screen_text(app)  # the list itself needs no guides
        for keys in (["enter"], ["n"], ["t"]):
            await pilot.press(*keys)
            await pilot.pause()
            assert isinstance(app.screen, StartScreen)
        messages = [str(n.message) for n in app._notifications]
        assert messages and all("guides that came with this app" in m for m in messages)
        assert all("broken.toml" in m for m in messages)
        assert app.session is None and app.browse_plan is None


async def test_the_guides_are_read_only_when_a_plan_is_opened(
    folder: Path, existing_plan: str
) -> None:
    app = PlannerApp(folder, work_factor=TEST_WORK_FACTOR)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app._guides is None
        await pilot.press("enter")
        await pilot.pause()
        await type_text(pilot, PASSPHRASE)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app._guides is not None and {g.id for g in app.guides} >= {"tech-safety"}


async def test_a_folder_that_cannot_be_read_is_said_plainly(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "plans"
    not_a_folder.write_text("a file where the folder should be", encoding="utf-8")
    app = PlannerApp(not_a_folder, work_factor=TEST_WORK_FACTOR)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        problem = app.screen.query_one("#folder-problem", Static)
        assert problem.display
        assert str(problem.content).startswith(f"The plans folder {not_a_folder} cannot be read")
        assert "cannot be read" in " ".join(screen_text(app).split())
        plans = app.screen.query_one("#plans", OptionList)
        assert [plans.get_option_at_index(i).id for i in range(plans.option_count)] == [
            "new",
            "try",
        ]


async def test_rename_and_delete_are_offered_only_on_a_plan(existing_plan: str, make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = " ".join(screen_text(app).splitlines()[-1].split())
        assert "r Rename" in footer and "d Delete" in footer
        await pilot.press("down")  # "Make a new plan"
        await pilot.pause()
        footer = " ".join(screen_text(app).splitlines()[-1].split())
        assert "Rename" not in footer and "Delete" not in footer
        await pilot.press("up")
        await pilot.pause()
        assert "Rename" in screen_text(app).splitlines()[-1]
