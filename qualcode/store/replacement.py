"""Replacing a document's text in place, carrying the work on every segment whose text survived."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import bindparam, update
from sqlmodel import Session, col, select

from qualcode.store import codes as code_store
from qualcode.store import removals
from qualcode.store.documents import insert_segments
from qualcode.store.models import (
    Assignment,
    Coder,
    Coding,
    Decision,
    Document,
    Memo,
    Segment,
    SegmentReview,
    utc_now,
)
from qualcode.store.removals import Holdings
from qualcode.store.segment_matching import SegmentKey, match_segments

if TYPE_CHECKING:
    from qualcode.ingest import ParsedDocument

WORK_TABLES: tuple[type, ...] = (Coding, SegmentReview, Memo, Decision, Assignment)
"""Every table whose rows hang on a segment, and so move with it."""


@dataclass(frozen=True)
class UnplacedWork:
    """One coding, review, memo, decision or assignment whose segment has no counterpart in the new text."""

    kind: str
    coder: str
    code: str
    """The code's path for a coding (or a memo on a code); empty otherwise."""
    position: int
    """The old segment's position, 1-based, as `DOCUMENT:POSITION` named it."""
    speaker: str
    old_text: str
    detail: str
    """A review's status and flag, a memo's text, a decision's choice."""


@dataclass(frozen=True)
class ReplacementPlan:
    """Which old segments find their text again, and the work that cannot follow the others."""

    pairs: dict[int, int]
    """Old segment id to the index of its counterpart in the new document's segments."""
    unplaced: tuple[UnplacedWork, ...]

    @property
    def unplaced_holdings(self) -> Holdings:
        kinds = [item.kind for item in self.unplaced]
        return Holdings(
            codings=kinds.count("coding"),
            reviews=kinds.count("review"),
            memos=kinds.count("memo"),
            decisions=kinds.count("decision"),
        )


def plan_replacement(session: Session, document_id: int, parsed: ParsedDocument) -> ReplacementPlan:
    """Match the stored segments to the new ones and list the work on those left unmatched."""
    old = list(
        session.exec(
            select(Segment.id, Segment.text, Segment.start_char)
            .where(Segment.document_id == document_id)
            .order_by(col(Segment.position))
        )
    )
    matched = match_segments(
        [SegmentKey(text, start) for _, text, start in old],
        [SegmentKey(segment.text, segment.start_char) for segment in parsed.segments],
    )
    pairs = {int(old[i][0]): j for i, j in matched.items()}  # type: ignore[arg-type]
    unplaced = tuple(
        item for segment_id, item in _work_on_document(session, document_id) if segment_id not in pairs
    )
    return ReplacementPlan(pairs, unplaced)


def replace_document_text(session: Session, document: Document, parsed: ParsedDocument) -> ReplacementPlan:
    """Put the new text and segments in place of the old, in the caller's transaction.

    The new segments go in after the old ones; every work row on a matched old segment
    is pointed at its counterpart by an UPDATE of its ``segment_id`` (so each row keeps
    all its columns, whatever they are); what is left on old segments is deleted with
    them; and the new segments are renumbered from 1.
    """
    assert document.id is not None
    plan = plan_replacement(session, document.id, parsed)
    old_last = session.exec(
        select(Segment.position)
        .where(Segment.document_id == document.id)
        .order_by(col(Segment.position).desc())
    ).first()
    # Above both the old positions and the final ones, so neither step below collides.
    offset = max(old_last or 0, len(parsed.segments))
    insert_segments(session, document.id, parsed.segments, first_position=offset + 1)
    new_ids = list(
        session.exec(
            select(Segment.id)
            .where(Segment.document_id == document.id, Segment.position > offset)
            .order_by(col(Segment.position))
        )
    )
    moves = [{"old_id": old_id, "new_id": new_ids[j]} for old_id, j in plan.pairs.items()]
    if moves:
        for table in WORK_TABLES:
            session.connection().execute(
                update(table)  # type: ignore[arg-type]
                .where(col(table.segment_id) == bindparam("old_id"))  # type: ignore[attr-defined]
                .values(segment_id=bindparam("new_id")),
                moves,
            )
    old_segments = select(Segment.id).where(Segment.document_id == document.id, Segment.position <= offset)
    removals.delete_segment_work(session, old_segments)
    session.connection().execute(
        Segment.__table__.delete().where(  # type: ignore[attr-defined]
            Segment.document_id == document.id, Segment.position <= offset
        )
    )
    session.connection().execute(
        update(Segment)
        .where(col(Segment.document_id) == document.id)
        .values(position=col(Segment.position) - offset)
    )
    document.text = parsed.text
    document.sha256 = parsed.sha256
    document.source_name = parsed.source_name
    document.segmentation = parsed.segmentation
    document.preamble = parsed.preamble
    document.postamble = parsed.postamble
    document.meta = {**document.meta, **parsed.meta}
    document.imported_at = utc_now()
    session.add(document)
    return plan


def _work_on_document(session: Session, document_id: int) -> list[tuple[int, UnplacedWork]]:
    """Every work row on the document's segments, as the lead would read it in a list."""
    document = session.get(Document, document_id)
    assert document is not None
    paths = code_store.code_paths(code_store.project_codes(session, document.project_id, True))
    coders = {
        coder.id: coder.name
        for coder in session.exec(select(Coder).where(Coder.project_id == document.project_id))
    }
    segments = {
        segment.id: segment
        for segment in session.exec(select(Segment).where(Segment.document_id == document_id))
    }
    ids = select(Segment.id).where(Segment.document_id == document_id)
    found: list[tuple[int, str, int, int | None, str]] = []
    for coding in session.exec(select(Coding).where(col(Coding.segment_id).in_(ids))):
        found.append((coding.segment_id, "coding", coding.coder_id, coding.code_id, ""))
    for review in session.exec(select(SegmentReview).where(col(SegmentReview.segment_id).in_(ids))):
        detail = review.status + (", flagged" if review.flagged else "")
        found.append((review.segment_id, "review", review.coder_id, None, detail))
    for memo in session.exec(select(Memo).where(col(Memo.segment_id).in_(ids))):
        assert memo.segment_id is not None
        found.append((memo.segment_id, "memo", memo.author_id, memo.code_id, memo.text))
    for decision in session.exec(select(Decision).where(col(Decision.segment_id).in_(ids))):
        found.append((decision.segment_id, "decision", decision.lead_id, None, decision.choice))
    for assignment in session.exec(select(Assignment).where(col(Assignment.segment_id).in_(ids))):
        found.append((assignment.segment_id, "assignment", assignment.coder_id, None, ""))
    work = []
    for segment_id, kind, coder_id, code_id, detail in found:
        segment = segments[segment_id]
        item = UnplacedWork(
            kind=kind,
            coder=coders[coder_id],
            code=paths.get(code_id, "") if code_id is not None else "",
            position=segment.position,
            speaker=segment.speaker,
            old_text=segment.text,
            detail=detail,
        )
        work.append((segment_id, item))
    work.sort(key=lambda pair: (pair[1].position, pair[1].kind, pair[1].coder, pair[1].code))
    return work
