"""The Textual app: global keys, the flow between screens, autosave."""

from __future__ import annotations

import copy
import threading
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from safetyplan.content import Guide
from safetyplan.errors import PlanError
from safetyplan.messages import CloseRequested, PlanEdited, PlanOpened
from safetyplan.screens.home import HomeScreen
from safetyplan.screens.start import StartScreen

if TYPE_CHECKING:
    from safetyplan.model import Plan
    from safetyplan.storage import OpenPlan

NEUTRAL_TITLE = "Notes"
"""The only title the terminal and the Header ever show."""


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

    save_state: reactive[str] = reactive("")
    """What the quiet save indicator says: "", "saving", "saved" or "unsaved"."""

    def __init__(
        self,
        folder: Path,
        guides: tuple[Guide, ...],
        *,
        work_factor: int = 18,
        max_work_factor: int = 22,
        save_delay: float = 0.5,
    ) -> None:
        """Make the app.

        Args:
            folder: The plans folder.
            guides: The guides, already loaded and checked.
            work_factor: scrypt work factor for new plans and passphrase changes.
            max_work_factor: The highest work factor a plan file may ask for.
            save_delay: Seconds of quiet after a change before it is saved.
        """
        super().__init__()
        self.folder = folder
        self.guides = guides
        self.work_factor = work_factor
        self.max_work_factor = max_work_factor
        self.save_delay = save_delay
        self.session: OpenPlan | None = None
        self._dirty = False
        self._save_timer: Timer | None = None
        self._save_lock = threading.Lock()

    def on_mount(self) -> None:
        self.push_screen(self._start_screen())

    def _start_screen(self) -> StartScreen:
        return StartScreen(
            self.folder, work_factor=self.work_factor, max_work_factor=self.max_work_factor
        )

    async def _back_to_start(self) -> None:
        """Remove every screen and show a fresh start screen."""
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        await self.push_screen(self._start_screen())

    # --- Opening and closing a plan --------------------------------------------

    async def on_plan_opened(self, message: PlanOpened) -> None:
        self.session = message.session
        self._dirty = False
        self.save_state = ""
        await self._back_to_start()
        await self.push_screen(HomeScreen(message.session.plan, self.guides))

    async def on_close_requested(self, message: CloseRequested) -> None:
        if self.save_now():
            self._forget_plan()
            await self._back_to_start()

    def _forget_plan(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if self.session is not None:
            self.session.close()
        self.session = None
        self._dirty = False
        self.save_state = ""

    # --- Saving ---------------------------------------------------------------

    def on_plan_edited(self, message: PlanEdited) -> None:
        if self.session is None:
            return
        self._dirty = True
        if self.save_delay <= 0:
            self.call_later(self._save_soon)
        elif self._save_timer is None:
            self._save_timer = self.set_timer(self.save_delay, self._save_soon)
        else:
            self._save_timer.reset()

    def _save_soon(self) -> None:
        self._save_timer = None
        if not self._dirty or self.session is None:
            return
        self._dirty = False
        self.save_state = "saving"
        self._save_in_background(self.session, copy.deepcopy(self.session.plan))

    @work(thread=True, group="save", exit_on_error=False)
    def _save_in_background(self, session: OpenPlan, snapshot: Plan) -> None:
        with self._save_lock:
            session.save(snapshot)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "save":
            return
        if event.state is WorkerState.SUCCESS:
            self.save_state = "saving" if self._dirty else "saved"
        elif event.state is WorkerState.ERROR:
            self.save_state = "unsaved"
            self._dirty = True
            self._tell_save_problem(event.worker.error)

    def _tell_save_problem(self, error: BaseException | None) -> None:
        if isinstance(error, PlanError):
            words = str(error)
        else:
            words = "Your plan could not be saved. Your changes are still here."
        self.notify(words, title="Not saved", severity="error", timeout=10)

    def save_now(self) -> bool:
        """Save at once, in this thread, if anything is unsaved.

        Returns:
            True when everything is saved (or nothing needed saving).
        """
        if self.session is None:
            return True
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if not self._dirty and self.save_state != "unsaved":
            return True
        try:
            with self._save_lock:
                self.session.save(copy.deepcopy(self.session.plan))
        except PlanError as error:
            self.save_state = "unsaved"
            self._tell_save_problem(error)
            return False
        self._dirty = False
        self.save_state = "saved"
        return True

    # --- Global keys ------------------------------------------------------------

    def action_quick_exit(self) -> None:
        """Save what is unsaved and leave at once."""
        self.save_now()
        self.exit()

    def action_lock(self) -> None:
        """Lock the plan (built in a later step)."""

    def action_help(self) -> None:
        """Show help (built in a later step)."""


def run_app(folder: Path) -> int:
    """Run the app on a plans folder.

    Args:
        folder: The plans folder.

    Returns:
        The process exit status.
    """
    from safetyplan.content import load_guides

    guides = load_guides()
    PlannerApp(folder, guides).run()
    return 0
