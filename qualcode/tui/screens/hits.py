"""A dialog listing the segments behind a figure of the analysis screen; Enter opens one."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from qualcode.service.retrieval_ops import Retrieval
from qualcode.tui.messages import OpenSegment
from qualcode.tui.widgets.hit_table import HitTable


class HitsScreen(ModalScreen[OpenSegment | None]):
    """Dismisses with the segment to open, or None when closed; the screen below opens it."""

    CSS_PATH = "hits.tcss"
    BINDINGS = [Binding("escape", "close", "Close")]
    AUTO_FOCUS = "#hits-list"

    def __init__(self, retrieval: Retrieval) -> None:
        super().__init__()
        self.retrieval = retrieval

    def compose(self) -> ComposeResult:
        with Vertical(id="hits-dialog") as dialog:
            dialog.border_title = "Segments"
            found = self.retrieval
            yield Static(Text(f"{found.description} · {len(found.segments)} segments"), id="hits-caption")
            yield HitTable(id="hits-list")
            yield Label("↑↓ choose · enter open the segment · esc close", id="hits-hint")

    def on_mount(self) -> None:
        self.query_one("#hits-list", HitTable).show(self.retrieval.segments)

    def on_open_segment(self, message: OpenSegment) -> None:
        message.stop()
        self.dismiss(message)

    def action_close(self) -> None:
        self.dismiss(None)
