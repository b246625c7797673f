"""The typed results every transcript reader returns: a parsed document and its segments."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class ParsedSegment:
    """One codable unit of a document, located by character offsets into the document text.

    Not frozen, though nothing changes one after it is read: a corpus has
    hundreds of thousands of turns, and a frozen dataclass takes four times as
    long to build (a named tuple twice as long, and more memory).

    The offsets, not the text, are what the store keeps to place codings, so
    ``text == document.text[start_char:end_char]`` always holds.
    """

    speaker: str
    """Who speaks; "" when the segment has no speaker."""
    text: str
    """The segment text, stripped of surrounding whitespace."""
    start_char: int
    """Offset of the first character of ``text`` in the document text."""
    end_char: int
    """Offset just past the last character of ``text`` in the document text."""
    start_time: float | None = None
    """Seconds into the recording, when the source gives times (subtitles, csv, timestamps).

    Times belong to the timed units of the source (cues, csv rows, timestamped
    turns), so a segment cut inside a unit carries the start of the unit it
    begins in: seeking there always plays the segment from its beginning.
    """
    end_time: float | None = None
    """End, in seconds, of the timed unit the segment ends in, when known."""


@dataclass
class ParsedDocument:
    """A transcript read from one file, ready to be stored.

    ``text`` is what a coder reads: for plain text it is the decoded file with
    newlines normalised to ``\\n``, the BOM removed and a YAML front-matter block
    moved into ``meta``; for docx, subtitles and csv it is a readable
    ``"Speaker: text"`` rendering built from the source.
    """

    name: str
    """The file stem, used as the default document name."""
    source_name: str
    """The file name as given, for messages and provenance."""
    sha256: str
    """Hex sha256 of the raw file bytes, so a re-import of the same file can be recognised."""
    text: str
    """The document text all segment offsets point into."""
    preamble: str
    """Boilerplate before the first speaker turn (titles, date lines); kept but never coded."""
    segments: list[ParsedSegment]
    """The codable units, in document order."""
    segmentation: str
    """How the segments were cut: "turn", "paragraph" or "sentence"."""
    meta: dict[str, str] = field(default_factory=dict)
    """Free key/value metadata, e.g. from a YAML front-matter block."""
    warnings: list[str] = field(default_factory=list)
    """Things the reader worked around, each naming the file, for the user to check."""
    postamble: str = ""
    """A web page's footer after the last turn (author bio, teasers); kept but never coded."""


@dataclass
class DocumentContent:
    """What a format reader extracts from the file bytes; `read_document` adds the file identity."""

    text: str
    preamble: str
    segments: list[ParsedSegment]
    meta: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    postamble: str = ""
