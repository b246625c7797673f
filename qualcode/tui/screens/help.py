"""The help screen: every key of the workbench, the codebook's hotkeys, and what the marks mean."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from qualcode.tui.codebook_view import CodebookView
from qualcode.tui.keys import CODE, CODING_KEYS, FIND, MOVE, VIEW
from qualcode.tui.screens.registry import SCREENS
from qualcode.tui.widgets.code_tree import swatch_style


def _section(title: str, rows: list[tuple[str, str]]) -> Group:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True, min_width=7)
    table.add_column()
    for keys, description in rows:
        table.add_row(keys, description)
    return Group(Text(title.upper(), style="bold dim"), table, Text(""))


def key_sections() -> dict[str, Group]:
    """The coding screen's keys by section, read from the same table the bindings are made from."""
    sections: dict[str, Group] = {}
    for section in (MOVE, CODE, FIND, VIEW):
        rows = [(key.display or key.keys, key.explanation) for key in CODING_KEYS if key.section == section]
        if section == CODE:
            rows.insert(0, ("hotkey", "Toggle that code on the selection (marks it reviewed)"))
        if section == VIEW:
            # The palette and quit come first: the list of screens grows and may scroll.
            rows += [("^p", "Command palette: every action by name"), ("q", "Quit")]
            rows += [(entry.key_display, f"{entry.title}: {entry.description}") for entry in SCREENS]
        sections[section] = _section(section, rows)
    marks = [
        ("✓", "reviewed (coded, or judged to need no code)"),
        ("○", "not reviewed yet"),
        ("⚑", "flagged for discussion"),
        ("✎", "you wrote a memo"),
        ("⇧↓ …", "selection: one key codes the whole run"),
    ]
    sections["Marks"] = _section("Marks", marks)
    return sections


def hotkey_section(codebook: CodebookView) -> Group:
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column()
    for code in codebook.codable:
        key = codebook.key_of.get(code.id)
        table.add_row(
            Text(f" {key} ", style="bold reverse") if key else Text(" ^k", style="dim"),
            Text("●", style=swatch_style(code.color)),
            code.path,
        )
    note = Text("Codes without a key: ctrl+k and type part of the name.", style="dim italic")
    if not codebook.codable:
        note = Text("This project's codebook has no codes yet.", style="dim italic")
    return Group(Text("CODEBOOK HOTKEYS", style="bold dim"), table, Text(""), note)


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS = [Binding("escape,question_mark,f1", "close", "Close")]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    def __init__(self, codebook: CodebookView) -> None:
        super().__init__()
        self.codebook = codebook

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog") as dialog:
            dialog.border_title = "Keys"
            dialog.border_subtitle = "esc to close"
            sections = key_sections()
            with VerticalScroll(id="help-body"), Horizontal(id="help-columns"):
                yield Static(Group(sections[MOVE], sections[CODE]), classes="help-column")
                yield Static(Group(sections[FIND], sections[VIEW], sections["Marks"]), classes="help-column")
                yield Static(hotkey_section(self.codebook), classes="help-column", id="help-hotkeys")

    def action_close(self) -> None:
        self.dismiss(None)
