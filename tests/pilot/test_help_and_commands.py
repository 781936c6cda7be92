"""F1 help, the command palette's own commands, and the colour choice that is kept."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button

from safetyplan.guides.content import Guide
from safetyplan.tui.app import PlannerApp
from safetyplan.tui.screens.help import HelpScreen
from safetyplan.tui.screens.lock import LockScreen
from safetyplan.tui.screens.review import ReviewScreen
from safetyplan.tui.screens.start import StartScreen
from safetyplan.vault.settings import Settings, load_settings
from tests.pilot.conftest import TEST_WORK_FACTOR, settle, type_text, unlock_first


async def run_command(pilot, words: str) -> None:  # type: ignore[no-untyped-def]
    """Open the palette with Ctrl+P, type a command's name, press Enter."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await type_text(pilot, words)
    await pilot.pause()
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


async def test_f1_opens_help_from_any_screen_and_esc_closes_it(existing_plan, make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text").render())
        for words in ("Ctrl+Q", "Ctrl+L", "Ctrl+P", "Esc", "Quick exit", "Your plans", "A step"):
            assert words in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        await unlock_first(pilot)
        await pilot.press("enter")  # a step, focus in a field
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_palette_commands_lock_and_review(existing_plan, make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Lock" not in titles  # nothing to lock yet
        await unlock_first(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert {"Quick exit", "Lock", "End session", "Review my plan", "Colours", "Help"} <= set(
            titles
        )
        await run_command(pilot, "Review my")
        assert isinstance(app.screen, ReviewScreen)
        await run_command(pilot, "Lock")
        assert isinstance(app.screen, LockScreen)


async def test_palette_quick_exit(existing_plan, make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await run_command(pilot, "Quick exit")
    assert app.return_code == 0


async def test_colour_choice_is_kept_without_plan_names(
    existing_plan: str, folder: Path, guides: tuple[Guide, ...], tmp_path: Path
) -> None:
    config = tmp_path / "config"
    app = PlannerApp(
        folder,
        guides,
        work_factor=TEST_WORK_FACTOR,
        save_delay=0,
        settings=Settings(),
        config_folder=config,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock_first(pilot)
        await run_command(pilot, "Colours")
        await pilot.press("home", "down", "down", "enter")  # high contrast, dark
        await pilot.pause()
        assert app.theme == "high-contrast-dark"
    assert load_settings(config).theme == "high-contrast-dark"
    text = (config / "settings.toml").read_text()
    assert existing_plan not in text
    assert oct((config / "settings.toml").stat().st_mode & 0o777) == "0o600"
    again = PlannerApp(folder, guides, settings=load_settings(config), config_folder=config)
    assert again.theme == "high-contrast-dark"


async def test_the_terminal_cursor_follows_the_focus(existing_plan, make_app) -> None:  # type: ignore[no-untyped-def]
    """Screen readers such as Speakup and BRLTTY follow the terminal's cursor."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        plans = app.screen.query_one("#plans")
        assert app.focused is plans
        assert app.cursor_position.y == plans.content_region.y
        await pilot.press("down")  # to "Make a new plan", below the plan and a line
        await pilot.pause()
        assert app.cursor_position.y == plans.content_region.y + 2
        await pilot.press("enter")
        await settle(pilot)
        for _ in range(8):  # Tab on to the first button of the new-plan form
            await pilot.press("tab")
            await pilot.pause()
            if isinstance(app.focused, Button):
                break
        button = app.focused
        assert isinstance(button, Button)
        assert app.cursor_position == button.content_region.offset
