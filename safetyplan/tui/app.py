"""The Textual app: global keys, the flow between screens, autosave, lock and quick exit."""

from __future__ import annotations

import asyncio
import copy
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer

from safetyplan.errors import ContentError, PlanChangedError
from safetyplan.safetext import safe_line
from safetyplan.tui.leaving import LeavingApp
from safetyplan.tui.messages import (
    BrowseRequested,
    CloseRequested,
    PlanOpened,
)
from safetyplan.tui.screens.start import StartScreen
from safetyplan.tui.screens.too_small import TooSmallScreen, too_small
from safetyplan.tui.states import Saving
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


class PlannerApp(LeavingApp):
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
