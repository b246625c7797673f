"""Coding actions as changes: each action is planned as a `Change`, then applied in one session.

Planning and applying are separate so that undo is the same code path as
doing: undoing a change is applying its inverse. A change records exactly
what it altered (codings added and removed, reviews and memos before and
after), never a whole-segment snapshot, so undoing one action cannot wipe
out another made since.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import delete
from sqlmodel import Session, col, select

from qualcode.errors import CodingError, NotFoundError
from qualcode.store.memos import segment_memo, set_segment_memo
from qualcode.store.models import Code, Coding, Document, ReviewStatus, Segment, SegmentReview, utc_now
from qualcode.store.spans import (
    SpanKey,
    add_spans,
    covers_whole_segment,
    remove_spans,
    segment_texts,
    sibling_codings,
    whole_segment_coding,
)


@dataclass(frozen=True)
class ReviewState:
    """A coder's review of one segment; ``status`` None means no review row at all."""

    segment_id: int
    status: str | None
    flagged: bool

    @property
    def reviewed(self) -> bool:
        return self.status == ReviewStatus.DONE.value


@dataclass(frozen=True)
class MemoState:
    """A coder's memo on one segment; empty text means no memo."""

    segment_id: int
    text: str


@dataclass(frozen=True)
class Change:
    """What one action changed for one coder in one document, enough to undo it exactly."""

    label: str
    coder_id: int
    document_id: int
    added: tuple[tuple[int, int], ...] = ()
    """(segment id, code id) codings the action created."""
    removed: tuple[tuple[int, int], ...] = ()
    """(segment id, code id) codings the action deleted."""
    reviews: tuple[tuple[ReviewState, ReviewState], ...] = ()
    """(before, after) for each review the action altered."""
    memos: tuple[tuple[MemoState, MemoState], ...] = ()
    """(before, after) for each memo the action altered."""
    spans_added: tuple[SpanKey, ...] = ()
    """Span codings the action created; ``added`` holds whole-segment codings only."""
    spans_removed: tuple[SpanKey, ...] = ()
    """Span codings the action deleted."""

    @property
    def is_empty(self) -> bool:
        return not (
            self.added or self.removed or self.reviews or self.memos or self.spans_added or self.spans_removed
        )

    @property
    def segment_ids(self) -> tuple[int, ...]:
        """The segments whose display this change alters, in first-mentioned order."""
        ids = [segment for segment, _code in self.added + self.removed]
        ids += [span.segment_id for span in self.spans_added + self.spans_removed]
        ids += [before.segment_id for before, _after in self.reviews]
        ids += [before.segment_id for before, _after in self.memos]
        return tuple(dict.fromkeys(ids))

    @property
    def reviewed_delta(self) -> int:
        """How the coder's count of reviewed segments moves, so progress updates without a recount."""
        return sum(int(after.reviewed) - int(before.reviewed) for before, after in self.reviews)

    def inverse(self) -> Change:
        return Change(
            label=f"undo {self.label}",
            coder_id=self.coder_id,
            document_id=self.document_id,
            added=self.removed,
            removed=self.added,
            reviews=tuple((after, before) for before, after in self.reviews),
            memos=tuple((after, before) for before, after in self.memos),
            spans_added=self.spans_removed,
            spans_removed=self.spans_added,
        )


def check_segments(session: Session, project_id: int, segment_ids: Sequence[int]) -> int:
    """The one document the segments belong to; an action never spans documents."""
    if not segment_ids:
        raise CodingError("no segment selected")
    rows = session.exec(
        select(Segment.id, Segment.document_id)
        .join(Document, col(Document.id) == col(Segment.document_id))
        .where(col(Segment.id).in_(list(segment_ids)), Document.project_id == project_id)
    ).all()
    missing = set(segment_ids) - {segment_id for segment_id, _doc in rows}
    if missing:
        raise NotFoundError(f"no segment with id {min(missing)} in this project")
    documents = {document_id for _segment, document_id in rows}
    if len(documents) > 1:
        raise CodingError("a selection cannot span documents")
    return documents.pop()


