"""The plain line mode's flow: the plans, a plan's home, saving, lock, close and quick exit."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from safetyplan.errors import ContentError, PlanChangedError, PlanError
from safetyplan.line import lock, plans, words
from safetyplan.line.asker import Asker, Command, choose
from safetyplan.line.io import IdleTimeout, LineIO, QuickExit
from safetyplan.safetext import safe_line

if TYPE_CHECKING:
    from safetyplan.guides.content import Guide
    from safetyplan.plan.session import PlanSession


class LineApp:
    """The whole program, one line at a time. ``run`` it once."""

    def __init__(
        self,
        folder: Path,
        *,
        io: LineIO | None = None,
        guides: tuple[Guide, ...] | None = None,
        guides_folder: Path | None = None,
        work_factor: int = 18,
        max_work_factor: int = 22,
        idle_lock: float | None = None,
        config_folder: Path | None = None,
    ) -> None:
        """Make the app.

        Args:
            folder: The plans folder.
            io: Where lines are read and written (standard input and output by default).
            guides: The guides, already loaded; None reads them when first needed.
            guides_folder: Where to read the guides; None for the ones that came with the app.
            work_factor: scrypt work factor for new plans and passphrase changes.
            max_work_factor: The highest work factor a plan file may ask for.
            idle_lock: Seconds without an answer before an open plan locks (0: never);
                None takes the settings file's auto-lock minutes.
            config_folder: The settings folder, for the auto-lock minutes; None for this
                user's. It is read when a plan is first opened, not at start.
        """
        self.folder = folder
        self.io = io or LineIO()
        self._guides = guides
        self._guides_folder = guides_folder
        self.work_factor = work_factor
        self.max_work_factor = max_work_factor
        self._idle_lock = idle_lock
        self._config_folder = config_folder
        self.session: PlanSession | None = None
        """The open plan (or one tried out, or one kept behind the lock), or None."""
        self._told_kept = False

    @property
    def idle_lock(self) -> float:
        """Seconds without an answer before an open plan locks (0: never)."""
        if self._idle_lock is None:
            from safetyplan.vault.settings import load_settings

            folder = self._config_folder
            if folder is None:
                from safetyplan.vault.paths import config_dir

                folder = config_dir()
            self._idle_lock = load_settings(folder).auto_lock_minutes * 60.0
        return self._idle_lock

    @property
    def open_session(self) -> PlanSession:
        """The open plan. Only used while one is open."""
        assert self.session is not None
        return self.session

    def guides(self) -> tuple[Guide, ...] | None:
        """The guides, read the first time; None (after saying why) when they are damaged."""
        if self._guides is None:
            from safetyplan.guides.content import load_guides

            try:
                self._guides = load_guides(self._guides_folder)
            except ContentError as error:
                self.io.say(words.GUIDES_DAMAGED.format(problem=safe_line(str(error))))
                return None
        return self._guides

    # --- Start and leaving ------------------------------------------------------------

    def run(self) -> int:
        """Say the first lines, then go on until quick exit.

        Returns:
            The exit status (0).
        """
        for line in (words.TITLE, words.QUICK_EXIT, words.HELP_HINT):
            self.io.say(line)
        try:
            with contextlib.suppress(QuickExit):  # every other way out ends here too
                self._start()
        except Exception:  # never a traceback: it could show what a plan holds
            self.leave()
            self.io.say(words.CRASHED)
            return 1
        return self.leave()

    def leave(self) -> int:
        """Save with the key in memory, push what was shown out of sight, and stop.

        Returns:
            The exit status (0). One neutral line is said when something was not saved.
        """
        problem = None
        if self.session is not None:
            problem = self.session.save_quietly()
            self.session.close()
            self.session = None
        self.io.push_off_screen()
        if problem:
            self.io.say(problem)
        return 0

    def _start(self) -> None:
        """The plans on this computer, and what else can be done; for ever."""
        while True:
            infos = plans.list_plans(self)
            self.io.say(words.YOUR_PLANS if infos else words.NO_PLANS)
            names = [info.name for info in infos]
            entries: list[tuple[str, Callable[[], PlanSession | None]]] = [
                (
                    words.PLAN_ENTRY.format(name=safe_line(info.name), when=_when(info.modified)),
                    functools.partial(plans.unlock_plan, self, info.name),
                )
                for info in infos
            ]
            entries += [
                (words.NEW_PLAN, lambda: plans.create_plan(self)),
                (words.TRY_OUT, self._try_out),
            ]
            if infos:
                entries += [
                    (words.RENAME, functools.partial(plans.rename_plan, self, names)),
                    (words.DELETE, functools.partial(plans.delete_plan, self, names)),
                ]
            picked = choose(
                Asker(self.io), [e[0] for e in entries], help=[words.START_HELP, words.LIMITS]
            )
            assert picked is not None
            session = entries[picked][1]()
            if session is not None:
                self.session = session
                self._in_plan()

    def _try_out(self) -> PlanSession | None:
        from safetyplan.plan.session import PlanSession

        guides = self.guides()
        return PlanSession.try_out(guides) if guides is not None else None

    # --- An open plan -------------------------------------------------------------------

    def _in_plan(self) -> None:
        """The plan's home until it is closed; locks on /lock and when idle."""
        self.io.idle_after = self.idle_lock if self.idle_lock > 0 else None
        resume = False
        try:
            while self.session is not None:
                try:
                    self._home(resume)
                    resume = False
                except Command:  # /lock (the only command that comes this far)
                    resume = self.session is not None and self._lock(idle=False)
                except IdleTimeout:
                    resume = self.session is not None and self._lock(idle=True)
        finally:
            self.io.idle_after = None

    def _home(self, resume: bool) -> None:
        """The plan's home, again and again, until the plan is closed."""
        from safetyplan.line.home import continue_plan, home_once

        if resume and self.open_session.plan.current_step:
            continue_plan(self)  # back to the step where the lock came
        while self.session is not None:
            home_once(self)

    def save_change(self, said: str | None = words.SAVED) -> None:
        """Save what changed, and say so (or say why not).

        Args:
            said: What to say once it is saved, such as "Saved your notes."; None says
                nothing (a move to another step is saved without a word).
        """
        from safetyplan.plan.session import SaveState

        session = self.open_session
        state = session.save_state
        if state is SaveState.NOT_SAVING:
            if said:
                self.io.say(words.KEPT_AGAIN if self._told_kept else words.KEPT)
                self._told_kept = True
            return
        try:
            if state is SaveState.CHANGED_ELSEWHERE:
                raise PlanChangedError("")
            session.save()
        except PlanChangedError:
            self.io.say(words.NOT_SAVED_ELSEWHERE)
        except PlanError as error:
            self.io.say(safe_line(str(error)))
        else:
            if said:
                self.io.say(said)

    def close(self) -> None:
        """Save and close the plan (or, trying it out, ask what to do with it)."""
        from safetyplan.plan.session import SaveState

        session = self.open_session
        state = session.save_state
        if state is SaveState.NOT_SAVING:
            lock.finish_trying(self)
            return
        try:
            if state is SaveState.CHANGED_ELSEWHERE:
                raise PlanChangedError("")
            session.save()
        except PlanChangedError:
            lock.changed_elsewhere(self)
            return
        except PlanError as error:
            self.io.say(safe_line(str(error)))
            return
        session.close()
        self.session = None
        self.io.push_off_screen()
        self.io.say(words.CLOSED)

    def _lock(self, *, idle: bool) -> bool:
        """Save, forget the key, and ask for the passphrase again. Nothing of the plan
        is said, not even its name.

        Returns:
            True when unlocked again; False when the plan was closed instead.
        """
        from safetyplan.plan.session import SaveState

        session = self.open_session
        if session.save_state is SaveState.NOT_SAVING:
            return lock.cover(self)
        return lock.lock_and_unlock(self, session, idle=idle)


def _when(moment: datetime | None) -> str:
    """A last-changed time in plain words, in local time (or "at an unknown time")."""
    from safetyplan.vault.folder import local_time

    local = local_time(moment)
    return words.UNKNOWN_TIME if local is None else local.strftime("%d %b %Y, %H:%M")
