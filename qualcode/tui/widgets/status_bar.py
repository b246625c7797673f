"""The line under the panes: who is coding, how far they are, and whether the last change is saved."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widgets import Label


class StatusBar(Horizontal):
    """Each part is its own label so that a change repaints only that part."""

    coder: reactive[str] = reactive("")
    """The coder's name and role."""
    reviewed: reactive[int] = reactive(0)
    total: reactive[int] = reactive(0)
    place: reactive[str] = reactive("")
    """Document and position of the cursor, plus filter or search state."""
    saved: reactive[str] = reactive("")
    """What the last committed change was; empty before the first."""
    saves: reactive[int] = reactive(0)
    """How many changes this session committed: the number a coder (and a test) can trust."""
    error: reactive[str] = reactive("")
    """The last refused action, shown until the next change is saved."""

    def compose(self) -> ComposeResult:
        yield Label(id="status-coder")
        yield Label(id="status-progress")
        yield Label(id="status-place")
        yield Label(id="status-saved")

    def watch_coder(self, coder: str) -> None:
        self.query_one("#status-coder", Label).update(coder)

    def _show_progress(self) -> None:
        percent = 100.0 * self.reviewed / self.total if self.total else 0.0
        self.query_one("#status-progress", Label).update(
            f"{self.reviewed}/{self.total} reviewed · {percent:.1f}%"
        )

    def watch_reviewed(self) -> None:
        self._show_progress()

    def watch_total(self) -> None:
        self._show_progress()

    def watch_place(self, place: str) -> None:
        self.query_one("#status-place", Label).update(place)

    def _show_saved(self) -> None:
        label = self.query_one("#status-saved", Label)
        if self.error:
            label.update(f"✗ {self.error}")
        elif self.saves:
            label.update(f"✓ saved #{self.saves} · {self.saved}")
        else:
            label.update("no changes yet")
        self.set_class(bool(self.error), "-error")
        self.set_class(bool(self.saves) and not self.error, "-saved")

    def watch_saved(self) -> None:
        self._show_saved()

    def watch_saves(self) -> None:
        self._show_saved()

    def watch_error(self) -> None:
        self._show_saved()

    def record_save(self, what: str) -> None:
        self.error = ""
        self.saved = what
        self.saves += 1
