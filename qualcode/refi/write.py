"""Writing a project as a REFI-QDA ``.qdpx`` file: users, codebook, text sources, codings and memos."""

from __future__ import annotations

import dataclasses
import zipfile
from collections.abc import Iterable, Sequence
from itertools import groupby
from pathlib import Path
from typing import Any

from lxml import etree
from sqlmodel import Session

from qualcode import __version__
from qualcode.export.code_sql import parameters, statement, utc_timestamp_sql
from qualcode.export.writers import atomic_path
from qualcode.refi.model import (
    PROJECT_FILE,
    PROJECT_NAMESPACE,
    SOURCE_GUID_KEY,
    SOURCES_FOLDER,
    ExchangeCoding,
    ExchangeNote,
    ExchangeProject,
    ExchangeSelection,
    ExchangeSource,
    ExchangeUser,
    coding_guid,
    internal_path,
    note_guid,
    selection_guid,
    source_guid,
    user_guid,
)
from qualcode.store.codes import codebook_from_store
from qualcode.store.documents import project_documents
from qualcode.store.models import Coder, Document, Project

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""Every member gets the same timestamp, so exporting an unchanged project gives the same bytes."""


def _codings_sql(session: Session) -> str:
    created = utc_timestamp_sql(session, "coding.created_at")
    return f"""
SELECT segment.document_id, segment.start_char, segment.end_char, coding.coder_id, code.uuid, {created}
FROM coding
JOIN code ON code.id = coding.code_id
JOIN segment ON segment.id = coding.segment_id
JOIN document ON document.id = segment.document_id
WHERE document.project_id = :project_id AND code.archived = :no AND coding.coder_id IN :coder_ids
ORDER BY document.position, document.id, segment.position, coding.created_at, coder_id, code.position
"""


def _memos_sql(session: Session) -> str:
    created = utc_timestamp_sql(session, "memo.created_at")
    return f"""
SELECT COALESCE(segment.document_id, memo.document_id), segment.start_char, segment.end_char,
       memo.author_id, memo.text, {created}
FROM memo
LEFT JOIN segment ON segment.id = memo.segment_id
WHERE memo.project_id = :project_id AND memo.author_id IN :coder_ids
  AND (memo.segment_id IS NOT NULL OR memo.document_id IS NOT NULL)
ORDER BY memo.id
"""


def exchange_project(session: Session, project: Project, coders: list[Coder]) -> ExchangeProject:
    """The project as REFI-QDA sees it: one selection per coded segment, one coding per coder × code,
    and each memo a note on its segment's selection (or on its source, for a whole-document memo)."""
    assert project.id is not None
    users = {
        coder.id: ExchangeUser(user_guid(project.name, coder.name, coder.role), coder.name)
        for coder in coders
    }
    documents = project_documents(session, project.id)
    guids = _source_guids(project.name, documents)
    coder_ids = tuple(coder_id for coder_id in users if coder_id is not None)
    rows: Iterable[Sequence[Any]] = (
        session.execute(statement(_codings_sql(session)), parameters(project.id, coder_ids))
        if coder_ids
        else []
    )
    selections: dict[int, dict[tuple[int, int], ExchangeSelection]] = {}
    for document_id, document_rows in groupby(rows, key=lambda row: row[0]):
        source = guids[document_id]
        selections[document_id] = {
            (start, end): _selection(source, start, end, list(span_rows), users)
            for (start, end), span_rows in groupby(document_rows, key=lambda row: (row[1], row[2]))
        }
    notes, source_notes = _notes(session, project.id, coder_ids, guids, users, selections)
    sources = []
    for document in documents:
        assert document.id is not None
        own = tuple(sorted(selections.get(document.id, {}).values(), key=lambda s: (s.start, s.end)))
        sources.append(
            ExchangeSource(
                guids[document.id],
                document.name,
                document.text,
                own,
                tuple(source_notes.get(document.id, ())),
            )
        )
    return ExchangeProject(
        name=project.name,
        origin=f"qualcode {__version__}",
        users=tuple(users.values()),
        codebook=codebook_from_store(session, project),
        sources=tuple(sources),
        notes=tuple(notes),
    )


def _notes(
    session: Session,
    project_id: int,
    coder_ids: tuple[int, ...],
    guids: dict[int, str],
    users: dict[int | None, ExchangeUser],
    selections: dict[int, dict[tuple[int, int], ExchangeSelection]],
) -> tuple[list[ExchangeNote], dict[int, list[str]]]:
    """Every memo as a note, pointed to by its segment's selection (made for it when the segment
    has no codings) or by its source; adds those references to ``selections`` in place."""
    notes: list[ExchangeNote] = []
    source_notes: dict[int, list[str]] = {}
    rows: Iterable[Sequence[Any]] = (
        session.execute(statement(_memos_sql(session)), parameters(project_id, coder_ids))
        if coder_ids
        else []
    )
    for document_id, start, end, author_id, text, created in rows:
        source, user = guids[document_id], users[author_id]
        if start is None:
            guid = note_guid(source, user.guid)
            source_notes.setdefault(document_id, []).append(guid)
        else:
            spans = selections.setdefault(document_id, {})
            selection = spans.get((start, end)) or ExchangeSelection(
                selection_guid(source, start, end), start, end, user.guid, (), created or ""
            )
            guid = note_guid(selection.guid, user.guid)
            spans[(start, end)] = dataclasses.replace(selection, notes=(*selection.notes, guid))
        notes.append(ExchangeNote(guid, user.guid, text, created or "", f"Memo by {user.name}"))
    return notes, source_notes


