"""Storing a read REFI-QDA project: documents cut into segments, coders, codes, codings and memos."""

from __future__ import annotations

import copy
import dataclasses
import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import insert
from sqlmodel import Session, col, select

from qualcode.codebook import Codebook, uuid_from_foreign_id
from qualcode.errors import ImportFileError
from qualcode.ingest import ParsedDocument
from qualcode.refi.extension import restore_extension
from qualcode.refi.identities import record_guids
from qualcode.refi.memos import insert_memos, source_memos, timestamp
from qualcode.refi.model import ExchangeProject, user_role
from qualcode.refi.segments import Piece, SourceSegments, segment_source
from qualcode.store.codes import codebook_from_store, project_codes, sync_codebook
from qualcode.store.documents import documents_with_sha, insert_document
from qualcode.store.models import (
    Code,
    Coder,
    CoderRole,
    Coding,
    Project,
    ReviewStatus,
    Segment,
    SegmentReview,
)
from qualcode.store.spans import quote_hash

PSEUDO_USER = re.compile(
    r"^(atlas\.?ti|maxqda|nvivo|qualcoder|quirkos|dedoose|taguette|default)\b", re.IGNORECASE
)
"""Names tools give to a user that is the program itself, not a person who coded."""

CodingKey = tuple[int, int, int, int, int]
"""segment id, code id, coder id, span start, span end."""


@dataclass(frozen=True)
class StoredSource:
    document_name: str
    parsed: ParsedDocument


@dataclass
class StoredProject:
    """What an import stored, and what it has to say about the file as a whole."""

    sources: list[StoredSource] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


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
    segmentation: str | None = None,
) -> StoredProject:
    """Add the file's sources, users, codes, codings and memos to ``project`` in the caller's transaction.

    ``meta`` (``--meta KEY=VALUE``) is added to every document's metadata;
    ``segmentation`` (``--segment``) cuts every source, else each source is cut
    as qualcode cut it (when the file came from qualcode) or as `segment_source`
    chooses. A file with a codebook and no text sources loads its codebook.
    """
    assert project.id is not None
    result = StoredProject()
    if not exchange.sources and not exchange.codebook.codes:
        raise ImportFileError(f"{file_name}: the project has no text sources and no codes to import")
    recorded = exchange.extension.get("segmentations", {})
    cut = [
        segment_source(source, file_name, segmentation or _recorded(recorded, source.guid))
        for source in exchange.sources
    ]
    for cut_source in cut:
        cut_source.parsed.meta.update(meta or {})
    _add_sets(exchange, cut)
    if not force:
        for cut_source in cut:
            same = documents_with_sha(session, project.id, cut_source.parsed.sha256)
            if same:
                raise ImportFileError(
                    f"{file_name}: text source {cut_source.parsed.name!r} is already imported as "
                    f"{same[0].name!r} (same content); use --force to import it again"
                )
    incoming = exchange.codebook
    recorded_book = exchange.extension.get("codebook")
    if isinstance(recorded_book, dict) and incoming.codes:
        incoming = dataclasses.replace(
            incoming,
            name=str(recorded_book.get("name") or incoming.name),
            version=str(recorded_book.get("version") or ""),
            description=str(recorded_book.get("description") or incoming.description),
        )
    sync_codebook(session, project, merged_codebook(codebook_from_store(session, project), incoming))
    codes = project_codes(session, project.id)
    code_ids = {code.uuid: code.id for code in codes if code.id is not None}
    coder_ids = _coders(session, project, exchange, file_name, result.notes)
    notes = {note.guid: note for note in exchange.notes}
    placed: dict[CodingKey, tuple[str, str]] = {}
    segment_places: dict[tuple[str, int, int], int] = {}
    memo_guids: dict[int, str] = {}
    document_guids: dict[int, str] = {}
    for source, segments in zip(exchange.sources, cut, strict=True):
        document = insert_document(session, project.id, segments.parsed)
        document_guids[document.id] = source.guid
        rows = list(
            session.exec(
                select(Segment.id, Segment.text, Segment.start_char, Segment.end_char)
                .where(Segment.document_id == document.id)
                .order_by(col(Segment.position))
            )
        )
        ids: list[int] = [row[0] for row in rows]  # type: ignore[misc]
        texts = [row[1] for row in rows]
        segment_places.update(
            {(source.guid, row[2], row[3]): id_ for row, id_ in zip(rows, ids, strict=True)}
        )
        codings: dict[CodingKey, datetime] = {}
        for selection, pieces in zip(source.selections, segments.pieces, strict=True):
            for coding in selection.codings:
                when = timestamp(coding.created_at or selection.created_at)
                for piece in pieces:
                    key = (
                        ids[piece.segment],
                        code_ids[coding.code_guid],
                        coder_ids[coding.user_guid],
                        piece.start,
                        piece.end,
                    )
                    if key not in codings:
                        codings[key] = when
                        placed[key] = (selection.guid, coding.guid)
        _insert_codings(session, codings, dict(zip(ids, texts, strict=True)))
        memos = source_memos(source, segments, ids, notes, coder_ids)
        memo_guids.update(insert_memos(session, project.id, document.id, memos))
        stored = StoredSource(document.name, segments.parsed)
        result.sources.append(stored)
        if segments.outside:
            result.notes.append(
                f"{file_name}: {source.name}: {segments.outside} selections lie outside every segment "
                "(in the preamble) and were not imported"
            )
    record_guids(session, project.id, exchange, coder_ids, code_ids, document_guids, placed, memo_guids)
    result.notes.extend(restore_extension(session, exchange, file_name, segment_places, coder_ids))
    _describe_project(project, exchange.description)
    result.notes.extend(_exclusive_violations(session, codes, placed, file_name))
    result.notes.extend(_dropped(exchange, file_name))
    if not exchange.sources:
        count = sum(1 for _ in exchange.codebook.walk())
        result.notes.insert(0, f"{file_name}: no text sources; loaded its codebook ({count} codes)")
    result.notes[:0] = exchange.warnings
    return result


