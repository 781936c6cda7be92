"""Times at the ends of the calendar are said to be unknown, never a crash.

A plan may say it was saved on 9999-12-31 at 23:00 UTC, which is already the year 10000
in UTC+14; a file's time can be set to any number. Such times cannot be shown in local
time, so the program says "at an unknown time" instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from safetyplan import cli
from safetyplan.vault import age
from safetyplan.vault.folder import PlanStore
from tests.edge_times import FIRST_HOUR, LAST_HOUR, PAST_THE_CALENDAR, in_zone, set_file_time
from tests.unit.test_cli import PASS, put, run


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "plans"


EDGES = [
    pytest.param("9999-12-31T23:00:00Z", "Pacific/Kiritimati", id="last-hour-in-UTC+14"),
    pytest.param("0001-01-01T00:00:00Z", "America/New_York", id="first-hour-in-UTC-5"),
]


def edge_plan(folder: Path, when: str) -> None:
    text = (
        f'format = "safetyplan"\nschema = 1\ncreated = {when}\nupdated = {when}\nsave_counter = 3\n'
    )
    put(folder, age.encrypt(text.encode(), PASS, work_factor=2), name="edge")
    folder.chmod(0o700)


@pytest.mark.parametrize(("when", "zone"), EDGES)
def test_check_says_an_unknown_time_for_a_save_time_the_local_calendar_cannot_hold(
    folder: Path, when: str, zone: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    edge_plan(folder, when)
    monkeypatch.setenv("TZ", zone)
    result = run(folder, "check", "edge", stdin=PASS + "\n")
    assert result.returncode == 0, result.stderr
    assert 'The plan "edge" opens. It was last saved at an unknown time.' in result.stdout
    assert "went wrong" not in result.stderr


@pytest.mark.parametrize(
    ("seconds", "zone"),
    [
        (LAST_HOUR, "Pacific/Kiritimati"),
        (FIRST_HOUR, "America/New_York"),
        (PAST_THE_CALENDAR, "UTC"),
        (-PAST_THE_CALENDAR, "UTC"),
    ],
)
def test_list_says_an_unknown_time_for_a_file_time_the_calendar_cannot_hold(
    folder: Path,
    seconds: int,
    zone: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    edge_plan(folder, "2024-05-02T09:00:00Z")
    set_file_time(monkeypatch, folder / "edge.age", seconds)
    with in_zone(zone):
        assert cli.main(["--dir", str(folder), "list"]) == 0
    out, err = capsys.readouterr()
    assert out == "edge  last saved at an unknown time\n"
    assert err == ""


def test_plans_with_a_time_no_date_can_hold_are_listed_last(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a", "b"):
        put(folder, b"not looked at", name=name)
    folder.chmod(0o700)
    set_file_time(monkeypatch, folder / "a.age", PAST_THE_CALENDAR)
    plans = PlanStore(folder).list()
    assert [(plan.name, plan.modified is None) for plan in plans] == [("b", False), ("a", True)]


@pytest.mark.parametrize("seconds", [LAST_HOUR, FIRST_HOUR])
def test_a_time_that_leaves_the_calendar_in_local_time_is_unknown(seconds: int) -> None:
    from datetime import datetime, timezone

    from safetyplan.vault.folder import local_time

    moment = datetime.fromtimestamp(seconds, timezone.utc)
    with in_zone("Pacific/Kiritimati" if seconds > 0 else "America/New_York"):
        assert local_time(moment) is None
        assert local_time(None) is None
    with in_zone("UTC"):
        assert local_time(moment) == moment
