"""Storing a read REFI-QDA project: documents cut into segments, coders, codes, codings and memos."""

from __future__ import annotations

import copy
import dataclasses
import hashlib
from bisect import bisect_right
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import insert
from sqlmodel import Session, col, select

from qualcode.codebook import Codebook
from qualcode.errors import ImportFileError
from qualcode.ingest import SEGMENTATIONS, ParsedDocument, ParsedSegment
from qualcode.ingest.segmenting import TextSegmentation, segment_text
from qualcode.refi.model import (
    SOURCE_GUID_KEY,
    ExchangeNote,
    ExchangeProject,
    ExchangeSource,
    user_role,
)
from qualcode.store.codes import codebook_from_store, project_codes, sync_codebook
from qualcode.store.documents import documents_with_sha, insert_document
from qualcode.store.models import (
    Coder,
    CoderRole,
    Coding,
    Memo,
    Project,
    ReviewStatus,
    Segment,
    SegmentReview,
    utc_now,
)


@dataclass(frozen=True)
class SourceSegments:
    """A text source cut into segments, and which segments each of its selections codes."""

    parsed: ParsedDocument
    coded: tuple[tuple[int, ...], ...]
    """Per selection, the 0-based indices of the segments it codes."""


@dataclass(frozen=True)
class StoredSource:
    document_name: str
    parsed: ParsedDocument


def segment_source(source: ExchangeSource, file_name: str) -> SourceSegments:
    """Cut a source by the first of turn, paragraph, sentence whose segments match every selection.

    A project qualcode exported therefore comes back with its own segments. When
    no segmentation matches (another tool's free selections), the first that
    cuts the text at all is used, and each selection codes every segment it
    overlaps, with a warning. An empty selection codes nothing.
    """
    label = f"{file_name}: {source.name}"
    spans = [(selection.start, selection.end) for selection in source.selections]
    fallback: tuple[str, TextSegmentation] | None = None
    for segmentation in SEGMENTATIONS:
        try:
            cut = segment_text(source.text, segmentation, label)
        except ImportFileError:
            continue
        if not cut.segments:
            continue
        fallback = fallback or (segmentation, cut)
        bounds = {(segment.start_char, segment.end_char): index for index, segment in enumerate(cut.segments)}
        if all(span in bounds for span in spans if span[0] < span[1]):
            coded = tuple(_exact(bounds, span) for span in spans)
            return SourceSegments(_parsed(source, file_name, segmentation, cut, []), coded)
    if fallback is None:
        raise ImportFileError(f"{label}: the text source has no text to code")
    segmentation, cut = fallback
    starts = [segment.start_char for segment in cut.segments]
    coded = tuple(_overlapping(cut.segments, starts, start, end) for start, end in spans)
    exact = {(segment.start_char, segment.end_char) for segment in cut.segments}
    loose = sum(span not in exact for span in spans)
    warning = (
        f"{label}: {loose} selections do not match {segmentation} segments; each codes those it overlaps"
    )
    return SourceSegments(_parsed(source, file_name, segmentation, cut, [warning]), coded)


def _exact(bounds: dict[tuple[int, int], int], span: tuple[int, int]) -> tuple[int, ...]:
    return (bounds[span],) if span in bounds else ()


def _overlapping(segments: list[ParsedSegment], starts: list[int], start: int, end: int) -> tuple[int, ...]:
    """Indices of the segments (in text order, not overlapping) that share a character with start–end."""
    first = max(bisect_right(starts, start) - 1, 0)
    found = []
    for index in range(first, len(segments)):
        if segments[index].start_char >= end:
            break
        if start < segments[index].end_char:
            found.append(index)
    return tuple(found)


def _parsed(
    source: ExchangeSource, file_name: str, segmentation: str, cut: TextSegmentation, warnings: list[str]
) -> ParsedDocument:
    return ParsedDocument(
        name=source.name,
        source_name=file_name,
        sha256=hashlib.sha256(source.text.encode("utf-8")).hexdigest(),
        text=source.text,
        preamble=cut.preamble,
        postamble=cut.postamble,
        segments=cut.segments,
        segmentation=segmentation,
        meta={SOURCE_GUID_KEY: source.guid},
        warnings=[*cut.warnings, *warnings],
    )


def merged_codebook(existing: Codebook, incoming: Codebook) -> Codebook:
    """The project's codebook with the file's codes it lacks (matched by GUID) added.

    A project without codes takes the file's codebook whole. Otherwise nothing
    of the project's codebook changes and none of its codes is archived; a new
    code goes under its parent when the parent is known, else at the top.
    """
    if not existing.codes:
        return incoming
    merged = copy.deepcopy(existing)
    by_uuid = {spec.uuid: spec for _path, spec, _parent in merged.walk()}
    for _path, spec, parent in incoming.walk():
        if spec.uuid in by_uuid:
            continue
        added = dataclasses.replace(spec, children=[])
        home = by_uuid.get(parent.uuid) if parent is not None else None
        (home.children if home is not None else merged.codes).append(added)
        by_uuid[added.uuid] = added
    return merged


