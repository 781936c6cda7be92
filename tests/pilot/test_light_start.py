"""The start screen does not load the heavy modules: they wait until a plan is opened.

Neither do the guides: they are read when a plan is opened or made, not before the first
frame.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from safetyplan.plan.storage import create_plan
from safetyplan.vault.folder import PlanStore

HEAVY = ("cryptography", "tomlkit", "markdown_it")
LATER = ("safetyplan.guides.content", "safetyplan.plan.storage", "safetyplan.vault.age", "tomllib")
"""Modules of our own (and the TOML reader) that the start screen does not need either."""

SCRIPT = """
import asyncio, json, sys
from pathlib import Path
from safetyplan.tui.app import PlannerApp

HEAVY = {heavy!r}
LATER = {later!r}

async def main():
    app = PlannerApp(Path(sys.argv[1]), work_factor=2, save_delay=0)
    seen = {{}}
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        seen["start"] = [m for m in HEAVY if m in sys.modules]
        seen["start_later"] = [m for m in LATER if m in sys.modules]
        seen["listed"] = app.screen.query_one("#plans").option_count
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"maple-21", "enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        seen["screen"] = type(app.screen).__name__
        seen["opened"] = [m for m in HEAVY + LATER if m in sys.modules]
    print(json.dumps(seen))

asyncio.run(main())
"""


def test_heavy_modules_load_only_when_a_plan_opens(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    create_plan(PlanStore(folder), "notes-1", "maple-21", work_factor=2).close()
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT.format(heavy=HEAVY, later=LATER), str(folder)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["start"] == []
    assert seen["start_later"] == []
    assert seen["listed"] == 3  # the plan, "Make a new plan", "Try it without saving"
    assert seen["screen"] == "HomeScreen"
    assert "cryptography" in seen["opened"]
    assert "safetyplan.guides.content" in seen["opened"]  # the guides were read to show the plan
