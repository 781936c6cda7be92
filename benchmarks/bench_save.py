"""Save time of a large plan (1,000 entries) against the 100 ms budget (DESIGN §9).

Run: ``python benchmarks/bench_save.py [--runs 9]``. A save here is everything
``OpenPlan.save`` does: update the TOML document, serialize and pad it, encrypt it,
and write it atomically (lock, temp file, fsync, backup link, rename, fsync folder).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from safetyplan.plan.document import build_document, dumps, loads, read_plan, update_document
from safetyplan.plan.model import Plan, StepStatus
from safetyplan.plan.storage import OpenPlan, create_plan, open_plan
from safetyplan.vault.folder import PlanStore

BUDGET_MS = 100.0
PASSPHRASE = "benchmark passphrase"


def big_plan(steps: int = 100, answers: int = 10) -> Plan:
    """A plan of ``steps * answers`` entries of every answer kind."""
    plan = Plan()
    for s in range(steps):
        record = plan.record(f"guide-{s % 4}", f"step-{s}")
        record.status = StepStatus.PLANNED
        record.notes = f"Notes for step {s}.\nA second line with ünïcödé.\n"
        for a in range(answers):
            kind = a % 4
            if kind == 0:
                record.answers[f"p{a}"] = f"A short answer {s}-{a} with some words in it."
            elif kind == 1:
                record.answers[f"p{a}"] = ["option-a", "option-c", "option-d"]
            elif kind == 2:
                record.answers[f"p{a}"] = [{"name": "Sam", "how": "555-0100"}]
            else:
                record.answers[f"p{a}"] = {"parts": {"open": "Hi", "ask": ["x"]}, "text": "Hi.\n"}
    return plan


def median_ms(action: Callable[[], object], runs: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="runs per figure (at least 7)")
    parser.add_argument("--steps", type=int, default=100, help="steps in the plan")
    parser.add_argument("--answers", type=int, default=10, help="answers per step")
    options = parser.parse_args()
    runs = max(7, options.runs)
    with tempfile.TemporaryDirectory() as folder:
        store = PlanStore(Path(folder) / "plans")
        created = create_plan(store, "big", PASSPHRASE, work_factor=10)
        created.plan = big_plan(options.steps, options.answers)
        created.save()
        created.close()
        data = store.path("big").read_bytes()

        unlock_start = time.perf_counter()
        opened: OpenPlan = open_plan(store, "big", PASSPHRASE)
        unlock_ms = (time.perf_counter() - unlock_start) * 1000
        entries = sum(
            len(r.answers) for steps in opened.plan.records.values() for r in steps.values()
        )
        counter = iter(range(10**9))
        first_start = time.perf_counter()
        opened.plan.record("guide-1", "step-1").answers["p0"] = "first edit"
        opened.save()  # builds the document it saves into, from what unlock read
        first_ms = (time.perf_counter() - first_start) * 1000

        def one_change() -> None:
            opened.plan.record("guide-1", "step-1").answers["p0"] = f"edit {next(counter)}"
            opened.save()

        def all_changed() -> None:
            number = next(counter)
            for steps in opened.plan.records.values():
                for record in steps.values():
                    record.notes = f"rewritten {number}"
            opened.save()

        save_ms, save_runs = median_ms(one_change, runs)
        all_ms, _ = median_ms(all_changed, runs)
        # The parts of a save, measured on their own.
        padded = dumps(loads(opened.to_toml().encode()))
        doc = loads(padded)
        plan = opened.plan
        update_ms, _ = median_ms(lambda: update_document(doc, plan), runs)
        dumps_ms, _ = median_ms(lambda: dumps(doc), runs)
        read_ms, _ = median_ms(lambda: read_plan(padded), runs)
        raw = read_plan(padded)[0]
        build_ms, _ = median_ms(lambda: build_document(raw), runs)
        opened.close()

    print(f"Plan: {entries} answers in {sum(len(s) for s in plan.records.values())} steps")
    print(f"File: {len(data):,} bytes encrypted, {len(padded):,} bytes of padded TOML")
    print(f"Runs per figure: {runs}")
    print(f"Save, one answer changed (median): {save_ms:7.1f} ms")
    print(f"  runs: {', '.join(f'{t:.1f}' for t in save_runs)}")
    print(f"  ratio to the {BUDGET_MS:.0f} ms budget: {save_ms / BUDGET_MS:.2f}")
    print(f"Save, every step changed (median):  {all_ms:7.1f} ms")
    print(f"  ratio to the {BUDGET_MS:.0f} ms budget: {all_ms / BUDGET_MS:.2f}")
    print(f"Parts: compare with nothing changed {update_ms:.1f} ms; serialize {dumps_ms:.1f} ms")
    print(f"Read the plan at unlock (TOML to plan, median): {read_ms:.1f} ms")
    print(f"Unlock at work factor 10, once: {unlock_ms:.1f} ms")
    print(
        f"First save after unlock, once: {first_ms:.1f} ms (it first builds the document "
        f"to save into: {build_ms:.1f} ms median; unlocking does not wait for that)"
    )


if __name__ == "__main__":
    main()
