"""The command line, run as a person or a script would: a subprocess, passphrases on stdin."""

from __future__ import annotations

import io
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pyrage
import pytest
import tomlkit

from safetyplan import cli
from safetyplan.cli import commands as cli_commands
from safetyplan.plan.document import load_plan
from safetyplan.vault import age

ROOT = Path(__file__).resolve().parents[2]
PASS = "blue kettle 42 ☕"
WF = ["--work-factor", "2"]
PLAN_TOML = """\
format = "safetyplan"
schema = 1
created = 2024-05-01T09:00:00Z
updated = 2024-05-02T09:00:00Z
save_counter = 7
future = "kept"

[guides.tech.cloud]
status = "done"
notes = "First line\\nsecond line"

[guides.tech.cloud.answers]
who = [{name = "Sam", how = "phone"}]
"""


def run(folder: Path | None, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run ``python -m safetyplan``; never a traceback, whatever happens."""
    command = [sys.executable, "-m", "safetyplan"]
    if folder is not None:
        command += ["--dir", str(folder)]
    result = subprocess.run(
        [*command, *args],
        input=stdin.encode(),
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    out = subprocess.CompletedProcess(
        result.args, result.returncode, result.stdout.decode(), result.stderr.decode()
    )
    assert "Traceback" not in out.stderr and "Traceback" not in out.stdout
    return out


def failed(result: subprocess.CompletedProcess[str], message: str) -> None:
    """Exit status 1 and one kind line on stderr that contains ``message``."""
    assert result.returncode == 1, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("safetyplan: ") and message in lines[-1], result.stderr


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "plans"


@pytest.fixture
def made(folder: Path) -> Path:
    """A folder with the plan "client 1" in it."""
    assert run(folder, "new", "client 1", *WF, stdin=PASS + "\n").returncode == 0
    return folder


def plan_file(folder: Path, name: str = "client 1") -> Path:
    return folder / f"{name}.age"


def put(folder: Path, data: bytes, name: str = "odd") -> None:
    folder.mkdir(exist_ok=True)
    plan_file(folder, name).write_bytes(data)


# --- Help, version, usage -----------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [[], ["new"], ["list"], ["where"], ["check"], ["passwd"], ["export"], ["import"]]
    + [["restore"], ["delete"], ["rename"]],
)
def test_help_everywhere(args: list[str]) -> None:
    result = run(None, *args, "--help")
    assert result.returncode == 0 and "usage: safetyplan" in result.stdout


def test_version() -> None:
    result = run(None, "--version")
    assert result.returncode == 0 and result.stdout.startswith("safetyplan 0.")


@pytest.mark.parametrize(
    "args",
    [
        ["frobnicate"],
        ["new"],
        ["new", "x", "--work-factor", "23"],
        ["new", "x", "--work-factor", "0"],
        ["new", "x", "--work-factor", "many"],
        ["export", "x", "--format", "pdf"],
        ["rename", "x"],
    ],
)
def test_bad_usage_exits_2(args: list[str], folder: Path) -> None:
    result = run(folder, *args)
    assert result.returncode == 2 and "usage:" in result.stderr
    assert not folder.exists()


def test_main_returns_the_status_instead_of_exiting() -> None:
    assert cli.main(["--version"]) == 0
    assert cli.main(["no-such-command"]) == 2


# --- new, list, where ---------------------------------------------------------------


def test_new_makes_a_plan_that_pyrage_opens(made: Path) -> None:
    data = plan_file(made).read_bytes()
    text = pyrage.passphrase.decrypt(data, PASS).decode()
    assert text.startswith('format = "safetyplan"\nschema = 1\n')
    assert stat.S_IMODE(plan_file(made).stat().st_mode) == 0o600
    assert stat.S_IMODE(made.stat().st_mode) == 0o700


def test_new_refuses_a_name_in_use_an_empty_passphrase_and_a_bad_name(made: Path) -> None:
    failed(run(made, "new", "client 1", *WF, stdin="x\n"), '"client 1" exists already')
    failed(run(made, "new", "client 2", *WF, stdin="\n"), "cannot be empty")
    failed(run(made, "new", "client 2", *WF), "No new passphrase was given")
    failed(run(made, "new", ".hidden", *WF, stdin="x\n"), "cannot start with a dot")
    assert sorted(p.name for p in made.iterdir()) == [".client 1.lock", "client 1.age"]


def test_list_and_where(made: Path, tmp_path: Path) -> None:
    result = run(made, "list")
    assert result.returncode == 0 and result.stdout.startswith("client 1  last saved on ")
    empty = run(tmp_path / "none", "list")
    assert empty.returncode == 0 and "No plans yet in" in empty.stdout
    where = run(made, "where")
    assert f"Plans folder:    {made} (set with --dir)" in where.stdout
    assert "Settings folder: " in where.stdout and "jotter" in where.stdout


def test_where_names_the_environment_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SAFETYPLAN_DIR", str(tmp_path / "usb"))
    result = run(None, "where")
    assert "set by the SAFETYPLAN_DIR environment variable, not made yet" in result.stdout
    monkeypatch.delenv("SAFETYPLAN_DIR")
    assert "(the default, not made yet)" in run(None, "where").stdout


def test_a_folder_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    failed(run(tmp_path / "file", "list"), "is a file, not a folder")
    failed(run(tmp_path / "file", "new", "x", *WF, stdin="pw\n"), "is a file, not a folder")


# --- check, passwd, export, import --------------------------------------------------


def test_check_reports_a_good_plan(made: Path) -> None:
    result = run(made, "check", "client 1", stdin=PASS + "\n")
    assert result.returncode == 0
    assert 'The plan "client 1" opens.' in result.stdout
    assert "There is no earlier version." in result.stdout


def test_passwd_changes_the_passphrase_and_removes_the_backup(made: Path) -> None:
    run(made, "import", "client 1", str(write_toml(made.parent)), stdin=PASS + "\n")
    assert (made / "client 1.age.bak").exists()
    result = run(made, "passwd", "client 1", *WF, stdin=f"{PASS}\nnew pass\n")
    assert result.returncode == 0
    assert "The earlier version, which used the old passphrase, was removed." in result.stdout
    assert not (made / "client 1.age.bak").exists()
    failed(run(made, "export", "client 1", stdin=PASS + "\n"), "passphrase does not open")
    assert run(made, "export", "client 1", stdin="new pass\n").returncode == 0
    failed(run(made, "passwd", "client 1", stdin="wrong\nx\n"), "passphrase does not open")


def write_toml(where: Path, text: str = PLAN_TOML, name: str = "in.toml") -> Path:
    path = where / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_then_export_gives_the_plan_back(folder: Path, tmp_path: Path) -> None:
    source = write_toml(tmp_path)
    result = run(folder, "import", "client 9", str(source), *WF, stdin=PASS + "\n")
    assert result.returncode == 0 and 'Made the plan "client 9"' in result.stdout
    exported = run(folder, "export", "client 9", stdin=PASS + "\n")
    assert exported.returncode == 0
    doc = tomlkit.parse(exported.stdout)
    assert doc["future"] == "kept"
    assert doc["guides"]["tech"]["cloud"]["notes"] == "First line\nsecond line"
    assert doc["save_counter"] == 8


def test_import_into_an_existing_plan_keeps_the_old_version(made: Path, tmp_path: Path) -> None:
    result = run(made, "import", "client 1", str(write_toml(tmp_path)), stdin=PASS + "\n")
    assert result.returncode == 0 and "The earlier version is kept." in result.stdout
    old = load_plan(pyrage.passphrase.decrypt((made / "client 1.age.bak").read_bytes(), PASS))
    assert old[1].records == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("format = \n", "This file is not valid TOML"),
        ('title = "my recipes"\n', "This file is not a plan"),
        ('format = "safetyplan"\nschema = 2\n', "newer version"),
        ('format = "safetyplan"\nschema = 1\n[guides.a.b]\nstatus = 3\n', "guides.a.b.status"),
    ],
)
def test_import_refuses_files_that_are_not_plans(
    folder: Path, tmp_path: Path, text: str, message: str
) -> None:
    failed(run(folder, "import", "x", str(write_toml(tmp_path, text)), *WF, stdin="p\n"), message)
    assert not folder.exists() or not list(folder.iterdir())


def test_import_of_a_missing_file(folder: Path, tmp_path: Path) -> None:
    failed(run(folder, "import", "x", str(tmp_path / "nope.toml")), "There is no file")


def test_export_to_a_file_warns_and_never_overwrites_without_force(
    made: Path, tmp_path: Path
) -> None:
    target = tmp_path / "out.toml"
    result = run(made, "export", "client 1", "-o", str(target), stdin=PASS + "\n")
    assert result.returncode == 0
    assert "is not encrypted" in result.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text().startswith('format = "safetyplan"')
    target.write_text("keep me")
    os.chmod(target, 0o644)
    failed(run(made, "export", "client 1", "-o", str(target), stdin=PASS + "\n"), "--force")
    assert target.read_text() == "keep me"
    forced = run(made, "export", "client 1", "-o", str(target), "--force", stdin=PASS + "\n")
    assert forced.returncode == 0 and target.read_text().startswith("format")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


# --- restore, delete, rename --------------------------------------------------------


def damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[-3] ^= 0x40
    path.write_bytes(bytes(data))


@pytest.fixture
def damaged(made: Path, tmp_path: Path) -> Path:
    """ "client 1" with a damaged file and a good earlier version."""
    run(made, "import", "client 1", str(write_toml(tmp_path)), stdin=PASS + "\n")
    damage(plan_file(made))
    return made


def test_check_points_to_restore_when_only_the_backup_opens(damaged: Path) -> None:
    result = run(damaged, "check", "client 1", stdin=PASS + "\n")
    failed(result, "damaged")
    assert "The earlier version opens." in result.stdout
    assert "safetyplan restore client 1" in result.stdout


def test_opening_a_damaged_plan_mentions_the_earlier_version(damaged: Path) -> None:
    failed(run(damaged, "export", "client 1", stdin=PASS + "\n"), "safetyplan check client 1")


def test_restore_asks_then_keeps_the_damaged_file(damaged: Path) -> None:
    before = plan_file(damaged).read_bytes()
    no = run(damaged, "restore", "client 1", stdin=PASS + "\nno\n")
    assert no.returncode == 1 and "Nothing was changed." in no.stderr
    assert plan_file(damaged).read_bytes() == before
    yes = run(damaged, "restore", "client 1", stdin=PASS + "\nyes\n")
    assert yes.returncode == 0, yes.stderr
    assert "client 1.age.damaged" in yes.stdout
    assert (damaged / "client 1.age.damaged").read_bytes() == before
    assert run(damaged, "check", "client 1", stdin=PASS + "\n").returncode == 0


def test_restore_refuses_a_plan_that_opens(made: Path, tmp_path: Path) -> None:
    run(made, "import", "client 1", str(write_toml(tmp_path)), stdin=PASS + "\n")
    failed(run(made, "restore", "client 1", stdin=PASS + "\nyes\n"), "does not need restoring")
    failed(run(made, "restore", "client 1", stdin="wrong\nyes\n"), "does not open either")


def test_delete_asks_for_the_name(made: Path) -> None:
    no = run(made, "delete", "client 1", stdin="client\n")
    assert no.returncode == 1 and "Nothing was deleted." in no.stderr
    assert plan_file(made).exists()
    yes = run(made, "delete", "client 1", stdin="client 1\n")
    assert yes.returncode == 0 and not list(made.iterdir())
    failed(run(made, "delete", "client 1", "--yes"), 'no plan called "client 1"')


def test_rename(made: Path) -> None:
    assert run(made, "rename", "client 1", "client 2").returncode == 0
    assert plan_file(made, "client 2").exists() and not plan_file(made).exists()
    run(made, "new", "client 3", *WF, stdin="x\n")
    failed(run(made, "rename", "client 2", "client 3"), "exists already")
    failed(run(made, "rename", "client 2", "a/b"), "only use letters")


# --- Bad input: each with its own message ------------------------------------------


def test_wrong_passphrase(made: Path) -> None:
    failed(run(made, "export", "client 1", stdin="not it\n"), "This passphrase does not open")


def test_no_passphrase_on_stdin(made: Path) -> None:
    failed(run(made, "export", "client 1"), "No passphrase was given")


def test_missing_plan(made: Path) -> None:
    failed(run(made, "export", "nobody", stdin="x\n"), 'There is no plan called "nobody"')


def test_an_age_file_that_is_not_a_plan(folder: Path) -> None:
    put(folder, age.encrypt(b'title = "my recipes"\n', PASS, work_factor=2))
    failed(run(folder, "export", "odd", stdin=PASS + "\n"), "This file is not a plan.")


def test_a_file_that_is_not_an_age_file(folder: Path) -> None:
    put(folder, b"just some text\n")
    result = run(folder, "export", "odd", stdin=PASS + "\n")
    failed(result, "")
    assert "age" not in result.stderr.splitlines()[-1].lower().replace("safetyplan", "")


def test_an_age_file_made_for_a_key(folder: Path) -> None:
    key = pyrage.x25519.Identity.generate()
    put(folder, pyrage.encrypt(b"secret", [key.to_public()]))
    first = run(folder, "export", "odd", stdin=PASS + "\n")
    failed(first, "")
    assert "passphrase does not open" not in first.stderr


def test_truncated_flipped_and_extended_files(made: Path) -> None:
    good = plan_file(made).read_bytes()
    messages = set()
    for data in (good[:-20], good[:-1] + bytes([good[-1] ^ 1]), good + b"\0"):
        plan_file(made).write_bytes(data)
        result = run(made, "export", "client 1", stdin=PASS + "\n")
        failed(result, "")
        messages.add(result.stderr)
    assert all("passphrase" not in m for m in messages)


def test_a_work_factor_over_the_cap_is_refused(folder: Path) -> None:
    data = age.encrypt(PLAN_TOML.encode(), PASS, work_factor=2)
    header, rest = data.split(b"\n", 2)[:2], data.split(b"\n", 2)[2]
    stanza = header[1]
    assert stanza.startswith(b"-> scrypt ") and stanza.endswith(b" 2")
    put(folder, b"\n".join([header[0], stanza[:-1] + b"23", rest]))
    result = run(folder, "export", "odd", stdin=PASS + "\n")
    failed(result, "")
    assert "passphrase does not open" not in result.stderr


def test_a_plan_from_a_newer_version(folder: Path) -> None:
    put(folder, age.encrypt(b'format = "safetyplan"\nschema = 5\n', PASS, work_factor=2))
    failed(run(folder, "export", "odd", stdin=PASS + "\n"), "newer version")


# --- Other implementations ----------------------------------------------------------


def test_a_plan_shaped_file_made_with_pyrage_opens(folder: Path) -> None:
    """pyrage picks its own, realistic work factor: this test takes about a second."""
    put(folder, pyrage.passphrase.encrypt(PLAN_TOML.encode(), PASS))
    result = run(folder, "export", "odd", stdin=PASS + "\n")
    assert result.returncode == 0, result.stderr
    assert 'notes = "First line\\nsecond line"' in result.stdout


# --- In-process: faults that are hard to cause from outside -------------------------


def in_process(monkeypatch: pytest.MonkeyPatch, stdin: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode())))


def test_a_full_disk_while_importing(
    made: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import errno

    before = plan_file(made).read_bytes()
    source = write_toml(tmp_path)
    in_process(monkeypatch, PASS + "\n")

    def full(*args: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    status = cli.main(["--dir", str(made), "import", "client 1", str(source)])
    monkeypatch.undo()
    assert status == 1
    error = capsys.readouterr().err
    assert "the disk is full" in error and "Nothing was changed." in error
    assert "still here" not in error  # the command has ended: nothing is kept in memory
    assert "Traceback" not in error
    assert plan_file(made).read_bytes() == before


def test_another_copy_saving_at_the_same_time(
    made: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import fcntl

    from safetyplan.vault import folder

    monkeypatch.setattr(folder, "LOCK_WAIT", 0.05)
    in_process(monkeypatch, PASS + "\n")
    fd = os.open(made / ".client 1.lock", os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        status = cli.main(["--dir", str(made), "import", "client 1", str(write_toml(tmp_path))])
    finally:
        os.close(fd)
    assert status == 1
    assert "Another copy of this program is saving this plan" in capsys.readouterr().err


def test_stopped_with_ctrl_c(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupt(*args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_commands, "list_plans", interrupt)
    assert cli.main(["list"]) == 1
    assert capsys.readouterr().err == "Stopped.\n"


def test_an_unexpected_error_shows_no_traceback_and_no_content(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def bug(*args: object) -> int:
        raise ValueError("plan text that must never be shown")

    monkeypatch.setattr(cli_commands, "list_plans", bug)
    assert cli.main(["list"]) == 1
    error = capsys.readouterr().err
    assert "ValueError" in error and "plan text" not in error


def test_the_command_line_loads_no_heavy_modules_before_a_command_needs_them() -> None:
    code = (
        "import sys, safetyplan.cli, safetyplan.vault.paths;"
        "print(sorted(m for m in ('tomlkit', 'cryptography', 'textual', 'safetyplan.plan.storage')"
        " if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr


def test_only_the_line_ending_is_taken_off_a_passphrase(folder: Path) -> None:
    assert run(folder, "new", "spaces", *WF, stdin=" two  spaces \r\n").returncode == 0
    failed(run(folder, "export", "spaces", stdin="two  spaces\n"), "does not open")
    assert run(folder, "export", "spaces", stdin=" two  spaces \n").returncode == 0


# --- export --format markdown / text ------------------------------------------------

ANSWERED_TOML = """\
format = "safetyplan"
schema = 1

[guides.conversation.help-preparing]
status = "planned"
notes = "Ask *bold* Sam first\\n# not a heading\\n- not a list"

[guides.conversation.help-preparing.answers]
want-help = "worker"
helpers = [{name = "Sam [link](x)", how = "555-0100"}]

[guides.gone.old-step]
status = "done"
notes = "kept <b>even</b> so"
"""


@pytest.fixture
def answered(folder: Path, tmp_path: Path) -> Path:
    """A folder with the plan "client 1", answered in the conversation guide."""
    source = write_toml(tmp_path, ANSWERED_TOML, "answered.toml")
    result = run(folder, "import", "client 1", str(source), *WF, stdin=PASS + "\n")
    assert result.returncode == 0, result.stderr
    return folder


def test_export_as_markdown_escapes_everything_the_person_typed(answered: Path) -> None:
    result = run(answered, "export", "client 1", "--format", "markdown", stdin=PASS + "\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("# My plan\n") and out.endswith("\n")
    assert "## Conversation plan" in out and "## Tech plan" in out
    assert "- **Help to get ready** (Planned)" in out
    assert "Yes, from an anti\\-violence or support worker" in out  # the option's label
    assert "Ask \\*bold\\* Sam first" in out and "*bold*" not in out
    assert "\\# not a heading" in out and "\\- not a list" in out
    assert "Sam \\[link\\](x): 555\\-0100" in out and "[link]" not in out
    # A step no longer in the guides is kept and shown, escaped too.
    assert "gone / old\\-step" in out and "kept \\<b\\>even\\</b\\> so" in out
    lines = out.splitlines()
    assert not any(line.startswith(("# not", "- not")) for line in lines)
    assert "<b>" not in out


def test_export_as_text_shows_answers_exactly_as_typed(answered: Path) -> None:
    result = run(answered, "export", "client 1", "--format", "text", stdin=PASS + "\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("My plan\n=======\n") and out.endswith("\n")
    assert "[Planned] Help to get ready" in out
    assert "Yes, from an anti-violence or support worker" in out
    assert "Ask *bold* Sam first\n" in out and "# not a heading\n" in out
    assert "Sam [link](x): 555-0100" in out
    assert "Other saved answers" in out and "kept <b>even</b> so" in out
    assert 'format = "safetyplan"' not in out
    dash = run(answered, "export", "client 1", "--format", "text", "-o", "-", stdin=PASS + "\n")
    assert dash.returncode == 0 and dash.stdout == out and not (Path.cwd() / "-").exists()


@pytest.mark.parametrize(("fmt", "start"), [("markdown", "# My plan"), ("text", "My plan")])
def test_export_formats_to_a_file_private_never_overwritten_without_force(
    answered: Path, tmp_path: Path, fmt: str, start: str
) -> None:
    target = tmp_path / "out" / f"plan.{fmt}"
    target.parent.mkdir()
    args = ["export", "client 1", "--format", fmt, "-o", str(target)]
    result = run(answered, *args, stdin=PASS + "\n")
    assert result.returncode == 0, result.stderr
    assert "is not encrypted" in result.stderr and result.stdout.startswith("Wrote the plan")
    assert target.read_text().startswith(start)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    target.write_text("keep me")
    os.chmod(target, 0o644)
    failed(run(answered, *args, stdin=PASS + "\n"), "Add --force to replace it")
    assert target.read_text() == "keep me"
    forced = run(answered, *args, "--force", stdin=PASS + "\n")
    assert forced.returncode == 0, forced.stderr
    assert target.read_text().startswith(start) and "Help to get ready" in target.read_text()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert os.listdir(target.parent) == [target.name]  # no temp file left behind


def test_export_refuses_a_file_in_the_plans_folder(made: Path) -> None:
    target = made / "client 1.age"
    before = target.read_bytes()
    args = ["export", "client 1", "--format", "text", "-o", str(target), "--force"]
    failed(run(made, *args, stdin=PASS + "\n"), "outside the plans folder")
    assert target.read_bytes() == before


def test_export_with_a_wrong_passphrase_writes_no_file(answered: Path, tmp_path: Path) -> None:
    target = tmp_path / "plan.md"
    args = ["export", "client 1", "--format", "markdown", "-o", str(target)]
    failed(run(answered, *args, stdin="not it\n"), "passphrase does not open")
    assert not target.exists()


def test_export_with_broken_guides_still_gives_every_answer(
    answered: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from safetyplan.guides import content

    monkeypatch.setattr(content, "guides_dir", lambda: broken_guides(tmp_path))
    in_process(monkeypatch, PASS + "\n")
    status = cli.main(["--dir", str(answered), "export", "client 1", "--format", "text"])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert "the guides could not be read" in captured.err and "tech-safety.toml" in captured.err
    assert "conversation / help-preparing" in captured.out
    assert "Ask *bold* Sam first" in captured.out and "kept <b>even</b> so" in captured.out


def test_write_new_file_replaces_atomically_only_when_asked(tmp_path: Path) -> None:
    from safetyplan.errors import PlanError
    from safetyplan.plan.export import write_new_file

    target = tmp_path / "plan.txt"
    target.write_text("old")
    os.chmod(target, 0o644)
    with pytest.raises(PlanError, match="nothing was overwritten"):
        write_new_file(target, "new")
    assert target.read_text() == "old"
    write_new_file(target, "new ☕", overwrite=True)
    assert target.read_text(encoding="utf-8") == "new ☕"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    folder = tmp_path / "a folder"
    folder.mkdir()
    with pytest.raises(PlanError, match="could not be replaced"):
        write_new_file(folder, "text", overwrite=True)
    assert folder.is_dir() and sorted(os.listdir(tmp_path)) == ["a folder", "plan.txt"]


# --- Opening the app ----------------------------------------------------------------


def broken_guides(tmp_path: Path) -> Path:
    """A copy of the guides in which tech-safety.toml has a bad ``order``."""
    broken = tmp_path / "broken guides"
    if not broken.exists():
        broken.mkdir()
        for source in (ROOT / "plans").glob("*.toml"):
            (broken / source.name).write_bytes(source.read_bytes())
        path = broken / "tech-safety.toml"
        text = path.read_text(encoding="utf-8")
        assert "\norder = 1\n" in text
        path.write_text(text.replace("\norder = 1\n", '\norder = "first"\n'), encoding="utf-8")
    return broken


def test_app_options_reach_run_app_after_the_environment_is_scrubbed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import types

    calls: list[tuple[Path, dict[str, object], list[str]]] = []

    def run_app(folder: Path, **options: object) -> int:
        calls.append((folder, options, [k for k in os.environ if k.startswith("TEXTUAL")]))
        return 0

    # Stand in for the app module: it is imported only after the scrub, and imports Textual.
    fake = types.ModuleType("safetyplan.tui.run")
    fake.run_app = run_app  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "safetyplan.tui.run", fake)
    for name, value in list(os.environ.items()):  # the scrub removes them: restore after
        if name.startswith("TEXTUAL"):
            monkeypatch.setenv(name, value)
    monkeypatch.setenv("TEXTUAL_LOG", str(tmp_path / "log"))
    monkeypatch.setenv("TEXTUAL_SCREENSHOT", "1")
    monkeypatch.setenv("TERM", "xterm-256color")  # TERM=dumb would choose the line mode
    assert cli.main(["--dir", str(tmp_path), "--no-mouse", "--accessible"]) == 0
    assert cli.main(["--dir", str(tmp_path)]) == 0
    config = cli.config_dir()
    assert calls == [
        (tmp_path, {"mouse": False, "accessible": True, "config_folder": config}, []),
        (tmp_path, {"mouse": True, "accessible": False, "config_folder": config}, []),
    ]


def test_the_real_run_app_takes_the_options_the_command_line_passes() -> None:
    import inspect

    from safetyplan.tui.run import run_app

    inspect.signature(run_app).bind(Path("plans"), mouse=False, accessible=True, config_folder=None)


def test_app_options_are_in_the_help() -> None:
    result = run(None, "--help")
    assert "--no-mouse" in result.stdout and "--accessible" in result.stdout


def guides_command(tmp_path: Path, guides: Path) -> tuple[int, str, str]:
    """Run ``safetyplan guides`` on a folder of guides.

    Returns:
        The exit status, standard output and standard error.
    """
    code = (
        "import sys; from pathlib import Path; import safetyplan.guides.content, safetyplan.cli; "
        f"safetyplan.guides.content.guides_dir = lambda: Path({str(guides)!r}); "
        f"sys.exit(safetyplan.cli.main(['--dir', {str(tmp_path / 'plans')!r}, 'guides']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    return result.returncode, result.stdout, result.stderr


def test_the_guides_command_names_the_file_and_key_of_a_problem(tmp_path: Path) -> None:
    """The app reads the guides only when a plan is opened; people who write guides
    check their work with ``safetyplan guides``."""
    status, out, error = guides_command(tmp_path, broken_guides(tmp_path))
    assert status == 1 and out == "" and "Traceback" not in error
    assert error.startswith("safetyplan: tech-safety.toml: order: must be a whole number")
    assert error.count("\n") == 1, error
    assert not (tmp_path / "plans").exists()


def test_the_guides_command_lists_the_guides_it_checked(tmp_path: Path) -> None:
    status, out, error = guides_command(tmp_path, ROOT / "plans")
    assert status == 0 and error == ""
    lines = out.splitlines()
    assert any(line.startswith("tech-safety: ") and "(16 steps)" in line for line in lines)
    assert any(line.startswith("conversation: ") for line in lines)
    assert lines[-1].endswith("are all correct.")


# --- docs/FORMAT.md -----------------------------------------------------------------


def test_the_format_doc_example_is_byte_for_byte_what_the_program_writes() -> None:
    """docs/FORMAT.md says so; another reader is written from that page."""
    from safetyplan.plan.document import (
        dumps,
        new_document,
        parse_import,
        plan_from_document,
        update_document,
    )

    page = (ROOT / "docs" / "FORMAT.md").read_text(encoding="utf-8")
    section = page[page.index("## The plan document") :]
    found = re.search(r"```toml\n(.*?)```", section, re.S)
    assert found is not None
    example = found[1]
    data = dumps(parse_import(example))
    assert data == example.encode() + b"\n" * (-len(example.encode()) % 4096)
    fresh = new_document()
    update_document(fresh, plan_from_document(parse_import(example)))
    assert fresh.as_string() == example


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--no-mouse"],
        ["--accessible", "--no-mouse"],
        ["--dir", "some folder"],
        ["--dir=some folder", "--accessible"],
        ["--no-mouse", "--dir", "~/plans", "--no-mouse"],
        ["--plain"],
        ["--dir", "some folder", "--plain"],
        ["--plain", "--accessible", "--dir=x"],
    ],
)
def test_plain_app_starts_are_read_as_argparse_would(argv: list[str]) -> None:
    """The quick reading of a plain start gives exactly what the full parser gives."""
    quick = cli.app_options(argv)
    assert quick is not None
    assert vars(quick) == {
        key: value
        for key, value in vars(cli.build_parser().parse_args(argv)).items()
        if key in vars(quick)
    }
    assert quick.command is None


@pytest.mark.parametrize(
    "argv",
    [
        ["list"],
        ["--dir", "x", "list"],
        ["--help"],
        ["-h"],
        ["--version"],
        ["--dir"],
        ["--dir", "--no-mouse"],
        ["--dir="],
        ["--no-mous"],
        ["--accessible", "extra"],
        ["--plain", "list"],
        ["--plai"],
    ],
)
def test_anything_else_goes_to_the_full_parser(argv: list[str]) -> None:
    assert cli.app_options(argv) is None


def test_passwd_locks_the_damaged_copies_with_the_new_passphrase_too(folder: Path) -> None:
    import pyrage

    assert run(folder, "new", "d", *WF, stdin="first one\n").returncode == 0
    damaged = folder / "d.age.damaged"
    damaged.write_bytes((folder / "d.age").read_bytes())  # as a restore keeps it aside
    result = run(folder, "passwd", "d", *WF, stdin="first one\nsecond one\n")
    assert result.returncode == 0, result.stderr
    assert "d.age.damaged now uses the new passphrase" in result.stdout
    for path in folder.iterdir():
        if path.name.startswith("d.age"):
            with pytest.raises(pyrage.DecryptError):
                pyrage.passphrase.decrypt(path.read_bytes(), "first one")
