"""A quiet line that says whether the plan is saved."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import Static

from safetyplan.tui.states import Saving


class SaveStatus(Static):
    """Shows "Saved", "Saving..." or "Not saved". Never shows plan content."""

    DEFAULT_CSS = """
    SaveStatus {
        width: auto;
        color: $text-muted;
        padding: 0 1;
        &.-problem { color: $text-error; text-style: bold; }
    }
    """

    state: reactive[Saving] = reactive(Saving.NOTHING)
    """What the app says about saving."""

    _WORDS = {
        Saving.NOTHING: "",
        Saving.SAVING: "Saving...",
        Saving.SAVED: "Saved",
        Saving.UNSAVED: "Not saved",
        Saving.BROWSING: "Not saving",
    }

    def on_mount(self) -> None:
        # The app owns whether the plan is saved; this line only shows it.
        self.watch(self.app, "save_state", self._follow, init=True)

    def _follow(self, state: Saving) -> None:
        self.state = state

    def watch_state(self, state: Saving) -> None:
        self.update(self._WORDS[state])
        self.set_class(state is Saving.UNSAVED, "-problem")
