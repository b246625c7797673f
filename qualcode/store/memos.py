"""Memos a coder writes on a segment: one per coder and segment, edited in place."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete
from sqlmodel import Session, col, select

from qualcode.store.models import Memo, utc_now


def segment_memo(session: Session, segment_id: int, author_id: int) -> Memo | None:
    """The coder's memo on a segment (the newest, should an import have left several)."""
    return session.exec(
        select(Memo)
        .where(Memo.segment_id == segment_id, Memo.author_id == author_id)
        .order_by(col(Memo.updated_at).desc(), col(Memo.id).desc())
    ).first()


def set_segment_memo(
    session: Session, project_id: int, segment_id: int, document_id: int, author_id: int, text: str
) -> None:
    """Write the coder's memo on a segment; empty text deletes it, so no blank memos pile up."""
    memo = segment_memo(session, segment_id, author_id)
    if not text:
        session.execute(
            delete(Memo).where(
                col(Memo.segment_id) == segment_id,
                col(Memo.author_id) == author_id,
            )
        )
        return
    if memo is None:
        session.add(
            Memo(
                project_id=project_id,
                segment_id=segment_id,
                document_id=document_id,
                author_id=author_id,
                text=text,
            )
        )
    else:
        memo.text = text
        memo.updated_at = utc_now()
        session.add(memo)


def segments_with_memos(session: Session, segment_ids: Sequence[int], author_id: int) -> set[int]:
    if not segment_ids:
        return set()
    statement = select(Memo.segment_id).where(
        col(Memo.segment_id).in_(list(segment_ids)), Memo.author_id == author_id
    )
    return {segment_id for segment_id in session.exec(statement) if segment_id is not None}
