"""Drawing a transcript: each segment laid out once per width, and only the lines in view rendered.

The base of `SegmentList`, which adds the cursor's moves and the reading of
rows; kept apart so that how a page is drawn (the pinned head of a long
turn, the cursor and selection shading) reads in one place.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from qualcode.tui.widgets import segment_geometry as geometry
from qualcode.tui.widgets.segment_geometry import RowShape, View
from qualcode.tui.widgets.segment_rows import (
    CodeTag,
    RowStyles,
    SegmentLayout,
    layout_segment,
    placeholder_rows,
)
from qualcode.tui.widgets.segment_window import SegmentWindow
from qualcode.tui.widgets.text_selection import TextSelection

LAYOUTS_KEPT = 64
"""Segments whose laid-out lines are kept: more than a page at any size. Each holds some
forty strips of a dozen tracked objects, and every full pass of the garbage collector walks
them all: at 400 a coding session's passes grew to 0.1–0.3 s after a thousand key presses,
a visible stall every few dozen presses; at 64 they stay near 30 ms."""


class PageLine(NamedTuple):
    row: int
    strip: Strip
    separator: bool


class SegmentCanvas(ScrollView, inherit_bindings=False):
    """Rows of segments drawn from the view's top row down; no key bindings, as `SegmentList` says."""

    COMPONENT_CLASSES = {
        "segment-list--speaker",
        "segment-list--position",
        "segment-list--text",
        "segment-list--cursor",
        "segment-list--cursor-blurred",
        "segment-list--selected",
        "segment-list--reviewed",
        "segment-list--pending",
        "segment-list--flagged",
        "segment-list--memo",
        "segment-list--match",
        "segment-list--placeholder",
        "segment-list--tag",
        "segment-list--marked",
        "segment-list--caret",
        "segment-list--focus",
    }
    DEFAULT_CSS = """
    SegmentCanvas {
        overflow-x: hidden;
        background: $surface;
        & > .segment-list--speaker { color: $text-accent; text-style: bold; }
        & > .segment-list--position { color: $text-muted; }
        & > .segment-list--text { color: $text; }
        & > .segment-list--cursor { background: $primary 22%; }
        & > .segment-list--cursor-blurred { background: $primary 10%; }
        & > .segment-list--selected { background: $secondary 16%; }
        & > .segment-list--reviewed { color: $text-success; }
        & > .segment-list--pending { color: $text-muted; }
        & > .segment-list--flagged { color: $text-warning; text-style: bold; }
        & > .segment-list--memo { color: $text-accent; }
        & > .segment-list--match { background: $warning 45%; text-style: bold; }
        & > .segment-list--placeholder { color: $text-disabled; text-style: italic; }
        & > .segment-list--tag { background: $primary-muted; color: $text; }
        & > .segment-list--marked { background: $accent; color: $text; text-style: bold; }
        & > .segment-list--caret { text-style: reverse; }
        & > .segment-list--focus { text-style: bold underline; }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.window = SegmentWindow()
        """Which rows there are and which of them have been read."""
        self.cursor = 0
        self.selection_anchor: int | None = None
        """Where a shift-extended selection started; None without a selection."""
        self.view = View(0)
        """The row at the top and the text lines of it scrolled out of sight."""
        self._layouts: OrderedDict[tuple[int, int], SegmentLayout] = OrderedDict()
        self._page: list[PageLine] | None = None
        self._styles: RowStyles | None = None
        self._line_style_cache: tuple[Style, Style, Style, Style] | None = None
        self.tags: Mapping[int, CodeTag] = {}
        self.highlight = ""
        """Search text to mark in every segment."""
        self.empty_text = "No segments."
        """Shown in place of rows when there are none: an empty document, or a filter nothing matches."""
        self.part_selection: TextSelection | None = None
        """Part of the cursor's segment being selected to code; None when coding whole segments."""

    @property
    def row_count(self) -> int:
        return self.window.row_count

    def position_of(self, row: int) -> int:
        return self.window.position_of(row)

    @property
    def selected_rows(self) -> range:
        if self.selection_anchor is None:
            return range(self.cursor, self.cursor + 1)
        return range(min(self.selection_anchor, self.cursor), max(self.selection_anchor, self.cursor) + 1)

    def set_tags(self, tags: Mapping[int, CodeTag]) -> None:
        self.tags = tags
        self._layouts.clear()
        self._invalidate()

    def set_part_selection(self, selection: TextSelection | None) -> None:
        """Show a new selection inside a segment: only the rows it leaves and enters are laid out again."""
        if selection == self.part_selection:
            return
        touched = {s.segment_id for s in (self.part_selection, selection) if s is not None}
        self.part_selection = selection
        positions = {self.window.position_by_id(segment_id) for segment_id in touched}
        for key in [key for key in self._layouts if key[0] in positions]:
            del self._layouts[key]
        self._invalidate()

    def set_highlight(self, text: str) -> None:
        if text != self.highlight:
            self.highlight = text
            self._layouts.clear()
            self._invalidate()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None
        self._line_style_cache = None
        self._layouts.clear()
        self._page = None

    def _row_styles(self) -> RowStyles:
        if self._styles is None:
            self._styles = RowStyles.read(
                lambda part: self.get_component_rich_style(f"segment-list--{part}", partial=True)
            )
        return self._styles

    def _layout_of(self, row: int) -> SegmentLayout:
        position = self.position_of(row)
        line = self.window.line_at(position)
        width = self.scrollable_content_region.width
        if line is None:
            return placeholder_rows(width, self._row_styles(), self.app.console)
        key = (position, width)
        layout = self._layouts.get(key)
        if layout is None:
            selection = self.part_selection
            if selection is not None and selection.segment_id != line.id:
                selection = None
            layout = layout_segment(
                line, width, self._row_styles(), self.tags, self.highlight, self.app.console, selection
            )
            self._layouts[key] = layout
            if len(self._layouts) > LAYOUTS_KEPT:
                self._layouts.popitem(last=False)
        return layout

    def _shape_of(self, row: int) -> RowShape:
        layout = self._layout_of(row)
        return RowShape(len(layout.strips), layout.head)

    @property
    def _view_height(self) -> int:
        return self.scrollable_content_region.height

    @property
    def _max_top(self) -> int:
        return max(round(self.max_scroll_y), 0)

    def _layout(self) -> list[PageLine]:
        if self._page is not None:
            return self._page
        height = self.scrollable_content_region.height
        page: list[PageLine] = []
        top, skip = self.view.top, self.view.skip
        row = top
        while len(page) < height and row < self.row_count:
            layout = self._layout_of(row)
            strips = layout.strips
            last = len(strips) - 1
            shown: Sequence[int] = range(len(strips))
            if row == top and skip:
                shown = [*range(layout.head), *range(layout.head + skip, len(strips))]
            page.extend(PageLine(row, strips[index], index == last) for index in shown)
            row += 1
        self._page = page
        return page

    def _line_styles(self) -> tuple[Style, Style, Style, Style]:
        """Base, cursor, selection and placeholder styles, read once per style change, not per line."""
        if self._line_style_cache is None:
            cursor = "segment-list--cursor" if self.has_focus else "segment-list--cursor-blurred"
            self._line_style_cache = (
                self.rich_style,
                self.get_component_rich_style(cursor, partial=True),
                self.get_component_rich_style("segment-list--selected", partial=True),
                self.get_component_rich_style("segment-list--placeholder", partial=True),
            )
        return self._line_style_cache

    def render_line(self, y: int) -> Strip:
        page = self._layout()
        width = self.scrollable_content_region.width
        base, cursor, selected, placeholder = self._line_styles()
        if not self.row_count and y == 1:
            return (
                Strip([Segment(f"  {self.empty_text}", placeholder)])
                .adjust_cell_length(width)
                .apply_style(base)
            )
        if y >= len(page):
            return Strip.blank(width, base)
        line = page[y]
        strip = line.strip
        if not line.separator:
            if line.row == self.cursor:
                strip = strip.apply_style(cursor)
            elif self.selection_anchor is not None and line.row in self.selected_rows:
                strip = strip.apply_style(selected)
        return strip.apply_style(base)

    def _update_virtual_size(self) -> None:
        """Rows plus enough room that the last rows can fill the view, and no more."""
        region = self.scrollable_content_region
        height = region.height or self.size.height
        tail = 1
        if region.width and height:

            def read_height(row: int) -> int | None:
                return len(self._layout_of(row).strips) if self.window.line_at_row(row) is not None else None

            tail = geometry.rows_filling_the_end(self.row_count, read_height, height)
        size = Size(self.size.width, max(self.row_count - tail, 0) + height)
        if size != self.virtual_size:
            self.virtual_size = size

    def _invalidate(self) -> None:
        self._page = None
        self._update_virtual_size()
        self.refresh()

    def on_focus(self, _event: events.Focus) -> None:
        self._line_style_cache = None
        self._invalidate()

    def on_blur(self, _event: events.Blur) -> None:
        self._line_style_cache = None
        self._invalidate()
