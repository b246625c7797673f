"""Writing files safely: atomic replacement, UTF-8, optional BOM, formula injection neutralised."""

from __future__ import annotations

import io
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd

from qualcode.errors import ExportError

FORMATS = ("csv", "xlsx")

#: A spreadsheet treats a cell starting with one of these as a formula (OWASP's CSV injection list).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_FIRST = frozenset(_FORMULA_STARTS)

STDOUT = Path("-")
"""The output path that means standard output, so a CSV export can feed a pipe."""

XLSX_MAX_ROWS = 1_048_576
"""Rows in one Excel sheet, the header included."""


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary file beside ``path`` that replaces it only when the block succeeds.

    A failed or interrupted export never leaves a half-written file where the
    user expects a complete one.
    """
    folder = path.parent
    if not folder.is_dir():
        raise ExportError(f"cannot write {path}: folder {folder} does not exist")
    if path.is_dir():
        raise ExportError(f"cannot write {path}: it is a folder")
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    except OSError as error:
        raise ExportError(f"cannot write {path}: {error.strerror}") from None
    os.close(handle)
    temporary = Path(name)
    umask = os.umask(0)
    os.umask(umask)
    try:
        os.chmod(temporary, 0o666 & ~umask)
        yield temporary
        os.replace(temporary, path)
    except OSError as error:
        raise ExportError(f"cannot write {path}: {error.strerror}") from None
    finally:
        temporary.unlink(missing_ok=True)


def write_text(text: str, path: Path) -> Path:
    with atomic_path(path) as temporary:
        temporary.write_text(text, encoding="utf-8")
    return path


def _neutralised(column: pd.Series) -> pd.Series | None:
    """The column with formula-like text cells prefixed by ``'``, or None when none needs it.

    A plain loop over the values: for a million cells it is several times
    faster than the ``.str`` accessor, which matters in the tidy export.
    """
    values = column.to_numpy(dtype=object)
    risky = np.fromiter(
        [isinstance(value, str) and value[:1] in _FORMULA_FIRST for value in values],
        dtype=bool,
        count=len(values),
    )
    if not risky.any():
        return None
    changed = values.copy()
    changed[risky] = ["'" + value for value in values[risky]]
    return pd.Series(changed, index=column.index, name=column.name, dtype=column.dtype)


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would run as a formula with a single quote.

    Only text cells are touched: a negative number stays a number. The frame
    is copied only when a cell changes.
    """
    result = frame
    for index in range(frame.shape[1]):
        series = frame.iloc[:, index]
        if not (series.dtype == object or pd.api.types.is_string_dtype(series)):
            continue
        changed = _neutralised(series)
        if changed is not None:
            if result is frame:
                result = frame.copy()
            result.isetitem(index, changed)
    return result


def format_for(path: Path, requested: str | None) -> str:
    if requested:
        if requested not in FORMATS:
            raise ExportError(f"unknown format {requested!r}: choose one of {', '.join(FORMATS)}")
        return requested
    return "xlsx" if path.suffix.lower() == ".xlsx" else "csv"


def write_table(
    frame: pd.DataFrame,
    path: Path,
    file_format: str | None = None,
    bom: bool = False,
    neutralise: bool = True,
    sheet_name: str = "data",
) -> Path:
    """Write a table as CSV (UTF-8, ``\\n`` line ends) or XLSX, atomically."""
    write_chunks([frame], path, file_format, bom, neutralise, sheet_name)
    return path


def write_chunks(
    chunks: Iterable[pd.DataFrame],
    path: Path,
    file_format: str | None = None,
    bom: bool = False,
    neutralise: bool = True,
    sheet_name: str = "data",
) -> int:
    """Write a table that arrives in chunks (the first carries the columns); returns the row count.

    CSV is written chunk by chunk, so memory holds one chunk; XLSX needs the
    whole sheet at once and is refused beyond Excel's row limit.
    """
    chosen = format_for(path, file_format)
    if path == STDOUT:
        if chosen == "xlsx":
            raise ExportError("cannot write XLSX to standard output; give a file name")
        stream = sys.stdout.buffer
        if bom:
            stream.write("\ufeff".encode())
        return _write_csv(chunks, stream, neutralise)
    with atomic_path(path) as temporary:
        if chosen == "xlsx":
            return _write_xlsx(chunks, temporary, path, neutralise, sheet_name)
        with open(temporary, "wb") as handle:
            if bom:
                handle.write("\ufeff".encode())
            return _write_csv(chunks, handle, neutralise)


def _write_csv(chunks: Iterable[pd.DataFrame], stream: IO[bytes], neutralise: bool) -> int:
    """CSV text onto a byte stream; the stream stays open (it may be standard output)."""
    rows = 0
    handle = io.TextIOWrapper(stream, encoding="utf-8", newline="")
    try:
        for number, chunk in enumerate(chunks):
            table = neutralise_formulas(chunk) if neutralise else chunk
            table.to_csv(handle, index=False, header=number == 0, lineterminator="\n")
            rows += len(table)
    finally:
        handle.flush()
        handle.detach()
    return rows


def _write_xlsx(
    chunks: Iterable[pd.DataFrame], temporary: Path, path: Path, neutralise: bool, sheet_name: str
) -> int:
    from openpyxl.utils.exceptions import IllegalCharacterError

    frames = []
    rows = 0
    for chunk in chunks:
        rows += len(chunk)
        if rows >= XLSX_MAX_ROWS:
            raise ExportError(
                f"cannot write {path}: more than {XLSX_MAX_ROWS - 1:,} rows do not fit in an Excel "
                "sheet; export CSV instead"
            )
        frames.append(neutralise_formulas(chunk) if neutralise else chunk)
    table = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    try:
        table.to_excel(temporary, index=False, sheet_name=sheet_name[:31], engine="openpyxl")
    except IllegalCharacterError:
        raise ExportError(
            f"cannot write {path}: a cell holds a control character that XLSX cannot store; "
            "export CSV instead"
        ) from None
    return rows
