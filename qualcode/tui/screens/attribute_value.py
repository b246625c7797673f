"""A one-line dialog that dismisses with the text typed (an attribute's value, or KEY=VALUE), or None."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class AttributeValueScreen(ModalScreen[str | None]):
    """Enter saves what was typed; Esc leaves everything as it was."""

    CSS_PATH = "attribute_value.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.dialog_title = title
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(id="attribute-value-dialog") as dialog:
            dialog.border_title = self.dialog_title
            yield Input(self.value, placeholder=self.placeholder, id="attribute-value")
            yield Label("enter save · esc cancel", id="attribute-value-hint")

    def on_mount(self) -> None:
        self.query_one("#attribute-value", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
