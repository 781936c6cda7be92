"""The layers of DESIGN §5 hold: the import-linter contracts in pyproject.toml are kept.

vault ← guides ← plan ← faces: each imports only the layers below it; vault, guides and
plan never import Textual or Rich; the shared modules at the top import no layer.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
LINT = (
    "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True))"
)


def lint(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [sys.executable, "-c", LINT], cwd=root, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_import_contracts_are_kept() -> None:
    result = lint(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_core_module_that_imports_textual_breaks_the_contract(tmp_path: Path) -> None:
    shutil.copytree(
        REPO / "safetyplan", tmp_path / "safetyplan", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    model = tmp_path / "safetyplan" / "plan" / "model.py"
    model.write_text(model.read_text() + "\nimport textual  # noqa\n")
    vault = tmp_path / "safetyplan" / "vault" / "paths.py"
    vault.write_text(vault.read_text() + "\nimport safetyplan.plan.model  # noqa\n")
    result = lint(tmp_path)
    assert result.returncode != 0
    assert "The core and the line face never import Textual or Rich BROKEN" in result.stdout
    assert "Layers import only downwards BROKEN" in result.stdout
