"""Selecting part of one segment's text from the keyboard: the caret, its anchor, and how they move.

Plain arithmetic on a string with no Textual in it, so the rules for a word
and a sentence live in one place and can be tested apart from the screen.
Offsets count characters of the segment's text, end exclusive, as the store's
span codings do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum

from qualcode.service.coding_ops import SpanMark

_WORD = re.compile(r"\w")
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*")


class Unit(StrEnum):
    """How far one key moves the caret."""

    CHARACTER = "character"
    WORD = "word"
    SENTENCE = "sentence"


@dataclass(frozen=True)
class TextSelection:
    """The caret and the end it selects from, inside one segment; ``span`` is the coded span worked on."""

    segment_id: int
    anchor: int
    caret: int
    span: SpanMark | None = None
    """A coded span the coder moved to (tab): changing the selection then moves that span's ends."""

    @property
    def start(self) -> int:
        return min(self.anchor, self.caret)

    @property
    def end(self) -> int:
        return max(self.anchor, self.caret)

    @property
    def empty(self) -> bool:
        return self.anchor == self.caret

    @classmethod
    def of_span(cls, segment_id: int, span: SpanMark) -> TextSelection:
        """A coded span selected from its start, the caret at its end."""
        return cls(segment_id, span.start, span.end, span)

    def moved(self, text: str, unit: Unit, step: int, extend: bool) -> TextSelection:
        """The selection after one key: the caret moves by ``unit``; without ``extend`` the anchor follows."""
        caret = step_caret(text, self.caret, unit, step)
        if extend:
            return replace(self, caret=caret)
        return TextSelection(self.segment_id, caret, caret)

    def other_end(self) -> TextSelection:
        """The caret jumps to the selection's other end, so that end can be moved instead."""
        return replace(self, anchor=self.caret, caret=self.anchor)


def step_caret(text: str, caret: int, unit: Unit, step: int) -> int:
    """Where the caret lands after one step forward (``step`` > 0) or back."""
    caret = max(0, min(caret, len(text)))
    forward = step > 0
    if unit is Unit.CHARACTER:
        return max(0, min(caret + (1 if forward else -1), len(text)))
    if unit is Unit.WORD:
        return next_word_end(text, caret) if forward else previous_word_start(text, caret)
    return next_sentence_end(text, caret) if forward else previous_sentence_start(text, caret)


def next_word_end(text: str, caret: int) -> int:
    """The end of the word at or after the caret, as ctrl+shift+→ selects in a text editor."""
    at = caret
    while at < len(text) and not _WORD.match(text[at]):
        at += 1
    while at < len(text) and _WORD.match(text[at]):
        at += 1
    return at


def previous_word_start(text: str, caret: int) -> int:
    """The start of the word before the caret."""
    at = caret
    while at > 0 and not _WORD.match(text[at - 1]):
        at -= 1
    while at > 0 and _WORD.match(text[at - 1]):
        at -= 1
    return at


def sentence_ends(text: str) -> list[int]:
    """Offsets just after each sentence's closing punctuation, and the end of the text."""
    ends = [match.end() for match in _SENTENCE_END.finditer(text)]
    if not ends or ends[-1] < len(text.rstrip()):
        ends.append(len(text.rstrip()))
    return ends


def next_sentence_end(text: str, caret: int) -> int:
    """The end of the sentence the caret is in, or of the next one when the caret is at an end."""
    for end in sentence_ends(text):
        if end > caret:
            return end
    return len(text)


def previous_sentence_start(text: str, caret: int) -> int:
    """The start of the sentence before the caret (its first letter, past the space after a full stop)."""
    starts = [0]
    for end in sentence_ends(text):
        start = end
        while start < len(text) and text[start].isspace():
            start += 1
        if start < len(text):
            starts.append(start)
    found = 0
    for start in starts:
        if start < caret:
            found = start
    return found
