"""Span coding actions planned as `Change`s, so undo is the same code path as for whole segments."""

from __future__ import annotations

from dataclasses import replace

from sqlmodel import Session

from qualcode.errors import CodingError, NotFoundError
from qualcode.store.coding_changes import (
    Change,
    _exclusive_siblings,
    _review_pairs,
    check_segments,
    review_states,
)
from qualcode.store.models import Code, ReviewStatus
from qualcode.store.spans import SpanKey, check_span, sibling_codings, spans_present


def _check_code(code: Code) -> int:
    if code.archived:
        raise CodingError(f"code {code.name!r} is archived and cannot be applied")
    if not code.codable:
        raise CodingError(f"{code.name!r} is a category: apply one of the codes under it")
    assert code.id is not None
    return code.id


def _reviewed(session: Session, segment_id: int, coder_id: int) -> tuple:  # type: ignore[type-arg]
    """Coding a stretch is a judgement of the segment, as applying a code to all of it is."""
    before = review_states(session, [segment_id], coder_id)
    after = {key: replace(state, status=ReviewStatus.DONE.value) for key, state in before.items()}
    return _review_pairs(before, after)


def plan_span_toggle(
    session: Session, project_id: int, segment_id: int, code: Code, coder_id: int, start: int, end: int
) -> Change:
    """Add the span coding, or remove exactly that span when the coder has it already."""
    code_id = _check_code(code)
    document_id = check_segments(session, project_id, [segment_id])
    check_span(session, segment_id, start, end)
    span = SpanKey(segment_id, code_id, start, end)
    if spans_present(session, coder_id, [span]):
        return Change(f"removed {code.name} from {start}:{end}", coder_id, document_id, spans_removed=(span,))
    whole, parts = _overlapping_siblings(session, span, code, coder_id)
    return Change(
        f"applied {code.name} to {start}:{end}",
        coder_id,
        document_id,
        removed=whole,
        reviews=_reviewed(session, segment_id, coder_id),
        spans_added=(span,),
        spans_removed=parts,
    )


def _overlapping_siblings(
    session: Session, span: SpanKey, code: Code, coder_id: int
) -> tuple[tuple[tuple[int, int], ...], tuple[SpanKey, ...]]:
    """The coder's codings of the code's exclusive siblings that share a character with ``span``.

    The rule of a mutually exclusive group on a segment, applied to text: a
    new code replaces the sibling already on the same characters (a sibling
    coding of the whole segment shares them all); a sibling on other words of
    the segment stays. Returned as (whole-segment codings, spans) to remove.
    """
    siblings = _exclusive_siblings(session, code)
    found = sibling_codings(session, [span.segment_id], siblings, coder_id)
    clashing = [(key, whole) for key, whole in found if key.start < span.end and span.start < key.end]
    return (
        tuple((key.segment_id, key.code_id) for key, whole in clashing if whole),
        tuple(key for key, whole in clashing if not whole),
    )


def _existing(session: Session, project_id: int, coder_id: int, span: SpanKey, code: Code) -> int:
    document_id = check_segments(session, project_id, [span.segment_id])
    if not spans_present(session, coder_id, [span]):
        raise NotFoundError(
            f"no span {span.start}:{span.end} of {code.name!r} on this segment for this coder"
        )
    return document_id


def plan_span_resize(
    session: Session, project_id: int, span: SpanKey, code: Code, coder_id: int, start: int, end: int
) -> Change:
    """Move a span's ends; onto a span of the same code already there, the two become one.

    Moved onto words an exclusive sibling holds, it replaces that sibling there, as applying it would.
    """
    document_id = _existing(session, project_id, coder_id, span, code)
    check_span(session, span.segment_id, start, end)
    moved = SpanKey(span.segment_id, span.code_id, start, end)
    if moved == span:
        return Change("span unchanged", coder_id, document_id)
    added = () if spans_present(session, coder_id, [moved]) else (moved,)
    label = f"moved {code.name} from {span.start}:{span.end} to {start}:{end}"
    whole, parts = _overlapping_siblings(session, moved, code, coder_id)
    return Change(
        label, coder_id, document_id, removed=whole, spans_added=added, spans_removed=(span, *parts)
    )


def plan_span_removal(session: Session, project_id: int, span: SpanKey, code: Code, coder_id: int) -> Change:
    document_id = _existing(session, project_id, coder_id, span, code)
    return Change(
        f"removed {code.name} from {span.start}:{span.end}", coder_id, document_id, spans_removed=(span,)
    )
