"""Problems while unlocking are said in plain words, and never as a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from safetyplan.tui.screens.unlock import UnlockScreen
from tests.pilot.conftest import PASSPHRASE, settle, type_text


async def test_short_memory_at_unlock_says_so(
    existing_plan: str, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    import safetyplan.plan.storage

    def no_memory(*args: object, **kwargs: object) -> None:
        raise MemoryError

    monkeypatch.setattr(safetyplan.plan.storage, "open_plan", no_memory)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await type_text(pilot, PASSPHRASE)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        words = str(app.screen.query_one("#status").render())
        assert "Not enough free memory" in words
        assert "could not be opened" not in words


async def test_a_plan_name_with_control_characters_is_shown_escaped(folder: Path, make_app) -> None:  # type: ignore[no-untyped-def]
    screen = UnlockScreen(folder, "notes\x1b]0;X\x07", max_work_factor=22)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(screen)
        await pilot.pause()
        title = str(screen.query_one(".page-title").render())
        assert "\x1b" not in title and "\x07" not in title
        assert "\\x1b" in title


async def test_short_memory_while_making_a_plan_says_so(
    make_app, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    import safetyplan.plan.storage
    from safetyplan.tui.screens.create import CreateScreen
    from tests.pilot.conftest import fill_new_plan_form

    def no_memory(*args: object, **kwargs: object) -> None:
        raise MemoryError

    monkeypatch.setattr(safetyplan.plan.storage, "create_plan", no_memory)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await fill_new_plan_form(pilot)
        assert isinstance(app.screen, CreateScreen)
        words = str(app.screen.query_one("#problem").render())
        assert "Not enough free memory" in words
    assert list(folder.iterdir()) == []


async def test_a_library_that_cannot_be_loaded_for_lack_of_memory_says_so(
    existing_plan: str, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    import safetyplan.plan.storage

    def no_memory(*args: object, **kwargs: object) -> None:
        raise ImportError("_rust.abi3.so: failed to map segment from shared object")

    monkeypatch.setattr(safetyplan.plan.storage, "open_plan", no_memory)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        await type_text(pilot, PASSPHRASE)
        await pilot.press("enter")
        await settle(pilot)
        words = str(app.screen.query_one("#status").render())
        assert "Not enough free memory" in words
