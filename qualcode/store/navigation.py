"""Reading a project the way a coder moves through it: windows of segments, progress, next, search.

Every query here is index-backed or bounded, because the coding screen calls
them on every keystroke of a 100,000-segment project.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import and_, func, or_
from sqlmodel import Session, col, select

from qualcode.store.coding_changes import Change
from qualcode.store.memos import segments_with_memos
from qualcode.store.models import (
    Assignment,
    Coder,
    Coding,
    Document,
    Project,
    ReviewStatus,
    Segment,
    SegmentReview,
)
from qualcode.store.spans import SpanMark

SEARCH_LIMIT = 1000
"""Hits beyond this are counted but not returned: nobody pages through more."""


@dataclass(frozen=True)
class SegmentLine:
    """One segment as one coder sees it: text plus only that coder's codes and review."""

    id: int
    document_id: int
    position: int
    speaker: str
    text: str
    code_ids: tuple[int, ...]
    status: str | None
    """The coder's review status, or None when the coder has not touched the segment."""
    flagged: bool
    has_memo: bool
    start_time: float | None = None
    """Seconds into the recording, for segments read from subtitles (VTT, SRT) or timed CSV."""
    end_time: float | None = None
    whole_code_ids: tuple[int, ...] = ()
    """The codes given to the whole segment; ``code_ids`` also holds the codes of ``spans``."""
    spans: tuple[SpanMark, ...] = ()
    """The coder's codings of part of the segment, in reading order."""

    @property
    def reviewed(self) -> bool:
        return self.status == ReviewStatus.DONE.value

    def after(self, change: Change) -> SegmentLine:
        """This line as ``change`` leaves it, so the screen shows a saved change without a re-read."""
        removed = {code for segment, code in change.removed if segment == self.id}
        whole = [code for code in self.whole_code_ids if code not in removed]
        whole += [code for segment, code in change.added if segment == self.id and code not in whole]
        gone = {SpanMark(s.start, s.end, s.code_id) for s in change.spans_removed if s.segment_id == self.id}
        new = {SpanMark(s.start, s.end, s.code_id) for s in change.spans_added if s.segment_id == self.id}
        spans = sorted((set(self.spans) - gone) | new)
        kept = set(whole) | {span.code_id for span in spans}
        codes = [code for code in self.code_ids if code in kept]
        codes += [code for code in [*whole, *(span.code_id for span in spans)] if code not in codes]
        line = replace(
            self, code_ids=tuple(dict.fromkeys(codes)), whole_code_ids=tuple(whole), spans=tuple(spans)
        )
        for _before, review in change.reviews:
            if review.segment_id == self.id:
                line = replace(line, status=review.status, flagged=review.flagged)
        for _memo_before, memo in change.memos:
            if memo.segment_id == self.id:
                line = replace(line, has_memo=bool(memo.text))
        return line


@dataclass(frozen=True)
class SegmentLocation:
    """Where a segment is: enough for the coding screen to open its document and move to it."""

    segment_id: int
    document_id: int
    position: int


@dataclass(frozen=True)
class CoderDocument:
    """A document with one coder's progress in it (assigned segments only, when there are any)."""

    id: int
    name: str
    segments: int
    reviewed: int
    total: int
    """Segments this coder is to code: the assigned ones, or all of them without assignments."""


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: tuple[SegmentLocation, ...]
    total: int


@dataclass(frozen=True)
class CoderCodes:
    """One coder's codes and review on one segment, for a lead's side-by-side view."""

    coder: str
    role: str
    code_ids: tuple[int, ...]
    status: str | None
    flagged: bool


def has_assignments(session: Session, coder_id: int) -> bool:
    """A coder with assignment rows codes only those segments; one without codes everything."""
    return (
        session.exec(select(Assignment.id).where(Assignment.coder_id == coder_id).limit(1)).first()
        is not None
    )


def segment_lines(
    session: Session,
    coder_id: int,
    *,
    document_id: int | None = None,
    positions: Sequence[int] = (),
    segment_ids: Sequence[int] = (),
) -> list[SegmentLine]:
    """Segments by position within a document, or by id, each with this coder's state."""
    # Seven columns: more than sqlmodel's typed overloads of select() take, so the statement is untyped.
    statement = select(  # type: ignore[call-overload]
        Segment.id,
        Segment.document_id,
        Segment.position,
        Segment.speaker,
        Segment.text,
        Segment.start_time,
        Segment.end_time,
    )
    if segment_ids:
        statement = statement.where(col(Segment.id).in_(list(segment_ids)))
    elif document_id is not None and positions:
        statement = statement.where(
            Segment.document_id == document_id, col(Segment.position).in_(list(positions))
        )
    else:
        return []
    rows = list(session.exec(statement.order_by(Segment.document_id, Segment.position)))
    ids = [row[0] for row in rows]
    codes = _codes_by_segment(session, ids, coder_id)
    lengths = {row[0]: len(row[4]) for row in rows}
    reviews = _reviews_by_segment(session, ids, coder_id)
    memos = segments_with_memos(session, ids, coder_id)
    lines = []
    for segment_id, doc_id, position, speaker, text, start_time, end_time in rows:
        status, flagged = reviews.get(segment_id, (None, False))
        lines.append(
            SegmentLine(
                id=segment_id,
                document_id=doc_id,
                position=position,
                speaker=speaker,
                text=text,
                code_ids=tuple(dict.fromkeys(code for code, _start, _end in codes.get(segment_id, ()))),
                status=status,
                flagged=flagged,
                has_memo=segment_id in memos,
                start_time=start_time,
                end_time=end_time,
                whole_code_ids=tuple(
                    code
                    for code, start, end in codes.get(segment_id, ())
                    if (start, end) == (0, lengths[segment_id])
                ),
                spans=tuple(
                    sorted(
                        SpanMark(start, end, code)
                        for code, start, end in codes.get(segment_id, ())
                        if (start, end) != (0, lengths[segment_id])
                    )
                ),
            )
        )
    return lines


