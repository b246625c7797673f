"""The codebook as a tree: each code with its hotkey and its colour, categories as plain headings."""

from __future__ import annotations

from collections.abc import Sequence

from rich.color import Color, ColorParseError
from rich.style import Style
from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from qualcode.service.results import CodeInfo

SWATCH = "●"


def swatch_style(color: str) -> Style:
    """The code's own colour; a colour the terminal cannot parse shows as a dim dot, not a crash."""
    try:
        return Style(color=Color.parse(color)) if color else Style(dim=True)
    except ColorParseError:
        return Style(dim=True)


def code_label(
    code: CodeInfo, hotkey: str | None, show_archived: bool = False, show_kinds: bool = False
) -> Text:
    """``r ● relational``: the key to press, the colour the tag will have, the name.

    With ``show_kinds`` a category and an exclusive group say so in words, so
    the codebook editor reads the same without colour or italics.
    """
    label = Text(no_wrap=True, overflow="ellipsis")
    label.append(f" {hotkey} " if hotkey else "   ", style="bold reverse" if hotkey else "")
    label.append(f" {SWATCH} ", style=swatch_style(code.color))
    label.append(code.name, style="" if code.codable else "italic")
    if show_kinds and not code.codable:
        label.append("  category", style="dim")
    if show_kinds and code.exclusive:
        label.append("  pick one", style="dim")
    if show_archived and code.archived:
        label.append("  archived", style="dim italic")
    return label


class CodeTree(Tree[CodeInfo]):
    """Codes in codebook order; a node's data is its `CodeInfo`."""

    def __init__(
        self, *, id: str | None = None, show_archived: bool = False, show_kinds: bool = False
    ) -> None:
        super().__init__("codebook", id=id)
        self.show_root = False
        self.guide_depth = 2
        self.show_archived = show_archived
        self.show_kinds = show_kinds
        self.nodes_by_code: dict[int, TreeNode[CodeInfo]] = {}

    def show_codes(self, codes: Sequence[CodeInfo], hotkeys: dict[int, str]) -> None:
        """Rebuild the tree; parents come before children in codebook order, orphans go to the top."""
        selected = self.cursor_node.data.id if self.cursor_node and self.cursor_node.data else None
        self.clear()
        self.nodes_by_code = {}
        known = {code.id for code in codes}
        pending = list(codes)
        while pending:
            remaining = []
            for code in pending:
                if code.parent_id is None or code.parent_id not in known:
                    parent = self.root
                elif code.parent_id in self.nodes_by_code:
                    parent = self.nodes_by_code[code.parent_id]
                else:
                    remaining.append(code)
                    continue
                node = parent.add(
                    code_label(code, hotkeys.get(code.id), self.show_archived, self.show_kinds),
                    data=code,
                    expand=True,
                )
                self.nodes_by_code[code.id] = node
            if len(remaining) == len(pending):
                break
            pending = remaining
        for node in self.nodes_by_code.values():
            if not node.children:
                node.allow_expand = False
        if selected is not None:
            self.show_code(selected)

    def show_code(self, code_id: int) -> None:
        node = self.nodes_by_code.get(code_id)
        if node is not None and node is not self.cursor_node:
            self.move_cursor(node)
            self.call_after_refresh(self._show_top_if_cursor_fits)

    def _show_top_if_cursor_fits(self) -> None:
        """Keep the first lines (a code's parent heading) in sight while the cursor fits under them."""
        if self.cursor_line < self.scrollable_content_region.height - 1:
            self.scroll_to(y=0, animate=False)
