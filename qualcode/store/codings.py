"""Recording codings and reviews: every function here is one user action on one session."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete
from sqlmodel import Session, col, select

from qualcode.errors import CodingError, NotFoundError
from qualcode.store.models import (
    Code,
    Coder,
    Coding,
    ReviewStatus,
    Segment,
    SegmentReview,
    utc_now,
)
from qualcode.store.spans import (
    SpanKey,
    add_spans,
    check_span,
    covers_whole_segment,
    remove_spans,
    spans_present,
    whole_segment_coding,
)


def _segment(session: Session, segment_id: int) -> Segment:
    segment = session.get(Segment, segment_id)
    if segment is None:
        raise NotFoundError(f"no segment with id {segment_id}")
    return segment


def exclusive_conflict(session: Session, segment_id: int, code: Code, coder: Coder) -> Code | None:
    """The sibling already applied when ``code``'s parent makes its children mutually exclusive."""
    if code.parent_id is None:
        return None
    parent = session.get(Code, code.parent_id)
    if parent is None or not parent.exclusive:
        return None
    statement = (
        select(Code)
        .join(Coding, col(Coding.code_id) == col(Code.id))
        .where(
            Coding.segment_id == segment_id,
            Coding.coder_id == coder.id,
            Code.parent_id == parent.id,
            Code.id != code.id,
        )
    )
    return session.exec(statement).first()


def mark_reviewed(
    session: Session, segment_id: int, coder_id: int, status: ReviewStatus = ReviewStatus.DONE
) -> SegmentReview:
    """Record what the coder did with the segment (see ``ReviewStatus``)."""
    _segment(session, segment_id)
    review = session.exec(
        select(SegmentReview).where(
            SegmentReview.segment_id == segment_id, SegmentReview.coder_id == coder_id
        )
    ).first()
    if review is None:
        review = SegmentReview(segment_id=segment_id, coder_id=coder_id, status=status.value)
        session.add(review)
    else:
        review.status = status.value
        review.updated_at = utc_now()
    return review


def set_flag(session: Session, segment_id: int, coder_id: int, flagged: bool) -> SegmentReview:
    """Flag for discussion; flagging does not by itself count as having judged the segment."""
    _segment(session, segment_id)
    review = session.exec(
        select(SegmentReview).where(
            SegmentReview.segment_id == segment_id, SegmentReview.coder_id == coder_id
        )
    ).first()
    if review is None:
        review = SegmentReview(
            segment_id=segment_id,
            coder_id=coder_id,
            status=ReviewStatus.PENDING.value,
            flagged=flagged,
        )
        session.add(review)
    else:
        review.flagged = flagged
        review.updated_at = utc_now()
    return review


def has_coding(session: Session, segment_id: int, code_id: int, coder_id: int) -> bool:
    """Whether the coder gave the whole segment this code (spans of it do not count here)."""
    return (
        session.exec(
            select(Coding.id).where(
                Coding.segment_id == segment_id,
                Coding.code_id == code_id,
                Coding.coder_id == coder_id,
                covers_whole_segment(),
            )
        ).first()
        is not None
    )


def apply_code(session: Session, segment_id: int, code: Code, coder: Coder) -> bool:
    """Apply ``code``; returns False when it was already applied. Marks the segment reviewed."""
    segment = _segment(session, segment_id)
    if code.archived:
        raise CodingError(f"code {code.name!r} is archived and cannot be applied")
    assert code.id is not None and coder.id is not None
    if has_coding(session, segment_id, code.id, coder.id):
        mark_reviewed(session, segment_id, coder.id)
        return False
    conflict = exclusive_conflict(session, segment_id, code, coder)
    if conflict is not None:
        parent = session.get(Code, code.parent_id)
        raise CodingError(
            f"segment {segment_id} already has {conflict.name!r}; the codes under "
            f"{parent.name if parent else '?'!r} are mutually exclusive — remove it first"
        )
    session.add(whole_segment_coding(segment_id, code.id, coder.id, segment.text))
    mark_reviewed(session, segment_id, coder.id)
    return True


def remove_code(session: Session, segment_id: int, code: Code, coder: Coder) -> bool:
    """Remove a whole-segment coding; the segment stays reviewed, so "no code applies" is recorded too."""
    _segment(session, segment_id)
    result = session.execute(
        delete(Coding).where(
            Coding.segment_id == segment_id,  # type: ignore[arg-type]
            Coding.code_id == code.id,  # type: ignore[arg-type]
            Coding.coder_id == coder.id,  # type: ignore[arg-type]
            covers_whole_segment(),
        )
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def apply_span(session: Session, segment_id: int, code: Code, coder: Coder, start: int, end: int) -> bool:
    """Code characters ``start:end`` of the segment; False when that span was there already."""
    check_span(session, segment_id, start, end)
    if code.archived:
        raise CodingError(f"code {code.name!r} is archived and cannot be applied")
    assert code.id is not None and coder.id is not None
    span = SpanKey(segment_id, code.id, start, end)
    new = not spans_present(session, coder.id, [span])
    add_spans(session, coder.id, [span])
    mark_reviewed(session, segment_id, coder.id)
    return new


def remove_span(session: Session, segment_id: int, code: Code, coder: Coder, start: int, end: int) -> bool:
    """Remove exactly the span ``start:end``; False when the coder had no such span."""
    check_span(session, segment_id, start, end)
    assert code.id is not None and coder.id is not None
    span = SpanKey(segment_id, code.id, start, end)
    if not spans_present(session, coder.id, [span]):
        return False
    remove_spans(session, coder.id, [span])
    return True


def codes_on_segments(
    session: Session, segment_ids: Iterable[int], coder_id: int | None
) -> dict[int, list[int]]:
    """Code ids per segment, for one coder or (``None``) for every coder."""
    ids = list(segment_ids)
    if not ids:
        return {}
    statement = select(Coding.segment_id, Coding.code_id).where(
        Coding.segment_id.in_(ids)  # type: ignore[attr-defined]
    )
    if coder_id is not None:
        statement = statement.where(Coding.coder_id == coder_id)
    found: dict[int, list[int]] = {}
    for segment_id, code_id in session.exec(statement.distinct()):
        found.setdefault(segment_id, []).append(code_id)
    return found
