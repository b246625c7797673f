"""A dialog offering every document attribute value as a filter: dismisses ``key=value``, "" or None."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

ANY = ""
"""What the dialog dismisses with for "no attribute filter"."""


def attribute_filters(attributes: Mapping[str, Sequence[str]]) -> list[str]:
    """Every ``key=value`` a filter can take, keys sorted, each key's values in the order given."""
    return [f"{key}={value}" for key, values in attributes.items() for value in values]


class AttributePickerScreen(ModalScreen[str | None]):
    """Lists "any document" and then each attribute value; Enter chooses, Esc leaves the filter as it was."""

    CSS_PATH = "attribute_picker.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    AUTO_FOCUS = "#attribute-options"

    def __init__(self, attributes: Mapping[str, Sequence[str]]) -> None:
        super().__init__()
        self.filters = attribute_filters(attributes)

    def compose(self) -> ComposeResult:
        with Vertical(id="attribute-picker-dialog") as dialog:
            dialog.border_title = "Only documents with…"
            options = [Option(Text("any attribute (no filter)", style="italic"), id="any")]
            options += [
                Option(Text(choice, no_wrap=True, overflow="ellipsis"), id=choice) for choice in self.filters
            ]
            yield OptionList(*options, id="attribute-options")
            hint = "↑↓ choose · enter apply · esc cancel"
            if not self.filters:
                hint = "no document has attributes yet: ctrl+t on the coding screen adds them"
            yield Label(hint, id="attribute-picker-hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(ANY if event.option.id == "any" else event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
