"""Writing a project as a REFI-QDA ``.qdpx`` file: the project document, the texts and the extension."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from qualcode.export.writers import atomic_path
from qualcode.refi.model import (
    EXTENSION_FILE,
    PROJECT_FILE,
    PROJECT_NAMESPACE,
    SOURCES_FOLDER,
    ExchangeNote,
    ExchangeProject,
    ExchangeSelection,
    ExchangeSource,
    derived_guid,
    internal_path,
)
from qualcode.refi.project_schema import check_project_document
from qualcode.refi.text_safety import xml_safe_project

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""Every member gets the same timestamp, so exporting an unchanged project gives the same bytes."""


def project_xml(project: ExchangeProject) -> bytes:
    """``project.qde``: the REFI-QDA project document, UTF-8 with an XML declaration.

    Any text XML cannot carry is replaced first (see `xml_safe_project`), so
    writing never fails on what a project holds.
    """
    project, _replaced = xml_safe_project(project)
    ns = f"{{{PROJECT_NAMESPACE}}}"
    spelt = project.spellings
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
        codes = project.codebook.to_qdc_codes(PROJECT_NAMESPACE)
        for code in codes.iter(f"{ns}Code"):
            code.set("guid", spelt.get(code.get("guid", ""), code.get("guid", "")))
        codebook.append(codes)
    if project.sources:
        sources = etree.SubElement(root, f"{ns}Sources")
        for source in project.sources:
            _add_source(sources, source, ns, spelt)
    if project.notes:
        notes = etree.SubElement(root, f"{ns}Notes")
        for note in project.notes:
            _add_note(notes, note, ns)
    etree.cleanup_namespaces(root)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def _add_source(sources: etree._Element, source: ExchangeSource, ns: str, spelt: dict[str, str]) -> None:
    element = etree.SubElement(
        sources,
        f"{ns}TextSource",
        guid=source.guid,
        name=source.name,
        plainTextPath=internal_path(source.guid),
    )
    for selection in source.selections:
        _add_selection(element, selection, ns, spelt)
    _add_note_refs(element, source.notes, ns)


def _add_note_refs(element: etree._Element, notes: tuple[str, ...], ns: str) -> None:
    for note in notes:
        etree.SubElement(element, f"{ns}NoteRef", targetGUID=note)


def _add_note(notes: etree._Element, note: ExchangeNote, ns: str) -> None:
    """A ``<Note>`` is a text source of its own; its text is kept inline.

    A note on a range holds that range as a ``<PlainTextSelection>`` and is
    pointed to by its source: QualCoder reads exactly this as an annotation (it
    takes the author from ``modifyingUser`` first, and the time from
    ``modifiedDateTime``, so both are written).
    """
    element = etree.SubElement(notes, f"{ns}Note", guid=note.guid, creatingUser=note.user_guid)
    if note.name:
        element.set("name", note.name)
    if note.created_at:
        element.set("creationDateTime", note.created_at)
    element.set("modifyingUser", note.user_guid)
    if note.created_at:
        element.set("modifiedDateTime", note.created_at)
    etree.SubElement(element, f"{ns}PlainTextContent").text = note.text
    if note.start is not None and note.end is not None:
        etree.SubElement(
            element,
            f"{ns}PlainTextSelection",
            guid=derived_guid("note range", note.guid),
            startPosition=str(note.start),
            endPosition=str(note.end),
            creatingUser=note.user_guid,
        )


def _add_selection(
    source: etree._Element, selection: ExchangeSelection, ns: str, spelt: dict[str, str]
) -> None:
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
    if selection.description:
        etree.SubElement(element, f"{ns}Description").text = selection.description
    for coding in selection.codings:
        coding_element = etree.SubElement(
            element, f"{ns}Coding", guid=coding.guid, creatingUser=coding.user_guid
        )
        if coding.created_at:
            coding_element.set("creationDateTime", coding.created_at)
        etree.SubElement(
            coding_element, f"{ns}CodeRef", targetGUID=spelt.get(coding.code_guid, coding.code_guid)
        )
    _add_note_refs(element, selection.notes, ns)


def _members(project: ExchangeProject, document: bytes) -> Iterable[tuple[str, bytes]]:
    yield PROJECT_FILE, document
    for source in project.sources:
        yield f"{SOURCES_FOLDER}/{source.guid}.txt", source.text.encode("utf-8")
    if project.extension:
        yield EXTENSION_FILE, json.dumps(project.extension, ensure_ascii=False, indent=1).encode("utf-8")


def write_qdpx(project: ExchangeProject, path: Path) -> Path:
    """Write the zip atomically; the same project always gives the same bytes.

    The project document is checked against Project.xsd first, exactly as its
    bytes will be written: an invalid one raises `ExportError` and no file, not
    even a temporary one, is made.
    """
    document = project_xml(project)
    check_project_document(etree.fromstring(document), path)
    with atomic_path(path) as temporary, zipfile.ZipFile(temporary, "w") as archive:
        for name, data in _members(project, document):
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return path
