"""Cutting a transcript text into turn, paragraph or sentence segments with exact offsets."""

from __future__ import annotations

from dataclasses import dataclass

from qualcode.errors import ImportFileError
from qualcode.ingest.model import ParsedSegment
from qualcode.ingest.postamble import postamble_start
from qualcode.ingest.sentences import sentence_spans
from qualcode.ingest.spans import has_blank_line, paragraph_spans
from qualcode.ingest.speakers import SpeakerLabel, iter_speaker_labels

SEGMENTATIONS = ("turn", "paragraph", "sentence")
"""The ways a document can be cut into codable segments."""


@dataclass(frozen=True, slots=True)
class TextSegmentation:
    """The segments cut from a text, with the text before the first turn and the footer after the last."""

    preamble: str
    segments: list[ParsedSegment]
    warnings: list[str]
    postamble: str = ""


def check_segmentation(segmentation: str, source_name: str) -> None:
    """Refuse an unknown segmentation before any work is done on the file."""
    if segmentation not in SEGMENTATIONS:
        raise ImportFileError(
            f"{source_name}: unknown segmentation {segmentation!r}; choose one of {', '.join(SEGMENTATIONS)}"
        )


def no_speakers_error(source_name: str, what: str) -> ImportFileError:
    """The one message for "turn" segmentation of a document without any speaker."""
    return ImportFileError(f"{source_name}: no speaker labels found ({what}); try --segment paragraph")


def segment_text(text: str, segmentation: str, source_name: str) -> TextSegmentation:
    """Cut ``text`` into segments; a turn runs from its ``Name:`` label to the next label.

    Text before the first label is the preamble; a web page's footer after the last
    turn (see `postamble_start`) is the postamble. A text without any label can
    still be cut into paragraphs or sentences, each without a speaker.
    """
    check_segmentation(segmentation, source_name)
    labels = list(iter_speaker_labels(text))
    if not labels and segmentation == "turn":
        raise no_speakers_error(source_name, '"Name: text" lines')
    preamble = _tidy_preamble(text[: labels[0].line_start]) if labels else ""
    lines_are_paragraphs = not has_blank_line(text, labels[0].text_start if labels else 0)
    end = len(text)
    if labels:
        end = postamble_start(text, labels[-1].text_start, end, lines_are_paragraphs, preamble)
    warnings: list[str] = []
    if segmentation == "turn":
        segments = _turn_segments(text, labels, end, source_name, warnings)
    else:
        segments = _block_segments(text, labels, end, lines_are_paragraphs, segmentation == "sentence")
    return TextSegmentation(preamble, segments, warnings, _tidy_preamble(text[end:]))


def _tidy_preamble(preamble: str) -> str:
    """Pre- and postamble are shown, not coded, so trailing spaces and outer blank lines can go."""
    return "\n".join(line.rstrip() for line in preamble.strip().split("\n"))


def _turn_segments(
    text: str, labels: list[SpeakerLabel], end: int, source_name: str, warnings: list[str]
) -> list[ParsedSegment]:
    """One segment per label: from the end of the label to the start of the next label line.

    This loop runs once per turn of possibly huge transcripts, so it strips by
    slicing once and locating the kept text, rather than stepping character by
    character.
    """
    segments = []
    ends = [label.line_start for label in labels]
    ends.append(end)
    for number, label in enumerate(labels):
        chunk = text[label.text_start : ends[number + 1]]
        stripped = chunk.strip()
        if not stripped:
            warnings.append(f"{source_name}: turn {number + 1} ({label.speaker}) has no text; skipped")
            continue
        # Everything before the first occurrence of the first kept character is whitespace.
        start = label.text_start + chunk.find(stripped[0])
        segments.append(
            ParsedSegment(label.speaker, stripped, start, start + len(stripped), label.start_time)
        )
    return segments


def _block_segments(
    text: str, labels: list[SpeakerLabel], end: int, lines_are_paragraphs: bool, by_sentence: bool
) -> list[ParsedSegment]:
    """Paragraphs (or their sentences) of every turn, each with the turn's speaker and time.

    A document that never leaves a blank line puts one paragraph per line.
    """
    if labels:
        turns = [(label.speaker, label.text_start, label.start_time) for label in labels]
        ends = [label.line_start for label in labels[1:]]
    else:
        turns = [("", 0, None)]
        ends = []
    ends.append(end)
    segments = []
    for (speaker, turn_start, start_time), turn_end in zip(turns, ends, strict=True):
        spans = paragraph_spans(text, turn_start, turn_end, lines_are_paragraphs)
        if by_sentence:
            spans = [sentence for a, b in spans for sentence in sentence_spans(text, a, b)]
        for start, end in spans:
            segments.append(ParsedSegment(speaker, text[start:end], start, end, start_time))
    return segments
