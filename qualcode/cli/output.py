"""Plain-text formatting of tables and messages for the terminal."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

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


def _silence_stdout() -> None:
    """Send later writes, and the interpreter's last flush, to the null device: no second error."""
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, sys.stdout.fileno())
    os.close(null)


def stdout_closed() -> NoReturn:
    """End a command quietly with status 0: the reader of the pipe (`| head`) has what it wanted."""
    _silence_stdout()
    raise click.exceptions.Exit(0)


def until_stdout_closes(run: Callable[[], object]) -> None:
    """Run the CLI; a reader that closes the pipe early ends it with status 0 and no message.

    Output still buffered when the command ends is flushed here, inside the guard, rather than
    by the interpreter on exit, where a closed pipe prints an error and exits with status 120.
    """
    try:
        try:
            run()
        finally:
            sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(0)


def warn(message: str) -> None:
    click.echo(f"warning: {message}", err=True)
