"""Time to first frame and peak memory before unlock: the app against the minimal Textual app.

Run from the project folder: ``.venv/bin/python benchmarks/bench_startup.py [--runs 9]``.

Each run starts the program in a fresh temporary folder, in a real 80x24 pseudo-terminal
with TERM=xterm-256color. The time to first frame runs from ``Popen`` until the visible
text (escape sequences removed) first holds a piece of the first screen: "Your plans" for
the app, "reference" for the minimal app. After ~0.5 s of idling, the peak resident memory
(VmHWM) of the process is read. Ctrl+Q then ends the run. App and minimal app runs are
interleaved so a noisy machine affects both alike. Budgets (DESIGN §9): both ≤ 1.2× minimal.

With ``--imports`` it instead runs each program once under ``python -X importtime`` (start
screen, then Ctrl+Q), lists what the app imports that the minimal app does not, and says
whether cryptography, tomlkit or Markdown were imported before any plan was opened.
"""

from __future__ import annotations

import argparse
import compileall
import re
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ptyrun import CTRL_Q, PYTHON, PtyProcess, RunFolder, fresh_environment, strip_escapes

PROJECT = Path(__file__).resolve().parent.parent
MINIMAL_APP = Path(__file__).resolve().with_name("minimal_app.py")
BUDGET_RATIO = 1.2
IDLE_SECONDS = 0.5
DEFERRED = ("cryptography", "tomlkit", "markdown_it", "textual.widgets._markdown")
"""Modules that must not load before a plan is created or opened (DESIGN §9)."""


@dataclass(frozen=True)
class Subject:
    """A program to measure and the text that shows its first frame is drawn."""

    label: str
    """How the figures are labelled."""
    argv: tuple[str, ...]
    """The command, started directly (no shell)."""
    first_words: str
    """A short piece of the first screen's text."""


APP = Subject("app", (PYTHON, "-m", "safetyplan"), "Your plans")
MINIMAL = Subject("minimal", (PYTHON, str(MINIMAL_APP)), "reference")


@dataclass(frozen=True)
class Sample:
    """One run's figures."""

    first_frame: float
    """Seconds from Popen to the first frame's text."""
    peak_kib: int
    """VmHWM after the first frame and a short idle, in KiB."""


def measure(subject: Subject, idle: float = IDLE_SECONDS) -> Sample:
    """Start ``subject`` once in a fresh folder and measure it.

    Args:
        subject: What to run.
        idle: Seconds to wait after the first frame before reading memory.

    Returns:
        The run's figures.
    """
    with RunFolder() as folder:
        env = fresh_environment(folder)
        argv = [*subject.argv, "--dir", env["SAFETYPLAN_DIR"]] if subject is APP else subject.argv
        with PtyProcess(argv, env, cwd=PROJECT, screen=False) as child:
            shown = child.wait_for_text(subject.first_words, timeout=30)
            time.sleep(idle)
            peak = child.peak_memory_kib()
            child.send(CTRL_Q)
            child.wait_exit(timeout=10)
            return Sample(shown - child.started, peak)


@dataclass
class Import:
    """One line of ``-X importtime`` output."""

    name: str
    self_us: int
    """Microseconds spent in this module alone."""
    cumulative_us: int
    """Microseconds including what it imported."""
    depth: int
    parent: Import | None = None
    children: list[Import] = field(default_factory=list)


_IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( +)([\w.]+)")


