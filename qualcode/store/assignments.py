"""Assignments: which coder is to code which segment, written when the lead samples an overlap share."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, insert
from sqlmodel import Session, col, select

from qualcode.store.models import Assignment


def assignment_counts(session: Session, coder_ids: Sequence[int]) -> dict[int, int]:
    """Assigned segments per coder (coders without assignments are left out)."""
    statement = (
        select(col(Assignment.coder_id), func.count())
        .where(col(Assignment.coder_id).in_(list(coder_ids)))
        .group_by(col(Assignment.coder_id))
    )
    return {coder_id: count for coder_id, count in session.exec(statement)}


def replace_assignments(session: Session, coder_ids: Sequence[int], pairs: Sequence[tuple[int, int]]) -> None:
    """Drop these coders' assignments and write ``pairs`` of (segment id, coder id) in bulk."""
    session.execute(delete(Assignment).where(col(Assignment.coder_id).in_(list(coder_ids))))
    if pairs:
        session.execute(
            insert(Assignment),
            [{"segment_id": segment_id, "coder_id": coder_id} for segment_id, coder_id in pairs],
        )
