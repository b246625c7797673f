"""A REFI-QDA project as plain data, and the stable GUIDs qualcode gives its parts."""

from __future__ import annotations

import uuid as uuid_module
from dataclasses import dataclass, field
from typing import Any

from qualcode.codebook import Codebook
from qualcode.store.attributes import SOURCE_GUID_KEY as SOURCE_GUID_KEY
from qualcode.store.models import CoderRole

PROJECT_NAMESPACE = "urn:QDA-XML:project:1.0"
PROJECT_FILE = "project.qde"
SOURCES_FOLDER = "sources"
EXTENSION_FILE = "qualcode-extension.json"
"""The archive member that carries what REFI-QDA has no element for (reviews, flags, decisions,
roles, segmentation); Project.xsd allows no foreign elements, and other tools ignore extra members."""
INTERNAL_SCHEME = "internal://"
QDPX_SUFFIX = ".qdpx"

_GUIDS = uuid_module.UUID("6f1e4c52-7d0a-4f8e-9b7e-2f6a0c9d1e35")
"""The namespace of every GUID qualcode derives: the same project exports the same GUIDs."""


@dataclass(frozen=True)
class ExchangeUser:
    guid: str
    name: str


@dataclass(frozen=True)
class ExchangeCoding:
    """One user's application of one code to a selection."""

    guid: str
    code_guid: str
    user_guid: str
    created_at: str = ""
    """ISO 8601 UTC, or "" when unknown."""


@dataclass(frozen=True)
class ExchangeNote:
    """A memo: REFI-QDA keeps its text in the project's ``<Notes>``; what it is about points to it."""

    guid: str
    user_guid: str
    text: str
    created_at: str = ""
    name: str = ""
    start: int | None = None
    end: int | None = None
    """The range of its source the note is about (a ``<PlainTextSelection>`` inside the note, as
    QualCoder writes and reads annotations); None for a note on a whole source or a selection."""


@dataclass(frozen=True)
class ExchangeSelection:
    """A span of a text source in characters (Unicode code points), ``end`` exclusive."""

    guid: str
    start: int
    end: int
    user_guid: str
    codings: tuple[ExchangeCoding, ...]
    created_at: str = ""
    notes: tuple[str, ...] = ()
    """GUIDs of the notes on this span."""
    description: str = ""
    """A comment on the selection (an ATLAS.ti quotation comment, a QualCoder coding memo)."""


@dataclass(frozen=True)
class ExchangeSource:
    guid: str
    name: str
    text: str
    selections: tuple[ExchangeSelection, ...]
    notes: tuple[str, ...] = ()
    """GUIDs of the notes on the whole source or on a range of it."""
    description: str = ""
    user_guid: str = ""
    """Who made the source; its description is theirs."""


@dataclass(frozen=True)
class ExchangeSet:
    """A named group of sources or codes (MAXQDA document sets, ATLAS.ti groups)."""

    guid: str
    name: str
    sources: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class ExchangeProject:
    """What qualcode writes to and reads from a ``.qdpx`` file."""

    name: str
    origin: str
    users: tuple[ExchangeUser, ...]
    codebook: Codebook
    sources: tuple[ExchangeSource, ...]
    notes: tuple[ExchangeNote, ...] = ()
    """The notes that a source or a selection points to; others are not read."""
    warnings: tuple[str, ...] = ()
    """Things the reader worked around, each naming the file."""
    description: str = ""
    sets: tuple[ExchangeSet, ...] = ()
    dropped: tuple[tuple[str, int], ...] = ()
    """(kind, count) of every element read but not imported, in the order met."""
    spellings: dict[str, str] = field(default_factory=dict)
    """A GUID as qualcode compares it (canonical, lower case) → as the file wrote it."""
    extension: dict[str, Any] = field(default_factory=dict)
    """The decoded `EXTENSION_FILE`, when the project came from qualcode."""

    @property
    def codings(self) -> int:
        return sum(len(s.codings) for source in self.sources for s in source.selections)


def derived_guid(*parts: str) -> str:
    return str(uuid_module.uuid5(_GUIDS, "\x1f".join(parts)))


def user_guid(project: str, coder: str, role: str) -> str:
    """A coder's GUID; it encodes the role so that qualcode can read it back (`user_role`)."""
    return derived_guid("user", project, role, coder)


def user_role(project: str, user: ExchangeUser) -> CoderRole | None:
    """The role of a user that qualcode exported from ``project``; None for anyone else's user.

    REFI-QDA has no roles, but qualcode's own GUIDs let a consensus coder come
    back as the consensus, not as one more coder to pool.
    """
    for role in CoderRole:
        if user_guid(project, user.name, role.value) == user.guid:
            return role
    return None


def source_guid(project: str, document: str) -> str:
    return derived_guid("source", project, document)


def selection_guid(source: str, start: int, end: int, user: str) -> str:
    """One selection per coder and range: QualCoder takes a coding's coder from its selection."""
    return derived_guid("selection", source, str(start), str(end), user)


def coding_guid(selection: str, user: str, code: str) -> str:
    return derived_guid("coding", selection, user, code)


def note_guid(target: str, user: str, start: int | None = None) -> str:
    """A memo's GUID: one memo per author on a source, or on a range of it starting at ``start``."""
    return (
        derived_guid("note", target, user)
        if start is None
        else derived_guid("note", target, user, str(start))
    )


def internal_path(source: str) -> str:
    """The ``plainTextPath`` of a source kept inside the project file."""
    return f"{INTERNAL_SCHEME}{source}.txt"
