"""Reading any supported transcript file into a `ParsedDocument`, choosing the reader by suffix."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from qualcode.errors import ImportFileError
from qualcode.ingest.csv_tables import read_csv_table
from qualcode.ingest.model import DocumentContent, ParsedDocument
from qualcode.ingest.plain_text import read_plain_text
from qualcode.ingest.segmenting import check_segmentation

FormatReader = Callable[[bytes, str, str], DocumentContent]
"""A reader takes the raw bytes, the file name for messages and the segmentation."""


# python-docx and webvtt take a tenth of a second to import, paid by every program that opens
# a project (the workbench, `qualcode status`); only reading such a file needs them.
def read_word_document(raw: bytes, source_name: str, segmentation: str) -> DocumentContent:
    from qualcode.ingest.word_documents import read_word_document

    return read_word_document(raw, source_name, segmentation)


def read_webvtt(raw: bytes, source_name: str, segmentation: str) -> DocumentContent:
    from qualcode.ingest.captions import read_webvtt

    return read_webvtt(raw, source_name, segmentation)


def read_subrip(raw: bytes, source_name: str, segmentation: str) -> DocumentContent:
    from qualcode.ingest.captions import read_subrip

    return read_subrip(raw, source_name, segmentation)


READERS: dict[str, FormatReader] = {
    ".txt": read_plain_text,
    ".md": read_plain_text,
    ".docx": read_word_document,
    ".vtt": read_webvtt,
    ".srt": read_subrip,
    ".csv": read_csv_table,
}

SUPPORTED_SUFFIXES = tuple(READERS)
"""File suffixes `read_document` accepts, lower-case; matching ignores case."""


def read_document(path: Path, segmentation: str = "turn") -> ParsedDocument:
    """Read and segment one transcript file.

    Raises `ImportFileError` with a message naming the file for anything the
    user can fix: an unsupported suffix, an unreadable, empty, binary or
    undecodable file, a malformed subtitle or csv file, or no speaker labels
    when segmenting by turn.
    """
    path = Path(path)
    source_name = path.name
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        suffix = f"format {path.suffix!r}" if path.suffix else "file without a suffix"
        raise ImportFileError(
            f"{source_name}: unsupported {suffix}; supported formats are {', '.join(SUPPORTED_SUFFIXES)}"
        )
    check_segmentation(segmentation, source_name)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ImportFileError(f"{source_name}: cannot be read ({error.strerror})") from None
    content = reader(raw, source_name, segmentation)
    return ParsedDocument(
        name=path.stem,
        source_name=source_name,
        sha256=hashlib.sha256(raw).hexdigest(),
        text=content.text,
        preamble=content.preamble,
        postamble=content.postamble,
        segments=content.segments,
        segmentation=segmentation,
        meta=content.meta,
        warnings=content.warnings,
    )
