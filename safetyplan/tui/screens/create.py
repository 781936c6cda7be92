"""Make a new plan: a neutral name, a passphrase twice, an honest warning."""

from __future__ import annotations

import copy
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Static
from textual.worker import Worker, WorkerState

from safetyplan.errors import NOT_ENOUGH_MEMORY, PlanError, short_of_memory
from safetyplan.plan.model import Plan
from safetyplan.safetext import safe_text
from safetyplan.tui.messages import PlanOpened
from safetyplan.tui.widgets.passphrase_input import PassphraseInput
from safetyplan.tui.widgets.safe_fields import SafeInput


class CreateScreen(Screen[None]):
    """The form for a new plan. The key is made in a worker thread."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel")]

    def __init__(self, folder: Path, *, work_factor: int, plan: Plan | None = None) -> None:
        """Make the form.

        Args:
            folder: The plans folder.
            work_factor: scrypt work factor for the new plan.
            plan: What was filled in without saving, to save in the new plan.
        """
        super().__init__()
        self.folder = folder
        self.work_factor = work_factor
        self.plan = plan

    def compose(self) -> ComposeResult:
        from safetyplan.vault.folder import PlanStore

        with VerticalScroll(id="create", classes="page"):
            yield Static("New plan", classes="page-title")
            yield Static("A name for the plan. Pick one that means nothing to anyone else.")
            yield SafeInput(PlanStore(self.folder).suggest_name(), id="name")
            yield Static("A passphrase. You will need it every time you open the plan.")
            yield PassphraseInput(placeholder="passphrase", id="passphrase")
            yield Static("", id="strength", classes="hint")
            yield PassphraseInput(placeholder="the same passphrase again", id="confirm")
            yield Button("Suggest a passphrase for me", id="suggest")
            yield Static("", id="suggested", classes="suggested")
            yield Static(
                "Important: if the passphrase is lost, the plan is lost. No one can open it "
                "or get it back, not even with this program. Keep the passphrase somewhere "
                "safe, away from this device if you can.",
                classes="warning",
            )
            yield Static("", id="problem", classes="problem", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Make the plan", id="create-plan", variant="primary")
                yield Button("Cancel", id="cancel")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#passphrase").focus()

    @on(Input.Changed, "#passphrase")
    def _passphrase_changed(self, event: Input.Changed) -> None:
        from safetyplan.vault.passphrase import strength

        words = strength(event.value).words if event.value else ""
        self.query_one("#strength", Static).update(words)

    @on(Button.Pressed, "#suggest")
    def _suggest(self) -> None:
        from safetyplan.vault.passphrase import generate

        phrase = generate()
        self.query_one("#passphrase", Input).value = phrase
        self.query_one("#confirm", Input).value = phrase
        self.query_one("#suggested", Static).update(
            f"Your passphrase:\n  {phrase}\nWrite it down now and keep the paper safe. "
            "It is shown only here."
        )

    @on(Input.Submitted, "#name")
    @on(Input.Submitted, "#passphrase")
    def _next_field(self) -> None:
        self.focus_next()

    @on(Input.Submitted, "#confirm")
    @on(Button.Pressed, "#create-plan")
    def _create(self) -> None:
        from safetyplan.vault.folder import PlanStore
        from safetyplan.vault.passphrase import acceptable

        name = self.query_one("#name", SafeInput).stored_value.strip()
        passphrase = self.query_one("#passphrase", Input).value
        confirm = self.query_one("#confirm", Input).value
        store = PlanStore(self.folder)
        try:
            store.validate_name(name)
            if store.exists(name):
                raise PlanError(f"There is already a plan called {name!r}. Pick another name.")
        except PlanError as error:
            self._problem(str(error))
            self.query_one("#name").focus()
            return
        reason = acceptable(passphrase)
        if reason is None and passphrase != confirm:
            reason = "The two passphrases are not the same. Please type them again."
        if reason is not None:
            self._problem(reason)
            self.query_one("#passphrase").focus()
            return
        self._problem("Making your plan. This takes a moment...")
        self.query_one("#create-plan", Button).disabled = True
        self._make_plan(name, passphrase)

    def _problem(self, words: str) -> None:
        # The words can hold the name as typed, or an error's words about a file.
        self.query_one("#problem", Static).update(safe_text(words))

    @work(thread=True, exclusive=True, group="create", exit_on_error=False)
    def _make_plan(self, name: str, passphrase: str) -> object:
        from safetyplan.plan.storage import create_plan
        from safetyplan.vault.folder import PlanStore

        document = None
        if self.plan is not None:
            from safetyplan.plan.document import new_document, update_document

            # One save: what was filled in goes into the new file from the start.
            document = new_document()
            update_document(document, copy.deepcopy(self.plan))
        opened = create_plan(
            PlanStore(self.folder),
            name,
            passphrase,
            work_factor=self.work_factor,
            document=document,
        )
        return opened

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "create":
            return
        if event.state is WorkerState.SUCCESS:
            self.post_message(PlanOpened(event.worker.result))  # type: ignore[arg-type]
        elif event.state is WorkerState.ERROR:
            error = event.worker.error
            if isinstance(error, PlanError):
                words = str(error)
            elif short_of_memory(error):
                words = NOT_ENOUGH_MEMORY
            else:
                words = "The plan could not be made. Nothing was saved. Please try again."
            self._problem(words)
            self.query_one("#create-plan", Button).disabled = False

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Go back without making a plan."""
        self.dismiss()
