"""The form that edits one code: name, hotkey, colour, parent, the four texts, archived."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Checkbox, Input, Label, Select, TextArea

from qualcode.service.coding_ops import CodeFields
from qualcode.service.results import CodeInfo
from qualcode.tui.widgets.code_tree import swatch_style

TOP_LEVEL = 0
"""The parent choice that means "no parent"; code ids start at 1."""

TEXTS = (
    ("definition", "Definition"),
    ("when_to_use", "When to use"),
    ("when_not_to_use", "When not to use"),
    ("example", "Example"),
)


class CodeForm(VerticalScroll):
    """Knows nothing of the database: it shows `CodeFields` and reads them back."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.loaded = CodeFields(name="")
        """What the form showed when it was last loaded; edits are measured against it."""

    @property
    def dirty(self) -> bool:
        """The form differs from what was last loaded (or saved)."""
        return self.read() != self.loaded

    def compose(self) -> ComposeResult:
        yield Label("Name", classes="field-label")
        yield Input(id="code-name")
        with Horizontal(classes="field-row"):
            yield Label("Hotkey", classes="field-label")
            yield Input(id="code-hotkey", max_length=1, classes="short")
            yield Label("Colour", classes="field-label")
            yield Input(id="code-color", placeholder="#2E8B57", max_length=7, classes="colour")
            yield Label("●", id="code-swatch")
        yield Label("Parent", classes="field-label")
        yield Select[int]([("(top level)", TOP_LEVEL)], id="code-parent", allow_blank=False)
        for field, title in TEXTS:
            yield Label(title, classes="field-label")
            yield TextArea(id=f"code-{field}", soft_wrap=True, classes="field-text")
        yield Checkbox("Archived (kept for old codings, hidden from coding)", id="code-archived")
        yield Label("", id="code-message")

    def _input(self, name: str) -> Input:
        return self.query_one(f"#code-{name}", Input)

    def _text(self, name: str) -> TextArea:
        return self.query_one(f"#code-{name}", TextArea)

    @property
    def parent_select(self) -> Select[int]:
        return self.query_one("#code-parent", Select)

    @property
    def archived_box(self) -> Checkbox:
        return self.query_one("#code-archived", Checkbox)

    def load(self, fields: CodeFields, parents: Sequence[CodeInfo]) -> None:
        """Show ``fields``; ``parents`` are the codes it may move under."""
        self.loaded = fields
        self._input("name").value = fields.name
        self._input("hotkey").value = fields.hotkey
        self._input("color").value = fields.color
        options = [("(top level)", TOP_LEVEL)] + [(code.path, code.id) for code in parents]
        self.parent_select.set_options(options)
        self.parent_select.value = fields.parent_id or TOP_LEVEL
        for field, _title in TEXTS:
            self._text(field).load_text(getattr(fields, field))
        self.archived_box.value = fields.archived
        self._show_swatch(fields.color)
        self.show_message("")

    def read(self) -> CodeFields:
        """The form's fields over what was loaded, so fields it does not show (the flags) stay."""
        parent = self.parent_select.value
        texts = {field: self._text(field).text for field, _title in TEXTS}
        return replace(
            self.loaded,
            name=self._input("name").value,
            hotkey=self._input("hotkey").value,
            color=self._input("color").value,
            parent_id=parent if isinstance(parent, int) and parent != TOP_LEVEL else None,
            archived=self.archived_box.value,
            definition=texts["definition"],
            when_to_use=texts["when_to_use"],
            when_not_to_use=texts["when_not_to_use"],
            example=texts["example"],
        )

    def show_message(self, message: str, error: bool = False) -> None:
        label = self.query_one("#code-message", Label)
        label.update(message)
        label.set_class(error, "-error")

    def _show_swatch(self, color: str) -> None:
        """The colour as it will look; a half-typed colour shows as a dim dot."""
        self.query_one("#code-swatch", Label).update(Text("●", style=swatch_style(color.strip())))

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "code-color":
            self._show_swatch(event.value)
