"""The command line opens the plain line mode for --plain and for TERM=dumb, and only then."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import safetyplan.line
from safetyplan import cli


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Which face each ``cli.main`` opened: "plain" or "app"."""
    faces: list[str] = []

    def run_plain(folder: Path, *, config_folder: Path | None = None) -> int:
        faces.append("plain")
        assert [k for k in os.environ if k.startswith("TEXTUAL")] == []
        return 0

    monkeypatch.setattr(safetyplan.line, "run_plain", run_plain)
    monkeypatch.setattr(cli, "_run_app", lambda folder, **options: faces.append("app") or 0)
    for name, value in list(os.environ.items()):  # the scrub removes them: restore after
        if name.startswith("TEXTUAL"):
            monkeypatch.setenv(name, value)
    monkeypatch.setenv("TEXTUAL_LOG", "/nowhere")  # scrubbed for either face
    return faces


def test_plain_opens_the_line_mode(
    started: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    assert cli.main(["--plain", "--dir", str(tmp_path)]) == 0
    assert cli.main(["--dir", str(tmp_path)]) == 0
    assert started == ["plain", "app"]


def test_term_dumb_opens_the_line_mode(
    started: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TERM", "dumb")
    assert cli.main(["--dir", str(tmp_path), "--accessible"]) == 0
    assert started == ["plain"]


def test_plain_is_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--help"]) == 0
    assert "--plain" in capsys.readouterr().out
