"""Interop tests: our age files open in rage (pyrage) and age, and theirs open in ours."""

from __future__ import annotations

import os
import random
import select
import shutil
import subprocess
import time
from pathlib import Path

import pyrage
import pytest

from safetyplan.vault import age

CHUNK = 64 * 1024
PASSPHRASE = "lanterne tulipe — 春の海 🌊"
AGE = shutil.which("age")
needs_age = pytest.mark.skipif(AGE is None, reason="the age command is not installed")


def test_pyrage_opens_our_files() -> None:
    for size in (0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK):
        plaintext = random.Random(size).randbytes(size)
        data = age.encrypt(plaintext, PASSPHRASE, work_factor=4)
        assert pyrage.passphrase.decrypt(data, PASSPHRASE) == plaintext


def test_pyrage_opens_session_saves() -> None:
    session = age.AgeSession.create(PASSPHRASE, work_factor=4)
    for text in (b"first save", b"second save" * 10_000):
        assert pyrage.passphrase.decrypt(session.encrypt(text), PASSPHRASE) == text


def test_pyrage_refuses_our_file_with_a_wrong_passphrase() -> None:
    data = age.encrypt(b"plan", PASSPHRASE, work_factor=4)
    with pytest.raises(pyrage.DecryptError):
        pyrage.passphrase.decrypt(data, PASSPHRASE + "x")


@pytest.mark.slow
def test_we_open_a_pyrage_file() -> None:
    """rage picks its own work factor (about 1 s of its scrypt): one file only."""
    plaintext = random.Random(7).randbytes(2 * CHUNK + 3)
    data = pyrage.passphrase.encrypt(plaintext, PASSPHRASE)
    session, opened = age.AgeSession.unlock(data, PASSPHRASE)
    assert opened == plaintext
    assert session.decrypt(session.encrypt(b"saved")) == b"saved"


def _run_with_terminal(argv: list[str], answers: list[str], timeout: float = 60) -> tuple[int, str]:
    """Run a command on a new pseudo-terminal, typing each answer when asked for a passphrase.

    The child gets a new session without a controlling terminal, so age cannot open
    /dev/tty and reads from its standard input, which is the terminal here.
    """
    controller, terminal = os.openpty()
    process = subprocess.Popen(
        argv, stdin=terminal, stdout=terminal, stderr=terminal, start_new_session=True
    )
    os.close(terminal)
    output = bytearray()
    typed = 0
    deadline = time.monotonic() + timeout
    try:
        while True:
            ready, _, _ = select.select([controller], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                process.kill()
                pytest.fail(f"{argv[0]} did not finish: {output.decode(errors='replace')}")
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the terminal closes when the child exits (EIO on Linux)
                break
            if not chunk:
                break
            output += chunk
            while typed < min(output.count(b"passphrase"), len(answers)):
                os.write(controller, answers[typed].encode() + b"\r")
                typed += 1
    finally:
        os.close(controller)
    return process.wait(timeout=timeout), output.decode(errors="replace")


@needs_age
def test_age_opens_our_file_with_the_documented_command(tmp_path: Path) -> None:
    """docs/FORMAT.md tells people to run `age -d -o - FILE` if this program is gone."""
    plan = tmp_path / "plan.age"
    session = age.AgeSession.create(PASSPHRASE, work_factor=5)
    session.encrypt(b"an earlier save")  # the file on disk is a later save: same header
    plan.write_bytes(session.encrypt(b'title = "my plan"\nstep = "keep evidence"\n'))
    code, output = _run_with_terminal([str(AGE), "-d", "-o", "-", str(plan)], [PASSPHRASE])
    assert code == 0, output
    assert 'step = "keep evidence"' in output


@needs_age
def test_age_decrypts_a_large_file_of_ours_exactly(tmp_path: Path) -> None:
    plaintext = random.Random(9).randbytes(CHUNK * 2)
    (tmp_path / "plan.age").write_bytes(age.encrypt(plaintext, PASSPHRASE, work_factor=5))
    argv = [str(AGE), "-d", "-o", str(tmp_path / "out"), str(tmp_path / "plan.age")]
    code, output = _run_with_terminal(argv, [PASSPHRASE])
    assert code == 0, output
    assert (tmp_path / "out").read_bytes() == plaintext


@needs_age
def test_age_refuses_our_file_with_a_wrong_passphrase(tmp_path: Path) -> None:
    (tmp_path / "plan.age").write_bytes(age.encrypt(b"plan", PASSPHRASE, work_factor=5))
    argv = [str(AGE), "-d", "-o", str(tmp_path / "out"), str(tmp_path / "plan.age")]
    code, output = _run_with_terminal(argv, ["not it"])
    assert code != 0
    assert "incorrect passphrase" in output


@needs_age
def test_we_open_a_file_made_by_age(tmp_path: Path) -> None:
    """age encrypts at work factor 18, our default: about two seconds in all."""
    plaintext = random.Random(11).randbytes(CHUNK + 1)
    (tmp_path / "in").write_bytes(plaintext)
    argv = [str(AGE), "-p", "-o", str(tmp_path / "plan.age"), str(tmp_path / "in")]
    code, output = _run_with_terminal(argv, [PASSPHRASE, PASSPHRASE])
    assert code == 0, output
    data = (tmp_path / "plan.age").read_bytes()
    session, opened = age.AgeSession.unlock(data, PASSPHRASE)
    assert opened == plaintext
    assert session.work_factor == age.DEFAULT_WORK_FACTOR
