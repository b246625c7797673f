"""A dialog to set a segment's consensus codes by hand; dismisses with the chosen code ids, or None."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, SelectionList
from textual.widgets.selection_list import Selection

from qualcode.service.results import CodeInfo


def box_prompt(code: CodeInfo, ticked: bool) -> Text:
    """A code's line with its state in glyphs and words: Textual's own tick differs only by colour."""
    text = Text("[x] " if ticked else "[ ] ", style="bold" if ticked else "dim")
    text.append(code.path, style="bold" if ticked else "")
    if ticked:
        text.append("  in the consensus", style="green")
    return text


class AdjudicateEditScreen(ModalScreen[tuple[int, ...] | None]):
    """Starts from the union of the coders' codes; space toggles a code, enter saves."""

    CSS_PATH = "adjudicate_edit.tcss"
    BINDINGS = [
        Binding("enter", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, codes: Sequence[CodeInfo], chosen: Collection[int], where: str) -> None:
        super().__init__()
        self.codes = list(codes)
        self.chosen = set(chosen)
        self.where = where

    def compose(self) -> ComposeResult:
        with Vertical(id="edit-dialog") as dialog:
            dialog.border_title = f"Consensus codes for {self.where}"
            yield SelectionList[int](
                *(
                    Selection(box_prompt(code, code.id in self.chosen), code.id, code.id in self.chosen)
                    for code in self.codes
                ),
                id="edit-codes",
            )
            yield Label(
                "[x] in the consensus · [ ] not · space toggles · enter saves · esc cancels",
                id="edit-hint",
                markup=False,  # "[x]" is the box as drawn, not a markup tag
            )

    def on_selection_list_selection_toggled(self, event: SelectionList.SelectionToggled[int]) -> None:
        """Redraw the toggled code's box, so its state reads without colour."""
        code = self.codes[event.selection_index]
        ticked = code.id in self.selection.selected
        self.selection.replace_option_prompt_at_index(event.selection_index, box_prompt(code, ticked))

    @property
    def selection(self) -> SelectionList[int]:
        return self.query_one("#edit-codes", SelectionList)

    def on_mount(self) -> None:
        self.selection.focus()

    def action_save(self) -> None:
        self.dismiss(tuple(self.selection.selected))

    def action_cancel(self) -> None:
        self.dismiss(None)
