"""The overlap-sample dialog: which share every coder codes, and the seed; dismisses with both, or None."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

DEFAULT_SHARE = "0.2"


class CompareSampleScreen(ModalScreen[tuple[float, int | None] | None]):
    """Asks for the overlap share (0-1) and an optional seed; enter in the seed field confirms."""

    CSS_PATH = "compare_sample.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, coders: tuple[str, ...]) -> None:
        super().__init__()
        self.coders = coders

    def compose(self) -> ComposeResult:
        with Vertical(id="sample-dialog") as dialog:
            dialog.border_title = "Overlap sample"
            yield Label(f"Every coder codes this share of each document: {', '.join(self.coders)}")
            yield Input(DEFAULT_SHARE, placeholder="share, e.g. 0.2", id="sample-share")
            yield Label("Seed (empty: draw one)")
            yield Input(placeholder="seed", id="sample-seed", type="integer")
            yield Label("", id="sample-error")
            yield Label(
                "enter draws the sample · esc cancels · the rest is split between the coders",
                id="sample-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#sample-share", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "sample-share":
            self.query_one("#sample-seed", Input).focus()
            return
        try:
            share = float(self.query_one("#sample-share", Input).value)
        except ValueError:
            share = -1.0
        if not 0.0 < share <= 1.0:
            self.query_one("#sample-error", Label).update("the share must be a number in (0, 1], e.g. 0.2")
            self.query_one("#sample-share", Input).focus()
            return
        seed_text = self.query_one("#sample-seed", Input).value.strip()
        self.dismiss((share, int(seed_text) if seed_text else None))

    def action_cancel(self) -> None:
        self.dismiss(None)
