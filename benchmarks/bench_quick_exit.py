"""Time from Ctrl+Q to a blank screen and to the end of the process, idle and busy.

Run from the project folder: ``.venv/bin/python benchmarks/bench_quick_exit.py [--runs 9]``.

Each run starts the program in a fresh temporary folder, in a real 80x24 pseudo-terminal
with TERM=xterm-256color, brings it to some state, writes Ctrl+Q (byte 0x11) to the terminal,
and times two things from that write: until the clear-screen sequence ESC [2J arrives in the
output ("blank"), and until the process has ended, as seen by waitpid ("gone"). These kinds
of run are interleaved:

* app, start screen: wait for "Your plans" and for the output to go quiet, Ctrl+Q.
* app, plan open: a plan made beforehand with the command line (work factor 10) is copied
  in; Enter opens it, the passphrase is typed, Enter, wait for the plan home, Enter opens a
  step, some text is typed and shown on screen, a short pause, Ctrl+Q. Afterwards the plan
  is decrypted to check that the typed text was saved.
* busy, unlocking: a hostile plan file asks for work factor 22 (about 4 GiB and many
  seconds of key derivation, then it fails); Enter opens it, any passphrase, Enter, wait for
  "Unlocking", 0.3 s more so the derivation is under way, Ctrl+Q.
* busy, opening a step: the plan above, open on its home; Enter opens a step and Ctrl+Q
  follows 50 ms later, before the step is drawn. Afterwards the plan must still open.
* busy, review of a 10,000-answer plan: a plan imported once with ``safetyplan import``
  holds 10,000 answers (spread over the steps of the tech guide, under prompt ids the guide
  does not know, which the review shows all the same); open it, press "r" on its home (the
  review), Ctrl+Q 0.2 s later while the review is still being built. Afterwards the plan
  must still open with its 10,000 answers.
* minimal Textual app, for reference: Ctrl+Q to leaving the alternate screen (ESC [?1049l),
  and to the end of the process.

Budgets (DESIGN §9): the screen is blank within 20 ms of the key, and the process is gone
within 1 s, whatever is running. The blank verdict is on the median; the gone verdict is on
every run, since it is a deadline. Also counted, for the app: runs over each budget, runs
in which text was drawn again after the first ESC [2J, runs whose screen was not blank once
the process had ended, and runs that lasted past the exit watchdog's deadline
(``safetyplan.tui.exit_guard.DEADLINE``), which suggests the watchdog, not the app, ended them.
"""

from __future__ import annotations

import argparse
import base64
import math
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ptyrun import (
    CLEAR_SCREEN,
    CTRL_Q,
    ENTER,
    PYTHON,
    PtyProcess,
    RunFolder,
    fresh_environment,
    strip_escapes,
)

if TYPE_CHECKING:
    from safetyplan.plan.storage import OpenPlan

PROJECT = Path(__file__).resolve().parent.parent
MINIMAL_APP = Path(__file__).resolve().with_name("minimal_app.py")
BLANK_BUDGET_MS = 20.0
GONE_BUDGET_MS = 1000.0
LEAVE_ALT_SCREEN = b"\x1b[?1049l"
PLAN_NAME = "notes"
BIG_PLAN_NAME = "large"
BIG_ANSWERS = 10_000
BIG_GUIDE = "tech-safety"
PASSPHRASE = "quiet river behind the old mill"
TYPED = "hello there"
WORK_FACTOR = "10"
HOSTILE_WORK_FACTOR = 22
GIVE_UP_S = 10.0
"""Seconds to wait for the blank or the end before counting the run as over (and killing)."""


@dataclass(frozen=True)
class Setup:
    """What every run gets: the template plans and the timings chosen on the command line."""

    plan: Path
    """A plans folder holding the small plan ``PLAN_NAME``."""
    big_plan: Path
    """A plans folder holding the 10,000-answer plan ``BIG_PLAN_NAME``."""
    settle: float
    pause: float
    unlock_wait: float
    step_gap: float
    review_wait: float


@dataclass(frozen=True)
class Sample:
    """One run's figures, in milliseconds after the Ctrl+Q byte was written."""

    blank_ms: float
    """Until ESC [2J (for the minimal app: until it leaves the alternate screen); inf: never."""
    exit_ms: float
    """Until the process has ended; inf: it had to be killed."""
    checks: dict[str, bool] = field(default_factory=dict)
    """Yes/no facts about the run, counted in the summary ("typed text saved")."""
    drawn_after: str = ""
    """Visible text written after the first blank (it should be none)."""
    blank_at_end: bool = True
    """Whether the screen held no text once the process had ended."""


