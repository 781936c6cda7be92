"""A file to read is looked at before it is opened: a device is refused, never opened.

Opening a device can make it do something (a tape rewinds, a modem dials), so a plan
file, the settings and a file to import are each refused unopened when they are not
regular files. And once a file is open, it must be the one that was looked at.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from safetyplan import cli
from safetyplan.errors import StorageError
from safetyplan.plan.storage import open_plan
from safetyplan.vault.diskio import read_file
from safetyplan.vault.folder import PlanStore
from safetyplan.vault.settings import FILE_NAME, Settings, load_settings


def make_device(path: Path) -> Path:
    """A device like /dev/null, made in the test's own folder (never the machine's)."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("only root can make a device")
    return path


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "plans"
    path.mkdir(mode=0o700)
    return path


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every path this process opens with ``os.open`` from now on."""
    paths: list[str] = []
    real_open = os.open

    def spy(path: object, *args: object, **kwargs: object) -> int:
        paths.append(os.fspath(path))  # type: ignore[call-overload]
        return real_open(path, *args, **kwargs)  # type: ignore[call-overload,arg-type]

    monkeypatch.setattr(os, "open", spy)
    return paths


@pytest.mark.parametrize("strict", [True, False])
def test_a_device_is_refused_without_being_opened(
    folder: Path, opened: list[str], strict: bool
) -> None:
    device = make_device(folder / "dev")
    with pytest.raises(StorageError, match="is not a plan file"):
        read_file(device, 1024, strict=strict)
    assert str(device) not in opened


def test_a_link_to_a_device_given_to_import_is_not_opened(
    tmp_path: Path, opened: list[str]
) -> None:
    device = make_device(tmp_path / "dev")
    (tmp_path / "link.toml").symlink_to(device)
    for path in (device, tmp_path / "link.toml"):
        with pytest.raises(StorageError, match="is not a plan file"):
            read_file(path, 1024, strict=False)
        assert str(path) not in opened


def test_import_refuses_a_device_kindly_without_opening_it(
    folder: Path, tmp_path: Path, opened: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    device = make_device(tmp_path / "dev")
    assert cli.main(["--dir", str(folder), "import", "x", str(device)]) == 1
    error = capsys.readouterr().err
    assert error.startswith("safetyplan: ") and "is not a plain file" in error
    assert "cannot be imported" in error and "Traceback" not in error
    assert str(device) not in opened
    assert list(folder.iterdir()) == []


def test_a_device_at_a_plans_name_or_the_settings_is_not_opened(
    folder: Path, tmp_path: Path, opened: list[str]
) -> None:
    store = PlanStore(folder)
    make_device(store.path("dev"))
    with pytest.raises(StorageError, match="is not a plan file"):
        open_plan(store, "dev", "any passphrase")
    config = tmp_path / "config"
    config.mkdir(mode=0o700)
    make_device(config / FILE_NAME)
    assert load_settings(config) == Settings()  # the defaults
    assert str(store.path("dev")) not in opened and str(config / FILE_NAME) not in opened


def swapping(monkeypatch: pytest.MonkeyPatch, path: Path, times: int) -> Callable[[], int]:
    """Make ``os.open`` swap the file at ``path`` for a new one (another inode) just
    before it opens it, the first ``times`` times; returns how many swaps were made."""
    real_open = os.open
    swaps = 0

    def swap_then_open(name: object, *args: object, **kwargs: object) -> int:
        nonlocal swaps
        if os.fspath(name) == str(path) and swaps < times:  # type: ignore[call-overload]
            swaps += 1
            new = path.with_name("new")
            new.write_bytes(b"swapped %d" % swaps)
            os.replace(new, path)
        return real_open(name, *args, **kwargs)  # type: ignore[call-overload,arg-type]

    monkeypatch.setattr(os, "open", swap_then_open)
    return lambda: swaps


@pytest.mark.parametrize("strict", [True, False])
def test_a_file_swapped_for_another_each_time_it_is_opened_is_not_read(
    folder: Path, monkeypatch: pytest.MonkeyPatch, strict: bool
) -> None:
    from safetyplan.errors import FileChangedError

    path = folder / "file"
    path.write_bytes(b"the first")
    swaps = swapping(monkeypatch, path, times=1000)
    with pytest.raises(FileChangedError, match="was changed by something else"):
        read_file(path, 1024, strict=strict)
    assert swaps() == 3


def test_a_file_swapped_once_is_read_as_it_is_now(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another copy of the program replaces a plan file when it saves it."""
    path = folder / "file"
    path.write_bytes(b"the first")
    swapping(monkeypatch, path, times=1)
    assert read_file(path, 1024) == b"swapped 1"
