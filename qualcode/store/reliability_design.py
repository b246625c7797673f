"""Queries behind the study-design part of the reliability report: segmentation, sampling, decisions."""

from __future__ import annotations

from sqlmodel import Session, col, func, select

from qualcode.store.models import Assignment, Decision, Document, Segment


def segmentations(
    session: Session, project_id: int, document_ids: tuple[int, ...] | None
) -> tuple[tuple[str, int, int], ...]:
    """(rule, documents, segments) per segmentation rule in use, most documents first."""
    statement = (
        select(
            col(Document.segmentation), func.count(func.distinct(Document.id)), func.count(col(Segment.id))
        )
        .join(Segment, col(Segment.document_id) == col(Document.id), isouter=True)
        .where(col(Document.project_id) == project_id)
        .group_by(col(Document.segmentation))
    )
    if document_ids is not None:
        statement = statement.where(col(Document.id).in_(list(document_ids)))
    rows = [(rule, int(documents), int(segments)) for rule, documents, segments in session.exec(statement)]
    return tuple(sorted(rows, key=lambda row: (-row[1], row[0])))


def overlap_assignments(
    session: Session, project_id: int, coder_ids: list[int], document_ids: tuple[int, ...] | None
) -> tuple[int, int]:
    """(segments assigned to two or more of the coders, segments assigned to any) in scope."""
    statement = (
        select(col(Assignment.segment_id), func.count())
        .join(Segment, col(Segment.id) == col(Assignment.segment_id))
        .join(Document, col(Document.id) == col(Segment.document_id))
        .where(col(Document.project_id) == project_id, col(Assignment.coder_id).in_(coder_ids))
        .group_by(col(Assignment.segment_id))
    )
    if document_ids is not None:
        statement = statement.where(col(Document.id).in_(list(document_ids)))
    counts = [int(count) for _segment, count in session.exec(statement)]
    return sum(1 for count in counts if count >= 2), len(counts)


def decision_choices(
    session: Session, consensus_id: int, document_ids: tuple[int, ...] | None
) -> list[tuple[int, str]]:
    """(segment, choice) of every decision on segments in scope, in the order they were made."""
    statement = (
        select(col(Decision.segment_id), col(Decision.choice))
        .join(Segment, col(Segment.id) == col(Decision.segment_id))
        .where(col(Decision.consensus_id) == consensus_id)
        .order_by(col(Decision.created_at), col(Decision.id))
    )
    if document_ids is not None:
        statement = statement.where(col(Segment.document_id).in_(list(document_ids)))
    return [(int(segment), str(choice)) for segment, choice in session.exec(statement)]
