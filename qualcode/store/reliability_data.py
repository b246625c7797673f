"""Reviews and codings of the compared coders, read in a few portable queries into numpy index arrays.

The unit of analysis is the segment. A coder has judged a segment only when their review of it has
status "done"; a segment they skipped, left pending or never opened is missing for them, never
"absent". Codings on segments the coder has not marked done are therefore left out, and counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from sqlalchemy import select
from sqlmodel import Session, col

from qualcode.store.models import Coding, Document, ReviewStatus, Segment, SegmentReview


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

    Units (columns) are the segments at least one of the coders judged, in reading order.
    """

    coder_ids: tuple[int, ...]
    """The coders, in the order of ``reviewed``'s rows."""
    segment_ids: np.ndarray
    """The units' segment ids, in reading order."""
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


def reading_order(session: Session, project_id: int, document_ids: Sequence[int] | None = None) -> ReadingOrder:
    """Every segment of the project (or of ``document_ids``) in reading order."""
    documents = select(Document.id, Document.name).where(Document.project_id == project_id)
    if document_ids is not None:
        documents = documents.where(col(Document.id).in_(list(document_ids)))
    names = {row[0]: row[1] for row in session.execute(documents)}
    statement = (
        select(Segment.id, Segment.document_id, Segment.position)
        .join(Document, Document.id == Segment.document_id)
        .where(Document.project_id == project_id)
        .order_by(Document.position, Document.id, Segment.position)
    )
    if document_ids is not None:
        statement = statement.where(col(Segment.document_id).in_(list(document_ids)))
    rows = np.array(session.execute(statement).all(), dtype=np.int64).reshape(-1, 3)
    return ReadingOrder(rows[:, 0], rows[:, 1], rows[:, 2], names)


def _int_rows(session: Session, statement: object, width: int) -> np.ndarray:
    """The integer rows of a query as an (n, width) array, without building a Python object per cell."""
    result = session.execute(statement)  # type: ignore[call-overload]
    flat = np.fromiter((value for row in result for value in row), dtype=np.int64)
    return flat.reshape(-1, width)


def _places(ordered_ids: np.ndarray, segment_ids: np.ndarray) -> np.ndarray:
    """Each segment's position in ``ordered_ids`` (reading order), -1 for segments not in it."""
    if len(ordered_ids) == 0:
        return np.full(len(segment_ids), -1, dtype=np.int64)
    sorter = np.argsort(ordered_ids, kind="stable")
    found = np.minimum(np.searchsorted(ordered_ids[sorter], segment_ids), len(ordered_ids) - 1)
    return np.where(ordered_ids[sorter][found] == segment_ids, sorter[found], -1)


def coding_arrays(
    session: Session,
    order: ReadingOrder,
    coder_ids: Sequence[int],
    code_ids: Sequence[int] | None = None,
) -> CodingArrays:
    """The judged segments and codings of ``coder_ids`` on the segments of ``order``.

    Two queries, each restricted to the coders (and codes) by an indexed column: one for the
    "done" reviews, one for the codings. Segments outside ``order`` (other documents) are dropped
    by an array lookup rather than a join.
    """
    coders = list(coder_ids)
    reviews = _int_rows(
        session,
        select(SegmentReview.segment_id, SegmentReview.coder_id).where(
            col(SegmentReview.coder_id).in_(coders), SegmentReview.status == ReviewStatus.DONE.value
        ),
        2,
    )
    coding_statement = select(Coding.segment_id, Coding.coder_id, Coding.code_id).where(
        col(Coding.coder_id).in_(coders)
    )
    if code_ids is not None:
        coding_statement = coding_statement.where(col(Coding.code_id).in_(list(code_ids)))
    codings = _int_rows(session, coding_statement, 3)

    coder_lookup = np.full(max(coders, default=0) + 1, -1, dtype=np.int64)
    coder_lookup[coders] = np.arange(len(coders))

    review_place = _places(order.segment_ids, reviews[:, 0])
    kept = review_place >= 0
    review_place, review_coder = review_place[kept], coder_lookup[reviews[kept, 1]]
    judged = np.zeros(len(order.segment_ids), dtype=bool)
    judged[review_place] = True
    unit_places = np.flatnonzero(judged)
    unit_of_place = np.full(len(order.segment_ids), -1, dtype=np.int64)
    unit_of_place[unit_places] = np.arange(len(unit_places))
    reviewed = np.zeros((len(coders), len(unit_places)), dtype=bool)
    reviewed[review_coder, unit_of_place[review_place]] = True

    coding_place = _places(order.segment_ids, codings[:, 0])
    in_scope = coding_place >= 0
    coding_place, codings = coding_place[in_scope], codings[in_scope]
    coding_coder = coder_lookup[codings[:, 1]]
    coding_unit = unit_of_place[coding_place]
    on_judged = coding_unit >= 0
    on_judged[on_judged] = reviewed[coding_coder[on_judged], coding_unit[on_judged]]
    return CodingArrays(
        coder_ids=tuple(coders),
        segment_ids=order.segment_ids[unit_places],
        reviewed=reviewed,
        coding_coder=coding_coder[on_judged],
        coding_unit=coding_unit[on_judged],
        coding_code=codings[on_judged, 2],
        n_codings_not_judged=int((~on_judged).sum()),
    )


def last_review_times(
    session: Session, coder_ids: Sequence[int], segment_ids: np.ndarray
) -> dict[int, datetime]:
    """For each segment, when the last of ``coder_ids`` marked it done (the time it became comparable)."""
    wanted = set(segment_ids.tolist())
    latest: dict[int, datetime] = {}
    statement = select(SegmentReview.segment_id, SegmentReview.updated_at).where(
        col(SegmentReview.coder_id).in_(list(coder_ids)), SegmentReview.status == ReviewStatus.DONE.value
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
        statement = select(Segment.id, Segment.speaker, Segment.text).where(
            col(Segment.id).in_(ids[start : start + 500])
        )
        found.update({row[0]: (row[1], row[2]) for row in session.execute(statement)})
    return found
