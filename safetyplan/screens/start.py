"""The first screen: the plans on this machine, new plan, open. Neutral words only."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from safetyplan.messages import BrowseRequested


def when_words(moment: datetime) -> str:
    """A last-changed time in plain words, in local time."""
    return moment.astimezone().strftime("%d %b %Y, %H:%M")


class StartScreen(Screen[None]):
    """Lists plans by neutral name and last change, and nothing else."""

    BINDINGS = [
        Binding("n", "new_plan", "New", id="new", show=False),
        Binding("o", "open_plan", "Open", id="open", show=False),
        Binding("t", "try_out", "Try without saving", id="try", show=False),
        Binding("r", "rename_plan", "Rename", id="rename"),
        Binding("d", "delete_plan", "Delete", id="delete"),
    ]

    def __init__(self, folder: Path, *, work_factor: int, max_work_factor: int) -> None:
        """Make the start screen.

        Args:
            folder: The plans folder.
            work_factor: scrypt work factor for new plans.
            max_work_factor: The highest work factor a file may ask for.
        """
        super().__init__()
        self.folder = folder
        self.work_factor = work_factor
        self.max_work_factor = max_work_factor

    def compose(self) -> ComposeResult:
        yield Header(icon="")
        with Vertical(id="start", classes="page"):
            yield Static("Your plans", classes="page-title")
            yield Static("", id="folder-problem", classes="problem", markup=False)
            yield OptionList(id="plans")
            yield Static("", id="no-plans", classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("Open", id="open", variant="primary")
                yield Button("New plan", id="new")
                yield Button("Try without saving", id="try")
        yield Footer(show_command_palette=False)

    def on_screen_resume(self) -> None:
        self.app.sub_title = ""
        # Draw the screen first, then read the folder: the first frame comes sooner.
        self.call_after_refresh(self.refresh_plans)

    def refresh_plans(self) -> None:
        """Read the plans folder again and list what is there."""
        from safetyplan.errors import PlanError
        from safetyplan.storage import PlanStore

        plans = self.query_one("#plans", OptionList)
        plans.clear_options()
        problem = ""
        try:
            infos = PlanStore(self.folder).list()
        except PlanError as error:
            infos, problem = [], str(error)
        except OSError:
            infos, problem = [], "The plans folder cannot be read right now."
        self.query_one("#folder-problem", Static).update(problem)
        for info in infos:
            label = f"{info.name:<24} changed {when_words(info.modified)}"
            plans.add_option(Option(Content(label), id=info.name))
        empty = not infos
        self.query_one("#no-plans", Static).update(
            "There are no plans here yet. Choose New plan to make one." if empty else ""
        )
        self.query_one("#open", Button).disabled = empty
        if empty:
            self.query_one("#new", Button).focus()
        else:
            plans.highlighted = 0
            plans.focus()

    def _highlighted_name(self) -> str | None:
        plans = self.query_one("#plans", OptionList)
        if plans.highlighted is None or not plans.option_count:
            return None
        return plans.get_option_at_index(plans.highlighted).id

    @on(OptionList.OptionSelected, "#plans")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self._unlock(event.option.id)

    @on(Button.Pressed, "#open")
    def action_open_plan(self) -> None:
        """Unlock the highlighted plan."""
        name = self._highlighted_name()
        if name:
            self._unlock(name)

    def _unlock(self, name: str) -> None:
        from safetyplan.screens.unlock import UnlockScreen

        self.app.push_screen(UnlockScreen(self.folder, name, max_work_factor=self.max_work_factor))

    @on(Button.Pressed, "#new")
    def action_new_plan(self) -> None:
        """Make a new plan."""
        from safetyplan.screens.create import CreateScreen

        self.app.push_screen(CreateScreen(self.folder, work_factor=self.work_factor))

    @on(Button.Pressed, "#try")
    def action_try_out(self) -> None:
        """Walk through the guides with nothing written to disk."""
        self.post_message(BrowseRequested())

    def action_rename_plan(self) -> None:
        """Give the highlighted plan another name."""
        from safetyplan.errors import PlanError
        from safetyplan.screens.name_dialog import NameDialog

        name = self._highlighted_name()
        if name is None:
            return

        def renamed(new: str | None) -> None:
            from safetyplan.storage import PlanStore

            if not new or new == name:
                return
            try:
                PlanStore(self.folder).rename(name, new)
            except PlanError as error:
                self.notify(
                    str(error), title="Not renamed", severity="error", timeout=10, markup=False
                )
            self.refresh_plans()

        self.app.push_screen(
            NameDialog("Rename", f"A new name for {name}:", suggestion=name, ok="Rename"),
            renamed,
        )

    def action_delete_plan(self) -> None:
        """Delete the highlighted plan and its backup, after asking."""
        from safetyplan.errors import PlanError
        from safetyplan.screens.confirm import ConfirmDialog

        name = self._highlighted_name()
        if name is None:
            return

        def answered(sure: bool | None) -> None:
            from safetyplan.storage import PlanStore

            if not sure:
                return
            try:
                PlanStore(self.folder).delete(name)
            except PlanError as error:
                self.notify(
                    str(error), title="Not deleted", severity="error", timeout=10, markup=False
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
