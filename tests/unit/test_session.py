"""The plan session: typed operations, the guard, saving, and a plan changed elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from safetyplan.errors import PlanChangedError, WrongPassphraseError
from safetyplan.guides.content import load_guides
from safetyplan.plan.model import GuardChoice, StepStatus
from safetyplan.plan.session import PlanSession, SaveState
from safetyplan.plan.storage import open_plan
from safetyplan.vault.folder import PlanStore

PASS = "a long enough passphrase"
WF = 2


@pytest.fixture(scope="module")
def guides():  # type: ignore[no-untyped-def]
    return load_guides()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "plans"
    path.mkdir(mode=0o700)
    return path


def test_operations_are_saved_and_read_back(folder: Path, guides) -> None:  # type: ignore[no-untyped-def]
    session = PlanSession.create(folder, "notes-1", PASS, guides, work_factor=WF)
    assert session.save_state is SaveState.SAVED
    session.set_answer(
        "tech-safety", "reach-out", "trusted-people", [{"name": "Sam", "how": "text"}]
    )
    session.set_status("tech-safety", "reach-out", StepStatus.DONE)
    session.set_notes("tech-safety", "reach-out", "call on Friday")
    session.move_to("tech-safety", "reach-out")
    assert session.save_state is SaveState.UNSAVED
    copy_of_plan = session.plan
    copy_of_plan.record("tech-safety", "reach-out").notes = "changed outside"  # a copy
    assert session.record("tech-safety", "reach-out").notes == "call on Friday"
    assert session.save()
    assert session.save_state is SaveState.SAVED
    session.close()
    plan = open_plan(PlanStore(folder), "notes-1", PASS).plan
    record = plan.record("tech-safety", "reach-out")
    assert record.status is StepStatus.DONE and record.notes == "call on Friday"
    assert record.answers["trusted-people"] == [{"name": "Sam", "how": "text"}]
    assert (plan.current_guide, plan.current_step) == ("tech-safety", "reach-out")


def test_an_empty_answer_removes_it_and_unchanged_values_are_not_edits(
    folder: Path, guides
) -> None:  # type: ignore[no-untyped-def]
    session = PlanSession.create(folder, "notes-1", PASS, guides, work_factor=WF)
    session.set_answer("g", "s", "p", "words")
    session.save()
    session.set_answer("g", "s", "p", "words")
    assert session.save_state is SaveState.SAVED
    session.set_answer("g", "s", "p", [])
    assert "p" not in session.record("g", "s").answers
    assert session.unsaved


def test_the_guard_asks_until_a_choice_is_made(folder: Path, guides) -> None:  # type: ignore[no-untyped-def]
    session = PlanSession.try_out(guides)
    guarded = [(g, s) for g, s in session.steps() if s.after]
    guide, step = guarded[0]
    question = session.guard_for(guide.id, step.id)
    assert question is not None and question.waiting_on and question.message
    session.choose_at_guard(guide.id, step.id, GuardChoice.SAVED_ANOTHER_WAY)
    assert session.guard_for(guide.id, step.id) is None
    assert session.record(guide.id, step.id).guard_at is not None


def test_trying_out_writes_nothing(folder: Path, guides) -> None:  # type: ignore[no-untyped-def]
    session = PlanSession.try_out(guides)
    session.set_notes("tech-safety", "reach-out", "draft")
    assert session.save_state is SaveState.NOT_SAVING
    assert session.save()
    assert list(folder.iterdir()) == []
    kept = PlanSession.create(folder, "notes-2", PASS, guides, work_factor=WF, plan=session.plan)
    assert kept.record("tech-safety", "reach-out").notes == "draft"
    assert (
        open_plan(PlanStore(folder), "notes-2", PASS).plan.record("tech-safety", "reach-out").notes
        == "draft"
    )


def test_a_plan_changed_elsewhere_is_never_written_again(folder: Path, guides) -> None:  # type: ignore[no-untyped-def]
    PlanSession.create(folder, "notes-1", PASS, guides, work_factor=WF).close()
    mine = PlanSession.open(folder, "notes-1", PASS, guides)
    theirs = PlanSession.open(folder, "notes-1", PASS, guides)
    theirs.change_passphrase("another long passphrase", work_factor=WF)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    mine.set_notes("tech-safety", "reach-out", "mine")
    with pytest.raises(PlanChangedError):
        mine.save()
    assert mine.save_state is SaveState.CHANGED_ELSEWHERE
    assert mine.save_quietly() is not None
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    with pytest.raises(WrongPassphraseError):
        PlanSession.open(folder, "notes-1", PASS, guides)


def test_check_passphrase(folder: Path, guides) -> None:  # type: ignore[no-untyped-def]
    session = PlanSession.create(folder, "notes-1", PASS, guides, work_factor=WF)
    assert session.check_passphrase(PASS)
    assert not session.check_passphrase("not it")
    assert not PlanSession.try_out(guides).check_passphrase(PASS)


def test_reopen_adds_the_changes_to_the_plan_as_it_is_now(folder: Path, guides) -> None:  # type: ignore[no-untyped-def]
    PlanSession.create(folder, "notes-1", PASS, guides, work_factor=WF).close()
    mine = PlanSession.open(folder, "notes-1", PASS, guides)
    theirs = PlanSession.open(folder, "notes-1", PASS, guides)
    theirs.set_notes("tech-safety", "cloud-sync", "theirs")
    theirs.change_passphrase("the passphrase now", work_factor=WF)
    mine.set_notes("tech-safety", "reach-out", "mine")
    with pytest.raises(PlanChangedError):
        mine.save()
    with pytest.raises(WrongPassphraseError):
        mine.reopen(PASS)  # the old passphrase does not open the file now
    again = mine.reopen("the passphrase now")
    assert again.save_state is SaveState.UNSAVED
    assert again.save()
    plan = open_plan(PlanStore(folder), "notes-1", "the passphrase now").plan
    assert plan.record("tech-safety", "reach-out").notes == "mine"
    assert plan.record("tech-safety", "cloud-sync").notes == "theirs"
