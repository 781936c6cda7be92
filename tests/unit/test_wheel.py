"""The wheel: it carries the guides and data files, and an install finds the guides."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = (
    "safetyplan/plans/tech-safety.toml",
    "safetyplan/plans/conversation.toml",
    "safetyplan/plans/README.md",
    "safetyplan/vault/words.txt",
    "safetyplan/tui/app.tcss",
    "safetyplan/tui/screens/step.tcss",
    "safetyplan/py.typed",
)


def _quiet_env() -> dict[str, str]:
    """The environment, without anything that would make Python look in this repository."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}


@pytest.mark.slow
def test_the_wheel_ships_the_guides_and_an_install_finds_them(tmp_path: Path) -> None:
    """About 10 s: pip builds the wheel (setuptools from the local package cache), then
    installs it, without its dependencies, in a new virtual environment."""
    # Build from a copy of the sources, so the build leaves nothing in the work tree.
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("safetyplan", "plans"):
        shutil.copytree(ROOT / name, source / name, ignore=ignore)
    dist = tmp_path / "dist"
    pip = [sys.executable, "-m", "pip"]
    build = subprocess.run(
        [*pip, "wheel", "--no-deps", "-q", "-w", str(dist), str(source)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_quiet_env(),
        timeout=300,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    (wheel,) = dist.glob("safetyplan-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert set(SHIPPED) <= names, sorted(set(SHIPPED) - names)
    assert not any(name.startswith(("plans/", "tests/")) for name in names)

    venv = tmp_path / "fresh"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    install = subprocess.run(
        [*pip, "--python", str(python), "install", "-q", "--no-deps", "--no-index", str(wheel)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_quiet_env(),
        timeout=300,
    )
    assert install.returncode == 0, install.stdout + install.stderr

    # The guide loader needs only the standard library, so it runs without the dependencies.
    code = (
        "import safetyplan.guides.content as c, sysconfig; "
        "print(sysconfig.get_paths()['purelib']); print(c.guides_dir()); "
        "print(' '.join(g.id for g in c.load_guides()))"
    )
    found = subprocess.run(
        [str(python), "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_quiet_env(),
        timeout=60,
    )
    assert found.returncode == 0, found.stderr
    site, guides_dir, ids = found.stdout.splitlines()
    assert Path(guides_dir) == Path(site) / "safetyplan" / "plans"
    assert Path(site).is_relative_to(venv)
    assert sorted(ids.split()) == ["conversation", "tech-safety"]
    # Compiled bytecode ships with the install, so the first start does not compile.
    package = Path(site) / "safetyplan"
    modules = {p.stem for p in package.rglob("*.py")}
    compiled = {p.name.split(".")[0] for p in package.rglob("__pycache__/*.pyc")}
    assert modules and modules <= compiled, sorted(modules - compiled)
    version = subprocess.run(
        [str(venv / "bin" / "safetyplan"), "--version"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_quiet_env(),
        timeout=60,
    )
    assert version.returncode == 0 and version.stdout.startswith("safetyplan "), version.stderr
