"""Reading a REFI-QDA ``.qdpx`` project file into plain data; every problem is one ImportFileError."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

from qualcode.codebook import Codebook, uuid_from_foreign_id
from qualcode.errors import CodebookError, ImportFileError
from qualcode.refi.model import (
    PROJECT_FILE,
    PROJECT_NAMESPACE,
    ExchangeCoding,
    ExchangeNote,
    ExchangeProject,
    ExchangeSelection,
    ExchangeSource,
    ExchangeUser,
    member_name,
)

_NS = {"p": PROJECT_NAMESPACE}
_P = f"{{{PROJECT_NAMESPACE}}}"
_CODEBOOK_NAMESPACE = "urn:QDA-XML:codebook:1.0"
_LINE = re.compile(r": line \d+: ")
UNKNOWN_USER = "unknown"
"""The coder of codings whose file names no user at all."""


class _Problem(Exception):
    """A defect of the file, raised deep in the reader and reported once, with the file's name."""


def read_qdpx(path: Path) -> ExchangeProject:
    """Read the project document, its codebook and its text sources.

    Only text sources are read; other kinds (PDF, pictures, audio, video) are
    skipped with a warning. Raises `ImportFileError` naming the file and the
    problem for anything that is not a readable REFI-QDA project.
    """
    name = Path(path).name
    try:
        with zipfile.ZipFile(path) as archive:
            return _read_archive(archive, name)
    except FileNotFoundError:
        raise ImportFileError(f"{name}: no such file") from None
    except OSError as error:
        raise ImportFileError(f"{name}: cannot be read ({error.strerror or error})") from None
    except zipfile.BadZipFile:
        raise ImportFileError(f"{name}: not a REFI-QDA project: a .qdpx file is a zip archive") from None
    except _Problem as problem:
        raise ImportFileError(f"{name}: {problem}") from None


def _read_archive(archive: zipfile.ZipFile, name: str) -> ExchangeProject:
    try:
        data = archive.read(PROJECT_FILE)
    except KeyError:
        raise _Problem(f"no {PROJECT_FILE} in the archive: not a REFI-QDA project") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError) as error:
        raise _Problem(f"{PROJECT_FILE} cannot be unpacked ({error})") from None
    root = _parse(data)
    warnings: list[str] = []
    users = _users(root)
    project_name = root.get("name") or Path(name).stem
    default_user = _default_user(root, users, name)
    codebook = _codebook(root, project_name, name, warnings)
    known_codes = {spec.uuid for _path, spec, _parent in codebook.walk()}
    sources: list[ExchangeSource] = []
    skipped: list[str] = []
    for element in root.iterfind("p:Sources/*", _NS):
        kind = etree.QName(element).localname
        if kind != "TextSource":
            skipped.append(element.get("name") or kind)
            continue
        sources.append(_text_source(archive, element, users, default_user, known_codes))
    notes = _notes(archive, root, sources, users, default_user, name, warnings)
    if default_user.name == UNKNOWN_USER and default_user.guid in users:
        warnings.append(
            f"{name}: codings and notes without creatingUser are recorded for coder {UNKNOWN_USER!r}"
        )
    if skipped:
        warnings.append(f"{name}: skipped {len(skipped)} sources that are not text: {', '.join(skipped)}")
    return ExchangeProject(
        name=project_name,
        origin=root.get("origin", ""),
        users=tuple(users.values()),
        codebook=codebook,
        sources=tuple(sources),
        notes=tuple(notes),
        warnings=tuple(warnings),
    )


def _notes(
    archive: zipfile.ZipFile,
    root: etree._Element,
    sources: list[ExchangeSource],
    users: dict[str, ExchangeUser],
    default_user: ExchangeUser,
    name: str,
    warnings: list[str],
) -> list[ExchangeNote]:
    """The notes that a text source or one of its selections points to, in the file's order.

    Notes on anything else (codes, codings, the project, links) have no place
    in qualcode and are counted in a warning; so is a note whose text cannot be
    read, which is left out rather than failing the whole import.
    """
    wanted = {guid for source in sources for guid in source.notes}
    wanted |= {guid for source in sources for selection in source.selections for guid in selection.notes}
    notes: list[ExchangeNote] = []
    elsewhere = unreadable = 0
    for element in root.iterfind("p:Notes/p:Note", _NS):
        guid = _guid(element)
        if guid not in wanted:
            elsewhere += 1
            continue
        try:
            text = _source_text(archive, element, element.get("name") or f"note {guid[:8]}")
        except _Problem:
            unreadable += 1
            continue
        creator = element.get("creatingUser")
        user = (
            _user(users, uuid_from_foreign_id(creator))
            if creator
            else users.setdefault(default_user.guid, default_user)
        )
        notes.append(
            ExchangeNote(guid, user.guid, text, element.get("creationDateTime", ""), element.get("name", ""))
        )
    if elsewhere:
        warnings.append(f"{name}: {elsewhere} notes not on a text source or selection were not imported")
    if unreadable:
        warnings.append(f"{name}: {unreadable} notes whose text cannot be read were not imported")
    return notes


def _note_refs(element: etree._Element) -> tuple[str, ...]:
    return tuple(_guid(reference, "targetGUID") for reference in element.iterfind("p:NoteRef", _NS))


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


