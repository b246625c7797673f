"""The compared coders' coded extents and the segments' lengths, as numpy arrays for span agreement."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import func, or_, select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from qualcode.store.models import Coding, Document, Segment
from qualcode.store.reliability_data import _coder_filter, _int_rows


@dataclass(frozen=True, eq=False)
class SegmentLengths:
    """Every segment in scope with its text's length, ordered by document then position."""

    segment_ids: np.ndarray
    document_ids: np.ndarray
    positions: np.ndarray
    lengths: np.ndarray


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


def partial_codings(
    session: Session,
    coder_ids: Sequence[int],
    code_ids: Sequence[int],
    document_ids: Sequence[int] | None = None,
) -> np.ndarray:
    """Rows (segment id, coder id, code id, start, end, also whole) of the codings that cover part
    of their segment; ``also whole`` is 1 when the coder gave the same code to the whole segment too.

    Whole-segment codings are not read again: the segment-level arrays already hold them, and a
    project without spans pays one scan, not a second read of every coding.
    """
    whole = aliased(Coding)
    also_whole = (
        select(func.count())
        .where(
            col(whole.segment_id) == col(Coding.segment_id),
            col(whole.code_id) == col(Coding.code_id),
            col(whole.coder_id) == col(Coding.coder_id),
            col(whole.span_start) == 0,
            col(whole.span_end) == func.length(Segment.text),
        )
        .correlate(Coding, Segment)
        .scalar_subquery()
    )
    statement = (
        select(
            col(Coding.segment_id),
            col(Coding.coder_id),
            col(Coding.code_id),
            col(Coding.span_start),
            col(Coding.span_end),
            also_whole,
        )
        .join(Segment, col(Segment.id) == col(Coding.segment_id))
        .where(
            _coder_filter(session, Coding.coder_id, coder_ids),
            # Scanned in order on SQLite too: its code index would cost a random read per coding.
            _coder_filter(session, Coding.code_id, code_ids),
            or_(col(Coding.span_start) > 0, col(Coding.span_end) < func.length(Segment.text)),
        )
    )
    if document_ids is not None:
        statement = statement.where(col(Segment.document_id).in_(list(document_ids)))
    return _int_rows(session, statement, 6)
