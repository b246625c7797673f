"""Progress figures for a project: documents, segments and each coder's reviewed share, in SQL."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from qualcode.store.models import Coder, Coding, Document, ReviewStatus, Segment, SegmentReview


@dataclass(frozen=True)
class CoderProgress:
    name: str
    role: str
    reviewed: int
    flagged: int
    codings: int
    total: int

    @property
    def percent(self) -> float:
        return 100.0 * self.reviewed / self.total if self.total else 0.0


@dataclass(frozen=True)
class DocumentProgress:
    """One document's size and how far each coder got in it (coder name → reviewed)."""

    id: int
    name: str
    segments: int
    reviewed: dict[str, int]


def segment_counts(session: Session, project_id: int) -> dict[int, int]:
    rows = session.exec(
        select(Segment.document_id, func.count())
        .join(Document, col(Document.id) == col(Segment.document_id))
        .where(Document.project_id == project_id)
        .group_by(col(Segment.document_id))
    )
    return dict(rows.all())


def reviewed_counts(session: Session, project_id: int) -> dict[tuple[int, int], int]:
    """(document id, coder id) → segments that coder judged ("done") in that document."""
    rows = session.exec(
        select(Segment.document_id, SegmentReview.coder_id, func.count())
        .join(Segment, col(Segment.id) == col(SegmentReview.segment_id))
        .join(Document, col(Document.id) == col(Segment.document_id))
        .where(Document.project_id == project_id, SegmentReview.status == ReviewStatus.DONE.value)
        .group_by(col(Segment.document_id), col(SegmentReview.coder_id))
    )
    return {(document_id, coder_id): count for document_id, coder_id, count in rows}


def document_progress(session: Session, project_id: int, coders: list[Coder]) -> list[DocumentProgress]:
    counts = segment_counts(session, project_id)
    reviewed = reviewed_counts(session, project_id)
    documents = session.exec(
        select(Document.id, Document.name)
        .where(Document.project_id == project_id)
        .order_by(col(Document.position), col(Document.id))
    )
    coder_ids: list[tuple[str, int]] = []
    for coder in coders:
        assert coder.id is not None, "coders are rows read from the store"
        coder_ids.append((coder.name, coder.id))
    progress: list[DocumentProgress] = []
    for document_id, name in documents:
        assert document_id is not None, "a document read from the store has its id"
        progress.append(
            DocumentProgress(
                id=document_id,
                name=name,
                segments=counts.get(document_id, 0),
                reviewed={
                    coder_name: reviewed.get((document_id, coder_id), 0) for coder_name, coder_id in coder_ids
                },
            )
        )
    return progress


def coder_progress(
    session: Session, project_id: int, coders: list[Coder], documents: list[DocumentProgress]
) -> list[CoderProgress]:
    """Each coder's totals, summed from the per-document figures the caller already has."""
    total = sum(document.segments for document in documents)
    # Keyed as `coder.id` is typed: the lookups below use ids of coders read from the store.
    flagged: dict[int | None, int] = dict(
        session.exec(
            select(SegmentReview.coder_id, func.count())
            .join(Coder, col(Coder.id) == col(SegmentReview.coder_id))
            .where(Coder.project_id == project_id, SegmentReview.flagged == True)  # noqa: E712
            .group_by(col(SegmentReview.coder_id))
        ).all()
    )
    # A segment given one code counts once however many spans of it the coder marked.
    coded = (
        select(col(Coding.coder_id), col(Coding.segment_id), col(Coding.code_id))
        .join(Coder, col(Coder.id) == col(Coding.coder_id))
        .where(Coder.project_id == project_id)
        .distinct()
        .subquery()
    )
    codings: dict[int | None, int] = dict(
        session.execute(select(coded.c.coder_id, func.count()).group_by(coded.c.coder_id)).tuples().all()
    )
    return [
        CoderProgress(
            name=coder.name,
            role=coder.role,
            reviewed=sum(document.reviewed.get(coder.name, 0) for document in documents),
            flagged=flagged.get(coder.id, 0),
            codings=codings.get(coder.id, 0),
            total=total,
        )
        for coder in coders
    ]
