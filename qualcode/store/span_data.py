"""The compared coders' coded extents and the segments' lengths, as numpy arrays for span agreement."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import func, not_, select
from sqlmodel import Session, col

from qualcode.store.models import Coding, Document, Segment
from qualcode.store.reliability_data import _coder_filter, _int_rows
from qualcode.store.spans import covers_whole_segment


@dataclass(frozen=True, eq=False)
class SegmentLengths:
    """Every segment in scope with its text's length, ordered by document then position."""

    segment_ids: np.ndarray
    document_ids: np.ndarray
    positions: np.ndarray
    lengths: np.ndarray


def has_partial_codings(
    session: Session, coder_ids: Sequence[int], document_ids: Sequence[int] | None = None
) -> bool:
    """Whether any of these coders coded part of a segment rather than all of it."""
    statement = select(col(Coding.id)).where(
        col(Coding.coder_id).in_(list(coder_ids)), not_(covers_whole_segment())
    )
    if document_ids is not None:
        statement = statement.join(Segment, col(Segment.id) == col(Coding.segment_id)).where(
            col(Segment.document_id).in_(list(document_ids))
        )
    return session.execute(statement.limit(1)).first() is not None


def segment_lengths(
    session: Session, project_id: int, document_ids: Sequence[int] | None = None
) -> SegmentLengths:
    statement = (
        select(col(Segment.id), col(Segment.document_id), col(Segment.position), func.length(Segment.text))
        .join(Document, col(Document.id) == col(Segment.document_id))
        .where(col(Document.project_id) == project_id)
        .order_by(col(Segment.document_id), col(Segment.position))
    )
    if document_ids is not None:
        statement = statement.where(col(Segment.document_id).in_(list(document_ids)))
    rows = _int_rows(session, statement, 4)
    return SegmentLengths(rows[:, 0], rows[:, 1], rows[:, 2], rows[:, 3])


def coding_extents(
    session: Session,
    coder_ids: Sequence[int],
    code_ids: Sequence[int],
    segment_ids: Sequence[int] | None = None,
) -> np.ndarray:
    """Rows (segment id, coder id, code id, start, end) of these coders' codings of these codes."""
    statement = select(
        col(Coding.segment_id),
        col(Coding.coder_id),
        col(Coding.code_id),
        col(Coding.span_start),
        col(Coding.span_end),
    ).where(_coder_filter(session, Coding.coder_id, coder_ids), col(Coding.code_id).in_(list(code_ids)))
    if segment_ids is not None:
        statement = statement.where(col(Coding.segment_id).in_(list(segment_ids)))
    return _int_rows(session, statement, 5)
