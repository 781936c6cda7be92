"""Time from Ctrl+Q to a blank screen, on the start screen and with a plan open.

Run from the project folder: ``.venv/bin/python benchmarks/bench_quick_exit.py [--runs 9]``.

Each run starts the program in a fresh temporary folder, in a real 80x24 pseudo-terminal
with TERM=xterm-256color, waits for its screen, writes Ctrl+Q (byte 0x11) to the terminal and
times how long until the clear-screen sequence ESC [2J arrives in the output. Three kinds of
run are interleaved:

* app, start screen: wait for "Your plans" and for the output to go quiet, Ctrl+Q.
* app, plan open: a plan made beforehand with the command line (work factor 10) is copied
  in; Enter opens it, the passphrase is typed, Enter, wait for the plan home, Enter opens a
  step, some text is typed and shown on screen, a short pause, Ctrl+Q. Afterwards the plan
  is decrypted to check that the typed text was saved.
* minimal Textual app, for reference: Ctrl+Q to leaving the alternate screen (ESC [?1049l),
  and to the end of the process.

Budget (DESIGN §9): the screen is blank within 20 ms of the key.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ptyrun import (
    CLEAR_SCREEN,
    CTRL_Q,
    ENTER,
    PYTHON,
    PtyProcess,
    RunFolder,
    fresh_environment,
)

PROJECT = Path(__file__).resolve().parent.parent
MINIMAL_APP = Path(__file__).resolve().with_name("minimal_app.py")
BUDGET_MS = 20.0
LEAVE_ALT_SCREEN = b"\x1b[?1049l"
PLAN_NAME = "notes"
PASSPHRASE = "quiet river behind the old mill"
TYPED = "hello there"
WORK_FACTOR = "10"


@dataclass(frozen=True)
class Sample:
    """One run's figures, in milliseconds after the Ctrl+Q byte was written."""

    blank_ms: float
    """Until ESC [2J (for the minimal app: until it leaves the alternate screen)."""
    exit_ms: float
    """Until the process has ended."""
    shown: bool = True
    """Whether the typed text showed on screen (plan runs only)."""
    saved: bool = True
    """Whether the typed text was in the plan afterwards (plan runs only)."""


def _quit_and_time(child: PtyProcess, blank: bytes) -> tuple[float, float]:
    mark = child.mark()
    pressed = child.send(CTRL_Q)
    shown = child.wait_for_bytes(blank, since=mark, timeout=10)
    ended = child.wait_exit(timeout=10)
    return (shown - pressed) * 1000, (ended - pressed) * 1000


def app_start_screen(template: Path, settle: float, pause: float) -> Sample:
    """The app on its start screen (no plan), then Ctrl+Q."""
    with RunFolder() as folder:
        env = fresh_environment(folder)
        argv = [PYTHON, "-m", "safetyplan", "--dir", env["SAFETYPLAN_DIR"]]
        with PtyProcess(argv, env, cwd=PROJECT) as child:
            child.wait_for_screen("Your plans", timeout=30)
            child.wait_quiet(settle)
            return Sample(*_quit_and_time(child, CLEAR_SCREEN))


def minimal_app(template: Path, settle: float, pause: float) -> Sample:
    """The minimal Textual app, then Ctrl+Q (Textual's own quit)."""
    with RunFolder() as folder:
        env = fresh_environment(folder)
        with PtyProcess([PYTHON, str(MINIMAL_APP)], env, cwd=PROJECT) as child:
            child.wait_for_screen("reference", timeout=30)
            child.wait_quiet(settle)
            return Sample(*_quit_and_time(child, LEAVE_ALT_SCREEN))


def app_plan_open(template: Path, settle: float, pause: float) -> Sample:
    """The app with a plan open and text just typed into a step, then Ctrl+Q."""
    with RunFolder() as folder:
        env = fresh_environment(folder)
        plans = Path(env["SAFETYPLAN_DIR"])
        shutil.copy2(template / f"{PLAN_NAME}.age", plans / f"{PLAN_NAME}.age")
        argv = [PYTHON, "-m", "safetyplan", "--dir", str(plans)]
        with PtyProcess(argv, env, cwd=PROJECT) as child:
            child.wait_for_screen("Your plans", timeout=30)
            child.wait_quiet(settle)
            mark = child.mark()
            child.send(ENTER)  # opens the highlighted (only) plan
            child.wait_for_screen("passphrase", since=mark)
            child.wait_quiet(settle)
            child.type_text(PASSPHRASE, pause=0.002)
            mark = child.mark()
            child.send(ENTER)
            child.wait_for_screen("Pick a part", since=mark, timeout=30)  # the plan home
            child.wait_quiet(settle)
            mark = child.mark()
            child.send(ENTER)  # opens a step
            # The step is drawn whole, with its first question focused; the footer's
            # "Plan home" shows it is there.
            child.wait_for_screen(" of ", since=mark)  # "… · Step 1 of 16"
            child.wait_for_screen("Plan home", since=mark)
            child.wait_quiet(settle)
            mark = child.mark()
            child.type_text(TYPED)
            try:
                child.wait_for_screen(TYPED, since=mark, timeout=1)
                shown = True
            except TimeoutError:  # the keys went nowhere (see README): quit all the same
                shown = False
            time.sleep(pause)
            blank_ms, exit_ms = _quit_and_time(child, CLEAR_SCREEN)
        return Sample(blank_ms, exit_ms, shown=shown, saved=_typed_text_saved(env))


