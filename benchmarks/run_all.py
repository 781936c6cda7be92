"""Run every benchmark script in this folder (``bench_*.py``) one after another, showing output.

Run from the project folder: ``.venv/bin/python benchmarks/run_all.py [--runs N]``.
``bench_scale.py`` (growth with the plan's size) is the longest, about a minute and a half.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent


def scripts() -> list[Path]:
    """The benchmark scripts, in name order."""
    return sorted(HERE.glob("bench_*.py"))


def main() -> int:
    """Run each script with this Python; return 1 if any failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, help="passed on to every script (at least 7)")
    parser.add_argument("only", nargs="*", help="run only scripts whose name holds one of these")
    options = parser.parse_args()
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(PROJECT), *filter(None, [env.get("PYTHONPATH")])])
    failed = []
    for script in scripts():
        if options.only and not any(word in script.name for word in options.only):
            continue
        command = [sys.executable, str(script)]
        if options.runs is not None:
            command += ["--runs", str(options.runs)]
        print(f"=== {script.name}", flush=True)
        start = time.perf_counter()
        done = subprocess.run(command, cwd=PROJECT, env=env, check=False)
        took = time.perf_counter() - start
        status = "ok" if done.returncode == 0 else f"FAILED (exit status {done.returncode})"
        print(f"=== {script.name}: {status}, {took:.0f} s\n", flush=True)
        if done.returncode != 0:
            failed.append(script.name)
    if failed:
        print("Failed: " + ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