def store_exchange_project(
    session: Session,
    project: Project,
    exchange: ExchangeProject,
    file_name: str,
    force: bool,
    meta: dict[str, str] | None = None,
) -> list[StoredSource]:
    """Add the file's sources, users, codes and codings to ``project`` in the caller's transaction.

    ``meta`` (``--meta KEY=VALUE``) is added to every document's metadata.
    """
    assert project.id is not None
    if not exchange.sources:
        raise ImportFileError(f"{file_name}: the project has no text sources to import")
    cut = [segment_source(source, file_name) for source in exchange.sources]
    cut[0].parsed.warnings[:0] = exchange.warnings
    for cut_source in cut:
        cut_source.parsed.meta.update(meta or {})
    if not force:
        for cut_source in cut:
            same = documents_with_sha(session, project.id, cut_source.parsed.sha256)
            if same:
                raise ImportFileError(
                    f"{file_name}: text source {cut_source.parsed.name!r} is already imported as "
                    f"{same[0].name!r} (same content); use --force to import it again"
                )
    sync_codebook(session, project, merged_codebook(codebook_from_store(session, project), exchange.codebook))
    code_ids = {code.uuid: code.id for code in project_codes(session, project.id) if code.id is not None}
    coder_ids = _coders(session, project, exchange)
    notes = {note.guid: note for note in exchange.notes}
    stored = []
    for source, segments in zip(exchange.sources, cut, strict=True):
        document = insert_document(session, project.id, segments.parsed)
        segment_ids = list(
            session.exec(
                select(Segment.id).where(Segment.document_id == document.id).order_by(col(Segment.position))
            )
        )
        codings: dict[tuple[int, int, int], datetime] = {}
        for selection, indices in zip(source.selections, segments.coded, strict=True):
            for coding in selection.codings:
                when = _timestamp(coding.created_at or selection.created_at)
                for index in indices:
                    segment_id = segment_ids[index]
                    assert segment_id is not None
                    codings.setdefault(
                        (segment_id, code_ids[coding.code_guid], coder_ids[coding.user_guid]), when
                    )
        _insert_codings(session, codings)
        memos = _memos(source, segments.coded, segment_ids, notes, coder_ids)
        _insert_memos(session, project.id, document.id, memos)
        stored.append(StoredSource(document.name, segments.parsed))
    return stored


def _memos(
    source: ExchangeSource,
    coded: tuple[tuple[int, ...], ...],
    segment_ids: list[int | None],
    notes: dict[str, ExchangeNote],
    coder_ids: dict[str, int],
) -> dict[tuple[int | None, int], tuple[str, datetime]]:
    """(segment id or None for the whole document, author) → text and time of the memo.

    A note on a selection lands on the first segment the selection covers (on the
    document when it covers none); qualcode keeps one memo per author and
    segment, so several notes that land together are joined, in file order.
    """
    memos: dict[tuple[int | None, int], tuple[str, datetime]] = {}
    targets: list[tuple[int | None, tuple[str, ...]]] = [(None, source.notes)]
    for selection, indices in zip(source.selections, coded, strict=True):
        targets.append((segment_ids[indices[0]] if indices else None, selection.notes))
    for segment_id, guids in targets:
        for guid in guids:
            note = notes.get(guid)
            if note is None or not note.text.strip():
                continue
            key = (segment_id, coder_ids[note.user_guid])
            when = _timestamp(note.created_at)
            if key in memos:
                text, first = memos[key]
                memos[key] = (f"{text}\n\n{note.text}", min(first, when))
            else:
                memos[key] = (note.text, when)
    return memos


def _insert_memos(
    session: Session,
    project_id: int,
    document_id: int,
    memos: dict[tuple[int | None, int], tuple[str, datetime]],
) -> None:
    if not memos:
        return
    rows = [
        {
            "project_id": project_id,
            "segment_id": segment_id,
            "document_id": document_id,
            "author_id": author_id,
            "text": text,
            "created_at": when,
            "updated_at": when,
        }
        for (segment_id, author_id), (text, when) in memos.items()
    ]
    session.execute(insert(Memo), rows)


def _coders(session: Session, project: Project, exchange: ExchangeProject) -> dict[str, int]:
    """User GUID → coder id; a user becomes the coder of the same name, made when missing."""
    existing = {
        coder.name: coder for coder in session.exec(select(Coder).where(Coder.project_id == project.id))
    }
    has_consensus = any(coder.role == CoderRole.CONSENSUS.value for coder in existing.values())
    ids: dict[str, int] = {}
    for user in exchange.users:
        coder = existing.get(user.name)
        if coder is None:
            role = user_role(exchange.name, user) or CoderRole.CODER
            if role == CoderRole.CONSENSUS and has_consensus:
                role = CoderRole.CODER
            has_consensus = has_consensus or role == CoderRole.CONSENSUS
            coder = Coder(project_id=project.id, name=user.name, role=role.value)  # type: ignore[arg-type]
            session.add(coder)
            session.flush()
            existing[user.name] = coder
        assert coder.id is not None
        ids[user.guid] = coder.id
    return ids


def _timestamp(value: str) -> datetime:
    """An xsd:dateTime in UTC; now when the file gives none or an unreadable one."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return utc_now()
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _insert_codings(session: Session, codings: dict[tuple[int, int, int], datetime]) -> None:
    """Codings and the reviews they imply (a coder who coded a segment has judged it), in bulk."""
    if not codings:
        return
    rows = [
        {"segment_id": s, "code_id": c, "coder_id": k, "created_at": when, "updated_at": when}
        for (s, c, k), when in codings.items()
    ]
    session.execute(insert(Coding), rows)
    reviewed: dict[tuple[int, int], datetime] = {}
    for (segment_id, _code_id, coder_id), when in codings.items():
        reviewed[(segment_id, coder_id)] = max(when, reviewed.get((segment_id, coder_id), when))
    reviews = [
        {
            "segment_id": s,
            "coder_id": k,
            "status": ReviewStatus.DONE.value,
            "flagged": False,
            "updated_at": when,
        }
        for (s, k), when in reviewed.items()
    ]
    session.execute(insert(SegmentReview), reviews)