def _typed_text_saved(env: dict[str, str]) -> bool:
    """Whether the plan file now holds the typed text (decrypted here, in memory)."""
    if str(PROJECT) not in sys.path:
        sys.path.insert(0, str(PROJECT))
    from safetyplan.folder import PlanStore
    from safetyplan.storage import open_plan

    opened = open_plan(PlanStore(Path(env["SAFETYPLAN_DIR"])), PLAN_NAME, PASSPHRASE)
    try:
        return TYPED in opened.to_toml()
    finally:
        opened.close()


def make_template(folder: Path) -> Path:
    """Make the plan once with the command line; each plan run copies its file.

    Returns:
        The plans folder holding it.
    """
    env = fresh_environment(folder)
    subprocess.run(
        [PYTHON, "-m", "safetyplan", "new", PLAN_NAME, "--work-factor", WORK_FACTOR],
        input=f"{PASSPHRASE}\n{PASSPHRASE}\n".encode(),
        env=env,
        cwd=PROJECT,
        capture_output=True,
        timeout=60,
        check=True,
    )
    return Path(env["SAFETYPLAN_DIR"])


Kind = Callable[[Path, float, float], Sample]


def _line(label: str, samples: list[Sample], blank_word: str, budget: bool) -> str:
    blank = statistics.median(s.blank_ms for s in samples)
    ended = statistics.median(s.exit_ms for s in samples)
    worst = max(s.blank_ms for s in samples)
    text = f"  {label:22} {blank_word} {blank:6.1f} ms (max {worst:6.1f})  exit {ended:6.1f} ms"
    if budget:
        text += "  within budget" if blank <= BUDGET_MS else "  OVER budget"
    return text


def main() -> None:
    """Measure the three kinds of run interleaved and print medians and verdicts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each kind (at least 7)")
    parser.add_argument("--no-plan", action="store_true", help="skip the runs with a plan open")
    parser.add_argument(
        "--settle",
        type=float,
        default=0.2,
        help="seconds of no output that count as a screen being ready",
    )
    parser.add_argument(
        "--pause", type=float, default=0.2, help="seconds between typing and Ctrl+Q (plan runs)"
    )
    parser.add_argument("--verbose", action="store_true", help="print every run's figures")
    options = parser.parse_args()
    runs = max(7, options.runs)

    kinds: dict[str, Kind] = {"app, start screen": app_start_screen}
    if not options.no_plan:
        kinds["app, plan open"] = app_plan_open
    kinds["minimal app"] = minimal_app
    samples: dict[str, list[Sample]] = {label: [] for label in kinds}
    with RunFolder() as folder:
        template = make_template(folder) if not options.no_plan else folder
        for index in range(runs):
            for label, kind in kinds.items():
                sample = kind(template, options.settle, options.pause)
                samples[label].append(sample)
                if options.verbose:
                    print(
                        f"  run {index + 1} {label:18} blank {sample.blank_ms:6.1f} ms  "
                        f"exit {sample.exit_ms:6.1f} ms  typed text shown {sample.shown}, "
                        f"saved {sample.saved}",
                        flush=True,
                    )

    print(f"Quick exit at 80x24, TERM=xterm-256color, {runs} interleaved runs each (medians)")
    print(f"  budget: blank ≤ {BUDGET_MS:.0f} ms after Ctrl+Q")
    print(_line("app, start screen", samples["app, start screen"], "blank", True))
    if "app, plan open" in samples:
        plan = samples["app, plan open"]
        print(_line("app, plan open", plan, "blank", True))
        shown = sum(s.shown for s in plan)
        saved = sum(s.saved for s in plan)
        print(f"  {'':22} typed text shown in {shown}, saved in {saved} of {len(plan)} runs")
    print(_line("minimal app (reference)", samples["minimal app"], "alt-off", False))
    app_exit = statistics.median(s.exit_ms for s in samples["app, start screen"])
    minimal_exit = statistics.median(s.exit_ms for s in samples["minimal app"])
    print(f"  exit ratio app (start screen)/minimal {app_exit / minimal_exit:.2f}")


if __name__ == "__main__":
    main()
