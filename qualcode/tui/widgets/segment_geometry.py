"""Where segments of different heights fall in the transcript view, and how moving changes that.

The view shows whole segments from a top row down, except that the top row
may be scrolled into: its head (speaker line and code tags) stays pinned and
``skip`` of its text lines are hidden under it. That is how a turn taller
than the pane is read to the end, its codes in sight, before the cursor
moves on. Plain arithmetic with no Textual in it, so the rules can be tested
apart from drawing.

A row's shape is its line count, the blank line that ends it included (that
last line may fall off the bottom of the view), and its head's line count.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

OVERLAP = 2
"""Text lines kept in view when a long segment scrolls by a page, so the eye keeps its place."""


@dataclass(frozen=True)
class RowShape:
    lines: int
    """Every line of the row: head, text and the blank line that ends it."""
    head: int
    """Header and code-tag lines, pinned while the row is scrolled into."""

    @property
    def body(self) -> int:
        """Text lines, which scroll under the pinned head."""
        return max(self.lines - self.head - 1, 0)


ShapeOf = Callable[[int], RowShape]


@dataclass(frozen=True)
class View:
    """The first row shown and how many of its text lines are scrolled out of sight."""

    top: int
    skip: int = 0


def shown_lines(view: View, row: int, shape: RowShape) -> int:
    """Lines of ``row`` the view draws (all of them, but for a top row scrolled into)."""
    return shape.lines - view.skip if row == view.top else shape.lines


def start_of(view: View, row: int, shape_of: ShapeOf) -> int:
    """The view line on which ``row`` begins (rows above the top: negative)."""
    if row <= view.top:
        return 0 if row == view.top else -1
    line = shown_lines(view, view.top, shape_of(view.top))
    for r in range(view.top + 1, row):
        line += shape_of(r).lines
    return line


def end_shown(view: View, row: int, shape_of: ShapeOf, height: int) -> bool:
    """Whether the last text line of ``row`` (or its head, for an empty one) is in view."""
    if row < view.top:
        return False
    shape = shape_of(row)
    return start_of(view, row, shape_of) + shown_lines(view, row, shape) - 1 <= height


def start_shown(view: View, row: int, shape_of: ShapeOf, height: int) -> bool:
    """Whether the row's head is on screen: the coder can see which segment the cursor is on."""
    if row < view.top:
        return False
    return start_of(view, row, shape_of) + shape_of(row).head <= height


def max_skip(shape: RowShape, height: int) -> int:
    """The skip that brings a row's last text line to the bottom of the view."""
    return max(shape.body - max(height - shape.head, 1), 0)


def page_step(shape: RowShape, height: int) -> int:
    return max(height - shape.head - OVERLAP, 1)


def top_showing_at_bottom(row: int, shape_of: ShapeOf, height: int) -> int:
    """The first row to show so that ``row`` ends at the bottom of the view."""
    used = shape_of(row).lines - 1
    top = row
    while top > 0 and used + shape_of(top - 1).lines <= height:
        top -= 1
        used += shape_of(top).lines
    return top


def view_for_cursor(view: View, cursor: int, shape_of: ShapeOf, height: int) -> View:
    """The view after the cursor moved to ``cursor``: unchanged while the whole row is in view.

    A row too tall for the view is shown from its start, so the coder reads it
    from its first line and scrolls on with the same key.
    """
    if cursor < view.top or (cursor == view.top and view.skip):
        return View(cursor)
    if end_shown(view, cursor, shape_of, height):
        return view
    shape = shape_of(cursor)
    if shape.lines - 1 > height:
        return View(cursor)
    return View(top_showing_at_bottom(cursor, shape_of, height))


def view_after_jump(row: int, shape_of: ShapeOf, height: int) -> View:
    """After a jump, a little of what comes before the cursor, if the cursor row still fits whole."""
    if row > 0:
        with_context = View(row - 1)
        if end_shown(with_context, row, shape_of, height):
            return with_context
    return View(row)


def scroll_within(view: View, cursor: int, shape_of: ShapeOf, height: int, down: bool) -> View | None:
    """The view one page further into (or back up) the cursor's own row; None when there is no more.

    Moving down first brings a row that starts lower in the view to the top;
    moving up returns to the row's start.
    """
    shape = shape_of(cursor)
    if down:
        if end_shown(view, cursor, shape_of, height):
            return None
        if cursor != view.top:
            return View(cursor)
        return View(cursor, min(view.skip + page_step(shape, height), max_skip(shape, height)))
    if cursor == view.top and view.skip:
        return View(cursor, max(view.skip - page_step(shape, height), 0))
    return None


def view_showing_line(view: View, row: int, line: int, shape_of: ShapeOf, height: int) -> View:
    """A view in which text line ``line`` (from 0) of ``row`` is visible, a third of the way down."""
    shape = shape_of(row)
    line = max(min(line, shape.body - 1), 0)
    if row >= view.top:
        first_text = start_of(view, row, shape_of) + shape.head
        skipped = view.skip if row == view.top else 0
        at = first_text + line - skipped
        if line >= skipped and at < height:
            return view
    if shape.lines - 1 <= height:
        return view_after_jump(row, shape_of, height)
    room = max(height - shape.head, 1)
    return View(row, min(max(line - room // 3, 0), max_skip(shape, height)))


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