def _source_guids(project: str, documents: list[Document]) -> dict[int, str]:
    """A document keeps the GUID it was imported with, unless another document took it first."""
    guids: dict[int, str] = {}
    taken: set[str] = set()
    for document in documents:
        guid = str(document.meta.get(SOURCE_GUID_KEY) or "") or source_guid(project, document.name)
        if guid in taken:
            guid = source_guid(project, document.name)
        taken.add(guid)
        assert document.id is not None
        guids[document.id] = guid
    return guids


def _selection(
    source: str, start: int, end: int, rows: list[Sequence[Any]], users: dict[int | None, ExchangeUser]
) -> ExchangeSelection:
    guid = selection_guid(source, start, end)
    codings: dict[str, ExchangeCoding] = {}
    for _document, _start, _end, coder_id, code_uuid, created in rows:
        user = users[coder_id].guid
        key = coding_guid(guid, user, code_uuid)
        codings.setdefault(key, ExchangeCoding(key, code_uuid, user, created or ""))
    first = rows[0]
    return ExchangeSelection(guid, start, end, users[first[3]].guid, tuple(codings.values()), first[5] or "")


def project_xml(project: ExchangeProject) -> bytes:
    """``project.qde``: the REFI-QDA project document, UTF-8 with an XML declaration."""
    ns = f"{{{PROJECT_NAMESPACE}}}"
    root = etree.Element(f"{ns}Project", nsmap={None: PROJECT_NAMESPACE})
    root.set("name", project.name)
    root.set("origin", project.origin)
    # Users, CodeBook and Sources may be left out, but when present may not be empty.
    if project.users:
        users = etree.SubElement(root, f"{ns}Users")
        for user in project.users:
            etree.SubElement(users, f"{ns}User", guid=user.guid, name=user.name)
    if project.codebook.codes:
        codebook = etree.SubElement(root, f"{ns}CodeBook")
        codebook.append(project.codebook.to_qdc_codes(PROJECT_NAMESPACE))
    if project.sources:
        sources = etree.SubElement(root, f"{ns}Sources")
        for source in project.sources:
            _add_source(sources, source, ns)
    if project.notes:
        notes = etree.SubElement(root, f"{ns}Notes")
        for note in project.notes:
            _add_note(notes, note, ns)
    etree.cleanup_namespaces(root)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def _add_source(sources: etree._Element, source: ExchangeSource, ns: str) -> None:
    element = etree.SubElement(
        sources,
        f"{ns}TextSource",
        guid=source.guid,
        name=source.name,
        plainTextPath=internal_path(source.guid),
    )
    for selection in source.selections:
        _add_selection(element, selection, ns)
    _add_note_refs(element, source.notes, ns)


def _add_note_refs(element: etree._Element, notes: tuple[str, ...], ns: str) -> None:
    for note in notes:
        etree.SubElement(element, f"{ns}NoteRef", targetGUID=note)


def _add_note(notes: etree._Element, note: ExchangeNote, ns: str) -> None:
    """A ``<Note>`` is a text source of its own; its text is kept inline."""
    element = etree.SubElement(notes, f"{ns}Note", guid=note.guid, creatingUser=note.user_guid)
    if note.name:
        element.set("name", note.name)
    if note.created_at:
        element.set("creationDateTime", note.created_at)
    etree.SubElement(element, f"{ns}PlainTextContent").text = note.text


def _add_selection(source: etree._Element, selection: ExchangeSelection, ns: str) -> None:
    element = etree.SubElement(
        source,
        f"{ns}PlainTextSelection",
        guid=selection.guid,
        startPosition=str(selection.start),
        endPosition=str(selection.end),
        creatingUser=selection.user_guid,
    )
    if selection.created_at:
        element.set("creationDateTime", selection.created_at)
    for coding in selection.codings:
        coding_element = etree.SubElement(
            element, f"{ns}Coding", guid=coding.guid, creatingUser=coding.user_guid
        )
        if coding.created_at:
            coding_element.set("creationDateTime", coding.created_at)
        etree.SubElement(coding_element, f"{ns}CodeRef", targetGUID=coding.code_guid)
    _add_note_refs(element, selection.notes, ns)


def _members(project: ExchangeProject) -> Iterable[tuple[str, bytes]]:
    yield PROJECT_FILE, project_xml(project)
    for source in project.sources:
        yield f"{SOURCES_FOLDER}/{source.guid}.txt", source.text.encode("utf-8")


def write_qdpx(project: ExchangeProject, path: Path) -> Path:
    """Write the zip atomically; the same project always gives the same bytes."""
    with atomic_path(path) as temporary, zipfile.ZipFile(temporary, "w") as archive:
        for name, data in _members(project):
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return path
