"""Reviews and codings of the compared coders, read in a few portable queries into numpy index arrays.

The unit of analysis is the segment. A coder has judged a segment only when their review of it has
status "done"; a segment they skipped, left pending or never opened is missing for them, never
"absent". Codings on segments the coder has not marked done are therefore left out, and counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import chain
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.sql import ClauseElement
from sqlmodel import Session, col

from qualcode.store.models import Coding, Document, ReviewStatus, Segment, SegmentReview

if TYPE_CHECKING:
    import numpy as np


@dataclass(frozen=True, eq=False)
class ReadingOrder:
    """A project's segments in reading order (document position, then segment position)."""

    segment_ids: np.ndarray
    """Segment ids, in reading order."""
    document_ids: np.ndarray
    """Each segment's document id."""
    positions: np.ndarray
    """Each segment's position within its document."""
    document_names: dict[int, str]
    """Document id to name, for every document read."""


@dataclass(frozen=True, eq=False)
class CodingArrays:
    """Who judged which segments and which codes they applied, as index arrays.

    Units (columns) are the segments at least one of the coders judged, by segment id.
    """

    coder_ids: tuple[int, ...]
    """The coders, in the order of ``reviewed``'s rows."""
    segment_ids: np.ndarray
    """The units' segment ids, ascending."""
    reviewed: np.ndarray
    """Boolean coders x units: True where the coder's review of the segment is "done"."""
    coding_coder: np.ndarray
    """Row (coder index) of each kept coding."""
    coding_unit: np.ndarray
    """Column (unit index) of each kept coding."""
    coding_code: np.ndarray
    """Code id of each kept coding."""
    n_codings_not_judged: int
    """Codings left out because the coder had not marked the segment done."""


def reading_order(
    session: Session, project_id: int, document_ids: Sequence[int] | None = None
) -> ReadingOrder:
    """Every segment of the project (or of ``document_ids``) in reading order."""
    documents = select(col(Document.id), col(Document.name)).where(col(Document.project_id) == project_id)
    if document_ids is not None:
        documents = documents.where(col(Document.id).in_(list(document_ids)))
    names = {row[0]: row[1] for row in session.execute(documents)}
    statement = (
        select(col(Segment.id), col(Segment.document_id), col(Segment.position))
        .join(Document, col(Document.id) == col(Segment.document_id))
        .where(col(Document.project_id) == project_id)
        .order_by(col(Document.position), col(Document.id), col(Segment.position))
    )
    if document_ids is not None:
        statement = statement.where(col(Segment.document_id).in_(list(document_ids)))
    rows = _int_rows(session, statement, 3)
    return ReadingOrder(rows[:, 0], rows[:, 1], rows[:, 2], names)


def segment_count(session: Session, project_id: int, document_ids: Sequence[int] | None = None) -> int:
    statement = (
        select(func.count())
        .select_from(Segment)
        .join(Document, col(Document.id) == col(Segment.document_id))
        .where(col(Document.project_id) == project_id)
    )
    if document_ids is not None:
        statement = statement.where(col(Segment.document_id).in_(list(document_ids)))
    return int(session.execute(statement).scalar_one())


def _int_rows(session: Session, statement: ClauseElement, width: int) -> np.ndarray:
    """The integer rows of a query as an (n, width) array.

    The statement is compiled once (its parameters are integers and fixed words, rendered inline)
    and run on the driver's own cursor: building no Python object per row beyond the driver's tuple
    keeps 800,000 codings to a fraction of a second.
    """
    import numpy as np

    connection = session.connection()
    sql = str(statement.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql)
        rows = cursor.fetchall()
    finally:
        cursor.close()
    return np.fromiter(chain.from_iterable(rows), dtype=np.int64, count=len(rows) * width).reshape(-1, width)


def _coder_filter(session: Session, column: Any, coder_ids: Sequence[int]) -> Any:
    """``column IN coder_ids``; on SQLite written so that the table is scanned in order.

    SQLite would otherwise walk the (coder, ...) index and look up every row it names, which is
    three times slower when the compared coders hold most of the rows, as they do in a project's
    own database. ``column + 0`` is the documented way to keep it off that index.
    """
    if session.connection().dialect.name == "sqlite":
        return (column + 0).in_(list(coder_ids))
    return column.in_(list(coder_ids))


