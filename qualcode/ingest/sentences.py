"""Splitting a stretch of text into sentences without breaking at abbreviations or initials."""

from __future__ import annotations

import re
from itertools import groupby

from qualcode.ingest.spans import stripped_span

ABBREVIATIONS = frozenset(
    """mr mrs ms mx dr prof sr jr st rev hon gen col capt lt sgt fr mt vs etc cf al approx
    ca dept est fig inc ltd co corp univ""".split()  # noqa: SIM905
)
"""Words whose trailing period does not end a sentence (matched ignoring case).

Dotted abbreviations ("e.g.", "i.e.", "a.m.") need no entry: their last part is
a single letter, which the initials rule already covers.
"""


def _not_after_abbreviation() -> str:
    # A look-behind must have a fixed width, so there is one per abbreviation length.
    by_length = groupby(sorted(ABBREVIATIONS, key=len), key=len)
    return "".join(rf"(?<!\b(?i:{'|'.join(words)})\.)" for _, words in by_length)


# The pattern starts with a character set so the engine can skip straight to
# punctuation; every other condition looks back from the punctuation it found.
_SENTENCE_END = re.compile(
    rf"""
    [.!?]
    (?:
        (?<=[!?])[!?.]*                             # "?", "?!", "!..."
      | (?<!\.\.)(?![.!?])                           # one period, never an ellipsis
        {_not_after_abbreviation()}                 # not "Dr." "etc."
        (?<!\b[^\W\d_]\.)                           # not an initial: "T.", "U.S.", "e.g."
        (?!(?<=\b(?i:no)\.)\s+\d)                    # not "No. 5"
    )
    ["'”’)\]]*                                      # closing quotes and brackets
    (?=\s+(\S))                                     # then the next word, group 1
    """,
    re.VERBOSE,
)
"""A candidate sentence end; `sentence_spans` only refuses those before a lower-case letter."""


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return ``(start, end)`` offsets of the sentences in ``text[start:end]``, stripped.

    A boundary is terminal punctuation followed by whitespace and then anything
    but a lower-case letter ("she said “why?” and left" stays whole). Periods
    after abbreviations ("Dr.", "e.g."), initials ("T. Smith", "U.S."), "No."
    before a number, and ellipses are not boundaries: in speech an ellipsis
    marks a trailing-off, not the end of a thought. Decimals never qualify, as
    no space follows their point.
    """
    span = stripped_span(text, start, end)
    if span is None:
        return []
    start, end = span
    spans: list[tuple[int, int]] = []
    for match in _SENTENCE_END.finditer(text, start, end):
        following = match.start(1)
        if text[following].islower():
            continue
        # Both cuts are at non-space characters, so the pieces need no stripping.
        spans.append((start, match.end()))
        start = following
    spans.append((start, end))
    return spans