def _quit_and_time(
    child: PtyProcess, blank: bytes, checks: dict[str, bool] | None = None
) -> Sample:
    """Write Ctrl+Q and time the blank and the end; ``checks`` go into the sample."""
    start = len(child.output)
    mark = child.mark()
    pressed = child.send(CTRL_Q)
    try:
        shown = (child.wait_for_bytes(blank, since=mark, timeout=GIVE_UP_S) - pressed) * 1000
    except TimeoutError:
        shown = math.inf
    try:
        ended = (child.wait_exit(timeout=GIVE_UP_S) - pressed) * 1000
    except TimeoutError:  # killed by wait_exit
        ended = math.inf
    after = " ".join(strip_escapes(child.output[start:].partition(blank)[2]).split())
    return Sample(shown, ended, checks or {}, after, blank_at_end=not child.screen_text().strip())


def _start_app(env: dict[str, str]) -> PtyProcess:
    argv = [PYTHON, "-m", "safetyplan", "--dir", env["SAFETYPLAN_DIR"]]
    return PtyProcess(argv, env, cwd=PROJECT)


def _unlock(child: PtyProcess, settle: float, passphrase: str) -> int:
    """On the start screen: open the only plan with a passphrase. Returns a mark before Enter."""
    child.wait_for_screen("Your plans", timeout=30)
    child.wait_quiet(settle)
    mark = child.mark()
    child.send(ENTER)  # opens the highlighted (only) plan
    child.wait_for_screen("passphrase", since=mark)
    child.wait_quiet(settle)
    child.type_text(passphrase, pause=0.002)
    mark = child.mark()
    child.send(ENTER)
    return mark


def _open_home(child: PtyProcess, settle: float) -> None:
    mark = _unlock(child, settle, PASSPHRASE)
    child.wait_for_screen("Pick a part", since=mark, timeout=30)  # the plan home
    child.wait_quiet(settle)


def app_start_screen(setup: Setup) -> Sample:
    """The app on its start screen (no plan), then Ctrl+Q."""
    with RunFolder() as folder:
        env = fresh_environment(folder)
        with _start_app(env) as child:
            child.wait_for_screen("Your plans", timeout=30)
            child.wait_quiet(setup.settle)
            return _quit_and_time(child, CLEAR_SCREEN)


def minimal_app(setup: Setup) -> Sample:
    """The minimal Textual app, then Ctrl+Q (Textual's own quit)."""
    with RunFolder() as folder:
        env = fresh_environment(folder)
        with PtyProcess([PYTHON, str(MINIMAL_APP)], env, cwd=PROJECT) as child:
            child.wait_for_screen("reference", timeout=30)
            child.wait_quiet(setup.settle)
            return _quit_and_time(child, LEAVE_ALT_SCREEN)


def app_plan_open(setup: Setup) -> Sample:
    """The app with a plan open and text just typed into a step, then Ctrl+Q."""
    with RunFolder() as folder:
        env = fresh_environment(folder)
        _copy_plan(setup.plan, PLAN_NAME, env)
        with _start_app(env) as child:
            _open_home(child, setup.settle)
            mark = child.mark()
            child.send(ENTER)  # opens a step
            # The step is drawn whole, with its first question focused; the footer's
            # "Plan home" shows it is there.
            child.wait_for_screen(" of ", since=mark)  # "… · Step 1 of 16"
            child.wait_for_screen("Plan home", since=mark)
            child.wait_quiet(setup.settle)
            mark = child.mark()
            child.type_text(TYPED)
            try:
                child.wait_for_screen(TYPED, since=mark, timeout=1)
                shown = True
            except TimeoutError:  # the keys went nowhere (see README): quit all the same
                shown = False
            time.sleep(setup.pause)
            sample = _quit_and_time(child, CLEAR_SCREEN, {"typed text shown": shown})
        text = _plan_text(env, PLAN_NAME)
        return _more(sample, {"typed text saved": text is not None and TYPED in text})


