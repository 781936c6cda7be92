"""Files and folders that are not what they seem: links, pipes, devices, other users' files.

Nothing here may make the program change, make or read a file outside its folders, hang,
or fill the memory; each refusal is a kind message. Tests run as root, so "another user"
is made with ``os.chown`` to a user id nobody has.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from safetyplan.errors import FolderError, StorageError
from safetyplan.plan.storage import OpenPlan, create_plan, open_plan
from safetyplan.vault import paths
from safetyplan.vault.folder import PlanStore
from safetyplan.vault.settings import FILE_NAME, Settings, load_settings, save_settings

ROOT = Path(__file__).resolve().parents[2]
WF = 2
PASS = "correct horse ☂ battery"
STRANGER = 12345
"""A user id that no one on the test machine has."""


@pytest.fixture
def store(tmp_path: Path) -> PlanStore:
    return PlanStore(tmp_path / "plans")


@pytest.fixture
def plan(store: PlanStore) -> Iterator[OpenPlan]:
    opened = create_plan(store, "notes-1", PASS, work_factor=WF)
    yield opened
    opened.close()


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A file of the person's, outside every folder of the program, 0644."""
    path = tmp_path / "elsewhere" / "important.txt"
    path.parent.mkdir()
    path.write_text("keep me as I am")
    os.chmod(path, 0o644)
    return path


def untouched(path: Path) -> bool:
    return path.read_text() == "keep me as I am" and stat.S_IMODE(path.stat().st_mode) == 0o644


