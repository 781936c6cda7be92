"""The plans and settings folders: where they are, and how they are made."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from safetyplan.errors import FolderError
from safetyplan.vault import paths

REVEALING = ("safety", "abuse", "intimate", "image", "ncii", "revenge", "survivor", "violence")


def test_environment_variable_chooses_the_plans_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SAFETYPLAN_DIR", str(tmp_path / "usb"))
    assert paths.data_dir() == tmp_path / "usb"
    assert paths.data_dir_source() == "SAFETYPLAN_DIR"


def test_default_folders_have_neutral_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SAFETYPLAN_DIR")
    data, config = paths.data_dir(), paths.config_dir()
    assert paths.data_dir_source() == "default"
    assert data.name == "jotter" and config.name == "jotter"
    assert data.parent == Path(os.environ["XDG_DATA_HOME"])
    for folder in (data, config):
        assert not any(word in str(folder).lower() for word in REVEALING)


def test_importing_touches_nothing_and_loads_no_platformdirs() -> None:
    code = "import sys, safetyplan.vault.paths; print('platformdirs' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr


def test_ensure_dir_makes_a_private_folder_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        folder = paths.ensure_dir(tmp_path / "a" / "plans")
    finally:
        os.umask(old)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_ensure_dir_leaves_an_existing_folder_as_it_is(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    assert paths.ensure_dir(folder) == folder
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755


def test_a_file_in_the_way_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "plans").write_text("not a folder")
    with pytest.raises(FolderError, match="is a file, not a folder"):
        paths.ensure_dir(tmp_path / "plans")


def test_a_folder_that_cannot_be_written_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests run as root, which ignores permission bits, so the check itself is faked.
    monkeypatch.setattr(os, "access", lambda *args, **kwargs: False)
    with pytest.raises(FolderError, match="cannot write in the folder"):
        paths.ensure_dir(tmp_path)


def test_a_folder_that_cannot_be_made_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def read_only(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(os, "mkdir", read_only)
    with pytest.raises(FolderError, match=r"cannot be made \(the disk is read-only\)"):
        paths.ensure_dir(tmp_path / "new")


def test_describe_os_error_is_plain() -> None:
    assert paths.describe_os_error(OSError(errno.ENOSPC, "x")) == "the disk is full"
    assert paths.describe_os_error(OSError(12345, "x")) == "the system refused"


@pytest.mark.parametrize("mode", [0o777, 0o1777, 0o702])
def test_ensure_dir_refuses_a_folder_others_can_write_in(tmp_path: Path, mode: int) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    os.chmod(folder, mode)
    with pytest.raises(FolderError, match=r"Other people .* can change .* chmod 700"):
        paths.ensure_dir(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == mode  # told how to fix it, not changed


def test_ensure_dir_refuses_a_folder_of_another_user(tmp_path: Path) -> None:
    folder = tmp_path / "theirs"
    folder.mkdir(mode=0o700)
    os.chown(folder, 12345, 12345)  # tests run as root
    with pytest.raises(FolderError, match="belongs to another user"):
        paths.ensure_dir(folder)
