"""``check``: what it says about when a plan was saved, odd dates, and what is recorded."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from safetyplan import cli
from safetyplan.guides.content import Guide, Step
from safetyplan.plan.checkup import check
from safetyplan.vault.age import AgeSession
from safetyplan.vault.folder import PlanStore

PASS = "green door 5"
TOP = 'format = "safetyplan"\nschema = 1\ncreated = 2024-05-01T09:00:00Z\n'
STEP = '\n[guides.tech.cloud]\nstatus = "done"\nnotes = "still here"\n'


def store_with(tmp_path: Path, text: str, name: str = "p") -> PlanStore:
    """A plans folder holding one plan whose TOML is ``text``."""
    store = PlanStore(tmp_path / "plans")
    store.folder.mkdir(mode=0o700)
    data = AgeSession.create(PASS, work_factor=2).encrypt(text.encode())
    store.path(name).write_bytes(data)
    store.path(name).chmod(0o600)
    return store


def check_command(store: PlanStore, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    """``safetyplan check p`` with the passphrase on standard input; status and output."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(f"{PASS}\n".encode())))
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    status = cli.main(["--dir", str(store.folder), "check", "p"])
    return status, out.getvalue()


def test_a_plan_without_updated_was_saved_at_an_unknown_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not "now", and not the time it was made: the file does not say."""
    store = store_with(tmp_path, TOP + STEP)
    report = check(store, "p", PASS)
    assert report.ok and report.plan is not None
    assert report.plan.updated is None
    status, out = check_command(store, monkeypatch)
    assert status == 0
    assert 'The plan "p" opens. It was last saved at an unknown time.' in out


@pytest.mark.parametrize(
    "moment",
    ["9999-12-31T23:59:59-23:00", "0001-01-01T00:00:00+23:00", "9999-12-31T23:30:00-01:00"],
)
@pytest.mark.parametrize("key", ["updated", "created", "guides.tech.cloud.guard_at"])
def test_a_date_out_of_range_is_named_and_the_plan_still_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, moment: str, key: str
) -> None:
    if key == "guides.tech.cloud.guard_at":
        text = TOP + STEP + f'guard = "continued-anyway"\nguard_at = {moment}\n'
    else:
        text = TOP.replace("created = 2024-05-01T09:00:00Z\n", "") + f"{key} = {moment}\n" + STEP
    store = store_with(tmp_path, text)
    report = check(store, "p", PASS)
    assert report.ok and report.plan is not None
    assert any(key in note and "too far in the past or the future" in note for note in report.notes)
    status, out = check_command(store, monkeypatch)
    assert status == 0, out
    assert "OverflowError" not in out and key in out
    if key == "updated":
        assert "last saved at an unknown time" in out


def test_the_counts_and_the_steps_no_longer_in_the_guides(tmp_path: Path) -> None:
    text = TOP + STEP + '\n[guides.tech.gone]\nnotes = "x"\n\n[guides.other.s]\nnotes = "y"\n'
    text += '\n[guides.tech.cloud.answers]\na = "1"\nb = ""\nc = ["x"]\n'
    store = store_with(tmp_path, text)
    guides = (Guide("tech", "Tech", "", 1, (Step("cloud", "Cloud", ""),)),)
    notes = check(store, "p", PASS, guides=guides).notes
    assert notes[0] == "Steps with something recorded: 3. Answers: 2."
    assert notes[1].startswith("Steps that are no longer in the guides: 2.")
    assert check(store, "p", PASS).notes == [notes[0]]  # without the guides: no comparison
