"""A stored project as REFI-QDA sees it: users, codebook, sources, one selection per coder and range."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from itertools import groupby
from typing import Any

from sqlmodel import Session

from qualcode import __version__
from qualcode.codebook.identifiers import canonical_uuid
from qualcode.export.code_sql import parameters, statement, utc_timestamp_sql
from qualcode.refi.extension import build_extension
from qualcode.refi.identities import GuidLedger, exchange_guids
from qualcode.refi.model import (
    SOURCE_GUID_KEY,
    ExchangeCoding,
    ExchangeNote,
    ExchangeProject,
    ExchangeSelection,
    ExchangeSource,
    ExchangeUser,
    coding_guid,
    note_guid,
    selection_guid,
    source_guid,
    user_guid,
)
from qualcode.refi.text_safety import xml_safe_project
from qualcode.store.codes import codebook_from_store, project_codes
from qualcode.store.documents import project_documents
from qualcode.store.models import Coder, Document, Project


def _codings_sql(session: Session) -> str:
    created = utc_timestamp_sql(session, "coding.created_at")
    return f"""
SELECT segment.document_id, segment.start_char + coding.span_start, segment.start_char + coding.span_end,
       coding.coder_id, code.uuid, {created}, coding.id
FROM coding
JOIN code ON code.id = coding.code_id
JOIN segment ON segment.id = coding.segment_id
JOIN document ON document.id = segment.document_id
WHERE document.project_id = :project_id AND code.archived = :no AND coding.coder_id IN :coder_ids
ORDER BY document.position, document.id, segment.start_char + coding.span_start,
         segment.start_char + coding.span_end, coding.coder_id, coding.created_at, code.position, coding.id
"""


def _memos_sql(session: Session) -> str:
    created = utc_timestamp_sql(session, "memo.created_at")
    return f"""
SELECT document.id, segment.start_char, segment.end_char,
       memo.author_id, memo.text, {created}, memo.id
FROM memo
LEFT JOIN segment ON segment.id = memo.segment_id
JOIN document ON document.id = COALESCE(segment.document_id, memo.document_id)
WHERE memo.project_id = :project_id AND memo.author_id IN :coder_ids
ORDER BY document.position, document.id, CASE WHEN segment.id IS NULL THEN 0 ELSE 1 END,
         segment.position, memo.id
