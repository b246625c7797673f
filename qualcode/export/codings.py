"""The tidy codings table: one row per coding, streamed from SQL in chunks.

Each row carries the coded stretch of its segment (``start``, ``end``, end
exclusive, and the ``quote`` itself); a whole-segment coding has 0, the
text's length, and the whole text. After the fixed columns come the
documents' attributes, one ``attr_KEY`` column per key any document has.
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
from sqlalchemy import bindparam, text
from sqlmodel import Session, col, select

from qualcode.export.attribute_columns import DocumentAttributes
from qualcode.export.code_sql import parameters, utc_timestamp_sql
from qualcode.store.codes import code_paths, project_codes
from qualcode.store.models import Document

CODINGS_COLUMNS = (
    "document",
    "document_id",
    "segment_id",
    "position",
    "speaker",
    "start_time",
    "end_time",
    "text",
    "code",
    "code_uuid",
    "coder",
    "coded_at",
    "start",
    "end",
    "quote",
)
"""The table's columns, in their documented, fixed order (the span's come last, added later)."""

CHUNK_ROWS = 50_000
"""Rows per chunk: per-chunk costs are lost in the noise, and a million codings export in ~250 MB."""

DOCUMENTS_PER_QUERY = 500
"""Documents whose codings one query reads; keeps the IN list well under every driver's limit."""

_QUERY_COLUMNS = ["document_id", *CODINGS_COLUMNS[2:8], "code_id", *CODINGS_COLUMNS[9:14]]


def _codings_sql(session: Session) -> str:
    """One batch of documents' codings, ordered so that the database needs no big sort.

    Ordering by ``segment.document_id`` and ``segment.position`` follows the
    segment index, leaving only the few codings of one segment to sort by
    coder and code; a full ORDER BY document position would sort a million
    wide rows. The batches themselves come in document order (`_batches`).
    """
    coded_at = utc_timestamp_sql(session, "coding.created_at")
    return f"""
SELECT segment.document_id, segment.id, segment.position, segment.speaker, segment.start_time,
       segment.end_time, segment.text, coding.code_id, code.uuid, coder.name, {coded_at},
       coding.span_start, coding.span_end
FROM segment
JOIN coding ON coding.segment_id = segment.id
JOIN code ON code.id = coding.code_id
JOIN coder ON coder.id = coding.coder_id
WHERE segment.document_id IN :document_ids AND coding.coder_id IN :coder_ids AND code.archived = :no
ORDER BY segment.document_id, segment.position, coder.id, code.position, code.id, coding.span_start,
         coding.span_end
"""


def _batches(documents: list[tuple[int, str]]) -> Iterator[list[int]]:
    """Document ids in project order, cut wherever ids stop rising, so id order is document order."""
    batch: list[int] = []
    for document_id, _name in documents:
        if batch and (document_id < batch[-1] or len(batch) == DOCUMENTS_PER_QUERY):
            yield batch
            batch = []
        batch.append(document_id)
    if batch:
        yield batch


def coding_chunks(
    session: Session, project_id: int, coder_ids: tuple[int, ...], chunk_rows: int = CHUNK_ROWS
) -> Iterator[pd.DataFrame]:
    """The codings of ``coder_ids`` in document, segment, coder and codebook order.

    Rows come from streamed results (a server-side cursor on PostgreSQL), so
    memory holds one chunk at a time. The first chunk is yielded even when
    empty, so a writer always has the columns. Codings of archived codes are
    left out, as in every other code table.
    """
    paths = code_paths(project_codes(session, project_id, include_archived=True))
    stored = session.exec(
        select(Document.id, Document.name, Document.meta)
        .where(Document.project_id == project_id)
        .order_by(col(Document.position), col(Document.id))
    ).all()
    documents = [(document_id, name) for document_id, name, _meta in stored if document_id is not None]
    names = dict(documents)
    attributes = DocumentAttributes({document_id: meta for document_id, _name, meta in stored})
    statement = text(_codings_sql(session)).bindparams(
        bindparam("document_ids", expanding=True), bindparam("coder_ids", expanding=True)
    )
    connection = session.connection().execution_options(stream_results=True, yield_per=chunk_rows)
    pending: list[pd.DataFrame] = []
    waiting = 0
    yielded = False
    for batch in _batches(documents) if coder_ids else ():
        params = {**parameters(project_id, coder_ids), "document_ids": batch}
        for rows in connection.execute(statement, params).partitions(chunk_rows):
            pending.append(pd.DataFrame.from_records(rows, columns=_QUERY_COLUMNS))
            waiting += len(rows)
            if waiting >= chunk_rows:
                yield attributes.added_to(_finished(pending, names, paths))
                pending, waiting, yielded = [], 0, True
    if pending or not yielded:
        yield attributes.added_to(_finished(pending or [pd.DataFrame(columns=_QUERY_COLUMNS)], names, paths))


def _finished(parts: list[pd.DataFrame], names: dict[int, str], paths: dict[int, str]) -> pd.DataFrame:
    """One chunk in the documented columns: document names and code paths (spelt by the store) filled in."""
    frame = parts[0] if len(parts) == 1 else pd.concat(parts, ignore_index=True)
    frame.insert(0, "document", frame["document_id"].map(names))
    quotes = [
        text[start:end] for text, start, end in zip(frame["text"], frame["start"], frame["end"], strict=True)
    ]
    frame["quote"] = quotes
    frame["code_id"] = frame["code_id"].map(paths)
    return frame.rename(columns={"code_id": "code"})
