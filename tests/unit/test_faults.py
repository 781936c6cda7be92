"""Fault tests: processes killed in the middle of saves, and two copies saving one plan."""

from __future__ import annotations

import random
import re
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from safetyplan.plan.storage import create_plan, open_backup, open_plan
from safetyplan.vault.folder import PlanStore

WF = 2
PASS = "kill test passphrase"
CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from safetyplan.vault.folder import PlanStore
    from safetyplan.plan.storage import open_plan

    store = PlanStore(Path(sys.argv[1]))
    opened = open_plan(store, "plan", sys.argv[2])
    first = int(sys.argv[3])
    for number in range(first, first + 100_000):
        # Sizes vary across 64 KiB chunks and 4 KiB padding, so kills land anywhere.
        filler = "x" * (number * 7919 % 150_000)
        opened.plan.record("tech", "cloud").notes = f"save {number} {filler}"
        opened.save()
        print(number, flush=True)
    """
)
STEPS = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from safetyplan.vault.folder import PlanStore
    from safetyplan.plan.storage import open_plan

    opened = open_plan(PlanStore(Path(sys.argv[1])), "plan", sys.argv[2])
    die_at = int(sys.argv[3])
    calls = 0

    def deadly(function):
        def call(*args, **kwargs):
            global calls
            calls += 1
            if calls == die_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return function(*args, **kwargs)
        return call

    for name in ("write", "fsync", "link", "replace", "rename", "unlink"):
        setattr(os, name, deadly(getattr(os, name)))
    opened.plan.record("tech", "cloud").notes = sys.argv[4]
    opened.save()
    print("survived", calls, flush=True)
    """
)
WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from safetyplan.errors import PlanBusyError, PlanChangedError
    from safetyplan.vault.folder import PlanStore
    from safetyplan.plan.storage import open_plan

    opened = open_plan(PlanStore(Path(sys.argv[1])), "plan", sys.argv[2])
    print("opened", flush=True)
    sys.stdin.readline()
    for number in range(20):
        opened.plan.record("tech", "cloud").notes = f"{sys.argv[3]} {number}"
        try:
            opened.save()
        except (PlanBusyError, PlanChangedError) as error:
            print(type(error).__name__, number, flush=True)
            break
    else:
        print("done", flush=True)
    """
)
NOTE = re.compile(r"save ([0-9]+) (x*)")


def saved_number(notes: str) -> int:
    """The save number in a note, checking that the note is complete."""
    match = NOTE.fullmatch(notes)
    assert match, notes[:40]
    number = int(match.group(1))
    assert len(match.group(2)) == number * 7919 % 150_000
    return number


@pytest.mark.slow
def test_kill_during_saves_never_breaks_the_plan(tmp_path: Path) -> None:
    store = PlanStore(tmp_path / "plans")
    create_plan(store, "plan", PASS, work_factor=WF).close()
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    rng = random.Random(20240501)
    latest = -1
    for _ in range(25):
        child = subprocess.Popen(
            [sys.executable, str(script), str(store.folder), PASS, str(latest + 1)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        for _ in range(rng.randint(1, 4)):
            reported = int(child.stdout.readline())
        child.send_signal(signal.SIGKILL)  # at once, somewhere in the next save
        child.wait()
        child.stdout.close()
        opened = open_plan(store, "plan", PASS)  # never damaged
        number = saved_number(opened.plan.record("tech", "cloud").notes)
        assert number >= reported  # the last reported save, or a later complete one
        opened.close()
        if store.backup_path("plan").exists():
            backup = open_backup(store, "plan", PASS)  # a complete earlier version
            earlier = backup.plan.record("tech", "cloud").notes
            # Empty: the version made by create_plan. Equal: killed just after the
            # previous version was linked as the backup, before the new one was in place.
            assert earlier == "" or saved_number(earlier) <= number
            backup.close()
        latest = number
    open_plan(store, "plan", PASS).close()
    assert not [p for p in store.folder.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.slow
def test_kill_before_each_file_operation_of_a_save(tmp_path: Path) -> None:
    """Kill the saving process just before each write, fsync, link and rename in turn."""
    store = PlanStore(tmp_path / "plans")
    first = create_plan(store, "plan", PASS, work_factor=WF)
    first.plan.record("tech", "cloud").notes = "before"
    first.save()
    first.close()
    script = tmp_path / "steps.py"
    script.write_text(STEPS)
    on_disk = "before"
    kills = 0
    for die_at in range(1, 30):
        new = f"kill before file operation {die_at}"
        result = subprocess.run(
            [sys.executable, str(script), str(store.folder), PASS, str(die_at), new],
            capture_output=True,
            text=True,
        )
        opened = open_plan(store, "plan", PASS)  # never damaged
        notes = opened.plan.record("tech", "cloud").notes
        opened.close()
        backup = open_backup(store, "plan", PASS)  # and the previous version is complete
        assert backup.plan.record("tech", "cloud").notes in ("", on_disk, notes)
        backup.close()
        if result.returncode == 0:
            assert result.stdout.startswith("survived") and notes == new
            break
        assert result.returncode == -signal.SIGKILL, result.stderr
        assert notes in (on_disk, new)  # the old content or the new one, nothing else
        on_disk = notes
        kills += 1
    assert kills >= 5  # write, fsync, link, replace (backup), replace (plan) at least


def test_two_copies_saving_one_plan_lose_nothing(tmp_path: Path) -> None:
    store = PlanStore(tmp_path / "plans")
    create_plan(store, "plan", PASS, work_factor=WF).close()
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    writers = [
        subprocess.Popen(
            [sys.executable, str(script), str(store.folder), PASS, name],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for name in ("first", "second")
    ]
    for writer in writers:  # both have opened the same version...
        assert writer.stdout is not None and writer.stdout.readline() == "opened\n"
    for writer in writers:  # ...then both start saving
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    results = [writer.communicate(timeout=60)[0].strip() for writer in writers]
    assert sorted(result.split()[0] for result in results) in (
        ["PlanChangedError", "done"],
        ["PlanBusyError", "done"],
    )
    assert all(result.endswith(" 0") or result == "done" for result in results)
    winner = ("first", "second")[[r == "done" for r in results].index(True)]
    notes = open_plan(store, "plan", PASS).plan.record("tech", "cloud").notes
    assert notes == f"{winner} 19"
