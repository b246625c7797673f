"""Cutting an imported text source into segments and placing each selection as spans within them."""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass

from qualcode.errors import ImportFileError
from qualcode.ingest import SEGMENTATIONS, ParsedDocument, ParsedSegment
from qualcode.ingest.segmenting import TextSegmentation, check_segmentation, segment_text
from qualcode.ingest.speakers import iter_speaker_labels
from qualcode.refi.model import SOURCE_GUID_KEY, ExchangeSource


@dataclass(frozen=True)
class Piece:
    """The part of a selection that lies in one segment: offsets within the segment's text."""

    segment: int
    """0-based index of the segment."""
    start: int
    end: int


@dataclass(frozen=True)
class SourceSegments:
    """A text source cut into segments, and where each of its selections lies in them."""

    parsed: ParsedDocument
    pieces: tuple[tuple[Piece, ...], ...]
    """Per selection, one piece per segment it shares a character with, in text order."""
    outside: int = 0
    """Non-empty selections that share no character with any segment (they lie in a preamble)."""


def segment_source(source: ExchangeSource, file_name: str, segmentation: str | None) -> SourceSegments:
    """Cut a source by ``segmentation``, or, when None, by the first that fits its selections.

    Without a chosen segmentation the first of turn, paragraph, sentence whose
    segments are exactly the selections is taken, so a project qualcode
    exported whole-segment comes back with its own segments; failing that,
    turns when the text has speaker labels, else paragraphs. A selection keeps
    its exact characters: within one segment it is a span of that segment; one
    that crosses segments is split into one span per segment it covers (the
    gaps between segments are not text anyone codes); none is widened.
    """
    label = f"{file_name}: {source.name}"
    if segmentation is not None:
        check_segmentation(segmentation, label)
        chosen, cut = segmentation, segment_text(source.text, segmentation, label)
    else:
        chosen, cut = _fitting(source, label)
    if not cut.segments:
        raise ImportFileError(f"{label}: the text source has no text to code")
    starts = [segment.start_char for segment in cut.segments]
    pieces = tuple(_pieces(cut.segments, starts, s.start, s.end) for s in source.selections)
    outside = sum(
        1 for s, found in zip(source.selections, pieces, strict=True) if s.start < s.end and not found
    )
    split = sum(len(found) > 1 for found in pieces)
    warnings = []
    if split:
        warnings.append(
            f"{label}: {split} selections cross {chosen} segments; each is kept as one span per segment"
        )
    return SourceSegments(_parsed(source, file_name, chosen, cut, warnings), pieces, outside)


def _fitting(source: ExchangeSource, label: str) -> tuple[str, TextSegmentation]:
    spans = {(s.start, s.end) for s in source.selections if s.start < s.end and s.codings}
    cuts: dict[str, TextSegmentation] = {}
    for segmentation in SEGMENTATIONS:
        try:
            cut = segment_text(source.text, segmentation, label)
        except ImportFileError:
            continue
        cuts[segmentation] = cut
        bounds = {(segment.start_char, segment.end_char) for segment in cut.segments}
        if spans and spans <= bounds:
            return segmentation, cut
    order = ("turn", "paragraph", "sentence") if _is_transcript(source.text) else ("paragraph", "sentence")
    for segmentation in order:
        if segmentation in cuts and cuts[segmentation].segments:
            return segmentation, cuts[segmentation]
    raise ImportFileError(f"{label}: the text source has no text to code")


def _is_transcript(text: str) -> bool:
    """Whether speaker labels open at least one paragraph in four, and some speaker speaks twice.

    A paper has the odd ``Abstract:`` or ``Keywords:`` line, which reads as a label; cut into
    "turns" at those lines it becomes a few huge segments, so such a text is cut into paragraphs.
    """
    speakers = Counter(label.speaker for label in iter_speaker_labels(text))
    if not speakers or max(speakers.values()) < 2:
        return False
    blocks = [block for block in re.split(r"\n[ \t]*\n", text) if block.strip()]
    if len(blocks) <= 1:
        blocks = [line for line in text.split("\n") if line.strip()]
    return 4 * sum(speakers.values()) >= len(blocks)


def _pieces(segments: list[ParsedSegment], starts: list[int], start: int, end: int) -> tuple[Piece, ...]:
    """The parts of start–end in each segment (in text order, not overlapping) it shares a character with."""
    found = []
    for index in range(max(bisect_right(starts, start) - 1, 0), len(segments)):
        segment = segments[index]
        if segment.start_char >= end:
            break
        if start < segment.end_char:
            found.append(
                Piece(
                    index,
                    max(start, segment.start_char) - segment.start_char,
                    min(end, segment.end_char) - segment.start_char,
                )
            )
    return tuple(found)


def _parsed(
    source: ExchangeSource, file_name: str, segmentation: str, cut: TextSegmentation, warnings: list[str]
) -> ParsedDocument:
    return ParsedDocument(
        name=source.name,
        source_name=file_name,
        sha256=hashlib.sha256(source.text.encode("utf-8")).hexdigest(),
        text=source.text,
        preamble=cut.preamble,
        postamble=cut.postamble,
        segments=cut.segments,
        segmentation=segmentation,
        meta={SOURCE_GUID_KEY: source.guid},
        warnings=[*cut.warnings, *warnings],
    )
