"""The plain line mode, driven by scripted lines: a whole plan, the guard, lock, try-out."""

from __future__ import annotations

from pathlib import Path

import pytest

from safetyplan.errors import WrongPassphraseError
from safetyplan.line import words
from safetyplan.plan.model import GuardChoice, StepStatus
from tests.line.talk import NEW_PLAN, PASS, Talk, lines_after, make_plan, open_plan, run_lines

G = "practice"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "plans"


WHOLE_GUIDE = [
    *NEW_PLAN,
    "1",  # the practice plan, from its first step
    "1 3", "in a drawer", "2026-13-01", "2026-05-03", "2", "", "",  # step 1: planned
    "1",  # the guard before step 2: go to the step that should come first
    "", "", "", "", "", "",  # step 1 again, all kept as it is
    "2",  # the guard before step 2: I already saved it another way
    "1", "Forum", "1", "first line", "", "third", ".", "",  # step 2: block, done, notes
    "Sam: 555-0100", "Alex", ".", "forum", "chat", ".",
    "It started in May.", "", "Then it got worse.", ".", "", "", "",  # step 3
    "3",  # the guard before step 4: continue anyway
    "I am writing to you.", "1 2", "1", "",  # the message: its parts, then keep it
    "1", "", "",  # step 4 done, no notes, past the last step
]  # fmt: skip


def test_a_whole_guide_is_answered_line_by_line_and_saved(folder: Path) -> None:
    run = run_lines(folder, WHOLE_GUIDE)

    assert run.status == 0
    out = run.output
    assert "Your plan notes-1 is made and saved." in out
    assert "Practice plan, step 1 of 4: Save the proof" in out
    assert words.BAD_DATE in out
    assert out.count("Before you go on.") == 3
    assert "Heads up: They may notice that they are blocked." in out
    assert "Question 2 of 2: Which site?" in out  # shown for the answer "Block them"
    assert "That was the last step of Practice plan." in out
    # The guide's hostile title is said with its escape shown, never sent as ESC.
    assert "A message \\x1b]0;X\\x07 to them" in out
    plan = open_plan(folder).plan
    proof = plan.record(G, "save-proof")
    assert proof.answers == {
        "saved": ["links", "chats"],
        "where": "in a drawer",
        "when": "2026-05-03",
    }
    assert proof.status is StepStatus.PLANNED and proof.guard is None
    block = plan.record(G, "block")
    assert block.answers == {"plan": "block", "site": "Forum"}
    assert block.status is StepStatus.DONE and block.notes == "first line\n\nthird"
    assert block.guard is GuardChoice.SAVED_ANOTHER_WAY and block.guard_at is not None
    people = plan.record(G, "people")
    assert people.answers == {
        "who": [{"name": "Sam", "how": "555-0100"}, {"name": "Alex", "how": ""}],
        "places": ["forum", "chat"],
        "story": "It started in May.\n\nThen it got worse.",
    }
    message = plan.record(G, "message")
    assert message.guard is GuardChoice.CONTINUED_ANYWAY
    assert message.status is StepStatus.DONE
    assert message.answers["draft"] == {
        "parts": {"opening": "I am writing to you.", "asks": ["delete", "stop"], "tone": "firm"},
        "text": "I am writing to you.\n\nPlease delete it. Stop sharing it. I mean it.",
    }
    assert (plan.current_guide, plan.current_step) == (G, "message")


def test_marking_a_guarded_step_done_asks_the_guard_first(folder: Path) -> None:
    make_plan(folder).close()
    script = [
        "1", PASS, "1",  # open notes-1, its practice plan
        "/go 2", "3",  # step 2: the guard, continue anyway
        "/status", "1",  # mark it done: asked nothing more (the choice was made)
        "/go 4", "",  # step 4: step back at the guard, to the end of step 2
        "/status", "3", "/home",
    ]  # fmt: skip
    run = run_lines(folder, script)

    out = run.output
    assert "You are on Practice plan, step 2 of 4: Block the account" in out
    plan = open_plan(folder).plan
    assert plan.record(G, "block").status is StepStatus.NOT_NOW
    assert plan.record(G, "block").guard is GuardChoice.CONTINUED_ANYWAY
    assert plan.peek(G, "message") is None


def test_skip_back_go_steps_and_commands_that_do_not_work_here(folder: Path) -> None:
    make_plan(folder).close()
    script = [
        "1", PASS, "1",
        "/back",  # on the first step there is none before: stay at its end
        "/clear", "/go 9", "/go 3",
        "", "//slash", "/bogus", "/skip",  # a list, then the next step (the list is kept)
        "2", "/steps", "", "/steps", "1", "/home",
    ]  # fmt: skip
    run = run_lines(folder, script)

    out = run.output
    assert words.FIRST_STEP in out
    assert "You are on Practice plan, step 1 of 4: Save the proof" in out
    assert "There is no command /clear here." in out
    assert "There is no step 9. The steps go from 1 to 4." in out
    assert "4. A message \\x1b]0;X\\x07 to them: No status yet. You are here." in out
    assert "You are on Practice plan, step 4 of 4" in out
    plan = open_plan(folder).plan
    assert plan.record(G, "people").answers == {"places": ["/slash", "/bogus"]}
    assert plan.record(G, "message").guard is GuardChoice.SAVED_ANOTHER_WAY
    assert (plan.current_guide, plan.current_step) == (G, "save-proof")


