"""Reading ``.csv`` transcripts with ``speaker`` and ``text`` columns and optional times."""

from __future__ import annotations

import csv
import io

from qualcode.errors import ImportFileError
from qualcode.ingest.decoding import decode_bytes
from qualcode.ingest.model import DocumentContent
from qualcode.ingest.timecodes import parse_clock_time
from qualcode.ingest.timed_units import TimedUnit, build_timed_document

REQUIRED_COLUMNS = ("speaker", "text")
OPTIONAL_COLUMNS = ("start", "end")
_DELIMITERS = ",;\t"
"""Spreadsheets in many locales save "CSV" with semicolons; some tools export tabs."""


def read_csv_table(raw: bytes, source_name: str, segmentation: str) -> DocumentContent:
    """Read one row per utterance; consecutive rows of one speaker form a turn.

    Column names are matched case-insensitively. Rows are numbered as a
    spreadsheet shows them (the header is row 1) so messages point at the
    right line. ``start``/``end`` take seconds or ``HH:MM:SS(.mmm)``.
    """
    text, warnings = decode_bytes(raw, source_name)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        header = next(reader)
    except csv.Error as error:
        raise ImportFileError(f"{source_name}: row 1: {error}") from None
    columns = {name.strip().lower(): index for index, name in enumerate(header)}
    for required in REQUIRED_COLUMNS:
        if required not in columns:
            raise ImportFileError(
                f"{source_name}: missing column {required!r}; the header has "
                f"{', '.join(repr(name.strip()) for name in header)}, "
                f"expected {', '.join(REQUIRED_COLUMNS)}[, {', '.join(OPTIONAL_COLUMNS)}]"
            )
    units = []
    row_number = 1
    try:
        for row_number, row in enumerate(reader, start=2):
            if any(cell.strip() for cell in row):
                units.append(_unit_from_row(row, columns, row_number, source_name))
    except csv.Error as error:
        raise ImportFileError(f"{source_name}: row {row_number + 1}: {error}") from None
    if not any(unit.text.strip() for unit in units):
        raise ImportFileError(f"{source_name}: has no rows with text")
    content = build_timed_document(units, segmentation, source_name, "\n\n", "the speaker column is empty")
    content.warnings[:0] = warnings
    return content


def _delimiter(text: str) -> str:
    newline = text.find("\n")
    header_line = text if newline < 0 else text[:newline]
    return max(_DELIMITERS, key=header_line.count)


def _unit_from_row(row: list[str], columns: dict[str, int], row_number: int, source_name: str) -> TimedUnit:
    def cell(name: str) -> str:
        index = columns.get(name)
        return row[index].strip() if index is not None and index < len(row) else ""

    times: list[float | None] = []
    for name in OPTIONAL_COLUMNS:
        value = cell(name)
        seconds = parse_clock_time(value) if value else None
        if value and seconds is None:
            raise ImportFileError(
                f"{source_name}: row {row_number}: {name} {value!r} is not a time (seconds or HH:MM:SS.mmm)"
            )
        times.append(seconds)
    return TimedUnit(" ".join(cell("speaker").split()), cell("text"), times[0], times[1])
