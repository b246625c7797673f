"""Building a document from timed units (subtitle cues, csv rows): synthesised text and segments."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from qualcode.ingest.model import DocumentContent, ParsedSegment
from qualcode.ingest.segmenting import check_segmentation, no_speakers_error
from qualcode.ingest.sentences import sentence_spans
from qualcode.ingest.spans import paragraph_spans


@dataclass(frozen=True, slots=True)
class TimedUnit:
    """One cue or row as read from the source: who speaks, what, and when."""

    speaker: str
    """The speaker, or "" when the unit continues the previous speaker."""
    text: str
    """What is said; surrounding whitespace is dropped and empty units are skipped."""
    start_time: float | None = None
    end_time: float | None = None


@dataclass(frozen=True, slots=True)
class _Placed:
    """A unit's text placed in the synthesised document, with its times."""

    start: int
    end: int
    start_time: float | None
    end_time: float | None


@dataclass
class _Turn:
    """A run of placed units by one speaker, from just after its label."""

    speaker: str
    start: int
    pieces: list[_Placed]


def build_timed_document(
    units: list[TimedUnit],
    segmentation: str,
    source_name: str,
    joiner: str,
    speakers_hint: str,
) -> DocumentContent:
    """Render units as ``"Speaker: text\\n\\n"`` turns and cut segments pointing into that text.

    A turn is a run of units by one speaker; a unit without a speaker continues
    the current turn, as in a text transcript where only speaker changes are
    labelled. ``joiner`` separates the units of a turn: a space for subtitle
    cues, which are line-wrapped fragments of speech, and a blank line for csv
    rows, which are paragraphs. Paragraph segments are the units themselves
    (split further at blank lines inside a unit); sentences may run across
    cues but never across a blank line.
    """
    check_segmentation(segmentation, source_name)
    if segmentation == "turn" and not any(unit.speaker for unit in units):
        raise no_speakers_error(source_name, speakers_hint)
    parts: list[str] = []
    length = 0
    turns: list[_Turn] = []
    for unit in units:
        body = unit.text.strip()
        if not body:
            continue
        if not turns or (unit.speaker and unit.speaker != turns[-1].speaker):
            if turns:
                parts.append("\n\n")
                length += 2
            if unit.speaker:
                label = f"{unit.speaker}: "
                parts.append(label)
                length += len(label)
            turns.append(_Turn(unit.speaker, length, []))
        elif turns[-1].pieces:
            parts.append(joiner)
            length += len(joiner)
        parts.append(body)
        placed = _Placed(length, length + len(body), unit.start_time, unit.end_time)
        turns[-1].pieces.append(placed)
        length = placed.end
    parts.append("\n")
    text = "".join(parts)
    if segmentation == "turn":
        segments = [_turn_segment(text, turn) for turn in turns]
    elif segmentation == "paragraph":
        segments = [
            ParsedSegment(turn.speaker, text[a:b], a, b, piece.start_time, piece.end_time)
            for turn in turns
            for piece in turn.pieces
            for a, b in paragraph_spans(text, piece.start, piece.end)
        ]
    else:
        segments = [segment for turn in turns for segment in _sentence_segments(text, turn)]
    return DocumentContent(text=text, preamble="", segments=segments)


def _turn_segment(text: str, turn: _Turn) -> ParsedSegment:
    first, last = turn.pieces[0], turn.pieces[-1]
    return ParsedSegment(
        turn.speaker,
        text[first.start : last.end],
        first.start,
        last.end,
        first.start_time,
        last.end_time,
    )


def _sentence_segments(text: str, turn: _Turn) -> list[ParsedSegment]:
    piece_starts = [piece.start for piece in turn.pieces]
    segments = []
    for a, b in paragraph_spans(text, turn.pieces[0].start, turn.pieces[-1].end):
        for start, end in sentence_spans(text, a, b):
            first = turn.pieces[bisect_right(piece_starts, start) - 1]
            last = turn.pieces[bisect_right(piece_starts, end - 1) - 1]
            segments.append(
                ParsedSegment(turn.speaker, text[start:end], start, end, first.start_time, last.end_time)
            )
    return segments
