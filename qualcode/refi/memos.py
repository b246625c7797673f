"""Memos from an imported project: notes, and the descriptions of sources and selections."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session

from qualcode.refi.model import ExchangeNote, ExchangeSource
from qualcode.refi.segments import SourceSegments
from qualcode.store.models import Memo, utc_now


def source_memos(
    source: ExchangeSource,
    segments: SourceSegments,
    segment_ids: list[int],
    notes: dict[str, ExchangeNote],
    coder_ids: dict[str, int],
) -> dict[tuple[int | None, int], tuple[str, datetime, str]]:
    """(segment id or None for the whole document, author) → text, time and first note GUID.

    A source's description and its notes without a range, or on the whole
    text, are memos on the document; a note on a range, a selection's notes and its description land on
    the segment where the range begins. qualcode keeps one memo per author and
    segment, so several that land together are joined, in file order.
    """
    starts = [segment.start_char for segment in segments.parsed.segments]
    ends = [segment.end_char for segment in segments.parsed.segments]

    def segment_at(start: int, end: int) -> int | None:
        for index, (a, b) in enumerate(zip(starts, ends, strict=True)):
            if a <= start < b or (start <= a < end):
                return segment_ids[index]
        return None

    memos: dict[tuple[int | None, int], tuple[str, datetime, str]] = {}

    def add(segment_id: int | None, author: int, text: str, created: str, guid: str) -> None:
        if not text.strip():
            return
        when = timestamp(created)
        key = (segment_id, author)
        if key in memos:
            old, first, first_guid = memos[key]
            memos[key] = (f"{old}\n\n{text}", min(first, when), first_guid)
        else:
            memos[key] = (text, when, guid)

    if source.description:
        add(None, coder_ids[source.user_guid], source.description, "", "")
    for guid in source.notes:
        note = notes.get(guid)
        if note is not None:
            where = None
            if note.start is not None and not (note.start == 0 and note.end == len(source.text)):
                where = segment_at(note.start, note.end or note.start + 1)
            add(where, coder_ids[note.user_guid], note.text, note.created_at, note.guid)
    for selection, pieces in zip(source.selections, segments.pieces, strict=True):
        where = segment_ids[pieces[0].segment] if pieces else None
        if selection.description:
            add(where, coder_ids[selection.user_guid], selection.description, selection.created_at, "")
        for guid in selection.notes:
            note = notes.get(guid)
            if note is not None:
                add(where, coder_ids[note.user_guid], note.text, note.created_at, note.guid)
    return memos


def insert_memos(
    session: Session,
    project_id: int,
    document_id: int,
    memos: dict[tuple[int | None, int], tuple[str, datetime, str]],
) -> dict[int, str]:
    """Insert the memos; returns memo id → the GUID of the note it came from."""
    guids: dict[int, str] = {}
    for (segment_id, author_id), (text, when, guid) in memos.items():
        memo = Memo(
            project_id=project_id,
            segment_id=segment_id,
            document_id=document_id,
            author_id=author_id,
            text=text,
            created_at=when,
            updated_at=when,
        )
        session.add(memo)
        session.flush()
        if guid and memo.id is not None:
            guids[memo.id] = guid
    return guids


def timestamp(value: str) -> datetime:
    """An xsd:dateTime in UTC; now when the file gives none or an unreadable one."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return utc_now()
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
