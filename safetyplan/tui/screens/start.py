"""The first screen: the plans on this machine, new plan, open. Neutral words only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from safetyplan.safetext import safe_line, safe_text
from safetyplan.tui.messages import BrowseRequested

if TYPE_CHECKING:
    from safetyplan.vault.folder import PlanInfo


def when_words(moment: datetime | None) -> str:
    """A last-changed time in plain words, in local time ("at an unknown time" when there
    is none, or it cannot be shown in this time zone)."""
    from safetyplan.vault.folder import local_time

    local = local_time(moment)
    return "at an unknown time" if local is None else local.strftime("%d %b %Y, %H:%M")


NEW_PLAN = "Make a new plan"
"""The list entry that makes a new plan."""
TRY_OUT = "Try it without saving"
"""The list entry that walks through the guides with nothing written."""

_PLAN = "plan:"
"""Prefix of the option ids of plans (the rest of the id is the plan's name)."""


class StartScreen(Screen[None]):
    """Lists plans by neutral name and last change, and nothing else.

    One list holds the plans and, below them, the two other things to do. A single
    list is quick to draw and easy to follow with arrows, Enter or a screen reader.
    """

    BINDINGS = [
        Binding("n", "new_plan", "New plan", id="new", show=False),
        Binding("o", "open_plan", "Open", id="open", show=False),
        Binding("t", "try_out", "Try without saving", id="try", show=False),
        Binding("r", "rename_plan", "Rename", id="rename"),
        Binding("d", "delete_plan", "Delete", id="delete"),
    ]

    plain_separator: ClassVar[bool] = False
    """Leave a blank line between the plans and the rest, instead of a drawn line (for
    terminals such as the Linux console that may lack the line-drawing character)."""

    def __init__(
        self,
        folder: Path,
        *,
        work_factor: int,
        max_work_factor: int,
        guides_ready: Callable[[], bool] | None = None,
    ) -> None:
        """Make the start screen.

        Args:
            folder: The plans folder.
            work_factor: scrypt work factor for new plans.
            max_work_factor: The highest work factor a file may ask for.
            guides_ready: Reads the guides if needed and says whether they can be
                used (it tells the person when not); nothing is opened without them.
        """
        super().__init__()
        self.folder = folder
        self.work_factor = work_factor
        self.max_work_factor = max_work_factor
        self._guides_ready = guides_ready or (lambda: True)
        self._shown_once = False

    def compose(self) -> ComposeResult:
        # The folder is read here, so the first frame already lists the plans.
        infos, problem = self._read_folder()
        yield Header(icon="")
        with Vertical(id="start", classes="page"):
            yield Static("Your plans", classes="page-title")
            shown_problem = Static(
                safe_text(problem), id="folder-problem", classes="problem", markup=False
            )
            shown_problem.display = bool(problem)
            yield shown_problem
            yield OptionList(*self._options(infos), id="plans")
            yield Static(self._hint(infos), id="start-hint", classes="hint")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self._highlight_first()

    def on_screen_resume(self) -> None:
        self.app.sub_title = ""
        if self._shown_once:  # back from another screen: the folder may have changed
            self.refresh_plans()
        self._shown_once = True

    def _read_folder(self) -> tuple[list[PlanInfo], str]:
        """The plans in the folder, and a problem to show instead (or "")."""
        from safetyplan.errors import PlanError
        from safetyplan.vault.folder import PlanStore

        try:
            return PlanStore(self.folder).list(), ""
        except PlanError as error:
            return [], str(error)
        except OSError:
            return [], "The plans folder cannot be read right now."

    @staticmethod
    def _options(infos: list[PlanInfo]) -> list[Option | None]:
        options: list[Option | None] = [
            Option(
                Content(f"{safe_line(info.name):<24} changed {when_words(info.modified)}"),
                id=_PLAN + info.name,
            )
            for info in infos
        ]
        if options:  # a line between the plans and the rest
            options.append(Option(" ", disabled=True) if StartScreen.plain_separator else None)
        options += [Option(NEW_PLAN, id="new"), Option(TRY_OUT, id="try")]
        return options

    @staticmethod
    def _hint(infos: list[PlanInfo]) -> str:
        if not infos:
            return "There are no plans here yet. Choose Make a new plan and press Enter."
        return "Pick a plan and press Enter to open it."

    def refresh_plans(self) -> None:
        """Read the plans folder again and list what is there."""
        infos, problem = self._read_folder()
        plans = self.query_one("#plans", OptionList)
        plans.clear_options()
        plans.add_options(self._options(infos))
        shown_problem = self.query_one("#folder-problem", Static)
        shown_problem.update(safe_text(problem))
        shown_problem.display = bool(problem)
        self.query_one("#start-hint", Static).update(self._hint(infos))
        self._highlight_first()
        plans.focus()

    def _highlight_first(self) -> None:
        self.query_one("#plans", OptionList).highlighted = 0

    def _highlighted_name(self) -> str | None:
        plans = self.query_one("#plans", OptionList)
        if plans.highlighted is None or not plans.option_count:
            return None
        option_id = plans.get_option_at_index(plans.highlighted).id or ""
        return option_id.removeprefix(_PLAN) if option_id.startswith(_PLAN) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer Rename and Delete only while a plan is highlighted."""
        if action in ("rename_plan", "delete_plan", "open_plan"):
            return self.is_mounted and self._highlighted_name() is not None
        return True

    @on(OptionList.OptionHighlighted, "#plans")
    def _moved(self) -> None:
        self.refresh_bindings()

    @on(OptionList.OptionSelected, "#plans")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id == "new":
            self.action_new_plan()
        elif option_id == "try":
            self.action_try_out()
        elif option_id.startswith(_PLAN):
            self._unlock(option_id.removeprefix(_PLAN))

    def action_open_plan(self) -> None:
        """Unlock the highlighted plan."""
        name = self._highlighted_name()
        if name:
            self._unlock(name)

    def _unlock(self, name: str) -> None:
        from safetyplan.tui.screens.unlock import UnlockScreen

        if not self._guides_ready():
            return
        self.app.push_screen(UnlockScreen(self.folder, name, max_work_factor=self.max_work_factor))

    def action_new_plan(self) -> None:
        """Make a new plan."""
        from safetyplan.tui.screens.create import CreateScreen

        if self._guides_ready():
            self.app.push_screen(CreateScreen(self.folder, work_factor=self.work_factor))

    def action_try_out(self) -> None:
        """Walk through the guides with nothing written to disk."""
        if self._guides_ready():
            self.post_message(BrowseRequested())

    def action_rename_plan(self) -> None:
        """Give the highlighted plan another name."""
        from safetyplan.errors import PlanError
        from safetyplan.tui.screens.name_dialog import NameDialog

        name = self._highlighted_name()
        if name is None:
            return

        def renamed(new: str | None) -> None:
            from safetyplan.vault.folder import PlanStore

            if not new or new == name:
                return
            try:
                PlanStore(self.folder).rename(name, new)
            except PlanError as error:
                self.notify(
                    safe_line(str(error)),
                    title="Not renamed",
                    severity="error",
                    timeout=10,
                    markup=False,
                )
            self.refresh_plans()

        self.app.push_screen(
            NameDialog("Rename", f"A new name for {name}:", suggestion=name, ok="Rename"),
            renamed,
        )

    def action_delete_plan(self) -> None:
        """Delete the highlighted plan and its backup, after asking."""
        from safetyplan.errors import PlanError
        from safetyplan.tui.screens.confirm import ConfirmDialog

        name = self._highlighted_name()
        if name is None:
            return

        def answered(sure: bool | None) -> None:
            from safetyplan.vault.folder import PlanStore

            if not sure:
                return
            try:
                PlanStore(self.folder).delete(name)
            except PlanError as error:
                self.notify(
                    safe_line(str(error)),
                    title="Not deleted",
                    severity="error",
                    timeout=10,
                    markup=False,
                )
            self.refresh_plans()

        self.app.push_screen(
            ConfirmDialog(
                f"Delete {name}?",
                "This removes the plan and its earlier copy from this folder. It cannot be "
                "undone here. Deleted files can sometimes be recovered from a disk with "
                "special tools, but they stay locked with the passphrase.",
                yes="Delete it",
                no="Keep it",
                careful=True,
            ),
            answered,
        )