"""


def exchange_project(session: Session, project: Project, coders: list[Coder]) -> ExchangeProject:
    """The project as REFI-QDA sees it.

    One selection per coder and exact range (a span's source offsets are its
    segment's start plus the span's offsets), each with its ``creatingUser``
    and one coding per code, because QualCoder takes a coding's coder from its
    selection. Each memo is a note that its source points to, holding the range
    of its segment, which is how QualCoder reads annotations. GUIDs that came
    from another tool's file are written as that file spelt them.
    """
    assert project.id is not None
    known = exchange_guids(session, project.id)
    ledger = GuidLedger(known)
    users = {
        coder.id: ExchangeUser(
            ledger.take("user", coder.id) or user_guid(project.name, coder.name, coder.role),
            coder.name,
        )
        for coder in coders
    }
    documents = project_documents(session, project.id)
    guids = _source_guids(project.name, documents, ledger)
    coder_ids = tuple(coder_id for coder_id in users if coder_id is not None)
    rows: Iterable[Sequence[Any]] = (
        session.execute(statement(_codings_sql(session)), parameters(project.id, coder_ids))
        if coder_ids
        else []
    )
    selections: dict[int, list[ExchangeSelection]] = {}
    for document_id, document_rows in groupby(rows, key=lambda row: row[0]):
        selections[document_id] = [
            _selection(guids[document_id], start, end, users[coder_id].guid, list(span_rows), ledger)
            for (start, end, coder_id), span_rows in groupby(
                document_rows, key=lambda row: (row[1], row[2], row[3])
            )
        ]
    lengths = {document.id: len(document.text) for document in documents}
    notes, source_notes = _notes(session, project.id, coder_ids, guids, users, ledger, lengths)
    sources = []
    for document in documents:
        assert document.id is not None
        sources.append(
            ExchangeSource(
                guids[document.id],
                document.name,
                document.text,
                tuple(selections.get(document.id, ())),
                tuple(source_notes.get(document.id, ())),
            )
        )
    extension = build_extension(session, project.id, users, guids)
    extension.data["roles"] = {users[coder.id].guid: coder.role for coder in coders}
    extension.data["codebook"] = {
        "name": project.codebook_name,
        "version": project.codebook_version,
        "description": project.codebook_description,
    }
    spellings = {
        code.uuid: known[("code", code.id)]
        for code in project_codes(session, project.id, include_archived=True)
        if code.id is not None and ("code", code.id) in known
    }
    exchange = ExchangeProject(
        name=project.name,
        origin=f"qualcode {__version__}",
        users=tuple(users.values()),
        codebook=codebook_from_store(session, project),
        sources=tuple(sources),
        notes=tuple(notes),
        spellings=spellings,
        extension=extension.data,
    )
    warning = extension.warning()
    exchange, replaced = xml_safe_project(exchange)
    warnings = [warning] if warning else []
    if replaced:
        warnings.append(
            f"{replaced} names or texts hold characters XML cannot carry (control characters); "
            "they are written as U+FFFD"
        )
    return dataclasses.replace(exchange, warnings=tuple(warnings))


def _notes(
    session: Session,
    project_id: int,
    coder_ids: tuple[int, ...],
    guids: dict[int, str],
    users: dict[int | None, ExchangeUser],
    ledger: GuidLedger,
    lengths: dict[int | None, int],
) -> tuple[list[ExchangeNote], dict[int, list[str]]]:
    """Every memo as a note that its source points to, holding the range it is about: its
    segment's, or the whole text for a memo on the document (QualCoder reads no note without one)."""
    notes: list[ExchangeNote] = []
    source_notes: dict[int, list[str]] = {}
    rows: Iterable[Sequence[Any]] = (
        session.execute(statement(_memos_sql(session)), parameters(project_id, coder_ids))
        if coder_ids
        else []
    )
    for document_id, start, end, author_id, text, created, memo_id in rows:
        source, user = guids[document_id], users[author_id]
        guid = ledger.take("note", memo_id) or note_guid(source, user.guid, start)
        source_notes.setdefault(document_id, []).append(guid)
        if start is None:
            start, end = 0, lengths[document_id]
        notes.append(ExchangeNote(guid, user.guid, text, created or "", f"Memo by {user.name}", start, end))
    return notes, source_notes


def _source_guids(project: str, documents: list[Document], ledger: GuidLedger) -> dict[int, str]:
    """A document keeps the GUID it was imported with, unless another document took it first.

    The GUID in its metadata counts only when it is one: ``import --meta`` can
    set that key to any text, and Project.xsd's GUIDType refuses what is not a GUID.
    """
    guids: dict[int, str] = {}
    taken: set[str] = set()
    for document in documents:
        assert document.id is not None
        meta_guid = canonical_uuid(str(document.meta.get(SOURCE_GUID_KEY) or ""))
        guid = ledger.take("source", document.id) or meta_guid or ""
        if not guid or guid.casefold() in taken:
            guid = source_guid(project, document.name)
        taken.add(guid.casefold())
        guids[document.id] = guid
    return guids


def _selection(
    source: str, start: int, end: int, user: str, rows: list[Sequence[Any]], ledger: GuidLedger
) -> ExchangeSelection:
    first_id = rows[0][6]
    guid = ledger.take("selection", first_id) or selection_guid(source, start, end, user)
    codings: dict[str, ExchangeCoding] = {}
    for _document, _start, _end, _coder, code_uuid, created, coding_id in rows:
        key = ledger.take("coding", coding_id) or coding_guid(guid, user, code_uuid)
        codings.setdefault(key, ExchangeCoding(key, code_uuid, user, created or ""))
    created = min((row[5] for row in rows if row[5]), default="")
    return ExchangeSelection(guid, start, end, user, tuple(codings.values()), created)
