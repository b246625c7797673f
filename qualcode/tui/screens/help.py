"""The help screen: the keys of the screen it was opened on, the app-wide keys, and on the coding screen
the codebook's hotkeys and what the marks mean."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from qualcode.tui.codebook_view import CodebookView
from qualcode.tui.keys import CODE, CODING_KEYS, FIND, MOVE, PART, VIEW, Key, keys_of_bindings
from qualcode.tui.screens.registry import SCREENS
from qualcode.tui.widgets.code_tree import swatch_style


def _section(title: str, rows: list[tuple[str, str]]) -> Group:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True, min_width=7)
    table.add_column()
    for keys, description in rows:
        table.add_row(keys, description)
    return Group(Text(title.upper(), style="bold dim"), table, Text(""))


def _rows(keys: Sequence[Key]) -> list[tuple[str, str]]:
    return [(key.display or key.keys, key.explanation) for key in keys]


def workbench_section(described: bool = True) -> Group:
    """The app-wide keys, the same on every screen: the screens by function key, the palette, help, quit.

    Beside the coding screen's many keys there is room only for the screens' names."""
    rows = [
        (entry.key_display, f"{entry.title}: {entry.description}" if described else entry.title)
        for entry in SCREENS
    ]
    rows += [("^p", "Command palette: every action by name"), ("?", "These keys"), ("q", "Quit")]
    return _section("Workbench", rows)


def key_sections(keys: Sequence[Key] = CODING_KEYS) -> dict[str, Group]:
    """A screen's keys by section, read from the same table its bindings are made from."""
    sections: dict[str, Group] = {}
    for section in dict.fromkeys(key.section for key in keys):
        rows = _rows([key for key in keys if key.section == section])
        if keys is CODING_KEYS and section == CODE:
            rows.insert(0, ("hotkey", "Toggle that code on the selection (marks it reviewed)"))
        sections[section] = _section(section, rows)
    if keys is CODING_KEYS:
        marks = [
            ("✓", "reviewed (coded, or judged to need no code)"),
            ("○", "not reviewed yet"),
            ("⚑", "flagged for discussion"),
            ("✎", "you wrote a memo"),
            ("⇧↓ …", "selection: one key codes the whole run"),
        ]
        sections["Marks"] = _section("Marks", marks)
    return sections


def screen_keys(screen: Screen[object]) -> tuple[Key, ...]:
    """The keys a screen declares in its `KEYS` table, or else the bindings it shows in its footer."""
    declared: tuple[Key, ...] | None = getattr(screen, "KEYS", None)
    if declared is not None:
        return declared
    return keys_of_bindings(screen.BINDINGS, screen.__class__.__name__.removesuffix("Screen"))


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

    def __init__(
        self, codebook: CodebookView, title: str = "Coding", keys: Sequence[Key] = CODING_KEYS
    ) -> None:
        super().__init__()
        self.codebook = codebook
        self.title_text = title
        """The screen whose keys these are, named in the border."""
        self.keys = keys

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog") as dialog:
            dialog.border_title = f"Keys · {self.title_text}"
            dialog.border_subtitle = "esc to close"
            sections = key_sections(self.keys)
            with VerticalScroll(id="help-body"), Horizontal(id="help-columns"):
                if self.keys is CODING_KEYS:
                    yield Static(Group(sections[MOVE], sections[CODE]), classes="help-column")
                    workbench = workbench_section(described=False)
                    column = Group(sections[FIND], sections[VIEW], workbench, sections["Marks"])
                    yield Static(column, classes="help-column")
                    # The keys that select part of a turn sit with the hotkeys that then code it.
                    hotkeys = Group(hotkey_section(self.codebook), Text(""), sections[PART])
                    yield Static(hotkeys, classes="help-column", id="help-hotkeys")
                else:
                    yield Static(Group(*sections.values()), classes="help-column", id="help-screen-keys")
                    yield Static(workbench_section(), classes="help-column")

    def action_close(self) -> None:
        self.dismiss(None)
