"""What the command line shows is safe and plain: no raw escapes, no Python dumps, fitting words.

Text from guides, file names and arguments can hold terminal escape sequences; each is
shown as a visible escape such as ``\\x1b``. Memory running out is one neutral line.
"""

from __future__ import annotations

import io
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from safetyplan import cli

ROOT = Path(__file__).resolve().parents[2]
PASS = "blue kettle 42 ☕"
WF = ["--work-factor", "2"]
TITLE_ESCAPE = "\x1b]0;X\x07"
"""Sets the terminal window's title to X: it must never reach the terminal as it is."""
NO_MEMORY = "safetyplan: Not enough free memory to go on. Close other programs and try again.\n"


def run(*args: str, stdin: str = "", **options: object) -> subprocess.CompletedProcess[str]:
    """``python -m safetyplan ARGS``, with passphrases on stdin."""
    result = subprocess.run(
        [sys.executable, "-m", "safetyplan", *args],
        input=stdin.encode(),
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
        **options,  # type: ignore[call-overload]
    )
    return subprocess.CompletedProcess(
        result.args, result.returncode, result.stdout.decode(), result.stderr.decode()
    )


def in_process(monkeypatch: pytest.MonkeyPatch, stdin: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode())))


@pytest.fixture
def made(tmp_path: Path) -> Path:
    """A plans folder with "client 1", saved twice, so that an earlier version is kept."""
    folder = tmp_path / "plans"
    assert run("--dir", str(folder), "new", "client 1", *WF, stdin=PASS + "\n").returncode == 0
    source = tmp_path / "in.toml"
    source.write_text('format = "safetyplan"\nschema = 1\n')
    imported = run("--dir", str(folder), "import", "client 1", str(source), stdin=PASS + "\n")
    assert imported.returncode == 0, imported.stderr
    assert (folder / "client 1.age.bak").exists()
    return folder


# --- Escapes ------------------------------------------------------------------------


def test_guides_with_an_escape_in_a_title_show_it_as_a_visible_escape(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from safetyplan.guides import content

    guides = tmp_path / "guides"
    guides.mkdir()
    for source in (ROOT / "plans").glob("*.toml"):
        text = source.read_text(encoding="utf-8")
        if source.name == "tech-safety.toml":
            assert '\ntitle = "Tech plan"\n' in text
            text = text.replace(
                '\ntitle = "Tech plan"\n', '\ntitle = "Tech \\u001b]0;X\\u0007plan"\n'
            )
        (guides / source.name).write_text(text, encoding="utf-8")
    monkeypatch.setattr(content, "guides_dir", lambda: guides)
    assert cli.main(["--dir", str(tmp_path / "plans"), "guides"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "tech-safety: Tech \\x1b]0;X\\x07plan (16 steps)" in out


def test_a_file_name_with_an_escape_is_shown_safely(tmp_path: Path) -> None:
    missing = tmp_path / f"plan{TITLE_ESCAPE}.toml"
    result = run("--dir", str(tmp_path / "plans"), "import", "x", str(missing))
    assert result.returncode == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "There is no file" in result.stderr and "plan\\x1b]0;X\\x07.toml" in result.stderr


def test_an_argument_with_an_escape_in_a_usage_error_is_shown_safely() -> None:
    result = run("list", TITLE_ESCAPE)
    assert result.returncode == 2 and "unrecognized arguments" in result.stderr
    assert "\x1b" not in result.stderr and "\\x1b]0;X\\x07" in result.stderr


# --- where --------------------------------------------------------------------------


def test_where_says_when_the_plans_folder_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    result = run("--dir", str(tmp_path / "file"), "where")
    assert result.returncode == 0
    assert f"{tmp_path / 'file'} (set with --dir, which is a file, not a folder)" in result.stdout
    assert "not made yet" not in result.stdout


# --- Memory -------------------------------------------------------------------------


def test_memory_running_out_at_start_is_one_plain_line(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    def no_memory(argv: list[str]) -> None:
        raise MemoryError

    monkeypatch.setattr(cli, "app_options", no_memory)
    assert cli.main([]) == 1
    assert capfd.readouterr().err == NO_MEMORY


def test_memory_running_out_while_python_loads_the_program_is_one_plain_line() -> None:
    """``python -m safetyplan`` itself: before ``main`` exists, nothing else can say it."""
    code = (
        "import runpy, sys\n"
        "class NoMemory:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'safetyplan.cli':\n"
        "            raise MemoryError\n"
        "sys.meta_path.insert(0, NoMemory())\n"
        "runpy.run_module('safetyplan', run_name='__main__', alter_sys=True)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
    )
    assert (result.returncode, result.stderr) == (1, NO_MEMORY)
    from safetyplan.errors import NOT_ENOUGH_MEMORY

    assert f"safetyplan: {NOT_ENOUGH_MEMORY}\n" == NO_MEMORY  # the same words everywhere


def test_memory_running_out_while_unlocking_says_so_and_nothing_else(
    made: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from safetyplan.vault import age

    def no_memory(*args: object) -> bytes:
        raise MemoryError

    monkeypatch.setattr(age, "_scrypt", no_memory)
    for command in (["export", "client 1"], ["passwd", "client 1"], ["restore", "client 1"]):
        in_process(monkeypatch, PASS + "\nnew one\n")
        assert cli.main(["--dir", str(made), *command]) == 1
        error = capsys.readouterr().err
        assert error == (
            "safetyplan: Not enough free memory to unlock the plan. "
            "Close other programs and try again.\n"
        ), command


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS works on Linux")
def test_memory_running_out_while_making_a_key_says_so(tmp_path: Path) -> None:
    """Work factor 20 needs 1 GiB for scrypt; the process may use 256 MiB."""

    def little_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (256 << 20, 256 << 20))

    folder = tmp_path / "plans"
    result = run(
        "--dir",
        str(folder),
        "new",
        "x",
        "--work-factor",
        "20",
        stdin="pw\n",
        preexec_fn=little_memory,
    )
    assert (result.returncode, result.stderr) == (1, NO_MEMORY)
    assert not (folder / "x.age").exists()


def test_core_dumps_are_turned_off_before_anything_else(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """In a real process: tests/process/test_core_limits.py."""
    calls: list[str] = []
    monkeypatch.setattr(cli, "protect_process", lambda: calls.append("protect"))
    monkeypatch.setattr(cli, "app_options", lambda argv: calls.append("arguments"))
    cli.main(["--version"])
    assert calls[:2] == ["protect", "arguments"]


def test_a_command_never_says_the_changes_are_still_here(
    made: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The app keeps unsaved changes in memory and says so; a command's process ends."""
    from safetyplan.errors import PlanChangedError
    from safetyplan.plan import storage

    def changed_meanwhile(self: object, plan: object = None) -> None:
        raise PlanChangedError(storage.CHANGED)

    monkeypatch.setattr(storage.OpenPlan, "save", changed_meanwhile)
    source = tmp_path / "in.toml"
    in_process(monkeypatch, PASS + "\n")
    assert cli.main(["--dir", str(made), "import", "client 1", str(source)]) == 1
    error = capsys.readouterr().err
    assert "changed by another copy of the program" in error and "nothing was saved" in error
    assert "still here" not in error