def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """``python -m safetyplan ARGS``; a hang fails the test instead of stopping the run."""
    result = subprocess.run(
        [sys.executable, "-m", "safetyplan", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


# --- The lock file ------------------------------------------------------------------


def test_a_link_at_the_lock_file_never_changes_the_file_it_points_to(
    store: PlanStore, outside: Path
) -> None:
    store.folder.mkdir(mode=0o700)
    store.lock_path("client").symlink_to(outside)
    with pytest.raises(StorageError, match="is a link to another file") as caught:
        create_plan(store, "client", PASS, work_factor=WF)
    assert "Remove it, then try again." in str(caught.value)
    assert untouched(outside)
    assert not store.path("client").exists()


def test_a_link_to_nowhere_at_the_lock_file_makes_no_file_outside(
    store: PlanStore, tmp_path: Path
) -> None:
    store.folder.mkdir(mode=0o700)
    target = tmp_path / "elsewhere" / "made.txt"
    target.parent.mkdir()
    store.lock_path("client").symlink_to(target)
    with pytest.raises(StorageError, match="is a link"):
        create_plan(store, "client", PASS, work_factor=WF)
    assert not target.exists()


def test_the_command_line_refuses_a_linked_lock_file_kindly(tmp_path: Path, outside: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir(mode=0o700)
    (folder / ".client.lock").symlink_to(outside)
    result = run("--dir", str(folder), "new", "client", "--work-factor", "2", stdin="pw\n")
    assert result.returncode == 1
    assert result.stderr.startswith("safetyplan: ") and "is a link" in result.stderr
    assert untouched(outside)


@pytest.mark.parametrize("kind", ["fifo", "device", "folder", "stranger's", "hard link"])
def test_a_lock_file_that_is_not_a_plain_file_of_ours_is_refused(
    plan: OpenPlan, store: PlanStore, outside: Path, kind: str
) -> None:
    lock = store.lock_path("notes-1")
    lock.unlink(missing_ok=True)
    if kind == "fifo":
        os.mkfifo(lock)
    elif kind == "device":
        try:  # a copy of /dev/null
            os.mknod(lock, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        except PermissionError:
            pytest.skip("only root can make a device")
    elif kind == "folder":
        lock.mkdir()
    elif kind == "stranger's":
        lock.write_text("")
        os.chown(lock, STRANGER, STRANGER)
    else:
        os.link(outside, lock)
    before = store.path("notes-1").read_bytes()
    mode = os.lstat(lock).st_mode
    with pytest.raises(StorageError, match="this program does not use it"):
        plan.save()
    assert store.path("notes-1").read_bytes() == before
    assert untouched(outside) and os.lstat(lock).st_mode == mode


# --- Plan files ---------------------------------------------------------------------


def test_a_plan_file_that_is_a_link_is_not_read_or_written_through(
    plan: OpenPlan, store: PlanStore, tmp_path: Path
) -> None:
    """A save replaces the file in the folder: through a link, the two would part ways
    without a word. So a link is refused, when opening and when saving."""
    real = tmp_path / "elsewhere.age"
    os.replace(store.path("notes-1"), real)
    store.path("notes-1").symlink_to(real)
    before = real.read_bytes()
    with pytest.raises(StorageError, match="is a link to another file"):
        open_plan(store, "notes-1", PASS)
    with pytest.raises(StorageError, match="is a link to another file"):
        plan.save()
    assert real.read_bytes() == before and store.path("notes-1").is_symlink()


# --- The plans folder ---------------------------------------------------------------


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    """A plans folder with a plan in it, that anyone on the computer can change."""
    store = PlanStore(tmp_path / "shared")
    create_plan(store, "client", PASS, work_factor=WF).close()
    os.chmod(store.folder, 0o777)
    return store.folder


@pytest.fixture
def strangers(tmp_path: Path) -> Path:
    """A plans folder with a plan in it, that belongs to another user."""
    store = PlanStore(tmp_path / "theirs")
    create_plan(store, "client", PASS, work_factor=WF).close()
    os.chown(store.folder, STRANGER, STRANGER)
    return store.folder


@pytest.mark.parametrize("which", ["shared", "strangers"])
def test_an_unsafe_folder_is_refused_for_every_use(
    request: pytest.FixtureRequest, which: str
) -> None:
    folder: Path = request.getfixturevalue(which)
    store = PlanStore(folder)
    words = "chmod 700" if which == "shared" else "belongs to another user"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    with pytest.raises(FolderError, match=words):
        store.list()
    with pytest.raises(FolderError, match=words):
        open_plan(store, "client", PASS)
    with pytest.raises(FolderError, match=words):
        create_plan(store, "other", PASS, work_factor=WF)
    with pytest.raises(FolderError, match=words):
        store.rename("client", "renamed")
    with pytest.raises(FolderError, match=words):
        store.delete("client")
    with pytest.raises(FolderError, match=words):
        paths.ensure_dir(folder)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    # The app's "new plan" screen suggests a name; making the plan then says what is wrong.
    assert store.suggest_name() == "notes-1"


def test_a_save_into_a_folder_that_became_unsafe_is_refused(
    plan: OpenPlan, store: PlanStore
) -> None:
    before = store.path("notes-1").read_bytes()
    os.chmod(store.folder, 0o733)  # others may add files, though not list them
    with pytest.raises(FolderError, match="Other people on this computer can change"):
        plan.save()
    assert store.path("notes-1").read_bytes() == before


def test_the_message_says_how_to_fix_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "my plans"
    folder.mkdir()
    os.chmod(folder, 0o777)
    with pytest.raises(FolderError) as caught:
        PlanStore(folder).list()
    assert str(caught.value).endswith(f"To fix it, run: chmod 700 '{folder}'")
    # 0755 is fine: what a USB stick (FAT) shows, and what chmod cannot change there.
    os.chmod(folder, 0o755)
    store = PlanStore(folder)
    create_plan(store, "client", PASS, work_factor=WF).close()
    assert [info.name for info in store.list()] == ["client"]
    open_plan(store, "client", PASS).close()


def test_a_folder_our_own_group_can_write_is_used_but_not_another_group(tmp_path: Path) -> None:
    """Many systems give each user a group of their own, and a umask of 002."""
    import grp
    import pwd

    own = grp.getgrgid(os.getegid())
    if own.gr_name != pwd.getpwuid(os.geteuid()).pw_name or own.gr_mem:
        pytest.skip("this user has no group of their own")
    folder = tmp_path / "plans"
    folder.mkdir()
    os.chmod(folder, 0o775)
    assert PlanStore(folder).list() == []
    os.chown(folder, os.geteuid(), STRANGER)
    with pytest.raises(FolderError, match="chmod 700"):
        PlanStore(folder).list()


def test_the_command_line_refuses_an_unsafe_folder_before_the_passphrase(shared: Path) -> None:
    for args in (["list"], ["export", "client"], ["new", "x"], ["check", "client"]):
        result = run("--dir", str(shared), *args)  # no passphrase on stdin
        assert result.returncode == 1, result
        assert result.stderr.count("\n") == 1 and "chmod 700" in result.stderr, result.stderr
        assert "passphrase" not in result.stderr


# --- The settings file --------------------------------------------------------------


def test_saving_settings_never_writes_through_a_planted_link(tmp_path: Path, outside: Path) -> None:
    config = tmp_path / "config"
    config.mkdir(mode=0o700)
    (config / f".{FILE_NAME}.tmp").symlink_to(outside)  # the temp name used to be fixed
    (config / FILE_NAME).symlink_to(outside)
    save_settings(config, Settings(theme="high-contrast-dark"))
    assert untouched(outside)
    assert not (config / FILE_NAME).is_symlink()
    assert stat.S_IMODE((config / FILE_NAME).stat().st_mode) == 0o600
    assert load_settings(config).theme == "high-contrast-dark"
    assert sorted(p.name for p in config.iterdir()) == [f".{FILE_NAME}.tmp", FILE_NAME]


def test_settings_are_not_read_through_a_link(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir(mode=0o700)
    elsewhere = tmp_path / "elsewhere.toml"
    elsewhere.write_text('theme = "high-contrast-dark"\n')
    (config / FILE_NAME).symlink_to(elsewhere)
    assert load_settings(config) == Settings()


def test_settings_in_a_folder_others_can_change_are_not_saved(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    os.chmod(config, 0o777)
    with pytest.raises(OSError, match="chmod 700"):
        save_settings(config, Settings())
    assert list(config.iterdir()) == []


# --- import and export --------------------------------------------------------------


def test_import_reads_only_plain_files_or_links_to_them(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    source = tmp_path / "plan.toml"
    source.write_text('format = "safetyplan"\nschema = 1\n')
    (tmp_path / "link.toml").symlink_to(source)
    args = ["--dir", str(plans), "import", "x", str(tmp_path / "link.toml"), "--work-factor", "2"]
    assert run(*args, stdin="pw\n").returncode == 0
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "folder").mkdir()
    # A FIFO used to make import wait for ever, and /dev/zero to fill the memory.
    for path in (tmp_path / "fifo", Path("/dev/zero"), tmp_path / "folder"):
        result = run("--dir", str(plans), "import", "y", str(path), stdin="pw\n")
        assert result.returncode == 1, (path, result)
        assert "is not a plain file" in result.stderr and "cannot be imported" in result.stderr
    assert sorted(p.name for p in plans.iterdir()) == [".x.lock", "x.age"]


def special_files(tmp_path: Path) -> dict[str, Path]:
    """A FIFO, a socket, a device (a copy of /dev/null), a link and a folder."""
    import socket

    found = {"fifo": tmp_path / "fifo", "link": tmp_path / "link", "folder": tmp_path / "dir"}
    os.mkfifo(found["fifo"])
    target = tmp_path / "target.txt"
    target.write_text("keep me")
    found["link"].symlink_to(target)
    found["folder"].mkdir()
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "sock"))
    sock.close()
    found["socket"] = tmp_path / "sock"
    try:
        os.mknod(tmp_path / "null", stat.S_IFCHR | 0o666, os.makedev(1, 3))
        found["device"] = tmp_path / "null"
    except (PermissionError, AttributeError):
        pass  # not root: no device to test with
    return found


def test_export_never_replaces_anything_but_a_plain_file(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    assert run("--dir", str(plans), "new", "c", "--work-factor", "2", stdin="pw\n").returncode == 0
    for kind, path in special_files(tmp_path).items():
        before = os.lstat(path)
        result = run("--dir", str(plans), "export", "c", "--force", "-o", str(path))  # no stdin
        assert result.returncode == 1, (kind, result)
        assert "passphrase" not in result.stderr, (kind, result.stderr)  # refused before
        assert result.stderr.count("\n") == 1, result.stderr
        after = os.lstat(path)
        assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode), kind
    assert (tmp_path / "target.txt").read_text() == "keep me"