def _guid(element: etree._Element, attribute: str = "guid") -> str:
    return uuid_from_foreign_id(_required(element, attribute))


def _users(root: etree._Element) -> dict[str, ExchangeUser]:
    users: dict[str, ExchangeUser] = {}
    for element in root.iterfind("p:Users/p:User", _NS):
        guid = _guid(element)
        users[guid] = ExchangeUser(guid, (element.get("name") or "").strip() or f"user {guid[:8]}")
    return users


def _default_user(root: etree._Element, users: dict[str, ExchangeUser], name: str) -> ExchangeUser:
    """Whom a coding without ``creatingUser`` belongs to: the project's creator, its only user,
    else a user "unknown"; listed among the users only once a coding needs it."""
    creator = root.get("creatingUserGUID")
    if creator:
        guid = uuid_from_foreign_id(creator)
        return users.get(guid) or ExchangeUser(guid, f"user {guid[:8]}")
    if len(users) == 1:
        return next(iter(users.values()))
    return ExchangeUser(uuid_from_foreign_id(f"{name}:{UNKNOWN_USER}"), UNKNOWN_USER)


def _user(users: dict[str, ExchangeUser], guid: str) -> ExchangeUser:
    """A user by GUID; a GUID the file does not list becomes a user of its own."""
    return users.setdefault(guid, ExchangeUser(guid, f"user {guid[:8]}"))


def _codebook(root: etree._Element, project_name: str, name: str, warnings: list[str]) -> Codebook:
    """The embedded codebook, read by the codebook package as the same ``<Codes>`` in a .qdc.

    The codebook reader's line numbers count lines of the re-wrapped codes, not
    of ``project.qde``, so they are left out of its warnings.
    """
    codes = root.find("p:CodeBook/p:Codes", _NS)
    if codes is None or len(codes) == 0:
        return Codebook(name=project_name)
    document = etree.Element(f"{{{_CODEBOOK_NAMESPACE}}}CodeBook", nsmap={None: _CODEBOOK_NAMESPACE})
    document.append(_renamespaced(codes))
    data = etree.tostring(document, xml_declaration=True, encoding="utf-8")
    try:
        codebook, deviations = Codebook.from_qdc_bytes(data, f"{name} ({PROJECT_FILE})")
    except CodebookError as error:
        raise _Problem(f"its codebook: {_LINE.sub(': ', str(error))}") from None
    warnings.extend(_LINE.sub(": ", deviation) for deviation in deviations)
    codebook.name = project_name
    return codebook


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


def _text_source(
    archive: zipfile.ZipFile,
    element: etree._Element,
    users: dict[str, ExchangeUser],
    default_user: ExchangeUser,
    known_codes: set[str | None],
) -> ExchangeSource:
    guid = _guid(element)
    source_name = (element.get("name") or "").strip() or f"source {guid[:8]}"
    text = _source_text(archive, element, source_name)
    selections = tuple(
        _selection(selection, text, source_name, users, default_user, known_codes)
        for selection in element.iterfind("p:PlainTextSelection", _NS)
    )
    return ExchangeSource(guid, source_name, text, selections, _note_refs(element))


def _source_text(archive: zipfile.ZipFile, element: etree._Element, source_name: str) -> str:
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
        data = archive.read(member)
    except KeyError:
        raise _Problem(f"text source {source_name!r}: {member} is missing from the archive") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _Problem(f"text source {source_name!r}: {member} is not UTF-8 ({error.reason})") from None


def _position(element: etree._Element, attribute: str) -> int:
    value = _required(element, attribute)
    if not value.isdigit():
        raise _Problem(f"{PROJECT_FILE} line {element.sourceline}: {attribute} {value!r} is not a position")
    return int(value)


def _selection(
    element: etree._Element,
    text: str,
    source_name: str,
    users: dict[str, ExchangeUser],
    default_user: ExchangeUser,
    known_codes: set[str | None],
) -> ExchangeSelection:
    guid = _guid(element)
    start, end = _position(element, "startPosition"), _position(element, "endPosition")
    if not start <= end <= len(text):
        raise _Problem(
            f"{PROJECT_FILE} line {element.sourceline}: selection {start}–{end} lies outside text source "
            f"{source_name!r} ({len(text)} characters)"
        )
    creator = element.get("creatingUser")
    selection_user = uuid_from_foreign_id(creator) if creator else default_user.guid
    codings = []
    for coding in element.iterfind("p:Coding", _NS):
        reference = coding.find("p:CodeRef", _NS)
        if reference is None:
            raise _Problem(f"{PROJECT_FILE} line {coding.sourceline}: <Coding> has no <CodeRef>")
        code = _guid(reference, "targetGUID")
        if code not in known_codes:
            raise _Problem(
                f"{PROJECT_FILE} line {reference.sourceline}: code {code} is not in the project's codebook"
            )
        coder = coding.get("creatingUser")
        user = uuid_from_foreign_id(coder) if coder else selection_user
        if user == default_user.guid:
            users.setdefault(user, default_user)
        created = coding.get("creationDateTime", "")
        codings.append(ExchangeCoding(_guid(coding), code, _user(users, user).guid, created))
    return ExchangeSelection(
        guid,
        start,
        end,
        selection_user,
        tuple(codings),
        element.get("creationDateTime", ""),
        _note_refs(element),
    )
