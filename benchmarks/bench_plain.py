"""Time to the first prompt of ``safetyplan --plain`` against the minimal Textual app's first frame.

Run from the project folder: ``.venv/bin/python benchmarks/bench_plain.py [--runs 15]``.

Each run starts the program in a fresh temporary folder, in a real 80x24 pseudo-terminal
with TERM=xterm-256color. For the line mode the time runs from ``Popen`` until its first
question, "Type a number", has been written (the list of plans comes before it); for the
minimal Textual app, until its first frame shows "reference". The line mode then gets
``q!`` (its quick-exit word) and the minimal app Ctrl+Q. Runs of the two are interleaved
so a noisy machine affects both alike. The peak resident memory (VmHWM) at that moment is
shown as well. Budget (DESIGN §9): first prompt ≤ 0.3× the minimal app's first frame.
"""

from __future__ import annotations

import argparse
import compileall
import statistics
from dataclasses import dataclass
from pathlib import Path

from ptyrun import CTRL_Q, PYTHON, PtyProcess, RunFolder, fresh_environment

PROJECT = Path(__file__).resolve().parent.parent
MINIMAL_APP = Path(__file__).resolve().with_name("minimal_app.py")
BUDGET_RATIO = 0.3
FIRST_PROMPT = "Type a number"
"""The end of the line mode's first question."""


@dataclass(frozen=True)
class Sample:
    """One run's figures."""

    seconds: float
    """From Popen to the first prompt (line mode) or the first frame (minimal app)."""
    peak_kib: int
    """VmHWM right then, in KiB."""


def measure_plain() -> Sample:
    """Start ``safetyplan --plain`` once in a fresh folder; time its first prompt."""
    with RunFolder() as folder:
        env = fresh_environment(folder)
        argv = [PYTHON, "-m", "safetyplan", "--plain", "--dir", env["SAFETYPLAN_DIR"]]
        with PtyProcess(argv, env, cwd=PROJECT, screen=False) as child:
            shown = child.wait_for_text(FIRST_PROMPT, timeout=30)
            peak = child.peak_memory_kib()
            child.send("q!\r")
            child.wait_exit(timeout=10)
            return Sample(shown - child.started, peak)


def measure_minimal() -> Sample:
    """Start the minimal Textual app once; time its first frame."""
    with RunFolder() as folder:
        env = fresh_environment(folder)
        with PtyProcess([PYTHON, str(MINIMAL_APP)], env, cwd=PROJECT, screen=False) as child:
            shown = child.wait_for_text("reference", timeout=30)
            peak = child.peak_memory_kib()
            child.send(CTRL_Q)
            child.wait_exit(timeout=10)
            return Sample(shown - child.started, peak)


def main() -> None:
    """Measure both programs interleaved and print medians, the ratio and the verdict."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each program (at least 7)")
    parser.add_argument("--warmup", type=int, default=1, help="unrecorded runs of each first")
    parser.add_argument("--verbose", action="store_true", help="print every run's figures")
    options = parser.parse_args()
    runs = max(7, options.runs)
    # An install ships compiled bytecode; a checkout would otherwise be timed compiling.
    compileall.compile_dir(PROJECT / "safetyplan", quiet=1)

    for _ in range(options.warmup):
        measure_plain()
        measure_minimal()
    plain: list[Sample] = []
    minimal: list[Sample] = []
    for index in range(runs):
        plain.append(measure_plain())
        minimal.append(measure_minimal())
        if options.verbose:
            print(
                f"  run {index + 1}: plain {plain[-1].seconds * 1000:6.1f} ms, "
                f"minimal {minimal[-1].seconds * 1000:6.1f} ms",
                flush=True,
            )

    first = statistics.median(s.seconds for s in plain) * 1000
    reference = statistics.median(s.seconds for s in minimal) * 1000
    ratio = first / reference
    paired = statistics.median(p.seconds / m.seconds for p, m in zip(plain, minimal, strict=True))
    verdict = "within budget" if ratio <= BUDGET_RATIO else "OVER budget"
    print(f"Plain line mode at 80x24, TERM=xterm-256color, {runs} interleaved runs each (medians)")
    print(
        f"  first prompt {first:7.1f} ms  minimal app's first frame {reference:7.1f} ms"
        f"  ratio {ratio:.2f} (budget ≤ {BUDGET_RATIO})  {verdict}"
    )
    print(
        f"  range  plain {min(s.seconds for s in plain) * 1000:.0f}–"
        f"{max(s.seconds for s in plain) * 1000:.0f} ms, minimal "
        f"{min(s.seconds for s in minimal) * 1000:.0f}–"
        f"{max(s.seconds for s in minimal) * 1000:.0f} ms; median of paired ratios {paired:.2f}"
    )
    plain_peak = statistics.median(s.peak_kib for s in plain) / 1024
    minimal_peak = statistics.median(s.peak_kib for s in minimal) / 1024
    print(
        f"  peak memory at that moment  plain {plain_peak:.1f} MiB, "
        f"minimal {minimal_peak:.1f} MiB (ratio {plain_peak / minimal_peak:.2f}, no budget)"
    )


if __name__ == "__main__":
    main()
