"""The selected code's definition, when to use it, when not to, and an example: always in view."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from qualcode.service.results import CodeInfo
from qualcode.tui.widgets.code_tree import swatch_style

SECTIONS = (
    ("definition", "Definition"),
    ("when_to_use", "When to use"),
    ("when_not_to_use", "When not to use"),
    ("example", "Example"),
)


def describe_code(code: CodeInfo, hotkey: str | None) -> Group:
    title = Text()
    title.append("● ", style=swatch_style(code.color))
    title.append(code.path, style="bold")
    if hotkey:
        title.append(f"  key {hotkey}", style="dim")
    if not code.codable:
        title.append("  category", style="dim italic")
    parts: list[Text] = [title]
    for field, heading in SECTIONS:
        value = getattr(code, field).strip()
        if not value:
            continue
        parts.append(Text(""))
        parts.append(Text(heading.upper(), style="bold dim"))
        parts.append(Text(value, style="italic" if field == "example" else ""))
    if len(parts) == 1:
        parts += [Text(""), Text("No definition in the codebook yet.", style="dim italic")]
    return Group(*parts)


class CodeDetails(VerticalScroll, can_focus=False):
    """Scrolls when a definition is longer than the room left under the tree."""

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(Text("Move through the codebook to read a code's definition.", style="dim italic"))

    @property
    def body(self) -> Static:
        return self.query_one(Static)

    shown: tuple[CodeInfo | None, str | None] | None = None
    """What the panel shows now, so showing it again costs nothing."""

    def show_code(self, code: CodeInfo | None, hotkey: str | None = None) -> None:
        if self.shown == (code, hotkey):
            return
        self.shown = (code, hotkey)
        if code is None:
            self.body.update(Text("No code selected.", style="dim italic"))
        else:
            self.body.update(describe_code(code, hotkey))
        self.scroll_home(animate=False)