def _codes_by_segment(
    session: Session, ids: list[int], coder_id: int
) -> dict[int, list[tuple[int, int, int]]]:
    """(code, start, end) of each of the coder's codings per segment, in the order they were made.

    Two spans of one code still give the segment that code once in ``code_ids``.
    """
    found: dict[int, list[tuple[int, int, int]]] = {}
    if not ids:
        return found
    statement = (
        select(Coding.segment_id, Coding.code_id, Coding.span_start, Coding.span_end)
        .where(col(Coding.segment_id).in_(ids), Coding.coder_id == coder_id)
        .order_by(col(Coding.segment_id), col(Coding.id))
    )
    for segment_id, code_id, start, end in session.exec(statement):
        found.setdefault(segment_id, []).append((code_id, start, end))
    return found


def _reviews_by_segment(session: Session, ids: list[int], coder_id: int) -> dict[int, tuple[str, bool]]:
    if not ids:
        return {}
    statement = select(SegmentReview.segment_id, SegmentReview.status, SegmentReview.flagged).where(
        col(SegmentReview.segment_id).in_(ids), SegmentReview.coder_id == coder_id
    )
    return {segment_id: (status, flagged) for segment_id, status, flagged in session.exec(statement)}


def document_segment_ids(session: Session, document_id: int, positions: Iterable[int]) -> dict[int, int]:
    """Position → segment id, for a selection whose rows the screen has not loaded."""
    statement = select(Segment.position, Segment.id).where(
        Segment.document_id == document_id, col(Segment.position).in_(list(positions))
    )
    ids: dict[int, int] = {}
    for position, segment_id in session.exec(statement):
        assert segment_id is not None, "a segment read from the store has its id"
        ids[position] = segment_id
    return ids


def _first_to_do(
    session: Session, document_id: int, coder_id: int, after: int, assigned: bool
) -> tuple[int, int] | None:
    """(segment id, position) of the coder's first unjudged segment after ``after`` in one document.

    Ordered by position with LIMIT 1 on the (document, position) index, so
    it stops at the first hit instead of reading the whole document.
    """
    statement = (
        select(Segment.id, Segment.position)
        .outerjoin(
            SegmentReview,
            and_(col(SegmentReview.segment_id) == col(Segment.id), col(SegmentReview.coder_id) == coder_id),
        )
        .where(
            Segment.document_id == document_id,
            Segment.position > after,
            or_(col(SegmentReview.id).is_(None), col(SegmentReview.status) != ReviewStatus.DONE.value),
        )
        .order_by(col(Segment.position))
        .limit(1)
    )
    if assigned:
        statement = statement.join(
            Assignment,
            and_(col(Assignment.segment_id) == col(Segment.id), col(Assignment.coder_id) == coder_id),
        )
    row = session.exec(statement).first()
    if row is None:
        return None
    assert row[0] is not None, "a segment read from the store has its id"
    return (row[0], row[1])


def next_unreviewed(
    session: Session, project_id: int, coder_id: int, document_id: int | None, position: int
) -> SegmentLocation | None:
    """The first segment after (document, position) in reading order that this coder has not
    reviewed, wrapping round to the start; only assigned segments when the coder has any."""
    assigned = has_assignments(session, coder_id)
    in_order = select(Document.id).where(Document.project_id == project_id)
    order = list(session.exec(in_order.order_by(col(Document.position), col(Document.id))))
    if document_id in order:
        here = order.index(document_id)
        sequence = [(document_id, position)]
        sequence += [(other, 0) for other in order[here + 1 :] + order[:here]]
        sequence.append((document_id, 0))
    else:
        sequence = [(other, 0) for other in order]
    for candidate, after in sequence:
        assert candidate is not None, "documents read from the store have their ids"
        hit = _first_to_do(session, candidate, coder_id, after, assigned)
        if hit is not None:
            return SegmentLocation(segment_id=hit[0], document_id=candidate, position=hit[1])
    return None


