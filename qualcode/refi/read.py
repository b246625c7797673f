"""Reading a REFI-QDA ``.qdpx`` project file into plain data; every problem is one ImportFileError."""

from __future__ import annotations

import dataclasses
import json
import re
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

from lxml import etree

from qualcode.codebook import Codebook, uuid_from_foreign_id
from qualcode.codebook.identifiers import canonical_uuid
from qualcode.errors import CodebookError, ImportFileError
from qualcode.refi.archive import ProjectArchive, member_name
from qualcode.refi.model import (
    EXTENSION_FILE,
    PROJECT_FILE,
    PROJECT_NAMESPACE,
    ExchangeCoding,
    ExchangeNote,
    ExchangeProject,
    ExchangeSelection,
    ExchangeSet,
    ExchangeSource,
    ExchangeUser,
)

_NS = {"p": PROJECT_NAMESPACE}
_P = f"{{{PROJECT_NAMESPACE}}}"
_CODEBOOK_NAMESPACE = "urn:QDA-XML:codebook:1.0"
_LINE = re.compile(r": line \d+: ")
UNKNOWN_USER = "unknown"
"""The coder of codings whose file names no user at all."""

_NOT_READ = {
    "Variables": ("Variable", "variables"),
    "Cases": ("Case", "cases"),
    "Links": ("Link", "links"),
    "Graphs": ("Graph", "graphs"),
}
"""Project parts qualcode has no place for: container → (element counted, kind reported)."""


class _Problem(Exception):
    """A defect of the file, raised deep in the reader and reported once, with the file's name."""


def read_qdpx(path: Path) -> ExchangeProject:
    """Read the project document, its codebook, its text sources and what qualcode can hold of the rest.

    Every element read but not imported is counted by kind in ``dropped`` (the
    standard asks an importer to say what it could not take). Raises
    `ImportFileError` naming the file and the problem for anything that is not
    a readable REFI-QDA project.
    """
    name = Path(path).name
    try:
        with zipfile.ZipFile(path) as archive:
            return _Reader(ProjectArchive(archive), name).project()
    except FileNotFoundError:
        raise ImportFileError(f"{name}: no such file") from None
    except OSError as error:
        raise ImportFileError(f"{name}: cannot be read ({error.strerror or error})") from None
    except zipfile.BadZipFile:
        raise ImportFileError(f"{name}: not a REFI-QDA project: a .qdpx file is a zip archive") from None
    except _Problem as problem:
        raise ImportFileError(f"{name}: {problem}") from None


