"""The conversation guide: the safety check, the message builders, and keeping the words."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import TextArea

from safetyplan.plan.storage import open_plan
from safetyplan.tui.app import PlannerApp
from safetyplan.tui.screens.step import StepScreen
from safetyplan.vault.folder import PlanStore
from tests.pilot.conftest import PASSPHRASE, settle, tab_to, type_text, unlock_first


def visible(app: PlannerApp, prompt_id: str) -> bool:
    return bool(app.screen.query_one(f"#prompt-{prompt_id}").display)


async def open_conversation_step(pilot, step_id: str) -> None:  # type: ignore[no-untyped-def]
    """From the plan's home, open the conversation guide and jump to a step."""
    app = pilot.app
    await pilot.press("down", "enter")
    await pilot.pause()
    assert isinstance(app.screen, StepScreen)
    guide = app.screen.guide
    assert guide.id == "conversation"
    await pilot.press("ctrl+o")
    await pilot.pause()
    await pilot.press("home", *["down"] * guide.index(step_id), "enter")
    await pilot.pause()
    assert app.screen.step_id == step_id


async def pick(pilot, radio_id: str, position: int) -> None:  # type: ignore[no-untyped-def]
    await tab_to(pilot, f"#{radio_id}")
    await pilot.press("home", *["down"] * position, "enter")
    await pilot.pause()


async def test_walk_the_whole_guide_with_next(existing_plan, make_app) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock_first(pilot)
        await pilot.press("down", "enter")
        await pilot.pause()
        guide = app.screen.guide  # type: ignore[attr-defined]
        seen = []
        for _ in guide.steps:
            assert isinstance(app.screen, StepScreen)
            seen.append(app.screen.step_id)
            position = app.screen.query_one("#position").render()
            assert f"Step {len(seen)} of {len(guide.steps)}" in str(position)
            await pilot.press("ctrl+n")
            await pilot.pause()
        assert seen == [step.id for step in guide.steps]
        assert not isinstance(app.screen, StepScreen)  # back home after the last step


async def test_sextortion_shows_stop_contact_and_hides_the_builders(
    existing_plan, make_app
) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock_first(pilot)
        await open_conversation_step(pilot, "talk-to-them")
        assert not visible(app, "non-consent") and not visible(app, "dear-man")
        await pick(pilot, "choice-situation", 0)  # threats: sextortion
        assert visible(app, "stay-safe")
        assert (
            "Stop all contact"
            in app.screen.query_one("#prompt-stay-safe")
            .query_one("SelectionList")
            .get_option_at_index(1)
            .prompt.plain
        )  # type: ignore[attr-defined]
        assert not visible(app, "non-consent") and not visible(app, "dear-man")
        # Only a deliberate choice shows the builders.
        await pick(pilot, "choice-want-builder", 0)
        assert visible(app, "non-consent") and visible(app, "dear-man")
        await pick(pilot, "choice-want-builder", 1)
        assert not visible(app, "non-consent")


async def test_builders_use_exactly_what_was_typed_and_survive_reopening(
    existing_plan, make_app, folder: Path
) -> None:  # type: ignore[no-untyped-def]
    describe = "my May photo, ü"
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock_first(pilot)
        await open_conversation_step(pilot, "talk-to-them")
        await pick(pilot, "choice-situation", 1)  # no threats
        assert visible(app, "non-consent") and visible(app, "dear-man")
        assert not visible(app, "stay-safe")

        # Non-consent message: describe the image, tick two asks, build.
        form = app.screen.query_one("#prompt-non-consent")
        await tab_to(pilot, "#prompt-non-consent #part-describe Input")
        await type_text(pilot, describe)
        await tab_to(pilot, "#prompt-non-consent #part-asks SelectionList")
        await pilot.press("home", "space", "down", "space")
        await tab_to(pilot, "#prompt-non-consent #build")
        await pilot.press("enter")
        await pilot.pause()
        message = form.query_one("#message", TextArea)
        assert message.text == (
            f"I do not consent to you sharing {describe}. "
            "I do not give you permission to share it with anyone. "
            "I am asking you to delete it."
        )
        # Rewrite it in their own words: the edit is what is kept.
        await tab_to(pilot, "#prompt-non-consent #message")
        await pilot.press(*["down"] * 6, "end")
        await type_text(pilot, " Thanks.")

        # DEAR MAN: one field each, joined into one message.
        parts = [
            "I saw the post.",
            "I feel scared.",
            "Take it down today.",
            "Then I will not contact you again.",
            "I only want it gone.",
        ]
        for part_id, words in zip(
            ["describe", "express", "assert", "reinforce", "mindful"], parts, strict=True
        ):
            await tab_to(pilot, f"#prompt-dear-man #part-{part_id} Input")
            await type_text(pilot, words)
        await tab_to(pilot, "#prompt-dear-man #build")
        await pilot.press("enter")
        await settle(pilot)
        dear_man = app.screen.query_one("#prompt-dear-man #message", TextArea).text
        assert dear_man == " ".join(parts)
        await pilot.press("ctrl+q")
        await pilot.pause()

    store = PlanStore(folder)
    [info] = store.list()
    record = open_plan(store, info.name, PASSPHRASE).plan.peek("conversation", "talk-to-them")
    assert record is not None
    non_consent = record.answers["non-consent"]
    assert isinstance(non_consent, dict)
    assert non_consent["parts"] == {"describe": describe, "asks": ["do-not-share", "delete"]}
    assert str(non_consent["text"]).endswith("I am asking you to delete it. Thanks.")

    again = make_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await unlock_first(pilot)
        await pilot.press("c")
        await pilot.pause()
        assert again.screen.step_id == "talk-to-them"  # type: ignore[attr-defined]
        text = again.screen.query_one("#prompt-non-consent #message", TextArea).text
        assert text.endswith("delete it. Thanks.")
        assert again.screen.query_one("#prompt-dear-man #message", TextArea).text == " ".join(parts)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        answers = [str(w.render()) for w in again.screen.query(".review-answer")]
        assert any(text.endswith("delete it. Thanks.") for text in answers)
        assert " ".join(parts) in answers


async def test_building_again_asks_before_replacing_own_words(existing_plan, make_app) -> None:  # type: ignore[no-untyped-def]
    from safetyplan.tui.screens.confirm import ConfirmDialog

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await unlock_first(pilot)
        await open_conversation_step(pilot, "talk-to-them")
        await pick(pilot, "choice-situation", 1)
        await tab_to(pilot, "#prompt-non-consent #build")
        await pilot.press("enter")
        await pilot.pause()
        await tab_to(pilot, "#prompt-non-consent #message")
        await type_text(pilot, "Own ")
        message = app.screen.query_one("#prompt-non-consent #message", TextArea)
        mine = message.text
        await tab_to(pilot, "#prompt-non-consent #build")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")  # "Keep my words" has the focus
        await pilot.pause()
        assert message.text == mine
