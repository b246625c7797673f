"""Plain-text formatting of tables and messages for the terminal."""

from __future__ import annotations

import re
from collections.abc import Sequence

import click

_NUMBER = re.compile(r"-?\d+(\.\d+)?%?")


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """Columns padded to their widest cell; numbers right-aligned."""
    cells = [[str(cell) for cell in row] for row in rows]
    widths = [len(header) for header in headers]
    for row in cells:
        for index, cell in enumerate(row):
            widths[index] = max(widths[index], len(cell))
    numeric = [
        all(_is_number(row[index]) for row in rows) if rows else False for index in range(len(headers))
    ]

    def line(values: Sequence[str]) -> str:
        parts = [
            value.rjust(widths[index]) if numeric[index] else value.ljust(widths[index])
            for index, value in enumerate(values)
        ]
        return "  ".join(parts).rstrip()

    return "\n".join([line(headers), line(["-" * width for width in widths])] + [line(r) for r in cells])


def _is_number(value: object) -> bool:
    """Numbers and percentages line up on the right, as in a spreadsheet."""
    if isinstance(value, int | float):
        return True
    return isinstance(value, str) and bool(_NUMBER.fullmatch(value))


def warn(message: str) -> None:
    click.echo(f"warning: {message}", err=True)
