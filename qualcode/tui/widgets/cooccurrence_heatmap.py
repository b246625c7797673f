"""The code × code co-occurrence matrix as a table, cells shaded by how strongly two codes go together."""

from __future__ import annotations

import pandas as pd
from rich.style import Style
from rich.text import Text
from textual.color import Color
from textual.message import Message
from textual.widgets import DataTable

LIGHTEST = 0.15
"""The shade of the weakest non-zero pair, so that any overlap stands out from an empty cell."""


def pair_share(count: int, total_a: int, total_b: int) -> float:
    """The share of the rarer code's segments that carry the other code too, from 0 to 1.

    Raw counts would shade every pair with a common code darkly; this shades a rare code that
    always comes with another as strongly as two common ones that do.
    """
    rarer = min(total_a, total_b)
    return min(1.0, count / rarer) if rarer else 0.0


def shade(share: float, base: Color, top: Color) -> Style:
    """A background between the table's own and the theme's accent, with text that stays legible.

    Both ends come from the theme, and the text colour is chosen against the blended background,
    so the same table reads in light and dark themes.
    """
    background = base.blend(top, LIGHTEST + (1 - LIGHTEST) * share)
    return Style(bgcolor=background.rich_color, color=background.get_contrast_text(1.0).rich_color)


def leaf(path: str) -> str:
    return path.rsplit("/", 1)[-1]


class CooccurrenceHeatmap(DataTable[Text]):
    """Rows are code paths, columns their last names; the diagonal (bold) is each code's own count.

    Cells carry their padding inside their text, so the shade fills the whole cell. Enter on a
    cell asks for the segments behind it.
    """

    class Chosen(Message):
        """The user chose a cell: show the segments where both codes apply."""

        def __init__(self, code_a: str, code_b: str) -> None:
            super().__init__()
            self.code_a = code_a
            self.code_b = code_b

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes, cursor_type="cell", cell_padding=0, zebra_stripes=False)
        self._matrix: pd.DataFrame | None = None

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._draw())

    def show(self, matrix: pd.DataFrame) -> None:
        """Draw a wide co-occurrence table: a ``code`` column, then one column of counts per code."""
        self._matrix = matrix
        self._draw()

    def _draw(self) -> None:
        self.clear(columns=True)
        matrix = self._matrix
        if matrix is None or matrix.empty:
            return
        codes = [str(code) for code in matrix["code"]]
        counts = matrix[codes].to_numpy(dtype="int64")
        totals = [int(counts[index, index]) for index in range(len(codes))]
        digits = len(str(counts.max()))
        widths = [max(len(leaf(code)), digits) for code in codes]
        variables = self.app.theme_variables
        base = Color.parse(variables.get("surface", "#1E1E1E"))
        top = Color.parse(variables.get("primary", "#4682B4"))
        for index, code in enumerate(codes):
            self.add_column(Text(f" {leaf(code):>{widths[index]}} ", style="bold"), key=str(index))
        for row, code in enumerate(codes):
            cells = []
            for column, count in enumerate(counts[row]):
                text = f" {int(count):>{widths[column]}} "
                if row == column:
                    cells.append(Text(text, style="bold"))
                elif count:
                    share = pair_share(int(count), totals[row], totals[column])
                    cells.append(Text(text, style=shade(share, base, top)))
                else:
                    cells.append(Text(text, style="dim"))
            self.add_row(*cells, label=Text(f"{code} "), key=code)

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        if self._matrix is None:
            return
        codes = [str(code) for code in self._matrix["code"]]
        row, column = event.coordinate.row, event.coordinate.column
        if row < len(codes) and column < len(codes):
            self.post_message(self.Chosen(codes[row], codes[column]))
