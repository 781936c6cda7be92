"""The Textual app: global keys, the flow between screens, autosave, lock and quick exit."""

from __future__ import annotations

import asyncio
import copy
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.geometry import Offset
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from safetyplan.errors import ContentError, PlanChangedError, PlanError
from safetyplan.hygiene import CLEAR_ALL
from safetyplan.safetext import safe_line
from safetyplan.tui.messages import (
    BrowseRequested,
    CloseRequested,
    PlanEdited,
    PlanOpened,
    QuickExitRequested,
    ReopenedWithChanges,
)
from safetyplan.tui.screens.blank import BlankScreen
from safetyplan.tui.screens.start import StartScreen
from safetyplan.tui.screens.too_small import TooSmallScreen, too_small
from safetyplan.tui.states import Saving
from safetyplan.tui.textual_compat import option_line
from safetyplan.tui.themes import OFFERED, OWN_THEMES
from safetyplan.vault.settings import Settings, save_settings

if TYPE_CHECKING:
    from safetyplan.guides.content import Guide
    from safetyplan.plan.model import Plan
    from safetyplan.plan.storage import OpenPlan
    from safetyplan.tui.exit_guard import ExitGuard
    from safetyplan.tui.screens.leave_browse import LeaveChoice

NEUTRAL_TITLE = "Notes"
"""The only title the terminal and the Header ever show."""

CRASH_WORDS = "Notes closed because of a problem. Your plan was saved if it could be."
"""The one line shown after a crash: no details, no plan text."""


