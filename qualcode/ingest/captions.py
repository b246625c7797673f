"""Reading WebVTT (``.vtt``) and SubRip (``.srt``) subtitles into speaker turns with times."""

from __future__ import annotations

import html
import io
import re

import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError
from webvtt.models import Caption

from qualcode.errors import ImportFileError
from qualcode.ingest.decoding import decode_bytes
from qualcode.ingest.model import DocumentContent
from qualcode.ingest.speakers import match_speaker_label
from qualcode.ingest.timecodes import parse_clock_time
from qualcode.ingest.timed_units import TimedUnit, build_timed_document

_FORMAT_NAMES = {"vtt": "WebVTT", "srt": "SubRip (.srt)"}
_SPEAKERS_HINT = '<v Name> voice tags or "Name: text" cues'
_VOICE_TAG = re.compile(r"<v(?:\.[\w-]+)*[ \t]+([^>]+)>")
"""A WebVTT voice span opening a cue line: ``<v Name>`` or ``<v.class Name>``."""


def read_webvtt(raw: bytes, source_name: str, segmentation: str) -> DocumentContent:
    """Read a WebVTT file; speakers come from ``<v Name>`` voice tags or ``Name:`` prefixes."""
    return _read_captions(raw, source_name, segmentation, "vtt")


def read_subrip(raw: bytes, source_name: str, segmentation: str) -> DocumentContent:
    """Read a SubRip file; speakers come from ``Name:`` prefixes in the cue text."""
    return _read_captions(raw, source_name, segmentation, "srt")


def _read_captions(raw: bytes, source_name: str, segmentation: str, caption_format: str) -> DocumentContent:
    # Decoding here rather than in webvtt keeps one encoding policy (cp1252 fallback,
    # BOMs, binary checks) for every format.
    text, warnings = decode_bytes(raw, source_name)
    try:
        captions = webvtt.from_buffer(io.StringIO(text), format=caption_format).captions
    except (MalformedFileError, MalformedCaptionError) as error:
        raise ImportFileError(
            f"{source_name}: is not a valid {_FORMAT_NAMES[caption_format]} file ({error})"
        ) from None
    units = [unit for caption in captions for unit in caption_units(caption)]
    if not units:
        raise ImportFileError(f"{source_name}: has no captions with text")
    content = build_timed_document(units, segmentation, source_name, " ", _SPEAKERS_HINT)
    content.warnings[:0] = warnings
    return content


def caption_units(caption: Caption) -> list[TimedUnit]:
    """Split one cue into units, one per speaker it names, all with the cue's times.

    A cue may hold several voices ("<v Ana>Hi" and "<v Ben>Hello" on two lines);
    a line without a voice or label continues the speaker of the line before.
    Line breaks inside a cue are display wrapping, so lines are joined by spaces.
    """
    start = parse_clock_time(caption.start)
    end = parse_clock_time(caption.end)
    # Caption.text strips cue tags line by line, so its lines align with the raw lines.
    raw_lines = caption.raw_text.split("\n")
    plain_lines = caption.text.split("\n")
    speaker = ""
    words: list[str] = []
    units: list[TimedUnit] = []
    for raw_line, plain_line in zip(raw_lines, plain_lines, strict=True):
        line = html.unescape(plain_line)
        voice = _VOICE_TAG.match(raw_line.lstrip())
        label = None if voice else match_speaker_label(line)
        new_speaker = voice[1].strip() if voice else label.speaker if label else ""
        if label is not None:
            line = line[label.text_start :]
        if new_speaker and new_speaker != speaker and words:
            units.append(TimedUnit(speaker, " ".join(words), start, end))
            words = []
        speaker = new_speaker or speaker
        words.extend(line.split())
    if words:
        units.append(TimedUnit(speaker, " ".join(words), start, end))
    return units