def coder_documents(session: Session, project_id: int, coder_id: int) -> list[CoderDocument]:
    """Every document of the project with this coder's reviewed count and to-do total."""
    counts = dict(
        session.exec(
            select(Segment.document_id, func.count())
            .join(Document, col(Document.id) == col(Segment.document_id))
            .where(Document.project_id == project_id)
            .group_by(col(Segment.document_id))
        ).all()
    )
    assigned = has_assignments(session, coder_id)
    reviewed_statement = (
        select(Segment.document_id, func.count())
        .join(SegmentReview, col(SegmentReview.segment_id) == col(Segment.id))
        .join(Document, col(Document.id) == col(Segment.document_id))
        .where(
            Document.project_id == project_id,
            SegmentReview.coder_id == coder_id,
            SegmentReview.status == ReviewStatus.DONE.value,
        )
        .group_by(col(Segment.document_id))
    )
    totals = counts
    if assigned:
        reviewed_statement = reviewed_statement.join(
            Assignment,
            and_(col(Assignment.segment_id) == col(Segment.id), col(Assignment.coder_id) == coder_id),
        )
        totals = dict(
            session.exec(
                select(Segment.document_id, func.count())
                .join(Assignment, col(Assignment.segment_id) == col(Segment.id))
                .where(Assignment.coder_id == coder_id)
                .group_by(col(Segment.document_id))
            ).all()
        )
    reviewed = dict(session.exec(reviewed_statement).all())
    documents = session.exec(
        select(Document.id, Document.name)
        .where(Document.project_id == project_id)
        .order_by(col(Document.position), col(Document.id))
    )
    result = []
    for doc_id, name in documents:
        assert doc_id is not None, "a document read from the store has its id"
        result.append(
            CoderDocument(
                id=doc_id,
                name=name,
                segments=counts.get(doc_id, 0),
                reviewed=reviewed.get(doc_id, 0),
                total=totals.get(doc_id, 0),
            )
        )
    return result


def _like_pattern(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_segments(session: Session, project_id: int, text: str, limit: int = SEARCH_LIMIT) -> SearchResult:
    """Segments whose text contains ``text`` (case-insensitive), in reading order.

    ``ilike`` is spelt ``lower() LIKE lower()`` on SQLite and ``ILIKE`` on
    PostgreSQL, so one query serves both.
    """
    query = text.strip()
    if not query:
        return SearchResult(query=query, hits=(), total=0)
    condition = and_(
        col(Document.project_id) == project_id,
        col(Segment.text).ilike(_like_pattern(query), escape="\\"),
    )
    statement = (
        select(Segment.id, Segment.document_id, Segment.position)
        .join(Document, col(Document.id) == col(Segment.document_id))
        .where(condition)
        .order_by(col(Document.position), col(Document.id), col(Segment.position))
        .limit(limit)
    )
    hits = tuple(SegmentLocation(*row) for row in session.exec(statement))
    total = len(hits)
    if total == limit:
        total = session.exec(
            select(func.count())
            .select_from(Segment)
            .join(Document, col(Document.id) == col(Segment.document_id))
            .where(condition)
        ).one()
    return SearchResult(query=query, hits=hits, total=total)


def positions_with_codes(
    session: Session, document_id: int, code_ids: Sequence[int], coder_id: int
) -> list[int]:
    """Positions of the document's segments that this coder gave any of ``code_ids``."""
    statement = (
        select(Segment.position)
        .join(Coding, col(Coding.segment_id) == col(Segment.id))
        .where(
            Segment.document_id == document_id,
            Coding.coder_id == coder_id,
            col(Coding.code_id).in_(list(code_ids)),
        )
        .distinct()
        .order_by(col(Segment.position))
    )
    return list(session.exec(statement))


def codes_by_coder(session: Session, segment_id: int, coders: Sequence[Coder]) -> list[CoderCodes]:
    """Every coder's codes on one segment, in the order of ``coders``."""
    ids = [coder.id for coder in coders]
    codes: dict[int, list[int]] = {}
    for coder_id, code_id in session.exec(
        select(Coding.coder_id, Coding.code_id)
        .where(Coding.segment_id == segment_id, col(Coding.coder_id).in_(ids))
        .order_by(col(Coding.id))
    ):
        coder_codes = codes.setdefault(coder_id, [])
        if code_id not in coder_codes:
            coder_codes.append(code_id)
    reviews = {
        coder_id: (status, flagged)
        for coder_id, status, flagged in session.exec(
            select(SegmentReview.coder_id, SegmentReview.status, SegmentReview.flagged).where(
                SegmentReview.segment_id == segment_id, col(SegmentReview.coder_id).in_(ids)
            )
        )
    }
    result = []
    for coder in coders:
        assert coder.id is not None
        status, flagged = reviews.get(coder.id, (None, False))
        result.append(CoderCodes(coder.name, coder.role, tuple(codes.get(coder.id, ())), status, flagged))
    return result


def project_names(session: Session) -> list[str]:
    """Every project held in one database, for the project picker."""
    return list(session.exec(select(Project.name).order_by(Project.name)))
