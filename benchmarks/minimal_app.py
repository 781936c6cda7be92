"""The reference for the benchmarks: a minimal Textual app with a Header, a Static and a Footer.

Run: ``python benchmarks/minimal_app.py``. Ctrl+Q quits (Textual's default binding).
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

GREETING = "Hello from the reference app"
"""The Static's text; the benchmarks wait for the word "reference" to appear."""


class MinimalApp(App[None]):
    """Header, Static, Footer and nothing else."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(GREETING)
        yield Footer()


if __name__ == "__main__":
    MinimalApp().run()
