"""Saving the open plan: autosave, saving now, and what a failed or refused save means."""

from __future__ import annotations

import asyncio
import copy
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from safetyplan.errors import PlanChangedError, PlanError
from safetyplan.safetext import safe_line
from safetyplan.tui.messages import PlanEdited, PlanOpened, ReopenedWithChanges
from safetyplan.tui.states import Saving

if TYPE_CHECKING:
    from safetyplan.plan.model import Plan
    from safetyplan.plan.storage import OpenPlan
    from safetyplan.tui.exit_guard import ExitGuard


class SavingApp(App[None]):
    """The part of the app that keeps the open plan on disk (its state is set by
    :class:`~safetyplan.tui.app.PlannerApp`)."""

    session: OpenPlan | None
    held_session: OpenPlan | None
    browse_plan: Plan | None
    folder: Path
    work_factor: int
    max_work_factor: int
    save_delay: float
    idle_lock: float
    clock: Callable[[], float]
    accessible: bool
    exit_guard: ExitGuard | None
    last_words: str | None
    _edits: int
    _saved_edits: int
    _save_timer: Timer | None
    _save_lock: threading.Lock
    _baseline: Plan | None
    _loop: asyncio.AbstractEventLoop | None
    _last_activity: float

    save_state: reactive[Saving] = reactive(Saving.NOTHING)
    """What the quiet save indicator says."""

    async def _clear_stack(self, top: Screen[None] | None = None) -> None:
        """Remove every screen above the start screen, so nothing of a plan stays behind.

        Args:
            top: A screen to show next; None shows the start screen, read afresh.
        """
        self.clear_notifications()
        # One update for the whole change: popping screen by screen would draw each
        # screen below for a moment, such as the plan's home before the lock screen.
        with self.batch_update():
            while len(self.screen_stack) > 1:
                await self.pop_screen()
            if top is not None:
                await self.push_screen(top)

    def _forget_plan(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if self.session is not None:
            self.session.close()
        if self.held_session is not None:
            self.held_session.close()
        self.session = self.held_session = None
        self.refresh_bindings()
        self.browse_plan = None
        self._baseline = None
        self._edits = self._saved_edits = 0
        self.save_state = Saving.NOTHING

    # --- Saving -----------------------------------------------------------------------

    def on_plan_edited(self, message: PlanEdited) -> None:
        if self.session is None:
            return
        self._edits += 1
        if self.save_delay <= 0:
            self.call_later(self._save_soon)
        elif self._save_timer is None:
            self._save_timer = self.set_timer(self.save_delay, self._save_soon)
        else:
            self._save_timer.reset()

    @property
    def unsaved(self) -> bool:
        """True when the open plan has changes that are not on disk yet."""
        return self._edits > self._saved_edits

    def _save_soon(self) -> None:
        self._save_timer = None
        if not self.unsaved or self.session is None or self.session.changed_elsewhere:
            return  # changed elsewhere: nothing is written until the person chooses
        self.save_state = Saving.SAVING
        self._save_in_background(self.session, copy.deepcopy(self.session.plan), self._edits)

    @work(thread=True, group="prepare", exit_on_error=False)
    def _prepare_saving(self, session: OpenPlan) -> None:
        """Build what saving needs while the person reads the plan's home (a large plan
        takes a moment); a problem here shows up again, and is told, at the first save."""
        session.prepare()

    @work(thread=True, group="save", exit_on_error=False)
    def _save_in_background(self, session: OpenPlan, snapshot: Plan, edits: int) -> None:
        self._save_snapshot(session, snapshot, edits)

    def _save_snapshot(self, session: OpenPlan, snapshot: Plan, edits: int) -> None:
        """Save a snapshot unless a newer one is on disk already. Saves never overlap."""
        with self._save_lock:
            if session not in (self.session, self.held_session) or edits <= self._saved_edits:
                return  # a plan closed or locked meanwhile, or a newer save already done
            session.save(snapshot)
            self._saved_edits = edits
            self._baseline = snapshot  # a copy made for this save, never changed after

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "save":
            return
        if event.state is WorkerState.SUCCESS:
            self.save_state = Saving.SAVING if self.unsaved else Saving.SAVED
        elif event.state is WorkerState.ERROR:
            self.save_state = Saving.UNSAVED
            self._tell_save_problem(event.worker.error)

    def _tell_save_problem(self, error: BaseException | None) -> None:
        if isinstance(error, PlanChangedError) and self.session is not None:
            from safetyplan.tui.screens.changed_elsewhere import offer_choices

            offer_choices(self)
            return
        if isinstance(error, PlanError):
            words = safe_line(str(error))
        else:
            words = "Your plan could not be saved. Your changes are still here."
        self.notify(words, title="Not saved", severity="error", timeout=10, markup=False)

    def reopen_with_changes(self, opened: OpenPlan) -> None:
        """Go on with a plan opened again after it changed elsewhere, adding the
        unsaved changes made here since it was last read or saved.

        Args:
            opened: The plan as it is on disk now, opened with its passphrase now.
        """
        from safetyplan.plan.merge import reapply

        old = self.session or self.held_session
        if old is None or self._baseline is None:
            return
        self.capture_screens()
        merged = reapply(self._baseline, old.plan, opened.plan)
        self._baseline = copy.deepcopy(opened.plan)
        opened.plan = merged.plan
        self.post_message(PlanOpened(opened, resume=True, unsaved=merged.steps > 0))
        self.notify(
            "Opened again, with your changes added." if merged.steps else "Opened again.",
            markup=False,
        )

    def on_reopened_with_changes(self, message: ReopenedWithChanges) -> None:
        self.reopen_with_changes(message.opened)

    async def discard_plan(self) -> None:
        """Forget the open plan and what was not saved, and show the start screen."""
        self._forget_plan()
        await self._clear_stack()

    def save_now(self, *, tell: bool = True) -> bool:
        """Save at once, in this thread, if anything is unsaved. Uses the derived key.

        Waits for a save already running in the background, so saves never overlap.

        Args:
            tell: Say what went wrong (False when the next screen will say it).

        Returns:
            True when everything is saved (or nothing needed saving).
        """
        if self.session is None:
            return True
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        self.capture_screens()
        try:
            self._save_snapshot(self.session, copy.deepcopy(self.session.plan), self._edits)
        except PlanError as error:
            self.save_state = Saving.UNSAVED
            if tell:
                self._tell_save_problem(error)
            return False
        self.save_state = Saving.SAVED if self._saved_edits else self.save_state
        return True

    def capture_screens(self) -> None:
        """Put what is typed on every open step into the plan, before an immediate save."""
        for screen in self.screen_stack:
            capture = getattr(screen, "capture_form", None)
            if capture is not None and capture():
                self._edits += 1