class _Reader:
    """One pass over one file: the GUID spellings and the drop counts are gathered as it goes."""

    def __init__(self, archive: ProjectArchive, name: str) -> None:
        self.archive = archive
        self.name = name
        self.spellings: dict[str, str] = {}
        self.dropped: Counter[str] = Counter()
        self.warnings: list[str] = []
        self.users: dict[str, ExchangeUser] = {}

    def project(self) -> ExchangeProject:
        try:
            data = self.archive.read(PROJECT_FILE)
        except KeyError:
            raise _Problem(f"no {PROJECT_FILE} in the archive: not a REFI-QDA project") from None
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError) as error:
            raise _Problem(f"{PROJECT_FILE} cannot be unpacked ({error})") from None
        root = _parse(data)
        for element in root.iterfind("p:Users/p:User", _NS):
            guid = self.guid(element)
            self.users[guid] = ExchangeUser(guid, (element.get("name") or "").strip() or f"user {guid[:8]}")
        project_name = root.get("name") or Path(self.name).stem
        self.default_user = self._default_user(root)
        codebook = self._codebook(root, project_name)
        self.known_codes = {spec.uuid for _path, spec, _parent in codebook.walk()}
        sources = self._sources(root)
        sources = self._linked_notes(root, sources)
        notes = self._notes(root, sources)
        sets = self._sets(root, {source.guid for source in sources}, {c for c in self.known_codes if c})
        for container, (element, kind) in _NOT_READ.items():
            self.dropped[kind] += len(root.findall(f"p:{container}/p:{element}", _NS))
        self.dropped["links"] -= self.links_read
        if self.default_user.name == UNKNOWN_USER and self.default_user.guid in self.users:
            self.warnings.append(
                f"{self.name}: codings and notes without creatingUser are recorded for coder {UNKNOWN_USER!r}"
            )
        return ExchangeProject(
            name=project_name,
            origin=root.get("origin", ""),
            users=tuple(self.users.values()),
            codebook=codebook,
            sources=tuple(sources),
            notes=tuple(notes),
            warnings=tuple(self.warnings),
            description=_text(root.find("p:Description", _NS)),
            sets=tuple(sets),
            dropped=tuple((kind, count) for kind, count in self.dropped.items() if count),
            spellings=self.spellings,
            extension=self._extension(),
        )

    def guid(self, element: etree._Element, attribute: str = "guid") -> str:
        """The element's GUID as qualcode compares it; the file's own spelling is remembered.

        An id that is no GUID at all (QualCoder numbers its codes) is not: the
        standard's GUIDType would refuse it, so a re-export writes the derived GUID.
        """
        raw = _required(element, attribute)
        guid = uuid_from_foreign_id(raw)
        if canonical_uuid(raw) is not None:
            self.spellings.setdefault(guid, raw)
        return guid

    def user(self, guid: str) -> ExchangeUser:
        """A user by GUID; a GUID the file does not list becomes a user of its own."""
        return self.users.setdefault(guid, ExchangeUser(guid, f"user {guid[:8]}"))

    def creator(self, element: etree._Element, fallback: str) -> str:
        """The GUID of who made the element: ``creatingUser``, else ``modifyingUser``, else ``fallback``."""
        for attribute in ("creatingUser", "modifyingUser"):
            if element.get(attribute):
                return self.user(self.guid(element, attribute)).guid
        if fallback == self.default_user.guid:
            self.users.setdefault(fallback, self.default_user)
        return fallback

    def _default_user(self, root: etree._Element) -> ExchangeUser:
        """Whom a coding without ``creatingUser`` belongs to: the project's creator, its only user,
        else a user "unknown"; listed among the users only once a coding needs it."""
        if root.get("creatingUserGUID"):
            guid = self.guid(root, "creatingUserGUID")
            return self.users.get(guid) or ExchangeUser(guid, f"user {guid[:8]}")
        if len(self.users) == 1:
            return next(iter(self.users.values()))
        return ExchangeUser(uuid_from_foreign_id(f"{self.name}:{UNKNOWN_USER}"), UNKNOWN_USER)

    def _codebook(self, root: etree._Element, project_name: str) -> Codebook:
        """The embedded codebook, read by the codebook package as the same ``<Codes>`` in a .qdc.

        The codebook reader's line numbers count lines of the re-wrapped codes, not
        of ``project.qde``, so they are left out of its warnings.
        """
        codes = root.find("p:CodeBook/p:Codes", _NS)
        if codes is None or len(codes) == 0:
            return Codebook(name=project_name)
        for code in codes.iter(f"{_P}Code"):
            self.guid(code)
        document = etree.Element(f"{{{_CODEBOOK_NAMESPACE}}}CodeBook", nsmap={None: _CODEBOOK_NAMESPACE})
        document.append(_renamespaced(codes))
        data = etree.tostring(document, xml_declaration=True, encoding="utf-8")
        try:
            codebook, deviations = Codebook.from_qdc_bytes(data, f"{self.name} ({PROJECT_FILE})")
        except CodebookError as error:
            raise _Problem(f"its codebook: {_LINE.sub(': ', str(error))}") from None
        self.warnings.extend(_LINE.sub(": ", deviation) for deviation in deviations)
        codebook.name = project_name
        return codebook

    def _sources(self, root: etree._Element) -> list[ExchangeSource]:
        sources = []
        for element in root.iterfind("p:Sources/*", _NS):
            kind = etree.QName(element).localname
            if kind != "TextSource":
                self.dropped[f"{kind} (not a text source)"] += 1
                continue
            path = element.get("plainTextPath", "")
            if element.find("p:PlainTextContent", _NS) is None and path and member_name(path) is None:
                self.dropped["external text sources (outside the project file)"] += 1
                continue
            sources.append(self._text_source(element))
        return sources

    def _text_source(self, element: etree._Element) -> ExchangeSource:
        guid = self.guid(element)
        source_name = (element.get("name") or "").strip() or f"source {guid[:8]}"
        text = self.source_text(element, source_name)
        description = _text(element.find("p:Description", _NS))
        # Only a description needs an author; a source without one names no coder.
        creator = self.creator(element, self.default_user.guid) if description else ""
        selections = tuple(
            self._selection(selection, text, source_name)
            for selection in element.iterfind("p:PlainTextSelection", _NS)
        )
        self.dropped["codings of whole sources"] += len(element.findall("p:Coding", _NS))
        self.dropped["variable values"] += len(element.findall("p:VariableValue", _NS))
        return ExchangeSource(
            guid,
            source_name,
            text,
            selections,
            self._note_refs(element),
            description,
            creator,
        )

    def source_text(self, element: etree._Element, source_name: str) -> str:
        """The plain text, from ``sources/`` (``internal://``) or from an inline ``PlainTextContent``."""
        inline = element.find("p:PlainTextContent", _NS)
        path = element.get("plainTextPath", "")
        member = member_name(path) if path else None
        if member is None:
            if inline is not None:
                return inline.text or ""
            where = f"points outside the project file ({path})" if path else "has no plainTextPath"
            raise _Problem(f"text source {source_name!r} {where}; only internal:// sources can be read")
        try:
            data = self.archive.read(member)
        except KeyError:
            raise _Problem(f"text source {source_name!r}: {member} is missing from the archive") from None
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise _Problem(f"text source {source_name!r}: {member} is not UTF-8 ({error.reason})") from None

    def _selection(self, element: etree._Element, text: str, source_name: str) -> ExchangeSelection:
        guid = self.guid(element)
        start, end = _position(element, "startPosition"), _position(element, "endPosition")
        if not start <= end <= len(text):
            raise _Problem(
                f"{PROJECT_FILE} line {element.sourceline}: selection {start}–{end} lies outside text "
                f"source {source_name!r} ({len(text)} characters)"
            )
        selection_user = self.creator(element, self.default_user.guid)
        codings = []
        for coding in element.iterfind("p:Coding", _NS):
            reference = coding.find("p:CodeRef", _NS)
            if reference is None:
                raise _Problem(f"{PROJECT_FILE} line {coding.sourceline}: <Coding> has no <CodeRef>")
            code = self.guid(reference, "targetGUID")
            if code not in self.known_codes:
                raise _Problem(
                    f"{PROJECT_FILE} line {reference.sourceline}: "
                    f"code {code} is not in the project's codebook"
                )
            user = self.creator(coding, selection_user)
            created = coding.get("creationDateTime", "")
            codings.append(ExchangeCoding(self.guid(coding), code, user, created))
        return ExchangeSelection(
            guid,
            start,
            end,
            selection_user,
            tuple(codings),
            element.get("creationDateTime", ""),
            self._note_refs(element),
            _text(element.find("p:Description", _NS)),
        )

    def _note_refs(self, element: etree._Element) -> tuple[str, ...]:
        return tuple(self.guid(reference, "targetGUID") for reference in element.iterfind("p:NoteRef", _NS))

    def _linked_notes(self, root: etree._Element, sources: list[ExchangeSource]) -> list[ExchangeSource]:
        """Sources whose selections also point to the notes a ``<Link>`` ties to them.

        NVivo keeps an annotation as a note linked to its selection rather than
        pointed to by it; such a link is read as the selection's ``NoteRef``.
        """
        self.links_read = 0
        notes = {self.guid(note) for note in root.iterfind("p:Notes/p:Note", _NS)}
        selections = {selection.guid for source in sources for selection in source.selections}
        linked: dict[str, list[str]] = {}
        for link in root.iterfind("p:Links/p:Link", _NS):
            if not link.get("originGUID") or not link.get("targetGUID"):
                continue
            ends = (self.guid(link, "originGUID"), self.guid(link, "targetGUID"))
            for note, selection in (ends, ends[::-1]):
                if note in notes and selection in selections:
                    linked.setdefault(selection, []).append(note)
                    self.links_read += 1
                    break
        if not linked:
            return sources
        return [
            dataclasses.replace(
                source,
                selections=tuple(
                    dataclasses.replace(s, notes=(*s.notes, *linked[s.guid])) if s.guid in linked else s
                    for s in source.selections
                ),
            )
            for source in sources
        ]

    def _notes(self, root: etree._Element, sources: list[ExchangeSource]) -> list[ExchangeNote]:
        """The notes that a text source or one of its selections points to, in the file's order.

        A note may hold a ``<PlainTextSelection>``: the range of its source it is
        about (QualCoder's annotations). Notes on anything else (codes, the
        project, links, journals) have no place in qualcode and are counted; so
        is a note whose text cannot be read, which is left out rather than
        failing the whole import.
        """
        wanted = {guid for source in sources for guid in source.notes}
        wanted |= {guid for source in sources for selection in source.selections for guid in selection.notes}
        notes: list[ExchangeNote] = []
        for element in root.iterfind("p:Notes/p:Note", _NS):
            guid = self.guid(element)
            if guid not in wanted:
                self.dropped["notes not on a text source or selection"] += 1
                continue
            try:
                text = self.source_text(element, element.get("name") or f"note {guid[:8]}")
            except _Problem:
                self.dropped["notes whose text cannot be read"] += 1
                continue
            about = element.find("p:PlainTextSelection", _NS)
            start = end = None
            if about is not None:
                start, end = _position(about, "startPosition"), _position(about, "endPosition")
            created = element.get("creationDateTime") or element.get("modifiedDateTime") or ""
            user = self.creator(element, self.default_user.guid)
            notes.append(ExchangeNote(guid, user, text, created, element.get("name", ""), start, end))
        return notes

    def _sets(self, root: etree._Element, sources: set[str], codes: set[str]) -> list[ExchangeSet]:
        """Sets of text sources, and sets of codes; members of anything else are counted as dropped."""
        sets = []
        for element in root.iterfind("p:Sets/p:Set", _NS):
            members = [self.guid(ref, "targetGUID") for ref in element.iterfind("p:MemberSource", _NS)]
            code_members = [self.guid(ref, "targetGUID") for ref in element.iterfind("p:MemberCode", _NS)]
            self.dropped["set members that are notes"] += len(element.findall("p:MemberNote", _NS))
            self.dropped["set members that are not text sources"] += sum(m not in sources for m in members)
            sets.append(
                ExchangeSet(
                    self.guid(element),
                    (element.get("name") or "").strip() or "set",
                    tuple(m for m in members if m in sources),
                    tuple(m for m in code_members if m in codes),
                    _text(element.find("p:Description", _NS)),
                )
            )
        return sets

    def _extension(self) -> dict[str, Any]:
        """What qualcode wrote beside the standard; ignored, with a warning, when unreadable."""
        if not self.archive.has(EXTENSION_FILE):
            return {}
        try:
            data = json.loads(self.archive.read(EXTENSION_FILE).decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            self.warnings.append(
                f"{self.name}: {EXTENSION_FILE} cannot be read; reviews and decisions not restored"
            )
            return {}
        return data if isinstance(data, dict) else {}


def _text(element: etree._Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def _parse(data: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise _Problem(f"{PROJECT_FILE} line {error.lineno}: {error.msg}") from None
    if root.tag != f"{_P}Project":
        raise _Problem(
            f"{PROJECT_FILE} is not a REFI-QDA project: its root is <{etree.QName(root).localname}> "
            f"in {etree.QName(root).namespace or 'no namespace'}, expected <Project> in {PROJECT_NAMESPACE}"
        )
    return root


def _required(element: etree._Element, attribute: str) -> str:
    value = element.get(attribute)
    if value is None or not value.strip():
        what = etree.QName(element).localname
        raise _Problem(f"{PROJECT_FILE} line {element.sourceline}: <{what}> has no {attribute}")
    return value.strip()


def _position(element: etree._Element, attribute: str) -> int:
    value = _required(element, attribute)
    if not value.isdigit():
        raise _Problem(f"{PROJECT_FILE} line {element.sourceline}: {attribute} {value!r} is not a position")
    return int(value)


def _renamespaced(element: etree._Element) -> etree._Element:
    """A copy of a project ``<Codes>`` element in the codebook namespace (the two share one shape)."""
    copy = etree.Element(f"{{{_CODEBOOK_NAMESPACE}}}{etree.QName(element).localname}", dict(element.attrib))
    copy.text = element.text
    for child in element:
        # A project's codes may point to notes; a codebook's may not, and qualcode keeps no code notes.
        if isinstance(child.tag, str) and child.tag.startswith(_P) and child.tag != f"{_P}NoteRef":
            copy.append(_renamespaced(child))
    copy.tail = element.tail
    return copy
