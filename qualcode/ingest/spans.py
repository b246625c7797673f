"""Offset spans over a text: stripping a span and cutting it into blank-line paragraphs."""

from __future__ import annotations

import re

_BLANK_LINES = re.compile(r"\n(?:[^\S\n]*\n)+")
_NEWLINE = re.compile(r"\n")


def stripped_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Narrow ``[start, end)`` past surrounding whitespace; None when nothing is left.

    Segments store offsets, so stripping moves the offsets rather than copying text.
    """
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def has_blank_line(text: str, start: int = 0) -> bool:
    """Whether ``text[start:]`` has a blank line, i.e. marks paragraphs by blank lines."""
    return _BLANK_LINES.search(text, start) is not None


def paragraph_spans(
    text: str, start: int, end: int, lines_are_paragraphs: bool = False
) -> list[tuple[int, int]]:
    """Return the stripped non-blank blocks of ``text[start:end]`` as offset pairs.

    Blocks are separated by blank lines, or by every newline for documents that
    put one paragraph per line and never leave a blank line.
    """
    separator = _NEWLINE if lines_are_paragraphs else _BLANK_LINES
    spans: list[tuple[int, int]] = []
    block_start = start
    for match in separator.finditer(text, start, end):
        span = stripped_span(text, block_start, match.start())
        if span is not None:
            spans.append(span)
        block_start = match.end()
    span = stripped_span(text, block_start, end)
    if span is not None:
        spans.append(span)
    return spans