def coding_arrays(
    session: Session,
    coder_ids: Sequence[int],
    code_ids: Sequence[int] | None = None,
    document_ids: Sequence[int] | None = None,
) -> CodingArrays:
    """The judged segments and codings of ``coder_ids`` (of ``code_ids``, in ``document_ids``).

    Two queries: the "done" reviews and the codings, each restricted to the coders; documents are
    a join on the segment only when asked for. The coders belong to one project, so their rows are
    the project's.
    """
    import numpy as np

    coders = list(coder_ids)
    reviews_statement = select(col(SegmentReview.segment_id), col(SegmentReview.coder_id)).where(
        _coder_filter(session, SegmentReview.coder_id, coders),
        col(SegmentReview.status) == ReviewStatus.DONE.value,
    )
    codings_statement = select(col(Coding.segment_id), col(Coding.coder_id), col(Coding.code_id)).where(
        _coder_filter(session, Coding.coder_id, coders)
    )
    if code_ids is not None:
        codings_statement = codings_statement.where(col(Coding.code_id).in_(list(code_ids)))
    if document_ids is not None:
        documents = list(document_ids)
        in_documents = col(Segment.document_id).in_(documents)
        reviews_statement = reviews_statement.join(
            Segment, col(Segment.id) == col(SegmentReview.segment_id)
        ).where(in_documents)
        codings_statement = codings_statement.join(Segment, col(Segment.id) == col(Coding.segment_id)).where(
            in_documents
        )
    reviews = _int_rows(session, reviews_statement, 2)
    # Distinct: a segment has a code for a coder when any span of it lies there, counted once.
    codings = _int_rows(session, codings_statement.distinct(), 3)

    coder_row = np.full(max(coders, default=0) + 1, -1, dtype=np.int64)
    coder_row[coders] = np.arange(len(coders))
    segment_ids, review_unit = np.unique(reviews[:, 0], return_inverse=True)
    reviewed = np.zeros((len(coders), len(segment_ids)), dtype=bool)
    reviewed[coder_row[reviews[:, 1]], review_unit.ravel()] = True

    coding_coder = coder_row[codings[:, 1]]
    coding_unit = np.searchsorted(segment_ids, codings[:, 0])
    found = coding_unit < len(segment_ids)
    found[found] = segment_ids[coding_unit[found]] == codings[found, 0]
    judged = found.copy()
    judged[found] = reviewed[coding_coder[found], coding_unit[found]]
    return CodingArrays(
        coder_ids=tuple(coders),
        segment_ids=segment_ids,
        reviewed=reviewed,
        coding_coder=coding_coder[judged],
        coding_unit=coding_unit[judged],
        coding_code=codings[judged, 2],
        n_codings_not_judged=int((~judged).sum()),
    )


def coders_with_done_reviews(
    session: Session, coder_ids: Sequence[int], document_ids: Sequence[int] | None = None
) -> set[int]:
    """Which of ``coder_ids`` marked at least one segment (of ``document_ids``) done."""
    statement = (
        select(col(SegmentReview.coder_id))
        .where(
            col(SegmentReview.coder_id).in_(list(coder_ids)),
            col(SegmentReview.status) == ReviewStatus.DONE.value,
        )
        .distinct()
    )
    if document_ids is not None:
        statement = statement.join(Segment, col(Segment.id) == col(SegmentReview.segment_id)).where(
            col(Segment.document_id).in_(list(document_ids))
        )
    return {int(row[0]) for row in session.execute(statement)}


def last_review_times(
    session: Session, coder_ids: Sequence[int], segment_ids: np.ndarray
) -> dict[int, datetime]:
    """For each segment, when the last of ``coder_ids`` marked it done (the time it became comparable)."""
    wanted = set(segment_ids.tolist())
    latest: dict[int, datetime] = {}
    statement = select(col(SegmentReview.segment_id), col(SegmentReview.updated_at)).where(
        col(SegmentReview.coder_id).in_(list(coder_ids)), col(SegmentReview.status) == ReviewStatus.DONE.value
    )
    for segment_id, updated_at in session.execute(statement):
        if segment_id in wanted and (segment_id not in latest or updated_at > latest[segment_id]):
            latest[segment_id] = updated_at
    return latest


def segment_texts(session: Session, segment_ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    """Speaker and text of each segment, for the rows a screen shows (read in chunks of 500 ids)."""
    ids = list(segment_ids)
    found: dict[int, tuple[str, str]] = {}
    for start in range(0, len(ids), 500):
        statement = select(col(Segment.id), col(Segment.speaker), col(Segment.text)).where(
            col(Segment.id).in_(ids[start : start + 500])
        )
        found.update({row[0]: (row[1], row[2]) for row in session.execute(statement)})
    return found


def document_names(session: Session, project_id: int) -> list[tuple[int, str]]:
    """(id, name) of every document, in reading order, without loading their texts."""
    statement = (
        select(col(Document.id), col(Document.name))
        .where(col(Document.project_id) == project_id)
        .order_by(col(Document.position), col(Document.id))
    )
    return [(row[0], row[1]) for row in session.execute(statement)]
