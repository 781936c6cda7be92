"""Exports: no raw control or bidi character in Markdown or text, exact TOML, safe files."""

from __future__ import annotations

import io
import os
import re
import stat
import sys
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import pytest

from safetyplan import cli
from safetyplan.errors import PlanError
from safetyplan.guides.content import Guide, Option, Prompt, PromptKind, Step
from safetyplan.plan.document import parse_import, plan_from_document
from safetyplan.plan.export import render_markdown, render_text, write_new_file
from safetyplan.plan.model import Plan, StepStatus
from safetyplan.plan.storage import create_plan, open_plan
from safetyplan.safetext import BIDI_CONTROLS
from safetyplan.vault.folder import PlanStore

PASS = "orange lamp 7"
HOSTILE = ("\x1b]0;TITLE\x07", "\x1b[2J", "\u202e", "\x9b")
"""Set the window title, clear the screen, reverse the text, and an 8-bit CSI."""
EVIL = "".join(HOSTILE)
RAW_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + "".join(sorted(BIDI_CONTROLS)) + "]")
"""Every character a terminal may act on (tab and newline are only layout)."""


def hostile_plan() -> Plan:
    """A plan with the hostile text in an answer, a note, a contact, a list, a compose
    text, a choice, an unknown prompt, an unknown step and an unknown guide."""
    plan = Plan(created=datetime(2024, 5, 1, tzinfo=timezone.utc))
    record = plan.record("g", "s")
    record.status = StepStatus.DONE
    record.notes = f"note {EVIL} end"
    record.answers = {
        "text": f"answer {EVIL}",
        "who": [{"name": f"Sam {EVIL}", "how": f"555 {EVIL}"}],
        "items": [f"one {EVIL}", "two"],
        "letter": {"parts": {"open": EVIL}, "text": f"Dear {EVIL}"},
        "pick": f"not-an-option {EVIL}",
        f"unknown {EVIL}": f"value {EVIL}",
    }
    plan.record("g", f"gone {EVIL}").notes = f"kept {EVIL}"
    plan.record(f"old {EVIL}", "s").answers["p"] = [{"name": EVIL, "how": ""}]
    return plan


def hostile_guides() -> tuple[Guide, ...]:
    """A guide whose own words hold the hostile text too."""
    prompts = (
        Prompt("text", PromptKind.TEXT, f"Question {EVIL}"),
        Prompt("who", PromptKind.CONTACTS, "Who"),
        Prompt("items", PromptKind.LIST, "Items"),
        Prompt("letter", PromptKind.COMPOSE, "Letter"),
        Prompt("pick", PromptKind.CHOICE, "Pick", options=(Option("a", f"A {EVIL}"),)),
        Prompt("ticks", PromptKind.CHECKLIST, "Ticks", options=(Option("a", f"A {EVIL}"),)),
    )
    step = Step("s", f"Step {EVIL}", "why", prompts=prompts)
    return (Guide("g", f"Guide {EVIL}", "summary", 1, (step,)),)


@pytest.mark.parametrize("render", [render_text, render_markdown])
def test_markdown_and_text_exports_hold_no_raw_control_or_bidi_character(
    render: Callable[[Plan, tuple[Guide, ...]], str],
) -> None:
    plan = hostile_plan()
    plan.record("g", "s").answers["ticks"] = ["a"]
    out = render(plan, hostile_guides())
    assert RAW_UNSAFE.search(out) is None, RAW_UNSAFE.findall(out)
    if render is render_markdown:  # what a Markdown viewer shows
        out = re.sub(r"\\([\\`*_{}\[\]<>#+\-.!|])", r"\1", out)
    for shown in ("\\x1b]0;TITLE\\x07", "\\x1b[2J", "\\u202e", "\\x9b"):
        assert out.count(shown) >= 11  # each piece of text, shown as visible escapes
    for words in ("answer", "note", "Sam", "555", "one", "Dear", "kept", "value", "Guide"):
        assert words in out  # everything is still shown, only made safe


def test_every_export_format_through_the_command_line_is_safe(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    store = PlanStore(tmp_path / "plans")
    opened = create_plan(store, "p", PASS, work_factor=2)
    opened.plan = hostile_plan()
    opened.save()
    opened.close()
    for fmt in ("markdown", "text", "toml"):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(f"{PASS}\n".encode())))
        status = cli.main(["--dir", str(store.folder), "export", "p", "--format", fmt])
        out = capsysbinary.readouterr().out.decode("utf-8")
        assert status == 0
        assert RAW_UNSAFE.search(out) is None, (fmt, RAW_UNSAFE.findall(out))
        assert "TITLE" in out and "kept" in out


