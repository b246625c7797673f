"""Writing a project as a REFI-QDA ``.qdpx`` file: users, codebook, text sources and codings."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Sequence
from itertools import groupby
from pathlib import Path
from typing import Any

from lxml import etree
from sqlmodel import Session

from qualcode import __version__
from qualcode.export.code_sql import parameters, statement, utc_timestamp_sql
from qualcode.export.qdpx_model import (
    PROJECT_FILE,
    PROJECT_NAMESPACE,
    SOURCE_GUID_KEY,
    SOURCES_FOLDER,
    ExchangeCoding,
    ExchangeProject,
    ExchangeSelection,
    ExchangeSource,
    ExchangeUser,
    coding_guid,
    internal_path,
    selection_guid,
    source_guid,
    user_guid,
)
from qualcode.export.writers import atomic_path
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


def exchange_project(session: Session, project: Project, coders: list[Coder]) -> ExchangeProject:
    """The project as REFI-QDA sees it: one selection per coded segment, one coding per coder × code."""
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
    selections: dict[int, list[ExchangeSelection]] = {}
    for document_id, document_rows in groupby(rows, key=lambda row: row[0]):
        source = guids[document_id]
        selections[document_id] = [
            _selection(source, start, end, list(span_rows), users)
            for (start, end), span_rows in groupby(document_rows, key=lambda row: (row[1], row[2]))
        ]
    sources = []
    for document in documents:
        assert document.id is not None
        own = tuple(selections.get(document.id, ()))
        sources.append(ExchangeSource(guids[document.id], document.name, document.text, own))
    return ExchangeProject(
        name=project.name,
        origin=f"qualcode {__version__}",
        users=tuple(users.values()),
        codebook=codebook_from_store(session, project),
        sources=tuple(sources),
    )


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
