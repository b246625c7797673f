"""Where rows of different heights fall in a view: the arithmetic behind scrolling in whole segments.

A row's height is its line count including the blank line that ends it; that
last blank line may fall off the bottom of the view.
"""

from __future__ import annotations

from collections.abc import Callable

HeightOf = Callable[[int], int]
"""Row → its height in lines."""


def fits(top: int, row: int, height_of: HeightOf, view_height: int) -> bool:
    """Whether rows ``top`` to ``row`` all fit in the view when ``top`` is the first row shown."""
    if row < top or row - top > view_height:
        return False
    return sum(height_of(r) for r in range(top, row + 1)) - 1 <= view_height


def top_showing_at_bottom(row: int, height_of: HeightOf, view_height: int) -> int:
    """The first row to show so that ``row`` ends at the bottom of the view."""
    used = height_of(row) - 1
    top = row
    while top > 0 and used + height_of(top - 1) <= view_height:
        top -= 1
        used += height_of(top)
    return top


def top_after_move(top: int, cursor: int, height_of: HeightOf, view_height: int) -> int:
    """The first row to show after the cursor moved: unchanged while the cursor row is in view."""
    if cursor < top:
        return cursor
    if fits(top, cursor, height_of, view_height):
        return top
    return top_showing_at_bottom(cursor, height_of, view_height)


def rows_filling_the_end(row_count: int, height_of: Callable[[int], int | None], view_height: int) -> int:
    """How many of the last rows fit in the view together, so scrolling stops with the view full.

    ``height_of`` gives None for a row not read yet; then only 1 is assumed.
    """
    used, count = -1, 0
    for row in range(row_count - 1, -1, -1):
        height = height_of(row)
        if height is None:
            break
        used += height
        if used > view_height:
            break
        count += 1
    return max(count, 1)