def review_states(session: Session, segment_ids: Sequence[int], coder_id: int) -> dict[int, ReviewState]:
    """Every segment's review by this coder, with a blank state for segments never touched."""
    states = {segment_id: ReviewState(segment_id, None, False) for segment_id in segment_ids}
    for segment_id, status, flagged in session.exec(
        select(SegmentReview.segment_id, SegmentReview.status, SegmentReview.flagged).where(
            col(SegmentReview.segment_id).in_(list(segment_ids)), SegmentReview.coder_id == coder_id
        )
    ):
        states[segment_id] = ReviewState(segment_id, status, flagged)
    return states


def _review_pairs(
    before: dict[int, ReviewState], after: dict[int, ReviewState]
) -> tuple[tuple[ReviewState, ReviewState], ...]:
    return tuple((before[key], after[key]) for key in before if before[key] != after[key])


def _codings_present(
    session: Session, segment_ids: Sequence[int], code_ids: Sequence[int], coder_id: int
) -> set[tuple[int, int]]:
    """The whole-segment codings among these; a segment's spans are not whole-segment codings."""
    rows = session.exec(
        select(Coding.segment_id, Coding.code_id).where(
            col(Coding.segment_id).in_(list(segment_ids)),
            col(Coding.code_id).in_(list(code_ids)),
            Coding.coder_id == coder_id,
            covers_whole_segment(),
        )
    )
    return {(segment_id, code_id) for segment_id, code_id in rows}


def _exclusive_siblings(session: Session, code: Code) -> list[int]:
    """Codes that may not stand beside ``code`` on one segment (its parent is exclusive)."""
    if code.parent_id is None:
        return []
    parent = session.get(Code, code.parent_id)
    if parent is None or not parent.exclusive:
        return []
    return [
        sibling
        for sibling in session.exec(select(Code.id).where(Code.parent_id == parent.id, Code.id != code.id))
        if sibling is not None
    ]


def plan_toggle(
    session: Session, project_id: int, segment_ids: Sequence[int], code: Code, coder_id: int
) -> Change:
    """Remove ``code`` if every segment has it, else add it where missing; all end reviewed.

    Adding a code of a mutually exclusive group replaces the sibling already
    there: the coder changed their mind, and undo brings the sibling back.
    A sibling given to part of the segment is replaced too, since the whole
    segment holds that part.
    """
    if code.archived:
        raise CodingError(f"code {code.name!r} is archived and cannot be applied")
    if not code.codable:
        raise CodingError(f"{code.name!r} is a category: apply one of the codes under it")
    assert code.id is not None
    document_id = check_segments(session, project_id, segment_ids)
    ids = list(dict.fromkeys(segment_ids))
    present = _codings_present(session, ids, [code.id], coder_id)
    added: list[tuple[int, int]] = []
    removed: list[tuple[int, int]] = []
    spans_removed: list[SpanKey] = []
    if len(present) == len(ids):
        removed = [(segment_id, code.id) for segment_id in ids]
        label = f"removed {code.name}"
    else:
        added = [(segment_id, code.id) for segment_id in ids if (segment_id, code.id) not in present]
        siblings = _exclusive_siblings(session, code)
        if siblings:
            found = sibling_codings(session, [s for s, _c in added], siblings, coder_id)
            removed = sorted({(key.segment_id, key.code_id) for key, whole in found if whole})
            spans_removed = [key for key, whole in found if not whole]
        label = f"applied {code.name}"
    if len(ids) > 1:
        label += f" on {len(ids)} segments"
    before = review_states(session, ids, coder_id)
    after = {key: replace(state, status=ReviewStatus.DONE.value) for key, state in before.items()}
    return Change(
        label,
        coder_id,
        document_id,
        tuple(added),
        tuple(removed),
        _review_pairs(before, after),
        spans_removed=tuple(spans_removed),
    )