def app_unlocking(setup: Setup) -> Sample:
    """The app deriving the key of a hostile plan (work factor 22), then Ctrl+Q."""
    with RunFolder() as folder:
        env = fresh_environment(folder)
        write_hostile_plan(Path(env["SAFETYPLAN_DIR"]) / "notes-1.age", HOSTILE_WORK_FACTOR)
        with _start_app(env) as child:
            mark = _unlock(child, setup.settle, "any passphrase")
            child.wait_for_screen("Unlocking", since=mark, timeout=30)
            time.sleep(setup.unlock_wait)  # the derivation is under way
            unlocking = "Unlocking" in child.screen_text()
            return _quit_and_time(child, CLEAR_SCREEN, {"still unlocking at Ctrl+Q": unlocking})


def app_opening_step(setup: Setup) -> Sample:
    """The app on a plan's home: Enter opens a step, Ctrl+Q before it is drawn."""
    with RunFolder() as folder:
        env = fresh_environment(folder)
        _copy_plan(setup.plan, PLAN_NAME, env)
        with _start_app(env) as child:
            _open_home(child, setup.settle)
            child.send(ENTER)  # opens the first guide's first step
            time.sleep(setup.step_gap)
            drawn = "Plan home" in child.screen_text()  # the step's footer
            sample = _quit_and_time(
                child, CLEAR_SCREEN, {"step not yet drawn at Ctrl+Q": not drawn}
            )
        return _more(sample, {"plan opens afterwards": _plan_text(env, PLAN_NAME) is not None})


def app_opening_review(setup: Setup) -> Sample:
    """The app building the review of a 10,000-answer plan, then Ctrl+Q."""
    with RunFolder() as folder:
        env = fresh_environment(folder)
        _copy_plan(setup.big_plan, BIG_PLAN_NAME, env)
        with _start_app(env) as child:
            _open_home(child, setup.settle)
            child.send("r")  # the home's key for "Review my plan"
            time.sleep(setup.review_wait)
            drawn = "Print view" in child.screen_text()  # the review's button
            sample = _quit_and_time(
                child, CLEAR_SCREEN, {"review not yet drawn at Ctrl+Q": not drawn}
            )
        kept = _answer_count(env, BIG_PLAN_NAME) == BIG_ANSWERS
        return _more(sample, {f"plan opens afterwards with its {BIG_ANSWERS:,} answers": kept})


def _more(sample: Sample, checks: dict[str, bool]) -> Sample:
    return replace(sample, checks=sample.checks | checks)


def _copy_plan(template: Path, name: str, env: dict[str, str]) -> None:
    shutil.copy2(template / f"{name}.age", Path(env["SAFETYPLAN_DIR"]) / f"{name}.age")


def _project_on_path() -> None:
    if str(PROJECT) not in sys.path:
        sys.path.insert(0, str(PROJECT))


Read = TypeVar("Read")


def _read_plan(env: dict[str, str], name: str, read: Callable[[OpenPlan], Read]) -> Read | None:
    """Open the plan here, in memory, and return ``read(opened)``; None if it does not open."""
    _project_on_path()
    from safetyplan.errors import PlanError
    from safetyplan.plan.storage import open_plan
    from safetyplan.vault.folder import PlanStore

    try:
        opened = open_plan(PlanStore(Path(env["SAFETYPLAN_DIR"])), name, PASSPHRASE)
    except PlanError:
        return None
    try:
        return read(opened)
    finally:
        opened.close()


def _plan_text(env: dict[str, str], name: str) -> str | None:
    """The plan's TOML text, or None if it does not open."""
    return _read_plan(env, name, lambda opened: opened.to_toml())


def _answer_count(env: dict[str, str], name: str) -> int | None:
    """How many answers the plan holds, or None if it does not open."""
    return _read_plan(
        env,
        name,
        lambda opened: sum(
            len(record.answers)
            for records in opened.plan.records.values()
            for record in records.values()
        ),
    )


def write_hostile_plan(path: Path, work_factor: int) -> None:
    """A file that asks for a key derivation at ``work_factor`` and then fails.

    The same as ``tests/process/test_leaving.py::hostile_plan``: a well-formed age header
    with random salt, body and MAC, so no passphrase opens it.
    """
    salt = base64.b64encode(os.urandom(16)).decode().rstrip("=")
    body = base64.b64encode(os.urandom(32)).decode().rstrip("=")
    header = f"age-encryption.org/v1\n-> scrypt {salt} {work_factor}\n{body}\n---"
    mac = base64.b64encode(os.urandom(32)).decode().rstrip("=")
    path.write_bytes(f"{header} {mac}\n".encode() + os.urandom(64))
    path.chmod(0o600)


