"""Typed values the Workbench hands to the front ends."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from qualcode.store.models import Code
from qualcode.store.progress import CoderProgress, DocumentProgress
from qualcode.store.spans import SpanCoding as SpanCoding

if TYPE_CHECKING:
    from qualcode.ingest import ParsedDocument


@dataclass(frozen=True)
class CodeInfo:
    """A code as the front ends show it, with its path spelt once, by the store."""

    id: int
    uuid: str
    name: str
    path: str
    parent_id: int | None
    definition: str
    when_to_use: str
    when_not_to_use: str
    example: str
    color: str
    hotkey: str
    exclusive: bool
    codable: bool
    archived: bool

    @classmethod
    def from_code(cls, code: Code, path: str) -> CodeInfo:
        assert code.id is not None
        return cls(
            id=code.id,
            uuid=code.uuid,
            name=code.name,
            path=path,
            parent_id=code.parent_id,
            definition=code.definition,
            when_to_use=code.when_to_use,
            when_not_to_use=code.when_not_to_use,
            example=code.example,
            color=code.color,
            hotkey=code.hotkey,
            exclusive=code.exclusive,
            codable=code.codable,
            archived=code.archived,
        )


@dataclass(frozen=True)
class ImportedDocument:
    name: str
    source: str
    segments: int
    speakers: tuple[tuple[str, int], ...]
    warnings: tuple[str, ...]
    segmentation: str = "turn"
    last_chars: int = 0
    """The last segment's length: a footer glued to the last turn shows here."""
    longest_chars: int = 0
    longest_position: int = 0
    """Where the longest segment is (1-based), so a wrong split can be looked at."""
    postamble_chars: int = 0

    @classmethod
    def from_parsed(cls, name: str, source: str, parsed: ParsedDocument) -> ImportedDocument:
        speakers: dict[str, int] = {}
        for segment in parsed.segments:
            speakers[segment.speaker] = speakers.get(segment.speaker, 0) + 1
        lengths = [len(segment.text) for segment in parsed.segments]
        longest = max(range(len(lengths)), key=lengths.__getitem__) if lengths else -1
        return cls(
            name=name,
            source=source,
            segments=len(parsed.segments),
            speakers=tuple(speakers.items()),
            warnings=tuple(parsed.warnings),
            segmentation=parsed.segmentation,
            last_chars=lengths[-1] if lengths else 0,
            longest_chars=lengths[longest] if lengths else 0,
            longest_position=longest + 1,
            postamble_chars=len(parsed.postamble),
        )


@dataclass(frozen=True)
class ImportFailure:
    source: str
    message: str


@dataclass(frozen=True)
class ImportReport:
    imported: tuple[ImportedDocument, ...]
    failed: tuple[ImportFailure, ...]
    notes: tuple[str, ...] = ()
    """What an import has to say about a file as a whole (a REFI-QDA project's dropped parts)."""


@dataclass(frozen=True)
class ProjectStatus:
    name: str
    location: str
    """Where the project lives, fit to print: a database password is masked."""
    codebook: str
    codebook_version: str
    codes: int
    documents: tuple[DocumentProgress, ...]
    coders: tuple[CoderProgress, ...]

    @property
    def segments(self) -> int:
        return sum(document.segments for document in self.documents)
