"""Plan files on disk: permissions, atomic saves, backups, locks, damage and disk errors."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pyrage
import pytest

from safetyplan.errors import (
    BadPlanNameError,
    BodyError,
    PlanBusyError,
    PlanChangedError,
    PlanExistsError,
    PlanNotFoundError,
    SaveError,
    StorageError,
    WrongPassphraseError,
)
from safetyplan.plan.checkup import check
from safetyplan.plan.document import load_plan
from safetyplan.plan.model import Plan, StepStatus
from safetyplan.plan.storage import OpenPlan, create_plan, open_backup, open_plan
from safetyplan.vault import folder
from safetyplan.vault.folder import PlanStore

WF = 2
"""A tiny scrypt work factor so the tests stay fast."""
PASS = "correct horse ☂ battery"
SECRET = "my very private note 9f8e7d"


@pytest.fixture
def store(tmp_path: Path) -> PlanStore:
    return PlanStore(tmp_path / "plans")


@pytest.fixture
def plan(store: PlanStore) -> Iterator[OpenPlan]:
    opened = create_plan(store, "notes-1", PASS, work_factor=WF)
    yield opened
    opened.close()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def contents(store: PlanStore) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(store.folder.iterdir())}


def temp_files(store: PlanStore) -> list[str]:
    return [p.name for p in store.folder.iterdir() if p.name.endswith(".tmp")]


def write_note(opened: OpenPlan, text: str) -> None:
    opened.plan.record("tech", "cloud").notes = text
    opened.save()


def notes_in(data: bytes) -> str:
    plan = load_plan(pyrage.passphrase.decrypt(data, PASS))[1]
    return plan.record("tech", "cloud").notes


# --- Making, opening, listing -------------------------------------------------------


def test_new_plan_files_are_private_whatever_the_umask(store: PlanStore) -> None:
    old = os.umask(0)
    try:
        opened = create_plan(store, "notes-1", PASS, work_factor=WF)
        write_note(opened, SECRET)
    finally:
        os.umask(old)
    assert mode(store.folder) == 0o700
    names = sorted(p.name for p in store.folder.iterdir())
    assert names == [".notes-1.lock", "notes-1.age", "notes-1.age.bak"]
    for name in names:
        assert mode(store.folder / name) == 0o600


def test_no_plaintext_reaches_the_disk(plan: OpenPlan, store: PlanStore) -> None:
    write_note(plan, SECRET)
    write_note(plan, SECRET + " again")
    for data in contents(store).values():
        assert SECRET.encode() not in data
        assert b"safetyplan" not in data


def test_a_plan_file_opens_with_another_age_implementation(plan: OpenPlan) -> None:
    write_note(plan, SECRET)
    assert notes_in(plan.store.path("notes-1").read_bytes()) == SECRET


def test_open_reads_what_was_saved(plan: OpenPlan, store: PlanStore) -> None:
    plan.plan.record("tech", "cloud").status = StepStatus.DONE
    plan.plan.current_guide = "tech"
    plan.save()
    again = open_plan(store, "notes-1", PASS)
    assert again.plan.record("tech", "cloud").status is StepStatus.DONE
    assert again.plan.current_guide == "tech"
    assert again.plan.save_counter == 2
    assert again.work_factor == WF


def test_a_name_in_use_is_refused(plan: OpenPlan, store: PlanStore) -> None:
    with pytest.raises(PlanExistsError, match='"notes-1" exists already'):
        create_plan(store, "notes-1", PASS, work_factor=WF)


def test_wrong_passphrase_and_missing_plan(plan: OpenPlan, store: PlanStore) -> None:
    with pytest.raises(WrongPassphraseError):
        open_plan(store, "notes-1", PASS + "!")
    with pytest.raises(PlanNotFoundError, match='no plan called "other"'):
        open_plan(store, "other", PASS)


def test_a_fifo_is_refused_without_hanging(store: PlanStore) -> None:
    store.folder.mkdir()
    os.mkfifo(store.path("pipe"))
    with pytest.raises(StorageError, match="is not a plan file"):
        open_plan(store, "pipe", PASS)


def test_list_is_newest_first_and_ignores_other_files(store: PlanStore) -> None:
    assert store.list() == []  # the folder does not exist yet
    create_plan(store, "first", PASS, work_factor=WF).close()
    create_plan(store, "second", PASS, work_factor=WF)
    os.utime(store.path("first"), (2_000_000_000, 2_000_000_000))
    for name in (".hidden.age", "bad*name.age", "readme.txt", "x.age.bak"):
        (store.folder / name).write_text("")
    plans = store.list()
    assert [p.name for p in plans] == ["first", "second"]
    assert not plans[0].has_backup


def test_names_are_checked(store: PlanStore) -> None:
    assert store.validate_name("Client 7 - May_2024.v2") == "Client 7 - May_2024.v2"
    assert store.validate_name("Zoe\u0308") == "Zoë"  # one normal form on disk
    for bad, why in [
        ("", "1 to 40"),
        ("x" * 41, "1 to 40"),
        (".hidden", "start with a dot"),
        (" space", "start with a dot or a space"),
        ("trailing ", "end with a space"),
        ("a/b", "only use letters"),
        ("a\nb", "only use letters"),
        ("..", "start with a dot"),
    ]:
        with pytest.raises(BadPlanNameError, match=why):
            store.validate_name(bad)


def test_suggested_names_are_neutral_and_free(plan: OpenPlan, store: PlanStore) -> None:
    assert store.suggest_name() == "notes-2"


# --- Saving -------------------------------------------------------------------------


def test_save_keeps_the_previous_version(plan: OpenPlan, store: PlanStore) -> None:
    write_note(plan, "one")
    write_note(plan, "two")
    assert notes_in(store.path("notes-1").read_bytes()) == "two"
    assert notes_in(store.backup_path("notes-1").read_bytes()) == "one"
    assert temp_files(store) == []


def test_save_of_a_snapshot_from_a_worker_thread(plan: OpenPlan, store: PlanStore) -> None:
    import copy

    plan.plan.record("tech", "cloud").notes = "typed"
    snapshot = copy.deepcopy(plan.plan)
    plan.plan.record("tech", "cloud").notes = "typed more after the snapshot"
    worker = threading.Thread(target=plan.save, args=(snapshot,))
    worker.start()
    worker.join()
    assert notes_in(store.path("notes-1").read_bytes()) == "typed"
    assert plan.plan.save_counter == snapshot.save_counter == 2
    assert plan.plan.updated == snapshot.updated


def test_saves_from_two_threads_are_serialized(plan: OpenPlan, store: PlanStore) -> None:
    workers = [threading.Thread(target=plan.save) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert plan.plan.save_counter == 5
    assert open_plan(store, "notes-1", PASS).plan.save_counter == 5


def test_a_plan_changed_by_another_copy_is_not_overwritten(store: PlanStore) -> None:
    create_plan(store, "shared", PASS, work_factor=WF).close()
    mine = open_plan(store, "shared", PASS)
    theirs = open_plan(store, "shared", PASS)
    write_note(theirs, "theirs")
    on_disk = contents(store)
    mine.plan.record("tech", "cloud").notes = "mine"
    with pytest.raises(PlanChangedError, match="changed elsewhere"):
        mine.save()
    assert contents(store) == on_disk
    assert mine.changed_elsewhere
    assert not hasattr(mine, "save_as")  # the old key never makes a new file
    write_note(theirs, "theirs again")  # even once the file is as it was read, never again
    on_disk = contents(store)
    with pytest.raises(PlanChangedError):
        mine.save()
    assert contents(store) == on_disk
    assert notes_in(store.path("shared").read_bytes()) == "theirs again"


def test_a_deleted_plan_file_is_not_silently_made_again(plan: OpenPlan, store: PlanStore) -> None:
    store.delete("notes-1")
    assert sorted(store.folder.iterdir()) == []
    with pytest.raises(PlanChangedError):
        plan.save()
    assert sorted(store.folder.iterdir()) == []  # no plan, backup or lock file made again


def test_a_plan_deleted_during_a_save_leaves_no_lock_file(
    plan: OpenPlan, store: PlanStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = folder.PlanStore.locked

    @contextlib.contextmanager
    def delete_then_lock(self: PlanStore, name: str, action: str, wait: float | None = None):
        for path in (store.path(name), store.backup_path(name)):
            path.unlink(missing_ok=True)  # another program deletes it at this moment
        with locked(self, name, action, wait):
            yield

    monkeypatch.setattr(folder.PlanStore, "locked", delete_then_lock)
    with pytest.raises(PlanChangedError):
        plan.save()
    assert sorted(store.folder.iterdir()) == []


def test_two_writers_the_second_is_told_the_plan_is_busy(
    plan: OpenPlan, store: PlanStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(folder, "LOCK_WAIT", 0.05)
    before = contents(store)
    fd = os.open(store.lock_path("notes-1"), os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)  # another copy of the program, in the middle of a save
    try:
        with pytest.raises(PlanBusyError, match="saving this plan right now"):
            write_note(plan, "blocked")
    finally:
        os.close(fd)
    assert contents(store) == before
    write_note(plan, "later")  # the lock is free again
    assert notes_in(store.path("notes-1").read_bytes()) == "later"


@pytest.mark.parametrize(
    ("failing", "error", "words"),
    [
        ("write", errno.ENOSPC, "the disk is full"),
        ("fsync", errno.EIO, "could not be read or written"),
        ("replace", errno.EDQUOT, "quota"),
    ],
)
def test_a_failing_disk_leaves_the_old_file_and_the_changes(
    plan: OpenPlan,
    store: PlanStore,
    monkeypatch: pytest.MonkeyPatch,
    failing: str,
    error: int,
    words: str,
) -> None:
    write_note(plan, "saved before")
    before = contents(store)

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(error, os.strerror(error))

    monkeypatch.setattr(os, failing, fail)
    plan.plan.record("tech", "cloud").notes = "not saved yet"
    with pytest.raises(SaveError) as caught:
        plan.save()
    monkeypatch.undo()
    message = str(caught.value)
    assert words in message
    assert "The file on disk has not been changed" in message
    assert "your changes are still here" in message
    assert contents(store) == before
    assert temp_files(store) == []
    assert plan.plan.record("tech", "cloud").notes == "not saved yet"
    plan.save()  # once the disk is fine again, the changes are saved
    assert notes_in(store.path("notes-1").read_bytes()) == "not saved yet"


def test_a_read_only_disk_is_a_clear_error(
    plan: OpenPlan, store: PlanStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests run as root, which ignores chmod 0500, so the read-only disk is simulated.
    before = contents(store)
    real_open = os.open

    def read_only(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, "Read-only file system")
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", read_only)
    with pytest.raises(SaveError, match="the disk is read-only.*not been changed"):
        write_note(plan, "x")
    monkeypatch.undo()
    assert contents(store) == before


def test_leftover_temp_files_are_removed_when_a_plan_opens(
    plan: OpenPlan, store: PlanStore
) -> None:
    ours = store.folder / ".notes-1.0123456789ab.tmp"
    other = store.folder / ".notes-1.b.0123456789ab.tmp"  # belongs to a plan "notes-1.b"
    ours.write_bytes(b"ciphertext")
    other.write_bytes(b"ciphertext")
    open_plan(store, "notes-1", PASS).close()
    assert not ours.exists()
    assert other.exists()


def test_temp_files_are_left_alone_while_a_save_runs(plan: OpenPlan, store: PlanStore) -> None:
    live = store.folder / ".notes-1.0123456789ab.tmp"
    live.write_bytes(b"being written")
    fd = os.open(store.lock_path("notes-1"), os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        open_plan(store, "notes-1", PASS).close()
    finally:
        os.close(fd)
    assert live.exists()


def test_replace_content_then_save_keeps_the_old_version(plan: OpenPlan, store: PlanStore) -> None:
    from safetyplan.plan.document import parse_import

    write_note(plan, "old")
    doc = parse_import('format = "safetyplan"\nschema = 1\n[guides.tech.cloud]\nnotes = "new"\n')
    plan.replace_content(doc)
    plan.save()
    assert notes_in(store.path("notes-1").read_bytes()) == "new"
    assert notes_in(store.backup_path("notes-1").read_bytes()) == "old"
    assert plan.plan.save_counter == 3


# --- Passphrase change --------------------------------------------------------------


def test_change_passphrase_removes_the_backup_under_the_old_one(
    plan: OpenPlan, store: PlanStore
) -> None:
    write_note(plan, "kept")
    header = store.path("notes-1").read_bytes()[:120]
    plan.change_passphrase("a new one", work_factor=3)
    assert not store.backup_path("notes-1").exists()
    with pytest.raises(WrongPassphraseError):
        open_plan(store, "notes-1", PASS)
    again = open_plan(store, "notes-1", "a new one")
    assert again.work_factor == 3
    assert again.plan.record("tech", "cloud").notes == "kept"
    assert store.path("notes-1").read_bytes()[:120] != header  # a new salt
    write_note(plan, "after the change")  # the session now uses the new key
    assert open_plan(store, "notes-1", "a new one").plan.record("tech", "cloud").notes == (
        "after the change"
    )


# --- Damage and the previous version ------------------------------------------------


def damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[-5] ^= 0x01
    path.write_bytes(bytes(data))


def test_damaged_plan_opens_from_its_backup_and_nothing_is_overwritten(
    plan: OpenPlan, store: PlanStore
) -> None:
    write_note(plan, "good")
    write_note(plan, "latest")
    damage(store.path("notes-1"))
    with pytest.raises(BodyError):
        open_plan(store, "notes-1", PASS)
    before = contents(store)
    backup = open_backup(store, "notes-1", PASS)
    assert backup.from_backup
    assert backup.plan.record("tech", "cloud").notes == "good"
    assert contents(store) == before  # nothing changes until the person agrees
    backup.save()
    assert backup.kept_aside == store.folder / "notes-1.age.damaged"
    assert store.folder.joinpath("notes-1.age.damaged").read_bytes() == before["notes-1.age"]
    assert store.backup_path("notes-1").read_bytes() == before["notes-1.age.bak"]
    assert notes_in(store.path("notes-1").read_bytes()) == "good"
    assert not backup.from_backup
    write_note(backup, "going on")  # later saves are normal saves
    assert notes_in(store.backup_path("notes-1").read_bytes()) == "good"


def test_a_second_restore_never_overwrites_the_first_damaged_copy(
    plan: OpenPlan, store: PlanStore
) -> None:
    write_note(plan, "good")
    for _ in range(2):
        damage(store.path("notes-1"))
        open_backup(store, "notes-1", PASS).save()
    assert [p.name for p in store.damaged_paths("notes-1")] == [
        "notes-1.age.damaged",
        "notes-1.age.damaged-2",
    ]


def test_no_backup_to_open(plan: OpenPlan, store: PlanStore) -> None:
    with pytest.raises(PlanNotFoundError, match="no earlier version"):
        open_backup(store, "notes-1", PASS)


def test_check_reports_a_good_plan_and_its_backup(plan: OpenPlan, store: PlanStore) -> None:
    write_note(plan, "x")
    report = check(store, "notes-1", PASS)
    assert report.ok and not report.can_restore
    assert report.plan is not None and report.plan.save_counter == 2
    assert report.backup is not None and report.backup.opens
    assert report.backup.save_counter == 1
    assert report.notes == ["Steps with something recorded: 1. Answers: 0."]


def test_check_finds_a_damaged_plan_with_a_good_backup(plan: OpenPlan, store: PlanStore) -> None:
    write_note(plan, "x")
    damage(store.path("notes-1"))
    before = contents(store)
    report = check(store, "notes-1", PASS)
    assert not report.ok and report.can_restore
    assert report.plan is not None and not report.plan.opens and report.plan.problem
    assert contents(store) == before


def test_check_with_a_wrong_passphrase(plan: OpenPlan, store: PlanStore) -> None:
    write_note(plan, "x")
    report = check(store, "notes-1", "nope")
    assert not report.ok and not report.can_restore
    assert report.plan is not None and "passphrase" in report.plan.problem


# --- Delete and rename --------------------------------------------------------------


def test_delete_removes_every_file_of_the_plan(plan: OpenPlan, store: PlanStore) -> None:
    write_note(plan, "x")
    create_plan(store, "notes-1.b", PASS, work_factor=WF).close()
    (store.folder / ".notes-1.0123456789ab.tmp").write_bytes(b"")
    (store.folder / "notes-1.age.damaged").write_bytes(b"")
    store.delete("notes-1")
    assert sorted(p.name for p in store.folder.iterdir()) == [".notes-1.b.lock", "notes-1.b.age"]
    with pytest.raises(PlanNotFoundError):
        store.delete("notes-1")


def test_rename_moves_the_plan_and_its_backup(plan: OpenPlan, store: PlanStore) -> None:
    write_note(plan, "x")
    create_plan(store, "taken", PASS, work_factor=WF).close()
    with pytest.raises(PlanExistsError):
        store.rename("notes-1", "taken")
    store.rename("notes-1", "client 4")
    assert not store.exists("notes-1")
    assert notes_in(store.path("client 4").read_bytes()) == "x"
    assert store.backup_path("client 4").exists()
    with pytest.raises(PlanNotFoundError):
        store.rename("notes-1", "again")


def test_plan_model_is_not_required_to_save(plan: OpenPlan) -> None:
    """save(None) saves the open plan itself."""
    plan.plan = Plan(created=plan.plan.created)
    plan.plan.record("a", "b").notes = "n"
    plan.save()
    assert open_plan(plan.store, "notes-1", PASS).plan.record("a", "b").notes == "n"


def test_a_backup_that_cannot_be_removed_keeps_the_old_passphrase(
    plan: OpenPlan, store: PlanStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_note(plan, "x")
    write_note(plan, "y")  # now there is a previous version, under the old passphrase
    real_unlink = Path.unlink

    def stuck(self: Path, missing_ok: bool = False) -> None:
        if self.name.endswith(".bak"):
            raise OSError(errno.EACCES, "Permission denied")
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", stuck)
    with pytest.raises(StorageError, match=r"not changed.*could not be removed .*\.bak"):
        plan.change_passphrase("new one", work_factor=WF)
    monkeypatch.undo()
    # Nothing changed: the plan and its previous version both keep the old passphrase.
    assert open_plan(store, "notes-1", PASS).plan.record("tech", "cloud").notes == "y"
    with pytest.raises(WrongPassphraseError):
        open_plan(store, "notes-1", "new one")
    write_note(plan, "saved after")
    assert open_plan(store, "notes-1", PASS).plan.record("tech", "cloud").notes == "saved after"


def opens_with(path: Path, passphrase: str) -> bool:
    """True when a file of the plan decrypts with the passphrase."""
    try:
        pyrage.passphrase.decrypt(path.read_bytes(), passphrase)
    except Exception:  # noqa: BLE001 - wrong passphrase or not a whole file
        return False
    return True


def test_no_moment_of_a_passphrase_change_leaves_the_old_one_beside_the_new(
    plan: OpenPlan, store: PlanStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After each step on disk (as if the program were killed right there), the plan opens
    with one of the two passphrases, and once it opens with the new one, no file of the
    plan opens with the old one."""
    write_note(plan, "one")
    write_note(plan, "two")  # a previous version under the old passphrase
    assert store.backup_path("notes-1").exists()
    moments: list[dict[str, bytes]] = []

    def snapshot() -> None:
        moments.append({p.name: p.read_bytes() for p in store.folder.iterdir() if p.is_file()})

    def after(real):  # type: ignore[no-untyped-def]
        def step(*args, **kwargs):  # type: ignore[no-untyped-def]
            result = real(*args, **kwargs)
            snapshot()
            return result

        return step

    monkeypatch.setattr(os, "replace", after(os.replace))
    monkeypatch.setattr(os, "link", after(os.link))
    monkeypatch.setattr(Path, "unlink", after(Path.unlink))
    plan.change_passphrase("the new one", work_factor=WF)
    monkeypatch.undo()
    assert moments
    for number, files in enumerate(moments):
        folder_now = store.folder.parent / f"moment-{number}"
        folder_now.mkdir()
        for name, data in files.items():
            (folder_now / name).write_bytes(data)
        main = folder_now / "notes-1.age"
        new, old = opens_with(main, "the new one"), opens_with(main, PASS)
        assert new or old, f"at moment {number} the plan opens with neither passphrase"
        if new:
            still_old = [p.name for p in folder_now.iterdir() if opens_with(p, PASS)]
            assert still_old == [], f"at moment {number}: {still_old} open with the old one"
    assert [p.name for p in store.folder.iterdir() if opens_with(p, PASS)] == []