def test_question_help_names_the_commands_and_quick_exit(folder: Path) -> None:
    make_plan(folder).close()
    run = run_lines(folder, ["1", PASS, "1", "?"])

    help_lines = lines_after(run.output, "Tick what you have.")
    said = "\n".join(help_lines)
    for name in ("back", "skip", "go", "steps", "status", "notes", "home", "lock", "clear"):
        assert words.COMMANDS[name] in said
    assert words.QUICK_EXIT in said


def test_end_of_input_saves_what_was_typed_in_an_unfinished_answer(folder: Path) -> None:
    make_plan(folder).close()
    # Step 3: a contact given, then end of input in the middle of the list.
    run_lines(folder, ["1", PASS, "1", "/go 3", "Sam: 555-0100", "Alex", ".", "forum", "chat"])

    answers = open_plan(folder).plan.record(G, "people").answers
    assert answers == {
        "who": [{"name": "Sam", "how": "555-0100"}, {"name": "Alex", "how": ""}],
        "places": ["forum", "chat"],
    }


def test_the_quick_exit_word_saves_and_says_nothing_more(folder: Path) -> None:
    make_plan(folder).close()
    run = run_lines(folder, ["1", PASS, "1", "/go 3", "", "", "It began", "q!", "never read"])

    assert run.status == 0
    assert run.output.rstrip().endswith("Next line, or a dot to end:")
    assert open_plan(folder).plan.record(G, "people").answers == {"story": "It began"}


def test_lock_shows_nothing_of_the_plan_and_unlock_goes_back_to_the_step(
    folder: Path,
) -> None:
    make_plan(folder).close()
    script = ["1", PASS, "1", "/go 3", "Sam", ".", "/lock", "wrong passphrase", PASS, "/home"]
    run = run_lines(folder, script)

    out = run.output
    locked = out[out.index(words.LOCKED) : out.index(words.UNLOCKED)]
    for shown in ("notes-1", "Practice", "People", "Sam"):
        assert shown not in locked
    assert words.WRONG_AT_LOCK in locked
    after = out[out.index(words.UNLOCKED) :]
    assert after.splitlines()[1] == "Practice plan, step 3 of 4: People who can help"
    assert open_plan(folder).plan.record(G, "people").answers["who"] == [{"name": "Sam", "how": ""}]


def test_an_empty_line_at_the_lock_closes_the_plan(folder: Path) -> None:
    make_plan(folder).close()
    run = run_lines(folder, ["1", PASS, "4", "", "3"])  # home: Lock; close; then Try it

    assert words.CLOSED in run.output
    assert run.output.count(words.YOUR_PLANS) == 2


def test_idle_time_locks_the_plan(folder: Path) -> None:
    make_plan(folder).close()
    talk = Talk(folder, idle_lock=0.2)
    talk.expect(words.NUMBER)
    talk.send("1")
    talk.expect(words.PASSPHRASE)
    talk.send(PASS)
    seen = talk.expect(words.HOME_HINT)
    seen = talk.expect(words.LOCKED_IDLE, since=seen)  # nothing typed: it locks
    talk.send(PASS)
    talk.expect(words.UNLOCKED, since=seen)
    assert talk.end() == 0


def test_try_out_then_save_as_a_new_plan(folder: Path) -> None:
    script = [
        "2",  # try it without saving
        "1", "1", "kept here",  # the first step's first answers
        "/home", "5",  # Finish trying it out
        "1",  # Save it as a new plan
        "", "2", PASS, PASS, "6",  # named notes-1; then Close plan
    ]  # fmt: skip
    run = run_lines(folder, script)

    out = run.output
    assert words.TRYING in out and words.KEPT in out and words.NOTHING_SAVED in out
    assert words.CLOSED in out
    answers = open_plan(folder).plan.record(G, "save-proof").answers
    assert answers == {"saved": ["links"], "where": "kept here"}


def test_try_out_forget_leaves_no_file(folder: Path) -> None:
    run = run_lines(folder, ["2", "1", "1", "/home", "5", "3"])

    assert words.FORGOTTEN in run.output
    assert not folder.exists() or list(folder.iterdir()) == []


def test_change_passphrase(folder: Path) -> None:
    make_plan(folder).close()
    new = "another long passphrase here"
    script = ["1", PASS, "3", "wrong one here", PASS, "2", "short", new, new]
    run = run_lines(folder, script)

    assert words.WRONG in run.output and words.CHANGED in run.output
    assert "Too short." in run.output
    open_plan(folder, passphrase=new).close()
    with pytest.raises(WrongPassphraseError):
        open_plan(folder)


