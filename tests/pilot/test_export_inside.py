"""The app's "save a copy" never writes the unlocked copy in a folder inside the plans folder."""

from __future__ import annotations

from pathlib import Path

from safetyplan.tui.screens.export_dialog import ExportDialog
from safetyplan.tui.screens.print_view import PrintScreen
from tests.pilot.conftest import unlock_first
from tests.pilot.test_shared_terminal import screen_text


async def test_print_view_never_writes_its_copy_in_a_folder_inside_the_plans_folder(
    existing_plan: str,
    make_app,  # type: ignore[no-untyped-def]
    folder: Path,
    tmp_path: Path,
) -> None:
    (folder / "sub" / "deeper").mkdir(parents=True)
    link_to_sub = tmp_path / "to-sub"  # outside, but it leads inside
    link_to_sub.symlink_to(folder / "sub")
    before = sorted(folder.rglob("*"))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock_first(pilot)
        for path in (
            folder / "sub" / "copy.txt",
            folder / "sub" / "deeper" / "copy.txt",
            link_to_sub / "copy.txt",
        ):
            await pilot.press("r", "p")
            await pilot.pause()
            assert isinstance(app.screen, PrintScreen)
            await pilot.press("s")
            await pilot.pause()
            assert isinstance(app.screen, ExportDialog)
            field = app.screen.query_one("#path")
            field.value = str(path)  # type: ignore[attr-defined]
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ExportDialog)  # refused, with a reason
            assert "outside the plans folder" in screen_text(app)
            await pilot.press("escape", "escape", "escape")
            await pilot.pause()
    assert sorted(folder.rglob("*")) == before