def _recorded(recorded: object, guid: str) -> str | None:
    if not isinstance(recorded, dict):
        return None
    for key, value in recorded.items():
        if isinstance(key, str) and uuid_from_foreign_id(key) == guid and isinstance(value, str):
            return value
    return None


def _add_sets(exchange: ExchangeProject, cut: list[SourceSegments]) -> None:
    """A set of sources becomes the ``sets`` attribute of each member document, names joined by '; '."""
    index = {source.guid: segments for source, segments in zip(exchange.sources, cut, strict=True)}
    for group in exchange.sets:
        for guid in group.sources:
            meta = index[guid].parsed.meta
            meta["sets"] = f"{meta['sets']}; {group.name}" if meta.get("sets") else group.name


def _dropped(exchange: ExchangeProject, file_name: str) -> list[str]:
    dropped = list(exchange.dropped)
    code_sets = sum(1 for group in exchange.sets if group.codes)
    if code_sets:
        dropped.append(("sets of codes", code_sets))
    if not dropped:
        return []
    listed = ", ".join(f"{count} {kind}" for kind, count in dropped)
    return [f"{file_name}: not imported (qualcode has no place for them): {listed}"]


def _describe_project(project: Project, description: str) -> None:
    """The file's project description becomes the project's, or is added to it."""
    if not description or description in project.description:
        return
    project.description = f"{project.description}\n\n{description}" if project.description else description


def _coders(
    session: Session, project: Project, exchange: ExchangeProject, file_name: str, notes: list[str]
) -> dict[str, int]:
    """User GUID → coder id; a user becomes the coder of the same name, made when missing.

    A new coder's role is the one qualcode recorded when it wrote the file; else
    a user named after a program, or one with no codings in the file, becomes a
    ``tool``, kept but not compared for agreement unless named, with a note.
    """
    existing = {
        coder.name: coder for coder in session.exec(select(Coder).where(Coder.project_id == project.id))
    }
    has_consensus = any(coder.role == CoderRole.CONSENSUS.value for coder in existing.values())
    roles = {uuid_from_foreign_id(k): v for k, v in exchange.extension.get("roles", {}).items()}
    coding_users = {c.user_guid for s in exchange.sources for sel in s.selections for c in sel.codings}
    ids: dict[str, int] = {}
    pseudo = []
    for user in exchange.users:
        coder = existing.get(user.name)
        if coder is None:
            role = _role(roles.get(user.guid)) or user_role(exchange.name, user)
            if role is None and (PSEUDO_USER.match(user.name) or user.guid not in coding_users):
                role = CoderRole.TOOL
                reason = "a program, not a coder" if PSEUDO_USER.match(user.name) else "no codings"
                pseudo.append(f"{user.name!r} ({reason})")
            role = role or CoderRole.CODER
            if role == CoderRole.CONSENSUS and has_consensus:
                role = CoderRole.CODER
            has_consensus = has_consensus or role == CoderRole.CONSENSUS
            coder = Coder(project_id=project.id, name=user.name, role=role.value)  # type: ignore[arg-type]
            session.add(coder)
            session.flush()
            existing[user.name] = coder
        assert coder.id is not None
        ids[user.guid] = coder.id
    if pseudo:
        notes.append(
            f"{file_name}: users {', '.join(pseudo)} are kept as role 'tool' and left out of agreement "
            "unless named with --coders"
        )
    return ids


def _role(value: object) -> CoderRole | None:
    try:
        return CoderRole(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _exclusive_violations(
    session: Session, codes: list[Code], placed: dict[CodingKey, tuple[str, str]], file_name: str
) -> list[str]:
    """A note per exclusive group that a coder broke on some segment; the codings are kept to adjudicate."""
    groups = {code.id: code for code in codes if code.exclusive}
    parent_of = {code.id: code.parent_id for code in codes if code.parent_id in groups}
    given: dict[tuple[int, int, int], set[int]] = {}
    for segment_id, code_id, coder_id, _start, _end in placed:
        parent = parent_of.get(code_id)
        if parent is not None:
            given.setdefault((parent, segment_id, coder_id), set()).add(code_id)
    broken: dict[int, int] = {}
    for (parent, _segment, _coder), children in given.items():
        if len(children) > 1:
            broken[parent] = broken.get(parent, 0) + 1
    return [
        f"{file_name}: on {count} segments a coder gave two or more codes of exclusive group "
        f"{groups[parent].name!r}; all are kept for adjudication"
        for parent, count in broken.items()
    ]


def _insert_codings(session: Session, codings: dict[CodingKey, datetime], texts: dict[int, str]) -> None:
    """Codings and the reviews they imply (a coder who coded a segment has judged it), in bulk."""
    if not codings:
        return
    rows = [
        {
            "segment_id": s,
            "code_id": c,
            "coder_id": k,
            "span_start": a,
            "span_end": b,
            "quote_hash": quote_hash(texts[s][a:b]),
            "created_at": when,
            "updated_at": when,
        }
        for (s, c, k, a, b), when in codings.items()
    ]
    session.execute(insert(Coding), rows)
    reviewed: dict[tuple[int, int], datetime] = {}
    for (segment_id, _code_id, coder_id, _a, _b), when in codings.items():
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


__all__ = ["Piece", "StoredProject", "StoredSource", "merged_codebook", "store_exchange_project"]
