"""Documents and their segments: bulk insertion of an imported transcript, and reading them back."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from sqlalchemy import bindparam, func, insert
from sqlmodel import Session, col, select

from qualcode.errors import NotFoundError
from qualcode.store.models import Document, Segment, utc_now

if TYPE_CHECKING:  # the readers (and YAML) load only when a file is imported, not when a project opens
    from qualcode.ingest import ParsedDocument, ParsedSegment


@dataclass(frozen=True)
class SegmentRow:
    """A segment as the front ends show it."""

    id: int
    document_id: int
    position: int
    speaker: str
    text: str
    start_time: float | None
    end_time: float | None


@dataclass(frozen=True)
class StoredDocument:
    """A document just inserted: what the importer reports back."""

    id: int
    name: str


class DocumentRef(NamedTuple):
    id: int
    name: str


# Statements built once: an import runs them once per file, and building a
# statement costs SQLAlchemy more than SQLite needs to run it.
_SAME_CONTENT = select(Document.id, Document.name).where(
    Document.project_id == bindparam("project_id"), Document.sha256 == bindparam("sha256")
)
_NAME_TAKEN = select(Document.id).where(
    Document.project_id == bindparam("project_id"), Document.name == bindparam("name")
)
_LAST_POSITION = select(func.coalesce(func.max(Document.position), 0)).where(
    Document.project_id == bindparam("project_id")
)
_INSERT_DOCUMENT = insert(Document.__table__)  # type: ignore[attr-defined]


def documents_with_sha(session: Session, project_id: int, sha256: str) -> list[DocumentRef]:
    """Documents already holding this exact content: re-imports are refused unless forced."""
    rows = session.connection().execute(_SAME_CONTENT, {"project_id": project_id, "sha256": sha256})
    return [DocumentRef(*row) for row in rows]


def unique_document_name(session: Session, project_id: int, wanted: str) -> str:
    """Names identify documents on the command line, so a forced re-import gets ``name (2)``."""
    connection = session.connection()
    if connection.execute(_NAME_TAKEN, {"project_id": project_id, "name": wanted}).first() is None:
        return wanted
    taken = set(
        session.exec(
            select(Document.name).where(
                Document.project_id == project_id,
                col(Document.name).startswith(wanted),
            )
        )
    )
    counter = 2
    while f"{wanted} ({counter})" in taken:
        counter += 1
    return f"{wanted} ({counter})"


def insert_document(session: Session, project_id: int, parsed: ParsedDocument) -> StoredDocument:
    """Insert a document and all its segments in the caller's transaction."""
    connection = session.connection()
    position = connection.execute(_LAST_POSITION, {"project_id": project_id}).scalar_one()
    name = unique_document_name(session, project_id, parsed.name)
    inserted = connection.execute(
        _INSERT_DOCUMENT,
        {
            "project_id": project_id,
            "name": name,
            "source_name": parsed.source_name,
            "sha256": parsed.sha256,
            "position": position + 1,
            "segmentation": parsed.segmentation,
            "preamble": parsed.preamble,
            "postamble": parsed.postamble,
            "text": parsed.text,
            "meta": dict(parsed.meta),
            "imported_at": utc_now(),
        },
    ).inserted_primary_key
    assert inserted is not None, "a one-row INSERT reports the key it made"
    document_id = inserted[0]
    insert_segments(session, document_id, parsed.segments)
    return StoredDocument(int(document_id), name)


def insert_segments(
    session: Session, document_id: int, segments: Sequence[ParsedSegment], first_position: int = 1
) -> None:
    """Insert a document's segments, numbered from ``first_position``, as one executemany.

    Plain tuples straight to the driver, not one ORM object per row: that is what makes
    a 200,000-segment import take seconds.
    """
    connection = session.connection()
    rows = [
        (
            document_id,
            index,
            segment.speaker,
            segment.text,
            segment.start_char,
            segment.end_char,
            segment.start_time,
            segment.end_time,
        )
        for index, segment in enumerate(segments, start=first_position)
    ]
    if rows:
        connection.exec_driver_sql(_segment_insert_sql(connection.dialect.paramstyle), rows)


def _segment_insert_sql(paramstyle: str) -> str:
    """A plain positional INSERT in the driver's own parameter style (qmark for sqlite3, format for psycopg).

    Going straight to the driver's executemany skips SQLAlchemy's per-row
    parameter processing, which otherwise costs more than the insert itself.
    """
    marker = "?" if paramstyle == "qmark" else "%s"
    columns = (
        "document_id",
        "position",
        "speaker",
        "text",
        "start_char",
        "end_char",
        "start_time",
        "end_time",
    )
    return f"INSERT INTO segment ({', '.join(columns)}) VALUES ({', '.join([marker] * len(columns))})"


def project_documents(session: Session, project_id: int) -> list[Document]:
    return list(
        session.exec(
            select(Document)
            .where(Document.project_id == project_id)
            .order_by(col(Document.position), col(Document.id))
        )
    )


def find_document(session: Session, project_id: int, name: str) -> Document:
    document = session.exec(
        select(Document).where(Document.project_id == project_id, Document.name == name)
    ).first()
    if document is None:
        raise NotFoundError(f"no document {name!r} in this project")
    return document


def document_segments(
    session: Session, document_id: int, offset: int = 0, limit: int | None = None
) -> list[SegmentRow]:
    """A window of a document's segments in order; the TUI reads only what is in view."""
    statement = (
        # Seven columns: more than sqlmodel's typed overloads of select() take, so it is untyped.
        select(  # type: ignore[call-overload]
            Segment.id,
            Segment.document_id,
            Segment.position,
            Segment.speaker,
            Segment.text,
            Segment.start_time,
            Segment.end_time,
        )
        .where(Segment.document_id == document_id)
        .order_by(Segment.position)
        .offset(offset)
    )
    if limit is not None:
        statement = statement.limit(limit)
    return [SegmentRow(*row) for row in session.exec(statement)]


def segment_by_position(session: Session, document_id: int, position: int) -> Segment:
    segment = session.exec(
        select(Segment).where(Segment.document_id == document_id, Segment.position == position)
    ).first()
    if segment is None:
        raise NotFoundError(f"no segment at position {position} of document {document_id}")
    return segment
