"""No core dump can hold a passphrase or a plan: the process turns them off as it starts.

Each test starts the real program in its own process with the core file size limit
raised to unlimited first, as ``ulimit -c unlimited`` would, and looks at what the
kernel says about that process.
"""

from __future__ import annotations

import os
import pty
import resource
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UNLIMITED = (resource.RLIM_INFINITY, resource.RLIM_INFINITY)

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads /proc and calls prctl (Linux)"
)


def allow_core_dumps() -> None:
    """In the child, before the program: what ``ulimit -c unlimited`` does."""
    resource.setrlimit(resource.RLIMIT_CORE, UNLIMITED)


@pytest.fixture(autouse=True)
def can_raise_the_limit() -> None:
    """A test that ran ``cli.main`` in this process without the unit tests' fixture
    (``tests/unit/conftest.py``) set its hard limit to 0, for good."""
    if resource.getrlimit(resource.RLIMIT_CORE)[1] != resource.RLIM_INFINITY:
        pytest.skip("an earlier test turned core dumps off in this test process for good")


def read_until(fd: int, text: bytes, timeout: float = 60.0) -> bytes:
    """Read a pipe until ``text`` has come (waits on the pipe, never sleeps)."""
    seen = b""
    deadline = time.monotonic() + timeout
    while text not in seen:
        left = deadline - time.monotonic()
        assert left > 0, seen
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            chunk = os.read(fd, 4096)
            assert chunk, seen  # the program ended before it asked
            seen += chunk
    return seen


def test_a_command_waiting_for_a_passphrase_can_write_no_core_file(tmp_path: Path) -> None:
    # A terminal on standard input, so `new` asks for the passphrase and says so; its own
    # session, so it has no controlling terminal to ask on instead.
    master, slave = pty.openpty()
    child = subprocess.Popen(
        [sys.executable, "-m", "safetyplan", "--dir", str(tmp_path / "plans"), "new", "x"],
        stdin=slave,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=allow_core_dumps,
        start_new_session=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    os.close(slave)
    try:
        assert child.stderr is not None
        read_until(child.stderr.fileno(), b"New passphrase: ")
        limits = Path(f"/proc/{child.pid}/limits").read_text()
    finally:
        os.close(master)  # the terminal goes away: the program stops
        child.wait(timeout=60)
        if child.stderr is not None:
            child.stderr.close()
    line = next(line for line in limits.splitlines() if line.startswith("Max core file size"))
    assert line.split()[4:6] == ["0", "0"], line
    assert not (tmp_path / "plans" / "x.age").exists()


WRAPPER = """
import ctypes, resource, runpy, sys

libc = ctypes.CDLL(None)
zero, one = ctypes.c_ulong(0), ctypes.c_ulong(1)


def state():
    core = resource.getrlimit(resource.RLIMIT_CORE)
    return f"dumpable={libc.prctl(3, zero, zero, zero, zero)} core={core[0]},{core[1]}"


assert libc.prctl(4, one, zero, zero, zero) == 0 and state().startswith("dumpable=1")
if sys.argv[1:] == ["--no-mouse"]:  # the app: see the state at the moment it would start
    import safetyplan.cli as cli

    def run_app(*args, **kwargs):
        print("as the app starts:", state())
        return 0

    cli._run_app = run_app
try:
    runpy.run_module("safetyplan", run_name="__main__", alter_sys=True)
except SystemExit:
    pass
print("after:", state())
"""
"""Runs ``python -m safetyplan ARGS`` in this process, then says whether it may be dumped."""


@pytest.mark.parametrize(
    "args",
    [["--version"], ["list"], ["new", "x", "--work-factor", "2"], ["--no-mouse"]],
    ids=["version", "list", "new", "app"],
)
def test_every_start_turns_core_dumps_off_for_good(tmp_path: Path, args: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", WRAPPER, *args],
        input=b"a passphrase\n",
        capture_output=True,
        preexec_fn=allow_core_dumps,
        env={**os.environ, "PYTHONPATH": str(ROOT), "SAFETYPLAN_DIR": str(tmp_path / "p")},
        timeout=120,
    )
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr.decode()
    assert out.splitlines()[-1] == "after: dumpable=0 core=0,0", out
    if args == ["--no-mouse"]:
        assert "as the app starts: dumpable=0 core=0,0" in out
