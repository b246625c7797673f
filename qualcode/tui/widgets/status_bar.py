"""The line under the panes: who is coding, how far they are, where, and whether the last change is saved.

One widget that renders one line, so that saving a change repaints this line
and nothing else: no part of it changes size, so no layout pass is needed.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from qualcode.tui.text_fit import cut_middle


class StatusBar(Widget):
    """Reactive parts; the `-saved` and `-error` classes colour the last part."""

    COMPONENT_CLASSES = {
        "status-bar--coder",
        "status-bar--progress",
        "status-bar--saved",
        "status-bar--error",
    }

    coder: reactive[str] = reactive("")
    """The coder's name, with the role when it is not plain coder."""
    reviewed: reactive[int] = reactive(0)
    total: reactive[int] = reactive(0)
    place: reactive[str] = reactive("")
    """Document and position of the cursor, plus selection, filter and search state."""
    saved: reactive[str] = reactive("")
    """What the last committed change was; empty before the first."""
    saves: reactive[int] = reactive(0)
    """How many changes this session committed: the number a coder (and a test) can trust."""
    error: reactive[str] = reactive("")
    """The last refused action, shown until the next change is saved."""
    state: reactive[str] = reactive("idle")
    """idle, saved or error: drives the state classes."""

    @property
    def progress(self) -> str:
        percent = 100.0 * self.reviewed / self.total if self.total else 0.0
        return f"{self.reviewed}/{self.total} reviewed · {percent:.1f}%"

    @property
    def last_change(self) -> str:
        if self.error:
            return f"✗ {self.error}"
        if self.saves:
            # Not "#N": the transcript numbers segments that way.
            return f"✓ {self.saved} · {self.saves} saved"
        return "no changes yet"

    def render(self) -> RenderableType:
        width = self.size.width
        last_width = max(width // 2, 20)
        grid = Table.grid(expand=True, padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        grid.add_column(no_wrap=True, justify="right", max_width=last_width)
        last = "status-bar--error" if self.error else "status-bar--saved" if self.saves else ""
        coder = Text(f" {self.coder} ", style=self.get_component_rich_style("status-bar--coder"))
        progress = Text(self.progress, style=self.get_component_rich_style("status-bar--progress"))
        change = Text(self.last_change, style=self.get_component_rich_style(last) if last else "")
        room = width - coder.cell_len - progress.cell_len - min(change.cell_len, last_width) - 3
        grid.add_row(coder, progress, Text(self._place_in(room)), change)
        return grid

    def _place_in(self, room: int) -> str:
        """``│ name · 4/68 …``, the document's name cut in the middle before the position is cut.

        The name is in the transcript's title too, but only this line says which
        segment a hotkey will code.
        """
        if not self.place:
            return ""
        name, dot, where = self.place.partition(" · ")
        rest = f"{dot}{where}"
        return f"│ {cut_middle(name, max(room - 2 - len(rest), 1))}{rest}"

    def _update_state(self) -> None:
        self.state = "error" if self.error else "saved" if self.saves else "idle"

    def watch_error(self) -> None:
        self._update_state()

    def watch_saves(self) -> None:
        self._update_state()

    def watch_state(self, state: str) -> None:
        self.set_class(state == "saved", "-saved")
        self.set_class(state == "error", "-error")

    def record_save(self, what: str) -> None:
        self.error = ""
        self.saved = what
        self.saves += 1
