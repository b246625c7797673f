"""Reading Word ``.docx`` transcripts: body paragraphs become text, then ``Name:`` turns."""

from __future__ import annotations

import io
import zipfile

import docx
from docx.document import Document as WordDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table

from qualcode.errors import ImportFileError
from qualcode.ingest.decoding import BINARY_SNIFF_BYTES, normalise_newlines
from qualcode.ingest.model import DocumentContent
from qualcode.ingest.segmenting import segment_text

_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
"""The start of an old binary Word ``.doc`` file."""


def read_word_document(raw: bytes, source_name: str, segmentation: str) -> DocumentContent:
    """Read the body paragraphs of a ``.docx`` file, one blank line between paragraphs.

    Joining paragraphs with a blank line lets the plain-text rules apply
    unchanged: a turn runs over paragraphs until the next ``Name:`` paragraph.
    Tables, headers and footers are not read; tables with text are reported.
    """
    if not raw or raw.isspace():
        raise ImportFileError(f"{source_name}: is empty")
    document = _open_docx(raw, source_name)
    paragraphs = [p.text for p in document.paragraphs if p.text.strip()]
    if not paragraphs:
        raise ImportFileError(f"{source_name}: is empty (the document has no text paragraphs)")
    text = normalise_newlines("\n\n".join(paragraphs))
    cut = segment_text(text, segmentation, source_name)
    warnings = list(cut.warnings)
    tables_with_text = sum(1 for table in document.tables if _has_text(table))
    if tables_with_text:
        warnings.append(
            f"{source_name}: {tables_with_text} table(s) with text were not imported; "
            "only body paragraphs are read"
        )
    return DocumentContent(
        text=text, preamble=cut.preamble, segments=cut.segments, warnings=warnings, postamble=cut.postamble
    )


def _open_docx(raw: bytes, source_name: str) -> WordDocument:
    if not zipfile.is_zipfile(io.BytesIO(raw)):
        raise ImportFileError(_not_docx_message(raw, source_name))
    try:
        return docx.Document(io.BytesIO(raw))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile):
        raise ImportFileError(
            f"{source_name}: looks like a binary file, not a transcript "
            "(a zip archive without a Word document in it)"
        ) from None


def _not_docx_message(raw: bytes, source_name: str) -> str:
    """Name the likely mix-up, since a renamed text file and a binary file need different fixes."""
    if raw.startswith(_OLE_MAGIC):
        return f"{source_name}: is an old Word .doc file; save it as .docx and import that"
    head = raw[:BINARY_SNIFF_BYTES]
    if b"\x00" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            looks_like_text = error.start > len(head) - 4  # a character cut at the sniff edge
        else:
            looks_like_text = True
        if looks_like_text:
            return f"{source_name}: is not a Word .docx file (it looks like plain text); rename it to .txt"
    return f"{source_name}: looks like a binary file, not a transcript"


def _has_text(table: Table) -> bool:
    return any(cell.text.strip() for row in table.rows for cell in row.cells)
