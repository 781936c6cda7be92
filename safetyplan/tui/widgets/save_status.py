"""A quiet line that says whether the plan is saved."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import Static


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

    state: reactive[str] = reactive("")
    """One of "", "saving", "saved", "unsaved", "browsing"."""

    _WORDS = {
        "": "",
        "saving": "Saving...",
        "saved": "Saved",
        "unsaved": "Not saved",
        "browsing": "Not saving",
    }

    def on_mount(self) -> None:
        # The app owns whether the plan is saved; this line only shows it.
        self.watch(self.app, "save_state", self._follow, init=True)

    def _follow(self, state: str) -> None:
        self.state = state

    def watch_state(self, state: str) -> None:
        self.update(self._WORDS.get(state, ""))
        self.set_class(state == "unsaved", "-problem")