def test_the_toml_export_brings_every_character_back_exactly(tmp_path: Path) -> None:
    store = PlanStore(tmp_path / "plans")
    opened = create_plan(store, "p", PASS, work_factor=2)
    opened.plan = hostile_plan()
    opened.save()
    text = opened.to_toml()
    opened.close()
    assert "\\u001b]0;TITLE\\u0007" in text and "\\u202e" in text and "\\u009b" in text
    assert RAW_UNSAFE.search(text) is None  # TOML escapes C0 controls; we escape C1 and bidi too
    again = create_plan(store, "copy", PASS, work_factor=2, document=parse_import(text))
    again.close()
    back = open_plan(store, "copy", PASS).plan
    assert back.records == hostile_plan().records
    assert back.record("g", "s").answers["text"] == f"answer {EVIL}"
    assert plan_from_document(parse_import(text)).records == hostile_plan().records


# --- Writing the -o file ------------------------------------------------------------


def make_symlink_to_file(tmp_path: Path) -> tuple[Path, Path]:
    aim = tmp_path / "elsewhere.txt"
    aim.write_text("not yours to change")
    link = tmp_path / "link.txt"
    os.symlink(aim, link)
    return link, aim


def make_dangling_symlink(tmp_path: Path) -> tuple[Path, Path]:
    link = tmp_path / "dangling.txt"
    os.symlink(tmp_path / "nowhere.txt", link)
    return link, tmp_path / "nowhere.txt"


def make_fifo(tmp_path: Path) -> tuple[Path, Path]:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    return fifo, fifo


def make_folder(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "folder"
    folder.mkdir()
    return folder, folder


def make_link_to_dev_null(tmp_path: Path) -> tuple[Path, Path]:
    # A link to a copy of /dev/null (or, where no device can be made, a file): a test
    # must never risk the machine's own devices.
    device = tmp_path / "device"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        device.write_text("")
    link = tmp_path / "stdout"
    os.symlink(device, link)
    return link, device


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (make_symlink_to_file, "a link"),
        (make_dangling_symlink, "a link"),
        (make_fifo, "a pipe"),
        (make_folder, "a folder"),
        (make_link_to_dev_null, "a link"),
    ],
)
@pytest.mark.parametrize("overwrite", [False, True])
def test_links_pipes_folders_and_devices_are_never_written_or_replaced(
    tmp_path: Path, make: Callable[[Path], tuple[Path, Path]], kind: str, overwrite: bool
) -> None:
    path, aim = make(tmp_path)
    before = sorted(os.listdir(tmp_path))
    mode = os.lstat(path).st_mode
    aim_before = aim.read_bytes() if aim.is_file() else None
    with pytest.raises(PlanError) as caught:
        write_new_file(path, "plan text", overwrite=overwrite)
    message = str(caught.value)
    assert kind in message and ("Nothing was written" in message or "nothing was" in message)
    assert "plan text" not in message
    assert sorted(os.listdir(tmp_path)) == before  # no temp file left behind either
    assert os.lstat(path).st_mode == mode
    if aim_before is not None:
        assert aim.read_bytes() == aim_before
    assert not (tmp_path / "nowhere.txt").exists()


def test_a_device_itself_is_never_replaced(tmp_path: Path) -> None:
    # A copy of /dev/null made here: a test must never risk the machine's own devices.
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("only root can make a device (CI runs as root)")
    before = os.lstat(device)
    with pytest.raises(PlanError, match="a device.*Nothing was written"):
        write_new_file(device, "plan text", overwrite=True)
    with pytest.raises(PlanError, match="already a device"):
        write_new_file(device, "plan text")
    after = os.lstat(device)
    assert (after.st_mode, after.st_ino, after.st_rdev) == (
        before.st_mode,
        before.st_ino,
        before.st_rdev,
    )
    assert sorted(os.listdir(tmp_path)) == ["null"]


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX owners")
def test_another_users_file_is_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "theirs.txt"
    target.write_text("theirs")
    monkeypatch.setattr(os, "geteuid", lambda: target.stat().st_uid + 1)
    with pytest.raises(PlanError, match="belongs to another user. Nothing was written"):
        write_new_file(target, "mine", overwrite=True)
    assert target.read_text() == "theirs"
