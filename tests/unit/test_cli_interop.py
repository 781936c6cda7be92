"""The command line and the standard `age` tool open each other's plan files."""

from __future__ import annotations

import shutil
import stat
import sys
from pathlib import Path

import pytest

from tests.unit.test_age_interop import _run_with_terminal
from tests.unit.test_cli import PASS, PLAN_TOML, WF, run

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - depends on the Python version
    import tomli as tomllib

AGE = shutil.which("age")
pytestmark = pytest.mark.skipif(AGE is None, reason="the age command is not installed")


def test_a_plan_shaped_file_made_with_age_opens_with_export(tmp_path: Path) -> None:
    """age encrypts at work factor 18, like us: a few seconds for both sides."""
    source = tmp_path / "plan.toml"
    source.write_text(PLAN_TOML, encoding="utf-8")
    folder = tmp_path / "plans"
    folder.mkdir()
    made = tmp_path / "made.age"
    argv = [str(AGE), "-p", "-o", str(made), str(source)]
    code, output = _run_with_terminal(argv, [PASS, PASS])
    assert code == 0, output
    shutil.copyfile(made, folder / "from age.age")
    result = run(folder, "export", "from age", stdin=PASS + "\n")
    assert result.returncode == 0, result.stderr
    doc = tomllib.loads(result.stdout)
    assert doc["format"] == "safetyplan" and doc["future"] == "kept"
    assert doc["guides"]["tech"]["cloud"]["notes"] == "First line\nsecond line"
    assert doc["guides"]["tech"]["cloud"]["answers"]["who"] == [{"name": "Sam", "how": "phone"}]
    wrong = run(folder, "export", "from age", stdin="not it\n")
    assert wrong.returncode == 1 and "This passphrase does not open" in wrong.stderr


def test_a_plan_made_with_new_decrypts_with_age(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    made = run(folder, "new", "client 1", *WF, stdin=PASS + "\n")
    assert made.returncode == 0, made.stderr
    plain = tmp_path / "plain.toml"
    argv = [str(AGE), "-d", "-o", str(plain), str(folder / "client 1.age")]
    code, output = _run_with_terminal(argv, [PASS])
    assert code == 0, output
    data = plain.read_bytes()
    assert len(data) % 4096 == 0  # padded, so the size tells little
    doc = tomllib.loads(data.decode("utf-8"))
    assert doc["format"] == "safetyplan" and doc["schema"] == 1 and doc["save_counter"] == 1
    assert stat.S_IMODE((folder / "client 1.age").stat().st_mode) == 0o600
