"""What a coder or a document holds, and deleting one with everything that hangs on it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Delete, delete, func, or_
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from qualcode.store.models import Assignment, Coder, Coding, Decision, Document, Memo, Segment, SegmentReview


@dataclass(frozen=True)
class Holdings:
    """The work that goes when a coder or a document is removed."""

    codings: int
    reviews: int
    memos: int
    decisions: int

    @property
    def any(self) -> bool:
        return bool(self.codings or self.reviews or self.memos or self.decisions)

    def describe(self) -> str:
        """``3 codings, 1 review and 2 memos``; names only what there is."""
        counts = [
            (self.codings, "coding"),
            (self.reviews, "review"),
            (self.memos, "memo"),
            (self.decisions, "adjudication decision"),
        ]
        parts = [f"{n} {word}{'' if n == 1 else 's'}" for n, word in counts if n]
        if not parts:
            return "nothing coded"
        return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _count(session: Session, model: type, condition: ColumnElement[bool]) -> int:
    return int(session.exec(select(func.count()).select_from(model).where(condition)).one())  # type: ignore[call-overload]


def _coder_conditions(coder_id: int) -> dict[type, ColumnElement[bool]]:
    return {
        Coding: col(Coding.coder_id) == coder_id,
        SegmentReview: col(SegmentReview.coder_id) == coder_id,
        Memo: col(Memo.author_id) == coder_id,
        Decision: or_(col(Decision.lead_id) == coder_id, col(Decision.consensus_id) == coder_id),
        Assignment: col(Assignment.coder_id) == coder_id,
    }


def _segment_conditions(segments: SelectOfScalar[Any]) -> dict[type, ColumnElement[bool]]:
    return {
        Coding: col(Coding.segment_id).in_(segments),
        SegmentReview: col(SegmentReview.segment_id).in_(segments),
        Memo: col(Memo.segment_id).in_(segments),
        Decision: col(Decision.segment_id).in_(segments),
        Assignment: col(Assignment.segment_id).in_(segments),
    }


def _document_conditions(document_id: int) -> dict[type, ColumnElement[bool]]:
    conditions = _segment_conditions(select(Segment.id).where(Segment.document_id == document_id))
    conditions[Memo] = or_(conditions[Memo], col(Memo.document_id) == document_id)
    return conditions


def _holdings(session: Session, conditions: dict[type, ColumnElement[bool]]) -> Holdings:
    return Holdings(
        codings=_count(session, Coding, conditions[Coding]),
        reviews=_count(session, SegmentReview, conditions[SegmentReview]),
        memos=_count(session, Memo, conditions[Memo]),
        decisions=_count(session, Decision, conditions[Decision]),
    )


def coder_holdings(session: Session, coder_id: int) -> Holdings:
    return _holdings(session, _coder_conditions(coder_id))


def document_holdings(session: Session, document_id: int) -> Holdings:
    return _holdings(session, _document_conditions(document_id))


def _delete_where(session: Session, conditions: dict[type, ColumnElement[bool]]) -> None:
    for model, condition in conditions.items():
        statement: Delete = delete(model).where(condition)
        session.execute(statement)


def delete_coder(session: Session, coder_id: int) -> Holdings:
    """Delete a coder with their codings, reviews, memos, decisions and assignments."""
    conditions = _coder_conditions(coder_id)
    held = _holdings(session, conditions)
    _delete_where(session, conditions)
    session.execute(delete(Coder).where(col(Coder.id) == coder_id))
    return held


def delete_segment_work(session: Session, segments: SelectOfScalar[Any]) -> Holdings:
    """Delete the codings, reviews, memos, decisions and assignments on the segments selected."""
    conditions = _segment_conditions(segments)
    held = _holdings(session, conditions)
    _delete_where(session, conditions)
    return held


def delete_document(session: Session, document_id: int) -> Holdings:
    """Delete a document, its segments and every coding, review, memo and decision on them."""
    conditions = _document_conditions(document_id)
    held = _holdings(session, conditions)
    _delete_where(session, conditions)
    session.execute(delete(Segment).where(col(Segment.document_id) == document_id))
    session.execute(delete(Document).where(col(Document.id) == document_id))
    return held
