"""Benchmark: unlock time against a bare scrypt derivation, and the cost of a fast save.

Run from the project folder:  .venv/bin/python benchmarks/bench_unlock.py [--runs 7]

The design budget is "unlock = the scrypt time plus at most 100 ms". The two are measured
interleaved (unlock, bare scrypt, unlock, ...) so that a noisy machine affects both alike.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cryptography.hazmat.primitives.kdf.scrypt import Scrypt  # noqa: E402

from safetyplan.vault import age  # noqa: E402


def _seconds(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    """Print median unlock and scrypt times, their ratio, and session save times."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="interleaved runs (at least 7)")
    parser.add_argument("--work-factor", type=int, default=age.DEFAULT_WORK_FACTOR)
    options = parser.parse_args()
    runs = max(7, options.runs)
    work_factor = options.work_factor
    passphrase = "correct horse battery staple"
    plaintext = b'title = "plan"\n' * 300

    data = age.encrypt(plaintext, passphrase, work_factor=work_factor)
    salt = os.urandom(16)

    def bare_scrypt() -> None:
        kdf = Scrypt(
            salt=b"age-encryption.org/v1/scrypt" + salt, length=32, n=1 << work_factor, r=8, p=1
        )
        kdf.derive(passphrase.encode())

    def unlock() -> None:
        age.AgeSession.unlock(data, passphrase)

    unlock_times: list[float] = []
    scrypt_times: list[float] = []
    for _ in range(runs):
        unlock_times.append(_seconds(unlock))
        scrypt_times.append(_seconds(bare_scrypt))
    unlock_median = statistics.median(unlock_times)
    scrypt_median = statistics.median(scrypt_times)
    print(f"work factor {work_factor} (N = 2**{work_factor}, r = 8, p = 1), {runs} runs each")
    print(f"  unlock (median)       {unlock_median * 1000:9.1f} ms")
    print(f"  bare scrypt (median)  {scrypt_median * 1000:9.1f} ms")
    print(f"  ratio unlock/scrypt   {unlock_median / scrypt_median:9.3f}")
    print(
        f"  overhead              {(unlock_median - scrypt_median) * 1000:9.1f} ms (budget 100 ms)"
    )

    session, _ = age.AgeSession.unlock(data, passphrase)
    for label, size in (("64 KiB", 64 * 1024), ("1 MiB", 1024 * 1024)):
        text = os.urandom(size)
        save = partial(session.encrypt, text)
        times = [_seconds(save) for _ in range(max(runs, 21))]
        print(f"  session.encrypt {label:>7} (median) {statistics.median(times) * 1000:7.2f} ms")


if __name__ == "__main__":
    main()
