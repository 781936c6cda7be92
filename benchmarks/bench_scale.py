"""Benchmark: how reading, saving, checking and exporting a plan grow with its size.

Run from the project folder:  .venv/bin/python benchmarks/bench_scale.py [--runs 7]

Three shapes of plan, each with 1,000, 10,000 and 100,000 entries: answers spread over many
steps (ten to a step, every kind of answer); all the answers in one step's table; and keys
this version does not know, all in one step's table. For each, in the same run, it times:

- read: the decrypted bytes to the plan (``document.read_plan``, as unlocking does);
- build: what saves need, from what was read (``document.build_document``);
- update + write: put the plan into that and write the padded TOML (a save's work in memory);
- save: ``OpenPlan.save`` with one answer changed (a plan opened at a low work factor in a
  temporary folder: update, write the TOML, pad, encrypt, write atomically, fsync);
- check: ``checkup.check`` with the guides, as ``safetyplan check`` runs it (the plan and its
  previous version are both read);
- export toml / markdown / text: open the plan and make the text, with the functions
  ``safetyplan export`` uses (``OpenPlan.to_toml``, ``render_markdown``, ``render_text``).

It prints processor time (this process's, the best of several runs: on a shared machine other
programs' time only adds) and, for each, the ratio of 10,000 to 1,000 and of 100,000 to 10,000.
Time linear in the size gives ratios near 10 (the target for 10k/1k is at most 12); a quadratic
one, near 100. At 100,000 entries (5 to 7 MB of TOML, some hundreds of MB of Python objects)
ratios of 11 to 14 are usual here: memory caches and the cycle collector, not the algorithm.
Small plans run several times and the largest once. The whole run takes about a minute and a
half. It asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from safetyplan.guides.content import Guide, load_guides  # noqa: E402
from safetyplan.plan.checkup import check  # noqa: E402
from safetyplan.plan.document import (  # noqa: E402
    build_document,
    dumps,
    new_document,
    read_plan,
    update_document,
)
from safetyplan.plan.export import render_markdown, render_text  # noqa: E402
from safetyplan.plan.model import Answer, Plan, StepStatus  # noqa: E402
from safetyplan.plan.storage import open_plan  # noqa: E402
from safetyplan.vault.age import AgeSession  # noqa: E402
from safetyplan.vault.folder import PlanStore  # noqa: E402

PASSPHRASE = "scale benchmark"
WORK_FACTOR = 2
SIZES = (1_000, 10_000, 100_000)
SHAPES = ("many steps", "one table", "unknown keys")
TARGET = 12.0
"""The largest ratio accepted for a tenfold growth of the plan."""


def plan_bytes(shape: str, size: int) -> tuple[bytes, tuple[str, str]]:
    """The padded TOML of a plan of this shape and size, and the step a save changes."""
    plan = Plan(
        created=datetime(2024, 5, 1, tzinfo=timezone.utc),
        updated=datetime(2024, 5, 2, tzinfo=timezone.utc),
    )
    unknown = 0
    if shape == "many steps":
        for s in range(size // 10):
            record = plan.record(("tech-safety", "conversation", "gone")[s % 3], f"step-{s}")
            record.status = StepStatus.PLANNED
            record.notes = f"Notes for step {s}.\nA second line with ünïcödé."
            for a in range(10):
                record.answers[f"p{a}"] = _answer(a, s)
        changed = ("tech-safety", "step-0")
    else:
        record = plan.record("tech-safety", "big")
        record.status = StepStatus.DONE
        if shape == "one table":
            record.answers = {f"p{a}": _answer(a, 0) for a in range(size)}
        else:
            record.answers = {"p0": "one answer"}
            unknown = size
        changed = ("tech-safety", "big")
    doc = new_document()
    update_document(doc, plan)
    if unknown:
        step = doc["guides"]["tech-safety"]["big"]
        step.update({f"x-future-{n}": f"kept by a newer version {n}" for n in range(unknown)})
    return dumps(doc), changed


def _answer(a: int, s: int) -> Answer:
    kind = a % 4
    if kind == 0:
        return f"A short answer {s}-{a} with some words in it."
    if kind == 1:
        return ["option-a", "option-c"]
    if kind == 2:
        return [{"name": "Sam", "how": "555-0100"}]
    return {"parts": {"open": "Hi"}, "text": "Hi.\nCan we talk?"}


def best_seconds(action: Callable[[], object], runs: int) -> float:
    """The least processor time of this process over the runs: on a shared machine, time
    spent on other programs only adds, so the least is the fairest figure of the work."""
    times = []
    for _ in range(runs):
        gc.collect()  # no garbage of the previous run is collected in this one
        start = time.process_time()
        action()
        times.append(time.process_time() - start)
    return min(times)


def measure(shape: str, size: int, runs: int, guides: tuple[Guide, ...]) -> dict[str, float]:
    """Seconds of processor time of each operation on one plan (the best of ``runs``)."""
    plaintext, (guide_id, step_id) = plan_bytes(shape, size)
    figures: dict[str, float] = {"MB": len(plaintext) / 1e6}
    with tempfile.TemporaryDirectory() as folder:
        store = PlanStore(Path(folder) / "plans")
        store.folder.mkdir(mode=0o700)
        session = AgeSession.create(PASSPHRASE, work_factor=WORK_FACTOR)
        store.path("big").write_bytes(session.encrypt(plaintext))
        store.path("big").chmod(0o600)

        figures["read"] = best_seconds(lambda: read_plan(plaintext), runs)
        raw, plan = read_plan(plaintext)
        figures["build"] = best_seconds(lambda: build_document(raw), runs)
        doc = build_document(raw)

        def update_and_write() -> bytes:
            update_document(doc, plan)
            return dumps(doc)

        figures["update + write"] = best_seconds(update_and_write, runs)
        opened = open_plan(store, "big", PASSPHRASE)
        opened.prepare()
        edits = iter(range(10**9))

        def save() -> None:
            opened.plan.record(guide_id, step_id).answers["p0"] = f"edit {next(edits)}"
            opened.save()

        save()  # the first save makes the previous version that check reads
        figures["save"] = best_seconds(save, runs)
        opened.close()
        figures["check"] = best_seconds(
            lambda: check(store, "big", PASSPHRASE, guides=guides), runs
        )

        def export(render: Callable[[Plan, tuple[Guide, ...]], str] | None) -> str:
            plan = open_plan(store, "big", PASSPHRASE)
            try:
                return plan.to_toml() if render is None else render(plan.plan, guides)
            finally:
                plan.close()

        figures["export toml"] = best_seconds(lambda: export(None), runs)
        figures["export markdown"] = best_seconds(lambda: export(render_markdown), runs)
        figures["export text"] = best_seconds(lambda: export(render_text), runs)
    return figures


def _short(size: int) -> str:
    return f"{size // 1000}k" if size >= 1000 and size % 1000 == 0 else str(size)


def main() -> None:
    """Measure every shape at every size, and print times and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs for the smallest plans (≥ 7)")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    options = parser.parse_args()
    runs = max(7, options.runs)
    sizes = sorted(options.sizes)
    guides = load_guides()
    started = time.perf_counter()
    worst: dict[tuple[int, int], float] = {}
    """The largest ratio of each pair of sizes, over operations of 5 ms or more."""
    for shape in SHAPES:
        results = {}
        for size in sizes:
            repeat = runs if size <= 1_000 else max(3, runs // 2) if size <= 10_000 else runs // 7
            results[size] = measure(shape, size, repeat, guides)
        print(f"\n{shape} ({', '.join(f'{s:,}' for s in sizes)} entries)")
        print("  plaintext MB: " + ", ".join(f"{results[s]['MB']:.2f}" for s in sizes))
        header = "  " + "operation".ljust(16) + "".join(f"{s:>11,}" for s in sizes)
        pairs = [(sizes[n], sizes[n + 1]) for n in range(len(sizes) - 1)]
        header += "".join(f"{f'{_short(b)}/{_short(a)}':>10}" for a, b in pairs)
        print(header + "   (ms of processor time; ratios)")
        for operation in [key for key in results[sizes[0]] if key != "MB"]:
            line = "  " + operation.ljust(16)
            line += "".join(f"{results[s][operation] * 1000:11.1f}" for s in sizes)
            for a, b in pairs:
                ratio = results[b][operation] / max(results[a][operation], 1e-9)
                line += f"{ratio:10.1f}"
                if results[b][operation] >= 0.005:  # a ratio of tiny times is only noise
                    worst[a, b] = max(worst.get((a, b), 0.0), ratio)
            print(line)
    print()
    for (a, b), ratio in worst.items():
        growth = b / a
        if (a, b) == (1_000, 10_000):
            verdict = "linear" if ratio <= TARGET else "NOT linear"
            judged = f"target at most {TARGET:.0f}: {verdict}"
        else:
            judged = f"quadratic would be about {growth**2:.0f}"
        print(
            f"Largest {_short(b)}/{_short(a)} ratio (of times of 5 ms or more): {ratio:.1f} "
            f"(linear is about {growth:.0f}; {judged})"
        )
    print(f"Whole run: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
