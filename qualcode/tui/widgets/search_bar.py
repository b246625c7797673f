"""The search line under the transcript: a query box and where the cursor is among the hits."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label


class SearchBar(Horizontal):
    """Typing here searches the text of the whole project; enter jumps from hit to hit."""

    def compose(self) -> ComposeResult:
        yield Label("/", id="search-prompt")
        yield Input(placeholder="search every document… (enter: next hit, esc: close)", id="search-input")
        yield Label("", id="search-hits")

    @property
    def input(self) -> Input:
        return self.query_one("#search-input", Input)

    def show_hits(self, text: str) -> None:
        self.query_one("#search-hits", Label).update(text)
