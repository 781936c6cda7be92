"""The passphrase form shared by the lock screen and opening a plan again."""

from __future__ import annotations

from textual.app import App, ComposeResult

from safetyplan.tui.widgets.passphrase_form import PassphraseForm
from tests.pilot.conftest import type_text


class FormApp(App[None]):
    """Only the form, and what it sent."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[str] = []

    def compose(self) -> ComposeResult:
        yield PassphraseForm(go=("Unlock", "go"), other=("Close", "close"))

    def on_mount(self) -> None:
        self.query_one("#passphrase").focus()

    def on_passphrase_form_submitted(self, event: PassphraseForm.Submitted) -> None:
        self.sent.append(event.passphrase)


async def test_enter_sends_the_passphrase_but_never_an_empty_one() -> None:
    app = FormApp()
    async with app.run_test() as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert app.sent == []
        await type_text(pilot, "maple")
        await pilot.press("enter")
        await pilot.pause()
        assert app.sent == ["maple"]
        form = app.query_one(PassphraseForm)
        form.busy("Unlocking... this takes a moment.")
        assert form.field.disabled
        form.again("That passphrase did not unlock \x1b[2J.")
        await pilot.pause()
        assert not form.field.disabled and form.field.value == ""
        words = str(app.query_one("#status").render())
        assert "\x1b" not in words and "\\x1b[2J" in words
        await pilot.click("#go")
        await pilot.pause()
        assert app.sent == ["maple"]  # nothing typed: the button sends nothing