def test_a_suggested_passphrase_is_said_word_by_word_and_checked(folder: Path) -> None:
    talk = Talk(folder)
    talk.expect(words.NUMBER)
    talk.send("1", "", "1")
    at = talk.expect("Your passphrase is: ")
    phrase = talk.output[at:].split("\n", 1)[0]
    talk.expect(words.CHECK_SUGGESTED, since=at)
    talk.send("not it", phrase)
    talk.expect(words.MADE.format(name="notes-1"))
    assert words.NOT_SAME_SUGGESTED in talk.output
    assert ", ".join(phrase.split("-")) in talk.output
    talk.end()
    open_plan(folder, passphrase=phrase).close()


def test_review_reads_the_plan_out_and_a_copy_can_be_written(folder: Path, tmp_path: Path) -> None:
    session = make_plan(folder)
    session.set_answer(G, "save-proof", "where", "in a \x1b]0;X\x07 drawer")
    session.set_status(G, "save-proof", StepStatus.DONE)
    session.set_notes(G, "block", "line one\nline two")
    session.set_answer("old-guide", "gone", "p", "kept from before")
    session.save()
    session.close()
    copy = tmp_path / "copy.txt"
    run = run_lines(folder, ["1", PASS, "2", "1", str(folder / "x.txt"), str(copy)])

    out = run.output
    assert "Done: 1 step." in out
    assert "Save the proof. Done." in out
    assert "in a \\x1b]0;X\\x07 drawer" in out
    assert "    line two" in out
    assert words.OTHER_ANSWERS in out and "kept from before" in out
    assert words.NOT_IN_PLANS in out
    assert words.WRITTEN.format(path=copy) in out
    assert "in a \\x1b]0;X\\x07 drawer" in copy.read_text()
    assert copy.stat().st_mode & 0o777 == 0o600


def test_rename_and_delete(folder: Path) -> None:
    make_plan(folder).close()
    run = run_lines(folder, ["4", "1", "other-name", "5", "1", "wrong", "5", "1", "other-name"])

    assert words.RENAMED.format(name="other-name") in run.output
    assert words.NOT_DELETED in run.output and words.DELETED in run.output
    assert list(folder.glob("*.age")) == []


def test_a_plan_changed_elsewhere_is_never_written_and_can_be_saved_anew(folder: Path) -> None:
    make_plan(folder).close()
    talk = Talk(folder)
    talk.expect(words.NUMBER)
    talk.send("1", PASS, "1")
    talk.expect("Question 1 of 3")
    other = open_plan(folder)  # another copy of the program changes the file meanwhile
    other.set_notes(G, "people", "from elsewhere")
    other.save()
    other.close()
    talk.send("1")
    seen = talk.expect(words.NOT_SAVED_ELSEWHERE)
    talk.send("/home")
    talk.expect(words.STATE_WORDS["changed-elsewhere"], since=seen)
    talk.send("6", "2", "saved-again", "2", "yet another passphrase", "yet another passphrase")
    talk.expect(words.MADE.format(name="saved-again"))
    talk.end()
    assert open_plan(folder).plan.record(G, "people").notes == "from elsewhere"
    assert open_plan(folder).plan.peek(G, "save-proof") is None
    saved = open_plan(folder, "saved-again", "yet another passphrase").plan
    assert saved.record(G, "save-proof").answers == {"saved": ["links"]}


def test_a_plan_changed_elsewhere_can_be_opened_again_with_the_changes_added(
    folder: Path,
) -> None:
    make_plan(folder).close()
    talk = Talk(folder)
    talk.expect(words.NUMBER)
    talk.send("1", PASS, "1")
    talk.expect("Question 1 of 3")
    other = open_plan(folder)  # another copy changes the file, and its passphrase
    other.set_notes(G, "people", "from elsewhere")
    other.change_passphrase("the passphrase now", work_factor=2)
    other.close()
    talk.send("1")
    seen = talk.expect(words.NOT_SAVED_ELSEWHERE)
    talk.send("/home")
    talk.expect(words.STATE_WORDS["changed-elsewhere"], since=seen)
    talk.send("6", "1", PASS)  # the old passphrase does not open it now
    seen = talk.expect(words.NOT_REOPENED)
    talk.send("6", "1", "the passphrase now")
    talk.expect(words.REOPENED, since=seen)
    talk.end()
    plan = open_plan(folder, "notes-1", "the passphrase now").plan
    assert plan.record(G, "people").notes == "from elsewhere"
    assert plan.record(G, "save-proof").answers == {"saved": ["links"]}


def test_damaged_guides_are_said_and_nothing_opens(folder: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "g.toml").write_text("schema = 1\nid = 'x'\n")
    run = run_lines(folder, ["1"], guides_folder=broken)

    assert "The guides that came with this app cannot be read" in run.output
    assert not folder.exists()