def plan_review(session: Session, project_id: int, segment_ids: Sequence[int], coder_id: int) -> Change:
    """Mark segments reviewed with whatever codes they have: with none, "no code applies"."""
    document_id = check_segments(session, project_id, segment_ids)
    before = review_states(session, list(dict.fromkeys(segment_ids)), coder_id)
    after = {key: replace(state, status=ReviewStatus.DONE.value) for key, state in before.items()}
    label = "reviewed" if len(before) == 1 else f"reviewed {len(before)} segments"
    return Change(label, coder_id, document_id, reviews=_review_pairs(before, after))


def plan_flag(session: Session, project_id: int, segment_ids: Sequence[int], coder_id: int) -> Change:
    """Flag for discussion, or unflag when every segment is flagged already.

    A flag alone leaves a segment pending: flagging is not a judgement.
    """
    document_id = check_segments(session, project_id, segment_ids)
    before = review_states(session, list(dict.fromkeys(segment_ids)), coder_id)
    flag = not all(state.flagged for state in before.values())
    after = {
        key: replace(state, flagged=flag, status=state.status or ReviewStatus.PENDING.value)
        for key, state in before.items()
    }
    label = "flagged" if flag else "unflagged"
    if len(before) > 1:
        label += f" {len(before)} segments"
    return Change(label, coder_id, document_id, reviews=_review_pairs(before, after))


def plan_memo(session: Session, project_id: int, segment_id: int, coder_id: int, text: str) -> Change:
    document_id = check_segments(session, project_id, [segment_id])
    memo = segment_memo(session, segment_id, coder_id)
    before = MemoState(segment_id, memo.text if memo else "")
    after = MemoState(segment_id, text.strip())
    if before == after:
        return Change("memo unchanged", coder_id, document_id)
    label = "deleted memo" if not after.text else "saved memo"
    return Change(label, coder_id, document_id, memos=((before, after),))


def apply_change(session: Session, project_id: int, change: Change) -> None:
    """Make the store show ``change``'s after-states; idempotent, so a replayed undo is harmless."""
    coder_id = change.coder_id
    by_code: dict[int, list[int]] = {}
    for segment_id, code_id in change.removed:
        by_code.setdefault(code_id, []).append(segment_id)
    for code_id, segment_ids in by_code.items():
        session.execute(
            delete(Coding).where(
                col(Coding.coder_id) == coder_id,
                col(Coding.code_id) == code_id,
                col(Coding.segment_id).in_(segment_ids),
                covers_whole_segment(),
            )
        )
    remove_spans(session, coder_id, change.spans_removed)
    if change.added:
        present = _codings_present(
            session,
            [segment for segment, _code in change.added],
            list({code for _segment, code in change.added}),
            coder_id,
        )
        texts = segment_texts(session, [segment for segment, _code in change.added])
        session.add_all(
            whole_segment_coding(segment_id, code_id, coder_id, texts[segment_id])
            for segment_id, code_id in change.added
            if (segment_id, code_id) not in present
        )
    add_spans(session, coder_id, change.spans_added)
    if change.reviews:
        _apply_reviews(session, coder_id, [after for _before, after in change.reviews])
    for _before, after in change.memos:
        set_segment_memo(session, project_id, after.segment_id, change.document_id, coder_id, after.text)


def _apply_reviews(session: Session, coder_id: int, states: list[ReviewState]) -> None:
    rows = {
        row.segment_id: row
        for row in session.exec(
            select(SegmentReview).where(
                col(SegmentReview.segment_id).in_([state.segment_id for state in states]),
                SegmentReview.coder_id == coder_id,
            )
        )
    }
    for state in states:
        row = rows.get(state.segment_id)
        if state.status is None:
            if row is not None:
                session.delete(row)
            continue
        if row is None:
            row = SegmentReview(segment_id=state.segment_id, coder_id=coder_id)
        row.status = state.status
        row.flagged = state.flagged
        row.updated_at = utc_now()
        session.add(row)