class PlannerApp(App[None]):
    """The whole program on screen."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = NEUTRAL_TITLE
    SUB_TITLE = ""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quick_exit", "Quick exit", priority=True, id="quick-exit"),
        Binding("ctrl+l", "lock", "Lock", priority=True, id="lock"),
        Binding("f1", "help", "Help", id="help"),
        Binding("ctrl+p", "command_palette", "Commands", priority=True, id="commands"),
    ]

    steady_cursor: ClassVar[bool] = False
    """Stop text cursors blinking everywhere (the accessible mode sets it per app)."""

    save_state: reactive[Saving] = reactive(Saving.NOTHING)
    """What the quiet save indicator says."""

    def __init__(
        self,
        folder: Path,
        guides: tuple[Guide, ...] | None = None,
        *,
        guides_folder: Path | None = None,
        work_factor: int = 18,
        max_work_factor: int = 22,
        save_delay: float = 0.5,
        idle_lock: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
        accessible: bool = False,
        settings: Settings | None = None,
        config_folder: Path | None = None,
        ascii_only: bool = False,
    ) -> None:
        """Make the app.

        Args:
            folder: The plans folder.
            guides: The guides, already loaded and checked; None reads them from
                ``guides_folder`` the first time they are needed, after the first frame.
            guides_folder: Where to read the guides; None for the ones that came with
                the app.
            work_factor: scrypt work factor for new plans and passphrase changes.
            max_work_factor: The highest work factor a plan file may ask for.
            save_delay: Seconds of quiet after a change before it is saved.
            idle_lock: Seconds without a key or click before an open plan locks
                (0 turns auto-lock off).
            clock: The time source for auto-lock (tests pass their own).
            accessible: No animation, no cursor blink, one column of controls.
            settings: Saved choices (theme, auto-lock, accessible mode).
            config_folder: Where to keep changed settings; None keeps them in memory.
            ascii_only: Draw borders and marks with plain ASCII (the Linux console).
        """
        super().__init__()
        from safetyplan.tui.textual_compat import guard_rendering

        guard_rendering()  # no control character from any text reaches the terminal
        self.folder = folder
        self._guides = guides
        self._guides_folder = guides_folder
        self.work_factor = work_factor
        self.max_work_factor = max_work_factor
        self.save_delay = save_delay
        self.idle_lock = idle_lock
        self.clock = clock
        self.settings = settings or Settings()
        self.config_folder = config_folder
        self.accessible = accessible or self.settings.accessible
        self.ascii_only = ascii_only
        if self.accessible:
            self.animation_level = "none"
        for theme in OWN_THEMES:
            self.register_theme(theme)
        if self.settings.theme in OFFERED:
            self.theme = self.settings.theme
        self.session: OpenPlan | None = None
        """The open plan and its key, or None."""
        self.browse_plan: Plan | None = None
        """A plan being filled in without saving, or None."""
        self.crashed = False
        """True when the app stopped because of an unexpected error."""
        self._edits = 0
        """How many edits the open plan has had."""
        self._saved_edits = 0
        """How many of those edits are on disk."""
        self._save_timer: Timer | None = None
        self._save_lock = threading.Lock()
        self._last_activity = clock()
        self._baseline: Plan | None = None
        """The open plan as it was last read or saved here, to tell what changed since."""
        self.exit_guard: ExitGuard | None = None
        """Ends the process soon after quick exit is asked for (set by :func:`run_app`)."""
        self.last_words: str | None = None
        """One neutral line for standard error after leaving, or None."""
        self.held_session: OpenPlan | None = None
        """A plan kept in memory behind the lock screen because its last save failed."""
        self._loop: asyncio.AbstractEventLoop | None = None

    # --- Start-up and screens -----------------------------------------------------

    @property
    def guides(self) -> tuple[Guide, ...]:
        """The guides, read and checked in full the first time they are needed.

        Reading them waits until then, so the first screen comes sooner.

        Raises:
            ContentError: A guide file is damaged (see :meth:`guides_ready`).
        """
        if self._guides is None:
            from safetyplan.guides.content import load_guides

            self._guides = load_guides(self._guides_folder)
        return self._guides

    def guides_ready(self) -> bool:
        """Read the guides if that has not happened yet.

        Returns:
            True when they can be used; False after telling the person, in plain
            words, that the guides that came with the app are damaged.
        """
        try:
            self.guides  # noqa: B018 - reading them is the point
        except ContentError as error:
            self.notify(
                "The guides that came with this app cannot be read, so no plan can be "
                "opened or made. Installing the app again should mend this. "
                f"({safe_line(str(error))})",
                title="Guides damaged",
                severity="error",
                timeout=30,
                markup=False,
            )
            return False
        return True

    def on_mount(self) -> None:
        self._loop = asyncio.get_running_loop()
        if self.accessible:
            self.add_class("-accessible")
        if self.ascii_only:
            self.add_class("-ascii")
        self.set_interval(5, self.lock_if_idle, name="idle-lock")

    def get_default_screen(self) -> Screen[None]:
        """The start screen is the bottom of the stack, so it is the first frame.

        (Pushing it on top of Textual's default screen would cost the first frame a
        whole extra refresh.)
        """
        return StartScreen(
            self.folder,
            work_factor=self.work_factor,
            max_work_factor=self.max_work_factor,
            guides_ready=self.guides_ready,
        )

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

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The app's own commands. Nothing here writes a file behind the user's back.

        Textual's defaults are not offered: its Screenshot command saves the screen,
        plan text included, to a file.
        """
        yield SystemCommand("Quick exit", "Save and leave at once (Ctrl+Q)", self.action_quick_exit)
        if self.session is not None:
            yield SystemCommand(
                "Lock", "Hide the plan until the passphrase is typed", self.action_lock
            )
            yield SystemCommand(
                "End session", "Save, close the plan and go back to the start", self.close_plan
            )
        if self.plan is not None:
            yield SystemCommand("Review my plan", "The whole plan at a glance", self.action_review)
        yield SystemCommand(
            "Colours", "Pick a theme, such as high contrast", self.action_pick_theme
        )
        yield SystemCommand("Help", "Keys and what each screen is for (F1)", self.action_help)

    @property
    def plan(self) -> Plan | None:
        """The plan on screen: an open one, or one being browsed without saving."""
        return self.session.plan if self.session is not None else self.browse_plan

    # --- Opening and closing --------------------------------------------------------

    async def on_plan_opened(self, message: PlanOpened) -> None:
        from safetyplan.plan.progress import resume_point
        from safetyplan.tui.screens.home import HomeScreen
        from safetyplan.tui.screens.step import StepScreen

        for replaced in (self.session, self.held_session):
            if replaced is not None and replaced is not message.session:
                replaced.close()  # replaced (by a plan opened again, or a new one)
        self.held_session = None
        self.session = message.session
        self.refresh_bindings()
        self.browse_plan = None
        self._edits = self._saved_edits = 0
        self.save_state = Saving.NOTHING
        if not message.unsaved or self._baseline is None:
            self._baseline = copy.deepcopy(message.session.plan)
        if message.unsaved:
            self._edits = 1
            self.save_state = Saving.UNSAVED
            if message.session.changed_elsewhere:
                self.call_later(self._tell_save_problem, PlanChangedError(""))
            else:
                self.call_later(self._save_soon)  # try again now; a problem is shown again
        self._last_activity = self.clock()
        plan = message.session.plan
        self._prepare_saving(message.session)
        if not self.guides_ready():  # told already; save what needs saving and close
            await self.close_plan()
            return
        with self.batch_update():  # straight to the step it resumes at, if any
            await self._clear_stack(HomeScreen(plan, self.guides))
            point = resume_point(self.guides, plan)
            if message.resume and point is not None and plan.current_step:
                guide, step = point
                await self.push_screen(StepScreen(plan, guide, step.id))

    async def on_browse_requested(self, message: BrowseRequested) -> None:
        from safetyplan.plan.model import Plan
        from safetyplan.tui.screens.home import HomeScreen

        if not self.guides_ready():
            return
        self.browse_plan = Plan()
        self.save_state = Saving.BROWSING
        await self._clear_stack(HomeScreen(self.browse_plan, self.guides, browsing=True))

    async def on_close_requested(self, message: CloseRequested) -> None:
        await self.close_plan()

    async def close_plan(self) -> None:
        """Save, forget the plan and its key, and show a clean start screen.

        When browsing without saving, first ask what to do with what was filled in.
        """
        from safetyplan.tui.screens.leave_browse import LeaveBrowseDialog

        if self.browse_plan is not None:
            self.push_screen(LeaveBrowseDialog(), self._leave_browse)
            return
        if not self.save_now():
            return
        self._forget_plan()
        await self._clear_stack()

    async def _leave_browse(self, choice: LeaveChoice | None) -> None:
        from safetyplan.tui.screens.create import CreateScreen
        from safetyplan.tui.screens.leave_browse import LeaveChoice
        from safetyplan.tui.screens.review import ReviewScreen

        plan = self.browse_plan
        if choice is None or plan is None:
            return
        if choice is LeaveChoice.SAVE:
            self.push_screen(CreateScreen(self.folder, work_factor=self.work_factor, plan=plan))
        elif choice is LeaveChoice.PRINT:
            self.push_screen(ReviewScreen(plan, self.guides, print_first=True))
        elif choice is LeaveChoice.FORGET:
            self._forget_plan()
            await self._clear_stack()

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

    def capture_screens(self) -> None:
        """Put what is typed on every open step into the plan, before an immediate save."""
        for screen in self.screen_stack:
            capture = getattr(screen, "capture_form", None)
            if capture is not None and capture():
                self._edits += 1

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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide Lock while there is no open plan to lock."""
        if action == "lock":
            return self.session is not None or self.browse_plan is not None
        return True

    def on_resize(self, event: events.Resize) -> None:
        small = too_small(event.size.width, event.size.height)
        showing = isinstance(self.screen, TooSmallScreen)
        if small and not showing and self.screen_stack:
            self.push_screen(TooSmallScreen())
        elif not small and showing:
            self.pop_screen()

    def action_pick_theme(self) -> None:
        """Choose the colours; the choice is kept in the settings file."""
        from safetyplan.tui.screens.theme_dialog import ThemeDialog

        def chosen(name: str | None) -> None:
            if name is None:
                return
            self.theme = name
            self.settings.theme = name
            self._keep_settings()

        self.push_screen(ThemeDialog(self.theme), chosen)

    def _keep_settings(self) -> None:
        if self.config_folder is None:
            return
        try:
            save_settings(self.config_folder, self.settings)
        except OSError:
            self.notify(
                "The colour choice could not be kept for next time.",
                severity="warning",
                markup=False,
            )

    # --- Other global keys -----------------------------------------------------------

    def action_help(self) -> None:
        """Show the keys and what each screen is for."""
        from safetyplan.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_review(self) -> None:
        """Show the whole plan at a glance."""
        from safetyplan.tui.screens.review import ReviewScreen

        if self.plan is not None:
            self.push_screen(ReviewScreen(self.plan, self.guides))

    # --- Crashes ------------------------------------------------------------------------

    def _fatal_error(self) -> None:
        """Leave after an unexpected error without printing a traceback.

        Textual's own handler prints the traceback with local variables into the
        terminal after exit, where plan text and passphrases could be read later.
        Here the plan is saved if it safely can be, and one neutral line is shown.
        """
        self.crashed = True
        try:
            self._save_quietly()
        except Exception:  # noqa: BLE001
            # The program is already failing; a second error must not print a traceback.
            # The previous version of the plan on disk is intact.
            self.save_state = Saving.UNSAVED
        self._return_code = 1
        self._close_messages_no_wait()
