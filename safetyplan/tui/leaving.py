"""Leaving and hiding: quick exit, signals and a lost terminal, lock and auto-lock."""

from __future__ import annotations

import copy
from typing import ClassVar

from textual import events
from textual.geometry import Offset

from safetyplan.errors import PlanChangedError, PlanError
from safetyplan.hygiene import CLEAR_ALL
from safetyplan.tui.messages import QuickExitRequested
from safetyplan.tui.saving import SavingApp
from safetyplan.tui.screens.blank import BlankScreen
from safetyplan.tui.states import Saving
from safetyplan.tui.textual_compat import option_line


class LeavingApp(SavingApp):
    """The part of the app that leaves or hides the plan at once, and places the cursor."""

    steady_cursor: ClassVar[bool] = False
    """Stop text cursors blinking everywhere (the accessible mode sets it per app)."""

    # --- Quick exit, lock, idle ----------------------------------------------------

    def action_quick_exit(self) -> None:
        """Blank the screen at once, save what is unsaved, and leave. No questions.

        The exit guard (when running in a terminal) ends the process within a second
        even if something else keeps the app busy.
        """
        if self.exit_guard is not None:
            self.exit_guard.begin()
        self.blank_terminal()
        self._save_quietly()
        self.exit()

    def blank_terminal(self) -> None:
        """Clear the terminal and its scrollback now, before anything else happens."""
        driver = self._driver
        if driver is not None and not self.is_headless:
            driver.write(CLEAR_ALL)
            driver.flush()
        if self.screen_stack and not isinstance(self.screen, BlankScreen):
            self.push_screen(BlankScreen())

    def _save_quietly(self) -> None:
        """Save without any dialog; on failure, the previous version stays on disk.

        A plan held behind the lock screen (its last save had failed) is tried too.
        """
        session = self.session or self.held_session
        if session is None:
            return
        self.capture_screens()
        try:
            self._save_snapshot(session, copy.deepcopy(session.plan), self._edits)
        except PlanChangedError:
            # Changed elsewhere (a new passphrase, deleted...): never written again, under
            # any name. What was not saved is said in one line after leaving.
            from safetyplan.tui.screens.changed_elsewhere import CHANGED_ELSEWHERE_LINE

            self.save_state = Saving.UNSAVED
            self.last_words = CHANGED_ELSEWHERE_LINE
        except PlanError:
            # Leaving must not be stopped by a question; the file on disk is intact.
            self.save_state = Saving.UNSAVED

    def quick_exit_pressed(self) -> None:
        """Ctrl+Q was read (called from the input thread): start the exit deadline now."""
        if self.exit_guard is not None:
            self.exit_guard.begin()

    def quick_exit_soon(self) -> None:
        """Quick exit from outside the app's turn: a signal, or a lost terminal.

        Safe from any thread and from a signal handler. The exit guard makes sure the
        process ends within a second even if the app's main thread is busy.
        """
        if self.exit_guard is not None:
            self.exit_guard.begin()
        loop = self._loop
        if loop is not None and not loop.is_closed():
            # As a message, so that it runs in the app's own turn and context.
            loop.call_soon_threadsafe(self.post_message, QuickExitRequested())

    def on_quick_exit_requested(self, message: QuickExitRequested) -> None:
        self.action_quick_exit()

    terminal_lost = quick_exit_soon
    """The terminal is gone (end of input, or EIO): leave as quick exit does."""

    def save_for_exit_guard(self) -> None:
        """Save from the exit guard's thread, when the app could not finish in time.

        Uses the key in memory; waits briefly for a save already running; never asks.
        """
        session = self.session or self.held_session
        if session is None or not self.unsaved:
            return
        if session.changed_elsewhere:
            from safetyplan.tui.screens.changed_elsewhere import CHANGED_ELSEWHERE_LINE

            self.last_words = CHANGED_ELSEWHERE_LINE
            return
        if not self._save_lock.acquire(timeout=0.3):  # a save under way may finish
            return
        try:
            if not self.unsaved:  # the app's own save finished meanwhile
                return
            session.save(copy.deepcopy(session.plan))
            self._saved_edits = self._edits
        except PlanChangedError:
            from safetyplan.tui.screens.changed_elsewhere import CHANGED_ELSEWHERE_LINE

            self.last_words = CHANGED_ELSEWHERE_LINE
        finally:
            self._save_lock.release()

    async def action_lock(self) -> None:
        """Save, forget the key, and show a lock screen with nothing of the plan.

        If the plan cannot be saved (a full disk, a removed USB stick), it is not thrown
        away: it stays in memory behind the lock screen, and the passphrase brings it back.
        """
        from safetyplan.tui.screens.cover import CoverScreen
        from safetyplan.tui.screens.lock import LockScreen

        if self.session is None:
            if self.browse_plan is not None and not isinstance(self.screen, CoverScreen):
                self.clear_notifications()
                self.push_screen(CoverScreen())
            return
        saved = self.save_now(tell=False)  # the screen after unlocking tells
        session = self.session
        name = session.name
        if saved:
            self._forget_plan()
        elif session.changed_elsewhere and not session.store.path(name).exists():
            # Deleted elsewhere: what was not saved goes too, as the plan did.
            from safetyplan.tui.screens.changed_elsewhere import CHANGED_ELSEWHERE_LINE

            self._forget_plan()
            await self._clear_stack()
            self.notify(CHANGED_ELSEWHERE_LINE, timeout=30, markup=False)
            return
        else:
            # Kept in memory, behind the lock. A plan changed elsewhere is unlocked with
            # its passphrase as it is now, never with the old one (someone may know it).
            self.held_session = session
            self.session = None
            self.refresh_bindings()
        await self._clear_stack(
            LockScreen(
                self.folder,
                name,
                max_work_factor=self.max_work_factor,
                held=self.held_session,
            )
        )

    async def lock_if_idle(self) -> None:
        """Lock the plan when no key has been pressed for ``idle_lock`` seconds."""
        if self.idle_lock <= 0 or (self.session is None and self.browse_plan is None):
            return
        if self.clock() - self._last_activity >= self.idle_lock:
            await self.action_lock()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(
            event,
            (
                events.Key,
                events.MouseDown,
                events.MouseScrollDown,
                events.MouseScrollUp,
                events.Paste,
            ),
        ):
            self._last_activity = self.clock()
        await super().on_event(event)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        widget = event.widget
        if (self.steady_cursor or self.accessible) and hasattr(widget, "cursor_blink"):
            widget.cursor_blink = False
        self.call_after_refresh(self._cursor_to_focus)

    def on_option_list_option_highlighted(self) -> None:
        self.call_after_refresh(self._cursor_to_focus)

    def on_selection_list_selection_highlighted(self) -> None:
        self.call_after_refresh(self._cursor_to_focus)

    def _cursor_to_focus(self) -> None:
        """Put the terminal's cursor on the focused control, so screen readers can follow.

        Text fields place the cursor themselves; for the rest it goes to the start of the
        control, or of the highlighted row in a list.
        """
        widget = self.focused
        if widget is None or hasattr(widget, "cursor_screen_offset"):
            return
        x, y = widget.content_region.offset
        highlighted = getattr(widget, "highlighted", None)
        if isinstance(highlighted, int):
            y += max(0, option_line(widget, highlighted) - int(widget.scroll_offset.y))
            y = min(y, widget.content_region.bottom - 1)
        self.cursor_position = Offset(x, y)