def big_plan_toml(answers: int) -> str:
    """A plan document with ``answers`` text answers over the steps of the tech guide.

    The prompt ids (``note-00001``...) are not the guide's; such answers are kept and shown
    in the review, one question and answer each, like any other.
    """
    _project_on_path()
    from safetyplan.guides.content import load_guide

    steps = [step.id for step in load_guide(PROJECT / "plans" / f"{BIG_GUIDE}.toml").steps]
    per_step = math.ceil(answers / len(steps))
    lines = ['format = "safetyplan"', "schema = 1"]
    for index in range(answers):
        if index % per_step == 0:
            lines += ["", f"[guides.{BIG_GUIDE}.{steps[index // per_step]}.answers]"]
        lines.append(f'note-{index + 1:05d} = "Answer number {index + 1}, kept for the review."')
    return "\n".join(lines) + "\n"


def _cli(env: dict[str, str], *argv: str, stdin: str) -> None:
    subprocess.run(
        [PYTHON, "-m", "safetyplan", *argv, "--work-factor", WORK_FACTOR],
        input=stdin.encode(),
        env=env,
        cwd=PROJECT,
        capture_output=True,
        timeout=120,
        check=True,
    )


def make_templates(folder: Path, *, small: bool, big: bool) -> tuple[Path, Path]:
    """Make the plans once with the command line; each plan run copies its file.

    Returns:
        The plans folders holding the small plan and the 10,000-answer plan (each is
        ``folder``'s own plans folder, empty, when that plan is not needed).
    """
    small_env = fresh_environment(folder / "small")
    big_env = fresh_environment(folder / "big")
    if small:
        # On a pipe, each passphrase asked for is one line: ``new`` asks once.
        _cli(small_env, "new", PLAN_NAME, stdin=f"{PASSPHRASE}\n")
    if big:
        document = folder / "large.toml"
        document.write_text(big_plan_toml(BIG_ANSWERS), encoding="utf-8")
        _cli(big_env, "import", BIG_PLAN_NAME, str(document), stdin=f"{PASSPHRASE}\n")
        document.unlink()
    return Path(small_env["SAFETYPLAN_DIR"]), Path(big_env["SAFETYPLAN_DIR"])


@dataclass(frozen=True)
class Kind:
    """One kind of run and how it is reported."""

    label: str
    run: Callable[[Setup], Sample]
    runs: int
    budget: bool = True
    """Judged against the budgets (the reference app is not)."""


def _ms(value: float) -> str:
    return f"{value:7.1f}" if math.isfinite(value) else "  never"


def _report(kind: Kind, samples: list[Sample], deadline_ms: float) -> list[str]:
    """The kind's line of figures and verdicts, then a line for each count worth saying."""
    blank = [s.blank_ms for s in samples]
    gone = [s.exit_ms for s in samples]
    figures = (
        f"  {kind.label:26} {len(samples):4}   {_ms(statistics.median(blank))} {_ms(max(blank))}"
        f"   {_ms(statistics.median(gone))} {_ms(max(gone))}"
    )
    counts: list[tuple[str, int]] = []
    if kind.budget:
        blank_ok = statistics.median(blank) <= BLANK_BUDGET_MS
        gone_ok = max(gone) <= GONE_BUDGET_MS
        figures += f"  blank {'ok' if blank_ok else 'OVER'}, gone {'ok' if gone_ok else 'OVER'}"
        counts += [
            (f"blank later than {BLANK_BUDGET_MS:.0f} ms", sum(b > BLANK_BUDGET_MS for b in blank)),
            (f"gone later than {GONE_BUDGET_MS:.0f} ms", sum(g > GONE_BUDGET_MS for g in gone)),
            ("text drawn again after the blank", sum(bool(s.drawn_after) for s in samples)),
            ("screen not blank at the end", sum(not s.blank_at_end for s in samples)),
            (
                f"gone only after the watchdog's {deadline_ms:.0f} ms deadline",
                sum(g >= deadline_ms for g in gone),
            ),
        ]
        counts = [(words, count) for words, count in counts if count]
    counts += [(name, sum(s.checks[name] for s in samples)) for name in samples[0].checks]
    lines = [figures] + [f"{'':30}- {words}: {count} of {len(samples)}" for words, count in counts]
    if not kind.budget:
        lines.append(f"{'':30}- blank here is leaving the alternate screen; no budget")
    return lines


