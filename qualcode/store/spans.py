"""Span codings: a code on a stretch of a segment's text, and the one rule for whole-segment codings.

A whole-segment coding is the span from 0 to the length of the segment's
text, so every reader that asks "does this coder give this segment this
code" sees whole-segment codings and spans alike; only the readers that
show or measure extents tell them apart, through `covers_whole_segment`.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, delete, func, tuple_
from sqlalchemy import select as sa_select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from qualcode.errors import NotFoundError, SpanError
from qualcode.store.models import Code, Coding, Document, Segment


@dataclass(frozen=True)
class SpanKey:
    """One span coding as a change records it; the coder is the change's."""

    segment_id: int
    code_id: int
    start: int
    end: int


@dataclass(frozen=True, order=True)
class SpanMark:
    """One of a coder's spans on a segment as a row of the coding screen carries it, in reading order."""

    start: int
    end: int
    """End exclusive."""
    code_id: int

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


@dataclass(frozen=True)
class SpanCoding:
    """A coded stretch of a segment as the coding screen shows it."""

    code_id: int
    code_name: str
    start: int
    end: int
    """End exclusive, so ``quote == segment_text[start:end]``."""
    quote: str


def quote_hash(quote: str) -> str:
    """What a coding remembers of its text, so a later transcript edit is noticed."""
    return hashlib.sha256(quote.encode("utf-8")).hexdigest()


@functools.cache
def covers_whole_segment() -> ColumnElement[bool]:
    """The SQL condition for a coding that covers its whole segment (a correlated length check).

    Built once: an expression is immutable and can stand in any number of
    statements, and building it (alias, subquery, coercions) cost some 2 ms,
    paid two or three times on every key press that codes a segment.
    """
    # An alias, so that a query already joining segment does not correlate the subquery away.
    own = aliased(Segment)
    length = (
        sa_select(func.length(own.text))
        .where(col(own.id) == col(Coding.segment_id))
        .correlate(Coding)
        .scalar_subquery()
    )
    return and_(col(Coding.span_start) == 0, col(Coding.span_end) == length)


def segment_texts(session: Session, segment_ids: Sequence[int]) -> dict[int, str]:
    ids = list(dict.fromkeys(segment_ids))
    texts: dict[int, str] = {}
    for first in range(0, len(ids), 500):
        chunk = ids[first : first + 500]
        rows = session.exec(select(Segment.id, Segment.text).where(col(Segment.id).in_(chunk)))
        texts.update((segment_id, text) for segment_id, text in rows if segment_id is not None)
    return texts


def whole_segment_coding(segment_id: int, code_id: int, coder_id: int, text: str) -> Coding:
    return Coding(
        segment_id=segment_id,
        code_id=code_id,
        coder_id=coder_id,
        span_start=0,
        span_end=len(text),
        quote_hash=quote_hash(text),
    )


def check_span(session: Session, segment_id: int, start: int, end: int) -> str:
    """The segment's text, once the span is known to lie inside it and to hold something."""
    row = session.exec(
        select(Segment.text, Segment.position, Document.name)
        .join(Document, col(Document.id) == col(Segment.document_id))
        .where(Segment.id == segment_id)
    ).first()
    if row is None:
        raise NotFoundError(f"no segment with id {segment_id}")
    text, position, document = row
    if not 0 <= start < end <= len(text):
        raise SpanError(
            f"span {start}:{end} does not fit segment {document}:{position}, which has {len(text)} "
            f"characters: give START:END with 0 <= START < END <= {len(text)}"
        )
    return text


def spans_present(session: Session, coder_id: int, spans: Sequence[SpanKey]) -> set[SpanKey]:
    if not spans:
        return set()
    rows = session.exec(
        select(Coding.segment_id, Coding.code_id, Coding.span_start, Coding.span_end).where(
            Coding.coder_id == coder_id,
            tuple_(
                col(Coding.segment_id), col(Coding.code_id), col(Coding.span_start), col(Coding.span_end)
            ).in_([(s.segment_id, s.code_id, s.start, s.end) for s in spans]),
        )
    )
    return {SpanKey(*row) for row in rows}


def add_spans(session: Session, coder_id: int, spans: Sequence[SpanKey]) -> None:
    """Insert the spans not there yet, each with the hash of the text it quotes."""
    if not spans:
        return
    present = spans_present(session, coder_id, spans)
    texts = segment_texts(session, [span.segment_id for span in spans])
    session.add_all(
        Coding(
            segment_id=span.segment_id,
            code_id=span.code_id,
            coder_id=coder_id,
            span_start=span.start,
            span_end=span.end,
            quote_hash=quote_hash(texts[span.segment_id][span.start : span.end]),
        )
        for span in dict.fromkeys(spans)
        if span not in present
    )


def sibling_codings(
    session: Session, segment_ids: Sequence[int], code_ids: Sequence[int], coder_id: int
) -> list[tuple[SpanKey, bool]]:
    """The coder's codings of these codes on these segments, each with whether it covers its segment."""
    if not segment_ids or not code_ids:
        return []
    rows = session.execute(
        sa_select(
            col(Coding.segment_id),
            col(Coding.code_id),
            col(Coding.span_start),
            col(Coding.span_end),
            func.length(col(Segment.text)),
        )
        .join(Segment, col(Segment.id) == col(Coding.segment_id))
        .where(
            col(Coding.segment_id).in_(list(segment_ids)),
            col(Coding.code_id).in_(list(code_ids)),
            col(Coding.coder_id) == coder_id,
        )
        .order_by(col(Coding.segment_id), col(Coding.span_start), col(Coding.span_end), col(Coding.code_id))
    ).all()
    return [
        (SpanKey(segment_id, code_id, start, end), (start, end) == (0, length))
        for segment_id, code_id, start, end, length in rows
    ]


def remove_spans(session: Session, coder_id: int, spans: Sequence[SpanKey]) -> None:
    for span in spans:
        session.execute(
            delete(Coding).where(
                col(Coding.coder_id) == coder_id,
                col(Coding.segment_id) == span.segment_id,
                col(Coding.code_id) == span.code_id,
                col(Coding.span_start) == span.start,
                col(Coding.span_end) == span.end,
            )
        )


def segment_spans(session: Session, segment_id: int, coder_id: int) -> list[SpanCoding]:
    """The coder's spans on a segment in reading order; whole-segment codings are left out."""
    rows = session.execute(
        sa_select(
            col(Coding.code_id),
            col(Code.name),
            col(Coding.span_start),
            col(Coding.span_end),
            col(Segment.text),
        )
        .join(Code, col(Code.id) == col(Coding.code_id))
        .join(Segment, col(Segment.id) == col(Coding.segment_id))
        .where(col(Coding.segment_id) == segment_id, col(Coding.coder_id) == coder_id)
        .order_by(col(Coding.span_start), col(Coding.span_end), col(Code.position), col(Code.id))
    ).all()
    return [
        SpanCoding(code_id, name, start, end, text[start:end])
        for code_id, name, start, end, text in rows
        if not (start == 0 and end == len(text))
    ]
