"""A dialog to choose a code by typing part of its name: every code stays reachable without a hotkey."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from qualcode.service.results import CodeInfo
from qualcode.tui.widgets.code_tree import swatch_style

CLEAR = "clear"
"""The option id that means "no code": clearing a filter."""


def _prompt(code: CodeInfo, hotkey: str | None) -> Text:
    prompt = Text(no_wrap=True, overflow="ellipsis")
    prompt.append(f" {hotkey} " if hotkey else "   ", style="bold reverse" if hotkey else "")
    prompt.append(" ● ", style=swatch_style(code.color))
    prompt.append(code.path, style="" if code.codable else "italic")
    return prompt


class CodePickerScreen(ModalScreen[int | None]):
    """Dismisses with a code id, 0 for "no code" (when offered), or None when cancelled."""

    CSS_PATH = "code_picker.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "move(1)", "Next", show=False, priority=True),
        Binding("up", "move(-1)", "Previous", show=False, priority=True),
    ]

    def __init__(
        self,
        codes: Sequence[CodeInfo],
        hotkeys: Mapping[int, str],
        title: str,
        offer_clear: bool = False,
    ) -> None:
        super().__init__()
        self.codes = list(codes)
        self.hotkeys = hotkeys
        self.dialog_title = title
        self.offer_clear = offer_clear

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-dialog") as dialog:
            dialog.border_title = self.dialog_title
            yield Input(placeholder="type to filter codes…", id="picker-filter")
            yield OptionList(id="picker-codes")
            yield Label("↑↓ choose · enter apply · esc cancel", id="picker-hint")

    @property
    def filter_input(self) -> Input:
        return self.query_one("#picker-filter", Input)

    @property
    def options(self) -> OptionList:
        return self.query_one("#picker-codes", OptionList)

    def on_mount(self) -> None:
        self._show("")
        self.filter_input.focus()

    def _show(self, text: str) -> None:
        wanted = text.strip().casefold()
        options: list[Option] = []
        if self.offer_clear and not wanted:
            options.append(Option(Text("   show every segment (no filter)", style="italic"), id=CLEAR))
        for code in self.codes:
            if wanted in code.path.casefold():
                options.append(Option(_prompt(code, self.hotkeys.get(code.id)), id=str(code.id)))
        self.options.set_options(options)
        if options:
            self.options.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        self._show(event.value)

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        option = self.options.highlighted_option
        if option is None:
            self.notify("No code matches", severity="warning", timeout=2)
            return
        self._choose(option.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option.id)

    def _choose(self, option_id: str | None) -> None:
        if option_id == CLEAR:
            self.dismiss(0)
        elif option_id is not None:
            self.dismiss(int(option_id))

    def action_move(self, step: int) -> None:
        options = self.options
        if options.option_count:
            current = options.highlighted if options.highlighted is not None else -1
            options.highlighted = (current + step) % options.option_count

    def action_cancel(self) -> None:
        self.dismiss(None)