def main() -> None:
    """Measure the kinds of run interleaved and print medians, maxima and verdicts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each kind (at least 7)")
    parser.add_argument(
        "--slow-runs",
        type=int,
        help="runs of the two slow busy kinds, unlocking and review (at least 5; default --runs)",
    )
    parser.add_argument("--no-plan", action="store_true", help="skip the runs with a plan open")
    parser.add_argument("--no-busy", action="store_true", help="skip the busy kinds of run")
    parser.add_argument("--busy-only", action="store_true", help="only the busy kinds of run")
    parser.add_argument(
        "--settle",
        type=float,
        default=0.2,
        help="seconds of no output that count as a screen being ready",
    )
    parser.add_argument(
        "--pause", type=float, default=0.2, help="seconds between typing and Ctrl+Q (plan runs)"
    )
    parser.add_argument(
        "--unlock-wait", type=float, default=0.3, help='seconds from "Unlocking" to Ctrl+Q'
    )
    parser.add_argument(
        "--step-gap", type=float, default=0.05, help="seconds from Enter (a step) to Ctrl+Q"
    )
    parser.add_argument(
        "--review-wait", type=float, default=0.2, help='seconds from "r" (the review) to Ctrl+Q'
    )
    parser.add_argument("--verbose", action="store_true", help="print every run's figures")
    options = parser.parse_args()
    if options.busy_only and options.no_busy:
        parser.error("--busy-only and --no-busy leave nothing to measure")
    runs = max(7, options.runs)
    slow_runs = runs if options.slow_runs is None else min(runs, max(5, options.slow_runs))
    idle, busy, plans = not options.busy_only, not options.no_busy, not options.no_plan

    kinds: list[Kind] = []
    if idle:
        kinds.append(Kind("app, start screen", app_start_screen, runs))
        if plans:
            kinds.append(Kind("app, plan open", app_plan_open, runs))
    if busy:
        kinds.append(Kind("busy: unlocking (wf 22)", app_unlocking, slow_runs))
        if plans:
            kinds.append(Kind("busy: opening a step", app_opening_step, runs))
            kinds.append(Kind(f"busy: review, {BIG_ANSWERS:,} ans.", app_opening_review, slow_runs))
    if idle:
        kinds.append(Kind("minimal app (reference)", minimal_app, runs, budget=False))
    _project_on_path()
    from safetyplan.tui.exit_guard import DEADLINE

    samples: dict[str, list[Sample]] = {kind.label: [] for kind in kinds}
    with RunFolder() as folder:
        small, big = make_templates(folder, small=plans, big=plans and busy)
        setup = Setup(
            small,
            big,
            options.settle,
            options.pause,
            options.unlock_wait,
            options.step_gap,
            options.review_wait,
        )
        for index in range(runs):
            for kind in kinds:
                if index >= kind.runs:
                    continue
                sample = kind.run(setup)
                samples[kind.label].append(sample)
                if options.verbose:
                    checks = ", ".join(f"{k} {v}" for k, v in sample.checks.items())
                    if sample.drawn_after:
                        checks += f", drawn after the blank: {sample.drawn_after[:60]!r}"
                    print(
                        f"  run {index + 1} {kind.label:26} blank {_ms(sample.blank_ms)} ms  "
                        f"gone {_ms(sample.exit_ms)} ms  {checks}",
                        flush=True,
                    )

    print("Quick exit at 80x24, TERM=xterm-256color, kinds of run interleaved (ms after Ctrl+Q)")
    print(
        f"  budgets: blank ≤ {BLANK_BUDGET_MS:.0f} ms (judged on the median), process gone "
        f"≤ {GONE_BUDGET_MS:.0f} ms (judged on every run)"
    )
    if busy and slow_runs < runs:
        print(f"  the slow busy kinds (unlocking, review) have {slow_runs} runs, the others {runs}")
    print(f"  {'kind':26} {'runs':>4}   {'blank':>7} {'max':>7}   {'gone':>7} {'max':>7}")
    print(f"  {'':26} {'':4}   {'median':>7} {'':7}   {'median':>7}")
    for kind in kinds:
        for line in _report(kind, samples[kind.label], DEADLINE * 1000):
            print(line)
    if idle:
        app_exit = statistics.median(s.exit_ms for s in samples["app, start screen"])
        minimal_exit = statistics.median(s.exit_ms for s in samples["minimal app (reference)"])
        print(f"  gone ratio app (start screen)/minimal {app_exit / minimal_exit:.2f}")


if __name__ == "__main__":
    main()