def parse_importtime(text: str) -> list[Import]:
    """The imports in ``-X importtime`` output, each linked to the module that imported it.

    Args:
        text: The output, escape sequences already removed.

    Returns:
        The imports in the order they finished.
    """
    imports: list[Import] = []
    waiting: list[Import] = []  # finished, parent not yet seen (children print first)
    for match in _IMPORT_LINE.finditer(text):
        node = Import(match[4], int(match[1]), int(match[2]), (len(match[3]) - 1) // 2)
        while waiting and waiting[-1].depth > node.depth:
            child = waiting.pop()
            child.parent = node
            node.children.append(child)
        waiting.append(node)
        imports.append(node)
    return imports


def imports_of(subject: Subject) -> list[Import]:
    """Run ``subject`` once under ``-X importtime`` to its first screen, then Ctrl+Q."""
    with RunFolder() as folder:
        env = fresh_environment(folder)
        argv = [subject.argv[0], "-X", "importtime", *subject.argv[1:]]
        if subject is APP:
            argv += ["--dir", env["SAFETYPLAN_DIR"]]
        with PtyProcess(argv, env, cwd=PROJECT, screen=False) as child:
            child.wait_for_text(subject.first_words, timeout=60)
            time.sleep(IDLE_SECONDS)
            child.send(CTRL_Q)
            child.wait_exit(timeout=20)
            output = child.output
    return parse_importtime(strip_escapes(output.replace(b"\r\n", b"\n")))


def report_imports(top: int = 10) -> None:
    """Print the app's extra imports on the start path and check the deferred ones."""
    app = imports_of(APP)
    minimal_names = {node.name for node in imports_of(MINIMAL)}
    extra = [node for node in app if node.name not in minimal_names]
    app_names = {node.name for node in app}
    print("Imports on the way to the start screen, with -X importtime (times are inflated by it)")
    print(f"  app {len(app_names)} modules, minimal app {len(minimal_names)}; {len(extra)} extra")
    print(f"  extra import time (self): {sum(n.self_us for n in extra) / 1000:.1f} ms")
    for name in DEFERRED:
        loaded = any(n == name or n.startswith(name + ".") for n in app_names)
        print(f"  {name:28} {'IMPORTED before a plan was opened' if loaded else 'not imported'}")

    # Charge each extra module to the nearest project module that imported it.
    charged: dict[str, int] = defaultdict(int)
    for node in extra:
        owner: Import | None = node
        while owner is not None and not owner.name.startswith("safetyplan"):
            owner = owner.parent
        charged[owner.name if owner else "(outside the project)"] += node.self_us
    print(f"  top {top} project modules by extra import time (own + what only they pull in):")
    for name, micros in sorted(charged.items(), key=lambda item: -item[1])[:top]:
        print(f"    {micros / 1000:7.1f} ms  {name}")
    print(f"  top {top} single modules the minimal app does not import (self time):")
    for node in sorted(extra, key=lambda n: -n.self_us)[:top]:
        via = node.parent.name if node.parent else "-"
        print(f"    {node.self_us / 1000:7.1f} ms  {node.name}  (imported by {via})")


def verdict(ratio: float, budget: float = BUDGET_RATIO) -> str:
    """'within budget' or 'OVER budget' for a ratio."""
    return "within budget" if ratio <= budget else "OVER budget"


def main() -> None:
    """Measure both programs interleaved and print medians, ratios and verdicts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each program (at least 7)")
    parser.add_argument("--warmup", type=int, default=1, help="unrecorded runs of each first")
    parser.add_argument("--verbose", action="store_true", help="print every run's figures")
    parser.add_argument(
        "--imports", action="store_true", help="list the app's extra imports instead of timing"
    )
    options = parser.parse_args()
    if options.imports:
        report_imports()
        return
    runs = max(7, options.runs)
    # An install ships compiled bytecode (pip compiles it); a source checkout may have
    # none, or stale files, and would be timed compiling the package at every start.
    compileall.compile_dir(PROJECT / "safetyplan", quiet=1)

    for _ in range(options.warmup):
        measure(APP)
        measure(MINIMAL)
    samples: dict[str, list[Sample]] = {APP.label: [], MINIMAL.label: []}
    for index in range(runs):
        for subject in (APP, MINIMAL):
            sample = measure(subject)
            samples[subject.label].append(sample)
            if options.verbose:
                print(
                    f"  run {index + 1} {subject.label:8} first frame "
                    f"{sample.first_frame * 1000:7.1f} ms  peak {sample.peak_kib / 1024:6.1f} MiB",
                    flush=True,
                )

    print(f"Start-up at 80x24, TERM=xterm-256color, {runs} interleaved runs each (medians)")
    frame = {k: statistics.median(s.first_frame for s in v) * 1000 for k, v in samples.items()}
    peak = {k: statistics.median(s.peak_kib for s in v) / 1024 for k, v in samples.items()}
    for title, unit, figures in (("first frame", "ms", frame), ("peak memory", "MiB", peak)):
        app, minimal = figures["app"], figures["minimal"]
        ratio = app / minimal
        print(
            f"  {title}  app {app:7.1f} {unit:3}  minimal {minimal:7.1f} {unit:3}"
            f"  ratio {ratio:.2f} (budget ≤ {BUDGET_RATIO})  {verdict(ratio)}"
        )
    paired = statistics.median(
        a.first_frame / m.first_frame
        for a, m in zip(samples[APP.label], samples[MINIMAL.label], strict=True)
    )
    slowest = {k: max(s.first_frame for s in v) * 1000 for k, v in samples.items()}
    fastest = {k: min(s.first_frame for s in v) * 1000 for k, v in samples.items()}
    print(
        f"  first frame range  app {fastest['app']:.0f}–{slowest['app']:.0f} ms, minimal "
        f"{fastest['minimal']:.0f}–{slowest['minimal']:.0f} ms; median of paired ratios "
        f"{paired:.2f} (each app run against the minimal run right after it)"
    )


if __name__ == "__main__":
    main()
