"""The one speaker-label rule every format shares: what counts as ``Name:`` at a line start."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from qualcode.ingest.timecodes import CLOCK_TIME_PATTERN, parse_clock_time

MAX_LABEL_CHARS = 40
"""Longer "labels" are sentences that happen to contain a colon."""
MAX_LABEL_WORDS = 5
"""Names and roles ("Mr. T. Smith", "Speaker 1") are short; "The thing I want is this:" is not."""

NAME_PARTICLES = frozenset(
    """de da di du del della der den van von la le
    bin ibn al el y ter ten dos das""".split()  # noqa: SIM905
)
"""Lower-case words that may sit inside a multi-word name ("Maria de la Cruz")."""

HEADER_KEYS = (
    frozenset(
        """date time location place venue setting site duration length title project study
    transcript transcription transcriber recorded recording file filename audio topic
    subject session language version note notes keywords source reference ref""".split()  # noqa: SIM905
    )
    | frozenset(
        # A web page's furniture: "Related:", "Tags:", "Photo: Getty" start no one's turn.
        """related tags topics share comments credits credit sources photo photos image
    illustration advertisement sponsored""".split()  # noqa: SIM905
    )
    | frozenset(
        [
            "transcribed by",
            "recorded by",
            "recorded on",
            "audio file",
            "interview date",
            "start time",
            "end time",
            "read more",
            "see also",
            "editor's note",
            "editor’s note",
        ]
    )
)
"""Keys of header lines ("Date: 3 May 2023"), editorial notes and page furniture, which are never speakers."""

_SPACE = r"[ \t\u00a0]"
_LABEL_LINE_BODY = rf"""
    (?=[^\n:]{{0,{3 * MAX_LABEL_CHARS}}}:)                          # a colon near the line start
    {_SPACE}*
    (?:[\[(]?(?P<lead_time>{CLOCK_TIME_PATTERN})[\])]?{_SPACE}+)?   # [00:01:23] Maria:
    (?P<em>\*\*|__|\*|_)?                                          # **Maria:** in Markdown
    (?P<label>[^\W\d_][\w.'’\-]*(?:{_SPACE}+[\w.'’\-]+){{0,{MAX_LABEL_WORDS - 1}}})
    {_SPACE}*
    (?:[\[(](?P<label_time>{CLOCK_TIME_PATTERN})[\])]{_SPACE}*)?   # Maria (00:01:23):
    (?(em)(?:(?P=em){_SPACE}*:|:{_SPACE}*(?P=em))|:)
    (?=\s|\Z)
"""
"""A candidate label line; `is_speaker_name` then decides whether the label looks like a name.

Words and the spaces between them use disjoint character classes and the word
count is capped, so a failing attempt gives up after a few steps of backtracking:
matching is linear in the line and a scan linear in the text. The lookahead
first asks for a colon within reach of the line start (a label, its times and
emphasis fit in three label lengths), which throws out most lines of a
transcript — blank lines and paragraphs that continue a turn — in one cheap step.
"""

SPEAKER_LINE = re.compile(_LABEL_LINE_BODY, re.VERBOSE)
"""Matches a label at the start of a line, used with ``match`` at a line start."""

_LABEL_AFTER_NEWLINE = re.compile(r"\n" + _LABEL_LINE_BODY, re.VERBOSE)
"""The same rule behind a literal newline, which lets the regex engine jump from
line to line instead of testing every character for a line start."""


@dataclass(slots=True)
class SpeakerLabel:
    """A speaker label found at the start of a line.

    Not frozen: one is built per turn of transcripts with hundreds of thousands
    of turns, and a frozen dataclass takes three times as long to construct.
    """

    speaker: str
    """The normalised name: emphasis and surrounding whitespace removed, inner spaces single."""
    line_start: int
    """Offset of the start of the label line in the searched text."""
    text_start: int
    """Offset just past the label (and its colon), where the spoken text begins."""
    start_time: float | None
    """Seconds from a ``[00:01:23]`` or ``(00:01:23)`` timestamp beside the label, if any."""


def is_speaker_name(label: str) -> bool:
    """Decide whether a ``Words:`` prefix names a speaker rather than starting a sentence.

    Single words ("Maria", "Interviewer", "P03", "Q") are accepted. Longer labels
    must read like names: every word capitalised, a number or a name particle
    ("Mr. T. Smith", "Maria de la Cruz", "Speaker 1"); a role word followed by a
    number ("interviewer 2") is accepted in any case. Header keys such as
    "Date" are refused so title blocks stay in the preamble.
    """
    if len(label) > MAX_LABEL_CHARS:
        return False
    words = label.split()
    if not words or len(words) > MAX_LABEL_WORDS:
        return False
    if len(words) == 1:
        return label.lower() not in HEADER_KEYS
    if " ".join(words).lower() in HEADER_KEYS:
        return False
    if len(words) == 2 and words[1][0].isdigit():
        return True
    return all(word[0].isupper() or word[0].isdigit() or word in NAME_PARTICLES for word in words)


@lru_cache(maxsize=4096)
def speaker_name(label: str) -> str | None:
    """Return the normalised name for a label (inner whitespace single), or None if not a name.

    Cached because a transcript repeats a handful of labels thousands of times.
    """
    return " ".join(label.split()) if is_speaker_name(label) else None


def match_speaker_label(text: str, pos: int = 0) -> SpeakerLabel | None:
    """Return the speaker label of the line starting at ``pos``, or None if it has none."""
    match = SPEAKER_LINE.match(text, pos)
    if match is None:
        return None
    return _label_from_match(match, pos)


def iter_speaker_labels(text: str) -> Iterator[SpeakerLabel]:
    """Yield every speaker label in ``text``, in order, scanning the whole text once."""
    first = match_speaker_label(text)
    if first is not None:
        yield first
    for match in _LABEL_AFTER_NEWLINE.finditer(text):
        label = _label_from_match(match, match.start() + 1)
        if label is not None:
            yield label


def _label_from_match(match: re.Match[str], line_start: int) -> SpeakerLabel | None:
    label, lead_time, label_time = match.group("label", "lead_time", "label_time")
    speaker = speaker_name(label)
    if speaker is None:
        return None
    time = lead_time or label_time
    return SpeakerLabel(speaker, line_start, match.end(), parse_clock_time(time) if time else None)
