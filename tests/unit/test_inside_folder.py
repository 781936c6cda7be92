"""An unlocked copy never goes anywhere inside the plans folder, at any depth.

The rule is :func:`safetyplan.vault.paths.inside_folder`; the command line's ``export -o``
uses it (the app's export dialog too: ``tests/pilot/test_export_inside.py``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.unit.test_cli import PASS, failed, made, run

__all__ = ["made"]  # a fixture, used by name


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "plans"


@pytest.fixture
def plans(tmp_path: Path) -> Path:
    path = tmp_path / "plans"
    (path / "sub" / "deeper").mkdir(parents=True)
    return path


@pytest.mark.parametrize(
    "where",
    [
        "plans",
        "plans/x.txt",
        "plans/sub/x.txt",
        "plans/sub/deeper/x.txt",
        "plans/not-made-yet/again/x.txt",
        "plans/sub/../x.txt",
        "to-plans/sub/x.txt",
        "to-sub/x.txt",
    ],
)
def test_anywhere_inside_the_folder_is_inside(plans: Path, tmp_path: Path, where: str) -> None:
    from safetyplan.vault.paths import inside_folder

    (tmp_path / "to-plans").symlink_to(plans)
    (tmp_path / "to-sub").symlink_to(plans / "sub")
    assert inside_folder(tmp_path / where, plans)
    assert inside_folder(tmp_path / where, tmp_path / "to-plans")  # the folder by a link


@pytest.mark.parametrize(
    "where", ["x.txt", "plans-2/x.txt", "plans/sub/../../x.txt", "elsewhere/plans/x.txt"]
)
def test_anywhere_else_is_outside(plans: Path, tmp_path: Path, where: str) -> None:
    from safetyplan.vault.paths import inside_folder

    (tmp_path / "plans-2").mkdir()
    assert not inside_folder(tmp_path / where, plans)


def test_a_loop_of_links_is_left_to_writing(tmp_path: Path) -> None:
    from safetyplan.vault.paths import inside_folder

    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    assert not inside_folder(tmp_path / "loop" / "x.txt", tmp_path / "plans")


def test_a_relative_path_is_read_from_the_current_folder(
    plans: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from safetyplan.vault.paths import inside_folder

    monkeypatch.chdir(plans / "sub")
    assert inside_folder(Path("x.txt"), plans)
    assert not inside_folder(Path("../../x.txt"), plans)


@pytest.mark.parametrize("where", ["sub/x.txt", "sub/deeper/x.txt", "new/x.txt"])
def test_export_refuses_a_file_in_a_folder_inside_the_plans_folder(made: Path, where: str) -> None:
    (made / "sub" / "deeper").mkdir(parents=True)
    before = sorted(made.rglob("*"))
    target = made / where
    args = ["export", "client 1", "--format", "text", "-o", str(target)]
    failed(run(made, *args, stdin=PASS + "\n"), "outside the plans folder")
    assert sorted(made.rglob("*")) == before and not os.path.lexists(target)
