"""The start screen lists a plan whose file time cannot be shown, and the app starts."""

from __future__ import annotations

from pathlib import Path

import pytest

from safetyplan.tui.screens.start import StartScreen
from tests.edge_times import FIRST_HOUR, LAST_HOUR, PAST_THE_CALENDAR, in_zone, set_file_time
from tests.pilot.test_start import screen_text


@pytest.mark.parametrize(
    ("seconds", "zone"),
    [
        (LAST_HOUR, "Pacific/Kiritimati"),
        (FIRST_HOUR, "America/New_York"),
        (PAST_THE_CALENDAR, "UTC"),
    ],
)
async def test_a_plan_changed_at_a_time_no_date_can_hold_is_listed_as_unknown(
    existing_plan: str,
    make_app,  # type: ignore[no-untyped-def]
    folder: Path,
    seconds: int,
    zone: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    set_file_time(monkeypatch, folder / f"{existing_plan}.age", seconds)
    app = make_app()
    with in_zone(zone):
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, StartScreen)
            text = screen_text(app)
            assert "notes-1" in text and "changed at an unknown time" in text
            assert "cannot be read" not in text
