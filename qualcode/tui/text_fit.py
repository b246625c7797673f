"""Cutting names to the cells a column has, the same way on every screen.

A code path is cut from the left, since its last part names the code; a document name
in the middle, since its start says what it is and its end (a number, a date) which one.
"""

from __future__ import annotations

ELLIPSIS = "…"


def cut_left(label: str, width: int) -> str:
    """``…relational`` for ``approach/relational`` in 11 cells."""
    if len(label) <= width:
        return label
    return ELLIPSIS + label[-(width - 1) :] if width > 1 else ELLIPSIS[:width]


def cut_end(text: str, width: int) -> str:
    """``relational, hop…``: a list of codes cut where the row ends."""
    if len(text) <= width:
        return text
    return text[: width - 1] + ELLIPSIS if width > 1 else ELLIPSIS[:width]


def cut_middle(name: str, width: int) -> str:
    """``interview-k…ing-2024`` keeps both ends of a long document name."""
    if len(name) <= width:
        return name
    if width <= 1:
        return ELLIPSIS[:width]
    tail = (width - 1) // 2
    return name[: width - 1 - tail] + ELLIPSIS + (name[-tail:] if tail else "")
