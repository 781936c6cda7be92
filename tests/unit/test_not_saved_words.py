"""A plan that cannot be saved for what it holds: the app keeps the changes, a command
does not, and each says so truly.

A command's process ends, so nothing is "still here" after it. And a plan can be small
when read yet too large once saved: U+0085 is 2 bytes as UTF-8 but written as the
6-byte escape ``\\u0085``.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from safetyplan import cli
from safetyplan.errors import DocumentError
from safetyplan.plan.model import Plan
from tests.unit.test_cli import PASS, WF, failed, made, plan_file, run

__all__ = ["made"]  # a fixture, used by name


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "plans"


@pytest.fixture
def grows(tmp_path: Path) -> Path:
    """A TOML plan of about 5.4 MB (under the 8 MiB a file may be) that is some 16 MB
    once saved."""
    path = tmp_path / "grows.toml"
    answer = "\u0085" * 2_700_000
    text = f'format = "safetyplan"\nschema = 1\n\n[guides.tech.cloud.answers]\nwho = "{answer}"\n'
    path.write_text(text, encoding="utf-8")
    assert 5_000_000 < path.stat().st_size < 8 * 1024 * 1024
    return path


def too_large_for_a_command(stderr: str) -> None:
    line = stderr.strip().splitlines()[-1]
    assert "too large to save" in line and "once saved" in line, line
    assert "Nothing was changed." in line and "still here" not in line, line


def test_import_of_a_plan_too_large_once_saved_says_nothing_was_made(
    folder: Path, grows: Path
) -> None:
    result = run(folder, "import", "big", str(grows), *WF, stdin=PASS + "\n")
    failed(result, "too large to save")
    too_large_for_a_command(result.stderr)
    assert not plan_file(folder, "big").exists()


def test_import_into_a_plan_too_large_once_saved_changes_nothing(made: Path, grows: Path) -> None:
    before = plan_file(made).read_bytes()
    result = run(made, "import", "client 1", str(grows), stdin=PASS + "\n")
    failed(result, "too large to save")
    too_large_for_a_command(result.stderr)
    assert plan_file(made).read_bytes() == before


def test_the_app_is_told_the_changes_are_kept_and_a_command_that_nothing_changed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from safetyplan.plan import document

    monkeypatch.setattr(document, "MAX_SIZE", 2 * document.PAD_TO)
    plan = Plan()
    plan.record("g", "s").notes = "\u0085" * document.PAD_TO  # 8 KiB as UTF-8, 24 once saved
    doc = document.new_document()
    document.update_document(doc, plan)
    with pytest.raises(DocumentError) as caught:
        document.dumps(doc)
    app_words, command_words = str(caught.value), cli._command_line_words(caught.value)
    assert "once saved" in app_words and "Your changes are still here" in app_words
    assert "once saved" in command_words and "Nothing was changed." in command_words
    assert "still here" not in command_words


@pytest.mark.parametrize("where", ["document", "answer"])
def test_a_value_that_cannot_be_stored_is_told_to_a_command_without_still_here(
    where: str,
) -> None:
    from safetyplan.plan import document

    doc = document.new_document()
    plan = Plan()
    if where == "document":
        doc["odd"] = datetime.time(9, 30, tzinfo=datetime.timezone.utc)  # TOML has none
    else:
        plan.record("g", "s").answers["q"] = 42  # type: ignore[assignment]
    with pytest.raises(DocumentError) as caught:
        document.update_document(doc, plan)
        document.dumps(doc)
    assert "cannot store" in str(caught.value) and "still here" in str(caught.value)
    command_words = cli._command_line_words(caught.value)
    assert "cannot store" in command_words and "Nothing was changed." in command_words
    assert "still here" not in command_words