def test_a_plans_folder_that_disappeared(plan: OpenPlan, store: PlanStore) -> None:
    import shutil

    shutil.rmtree(store.folder)  # a USB stick pulled out
    with pytest.raises(SaveError, match="plans folder cannot be found.*still here"):
        write_note(plan, "x")


def test_listing_plans_at_start_up_loads_no_heavy_modules(plan: OpenPlan, store: PlanStore) -> None:
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path; from safetyplan.vault.folder import PlanStore;"
        f"print([p.name for p in PlanStore(Path({str(store.folder)!r})).list()],"
        " [m for m in ('tomlkit', 'cryptography') if m in sys.modules])"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "['notes-1'] []", result.stderr


def test_opening_waits_to_build_the_save_document_until_the_first_save(
    plan: OpenPlan, store: PlanStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Building the document takes a while for a large plan: unlocking does not wait for
    it. The first save builds it from what was read, unknown keys included."""
    from safetyplan.plan import document

    write_note(plan, "first words")
    plan.close()
    raw = load_plan(pyrage.passphrase.decrypt(store.path("notes-1").read_bytes(), PASS))[0]
    raw["kept-by-a-newer-version"] = "still here"
    plan_with_extra = pyrage.passphrase.encrypt(document.dumps(raw), PASS)
    store.path("notes-1").write_bytes(plan_with_extra)

    built: list[int] = []
    real_build = document.build_document

    def counting(values):  # type: ignore[no-untyped-def]
        built.append(1)
        return real_build(values)

    monkeypatch.setattr(document, "build_document", counting)
    opened = open_plan(store, "notes-1", PASS)
    assert built == []
    assert opened.plan.record("tech", "cloud").notes == "first words"
    write_note(opened, "second words")
    write_note(opened, "third words")
    assert built == [1]  # once, at the first save
    opened.close()
    saved = load_plan(pyrage.passphrase.decrypt(store.path("notes-1").read_bytes(), PASS))[0]
    assert saved["kept-by-a-newer-version"] == "still here"
    assert notes_in(store.path("notes-1").read_bytes()) == "third words"


def test_a_document_that_cannot_be_built_is_a_kind_save_error(
    plan: OpenPlan, store: PlanStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last guard: a save that cannot build its document says so as a plan error
    (which the app shows, keeping the changes), never as a crash."""
    from safetyplan.errors import DocumentError
    from safetyplan.plan import document

    write_note(plan, "kept")
    plan.close()
    before = contents(store)

    def too_deep(values):  # type: ignore[no-untyped-def]
        raise RecursionError

    monkeypatch.setattr(document, "build_document", too_deep)
    opened = open_plan(store, "notes-1", PASS)
    opened.plan.record("tech", "cloud").notes = "new words"
    with pytest.raises(DocumentError, match="cannot be saved"):
        opened.save()
    assert contents(store) == before


def test_a_new_plan_on_a_full_disk_leaves_no_lock_file(
    store: PlanStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(SaveError, match="the disk is full"):
        create_plan(store, "notes-2", PASS, work_factor=WF)
    monkeypatch.undo()
    assert sorted(p.name for p in store.folder.iterdir()) == []


def test_a_passphrase_change_that_cannot_be_written_keeps_the_earlier_version(
    plan: OpenPlan, store: PlanStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_note(plan, "one")
    write_note(plan, "two")  # a previous version under the old passphrase
    before = contents(store)

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(SaveError, match="the disk is full"):
        plan.change_passphrase("the new one", work_factor=WF)
    monkeypatch.undo()
    assert contents(store) == before  # the earlier version is still there, unchanged


def test_damaged_copies_are_locked_with_the_new_passphrase_too(
    plan: OpenPlan, store: PlanStore
) -> None:
    write_note(plan, "kept aside")
    damaged = store.folder / "notes-1.age.damaged"
    damaged.write_bytes(store.path("notes-1").read_bytes())  # as a restore keeps it
    other = create_plan(store, "other", PASS, work_factor=WF)  # another salt, same passphrase
    write_note(other, "older copy")
    damaged_2 = store.folder / "notes-1.age.damaged-2"
    damaged_2.write_bytes(store.path("other").read_bytes())
    relocked = plan.change_passphrase("the new one", work_factor=WF, old_passphrase=PASS)
    assert sorted(relocked) == [damaged, damaged_2]
    for path in (store.path("notes-1"), damaged, damaged_2):
        with pytest.raises(pyrage.DecryptError):
            pyrage.passphrase.decrypt(path.read_bytes(), PASS)
        pyrage.passphrase.decrypt(path.read_bytes(), "the new one")
