"""A lead's view of every coder's codes on the current segment, side by side."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from qualcode.service.coding_ops import CoderCodes
from qualcode.tui.widgets.segment_rows import CodeTag, tag_style

NEUTRAL_TAG = Style(color="#FFFFFF", bgcolor="#666666")
"""For codes the codebook gives no colour."""


def coders_table(rows: Sequence[CoderCodes], tags: Mapping[int, CodeTag], position: int | None) -> Table:
    table = Table(expand=True, box=None, padding=(0, 1), show_edge=False)
    table.add_column("coder", no_wrap=True, style="bold")
    table.add_column(f"codes on #{position}" if position else "codes", ratio=1)
    table.add_column("review", no_wrap=True, justify="right")
    for row in rows:
        codes = Text()
        for index, code_id in enumerate(row.code_ids):
            tag = tags.get(code_id, CodeTag(f"code {code_id}", ""))
            if index:
                codes.append(" ")
            codes.append(f" {tag.name} ", tag_style(tag.color, NEUTRAL_TAG))
        if not row.code_ids:
            codes.append("no codes" if row.status == "done" else "—", style="dim")
        review = Text(row.status or "not seen", style="dim" if row.status != "done" else "")
        if row.flagged:
            review.append(" ⚑")
        table.add_row(Text(f"{row.coder} ({row.role})" if row.role != "coder" else row.coder), codes, review)
    return table


class CodersPanel(Static):
    """Filled only for a lead who switched the view on; blind coders never get one."""

    def show_rows(
        self, rows: Sequence[CoderCodes], tags: Mapping[int, CodeTag], position: int | None
    ) -> None:
        self.update(coders_table(rows, tags, position))
