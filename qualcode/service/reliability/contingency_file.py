"""Read a square CSV of counts (coder 1's categories as rows, coder 2's as columns) and check it.

The table comes from outside the project: a published study, another tool, a colleague's
spreadsheet. Every problem is reported on one line that names the file, the line, the row and
column labels and the cell, so the user can fix the file without guessing.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from qualcode.errors import AgreementDataError

if TYPE_CHECKING:
    from qualcode.agreement.category_kappa import CategoryKappa


@dataclass(frozen=True)
class ContingencyTable:
    """A k x k table of counts with its category labels, as read from a file."""

    labels: tuple[str, ...]
    """The categories, in the order of both rows and columns."""
    counts: tuple[tuple[int, ...], ...]
    """counts[i][j]: units coder 1 put in labels[i] and coder 2 in labels[j]."""
    source: str
    """The file's name, for messages and the report's heading."""

    @property
    def n_units(self) -> int:
        return sum(map(sum, self.counts))


def _count(text: str, where: str) -> int:
    cell = text.strip()
    try:
        value = float(cell)
    except ValueError:
        raise AgreementDataError(f"{where}: {cell!r} is not a count") from None
    if not math.isfinite(value):
        raise AgreementDataError(f"{where}: {cell!r} is not a count")
    if value < 0:
        raise AgreementDataError(f"{where}: {cell} is negative; counts cannot be negative")
    if value != int(value):
        raise AgreementDataError(f"{where}: {cell} is not a whole number of units")
    return int(value)


def read_contingency_csv(path: Path) -> ContingencyTable:
    """The table in ``path``: a header of column labels (after a corner cell), then one labelled row each."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise AgreementDataError(f"{name}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise AgreementDataError(f"{name}: cannot be read ({error.__class__.__name__})") from None
    lines = [
        (number, row)
        for number, row in enumerate(csv.reader(text.splitlines()), 1)
        if any(c.strip() for c in row)
    ]
    if len(lines) < 3:
        raise AgreementDataError(
            f"{name}: a contingency table needs a header of category labels and at least two rows of counts"
        )
    header = [cell.strip() for cell in lines[0][1][1:]]
    while header and not header[-1]:
        header.pop()
    body = lines[1:]
    if len(body) != len(header):
        raise AgreementDataError(
            f"{name}: {len(header)} column labels but {len(body)} rows of counts; the table must be square, "
            "the same categories in rows and columns"
        )
    counts = []
    for index, (number, row) in enumerate(body):
        label = row[0].strip()
        if label != header[index]:
            raise AgreementDataError(
                f"{name}, line {number}: row {index + 1} is labelled {label!r} but column {index + 1} is "
                f"{header[index]!r}; rows and columns must list the same categories in the same order"
            )
        cells = row[1:]
        while len(cells) > len(header) and not cells[-1].strip():
            cells.pop()
        if len(cells) != len(header):
            raise AgreementDataError(
                f"{name}, line {number} (row {label!r}): {len(cells)} counts for {len(header)} columns"
            )
        counts.append(
            tuple(
                _count(cell, f"{name}, line {number}, row {label!r}, column {header[column]!r}")
                for column, cell in enumerate(cells)
            )
        )
    if len(set(header)) != len(header):
        raise AgreementDataError(f"{name}: a category label appears twice in the header")
    table = ContingencyTable(tuple(header), tuple(counts), name)
    if table.n_units == 0:
        raise AgreementDataError(f"{name}: every count is 0; there are no units to compare")
    return table


def table_category_kappas(table: ContingencyTable, confidence: float = 0.95) -> list[CategoryKappa]:
    """Fleiss' kappa per category of a two-coder table: each cell (k, l) is a unit rated once in k and l."""
    import numpy as np

    from qualcode.agreement.category_kappa import fleiss_kappa_per_category

    q = len(table.labels)
    units = [
        np.eye(q)[row] + np.eye(q)[column]
        for row in range(q)
        for column in range(q)
        for _ in range(table.counts[row][column])
    ]
    return fleiss_kappa_per_category(np.array(units), table.labels, confidence)
