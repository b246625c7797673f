"""The memo editor: a dialog over the coding screen that returns the memo's new text, or None."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static, TextArea


class MemoScreen(ModalScreen[str | None]):
    """Shows the segment being written about, so the coder need not remember it."""

    CSS_PATH = "memo.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, title: str, speaker: str, segment_text: str, memo: str) -> None:
        super().__init__()
        self.dialog_title = title
        self.speaker = speaker
        self.segment_text = segment_text
        self.memo = memo

    def compose(self) -> ComposeResult:
        with Vertical(id="memo-dialog") as dialog:
            dialog.border_title = self.dialog_title
            quoted = Text()
            if self.speaker:
                quoted.append(f"{self.speaker}: ", style="bold")
            quoted.append(self.segment_text)
            yield Static(quoted, id="memo-segment")
            yield TextArea(self.memo, id="memo-text", soft_wrap=True, show_line_numbers=False)
            with Horizontal(id="memo-buttons"):
                yield Label("ctrl+s save · esc cancel · an empty memo is deleted", id="memo-hint")
                yield Button("Cancel", id="memo-cancel")
                yield Button("Save", id="memo-save", variant="primary")

    @property
    def text_area(self) -> TextArea:
        return self.query_one("#memo-text", TextArea)

    def on_mount(self) -> None:
        self.text_area.focus()
        self.text_area.move_cursor(self.text_area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.text_area.text)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "memo-save":
            self.action_save()
        else:
            self.action_cancel()
