"""A one-line dialog for the rationale of the next decision; dismisses with the text, or None."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class AdjudicateRationaleScreen(ModalScreen[str | None]):
    """Enter keeps the rationale for the next decision key; esc leaves it as it was."""

    CSS_PATH = "adjudicate_rationale.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, rationale: str) -> None:
        super().__init__()
        self.rationale = rationale

    def compose(self) -> ComposeResult:
        with Vertical(id="rationale-dialog") as dialog:
            dialog.border_title = "Rationale for the decision"
            yield Input(
                self.rationale,
                placeholder="why this decision (saved in the decision log)",
                id="rationale-text",
            )
            yield Label("enter keeps it for the next decision key · esc cancels", id="rationale-hint")

    def on_mount(self) -> None:
        self.query_one("#rationale-text", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
