"""A transcript of any length as a lazily read, lazily rendered list of segments.

The widget scrolls in whole segments: its vertical offset is the row at the
top of the view, so a 5,000-segment document costs what the ~20 segments in
view cost. Rows are read in chunks by a loader the screen provides, in a
thread worker, and only the rows in view are ever laid out.
"""

from __future__ import annotations

import bisect
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

from rich.segment import Segment
from rich.style import Style
from textual import events, work
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from qualcode.service.coding_ops import SegmentLine
from qualcode.tui.widgets.segment_rows import CodeTag, RowStyles, layout_segment, placeholder_rows

CHUNK = 100
"""Rows read per query: one round trip fills several screens."""
KEEP_ROWS = 30 * CHUNK
"""Rows kept in memory; far-away ones are dropped and read again if the coder comes back."""

RowLoader = Callable[[int, Sequence[int]], list[SegmentLine]]
"""(document id, positions) → those segments as the coder sees them."""


class PageLine(NamedTuple):
    row: int
    strip: Strip
    separator: bool


class SegmentList(ScrollView, can_focus=True):
    """The segments of one document, with a cursor and an optional run selection."""

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
    }
    DEFAULT_CSS = """
    SegmentList {
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
    }
    """

    class CursorMoved(Message):
        """The cursor moved, or the segment under it changed or finished loading."""

        def __init__(self, line: SegmentLine | None, row: int) -> None:
            super().__init__()
            self.line = line
            self.row = row

    class RowsLoaded(Message):
        """A chunk of rows arrived; the first one after `show_document` means the view is ready."""

    def __init__(self, loader: RowLoader, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._loader = loader
        self.document_id: int | None = None
        self.segment_count = 0
        self._positions: list[int] | None = None
        self.cursor = 0
        self.anchor: int | None = None
        self._lines: dict[int, SegmentLine] = {}
        self._position_by_id: dict[int, int] = {}
        self._chunks_loaded: set[int] = set()
        self._chunks_pending: set[int] = set()
        self._generation = 0
        self._strips: OrderedDict[tuple[int, int], list[Strip]] = OrderedDict()
        self._page: list[PageLine] | None = None
        self._styles: RowStyles | None = None
        self.tags: Mapping[int, CodeTag] = {}
        self.highlight = ""
        self.ready = False
        self.empty_text = "No segments."
        """Shown in place of rows when there are none: an empty document, or a filter nothing matches."""

    # -- rows, positions and what is selected ------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self._positions) if self._positions is not None else self.segment_count

    @property
    def filtered(self) -> bool:
        return self._positions is not None

    def position_of(self, row: int) -> int:
        return self._positions[row] if self._positions is not None else row + 1

    def row_of(self, position: int) -> int | None:
        if self._positions is None:
            return position - 1 if 1 <= position <= self.segment_count else None
        index = bisect.bisect_left(self._positions, position)
        return index if index < len(self._positions) and self._positions[index] == position else None

    @property
    def current_line(self) -> SegmentLine | None:
        if not self.row_count:
            return None
        return self._lines.get(self.position_of(self.cursor))

    @property
    def selected_rows(self) -> range:
        if self.anchor is None:
            return range(self.cursor, self.cursor + 1)
        return range(min(self.anchor, self.cursor), max(self.anchor, self.cursor) + 1)

    @property
    def selected_positions(self) -> list[int]:
        return [self.position_of(row) for row in self.selected_rows] if self.row_count else []

    def line_at(self, position: int) -> SegmentLine | None:
        return self._lines.get(position)

    def line_by_id(self, segment_id: int) -> SegmentLine | None:
        position = self._position_by_id.get(segment_id)
        return self._lines.get(position) if position is not None else None

    # -- what the screen tells the widget ----------------------------------------------------

    def show_document(
        self, document_id: int, segment_count: int, position: int = 1, positions: list[int] | None = None
    ) -> None:
        """Show a document from scratch, the cursor on ``position`` (or the nearest row)."""
        self._generation += 1
        self.document_id = document_id
        self.segment_count = segment_count
        self._positions = positions
        self._lines.clear()
        self._position_by_id.clear()
        self._chunks_loaded.clear()
        self._chunks_pending.clear()
        self._strips.clear()
        self.ready = False
        self.anchor = None
        self._update_virtual_size()
        self.cursor = self._nearest_row(position)
        self._invalidate()
        self.scroll_to(y=self._context_top(self.cursor), animate=False, immediate=True)
        self._announce()

    def set_filter(self, positions: list[int] | None) -> None:
        """Show only rows at ``positions`` (None: every segment), keeping the cursor near where it was."""
        if self.document_id is None:
            return
        position = self.position_of(self.cursor) if self.row_count else 1
        self._positions = positions
        self.anchor = None
        self._update_virtual_size()
        self.cursor = self._nearest_row(position)
        self._chunks_loaded.clear()
        self._chunks_pending.clear()
        self._invalidate()
        self.scroll_to(y=self._context_top(self.cursor), animate=False, immediate=True)
        self._announce()

    def update_lines(self, lines: Sequence[SegmentLine]) -> None:
        """Replace rows whose segments changed; only their layout is redone."""
        for line in lines:
            if line.document_id != self.document_id:
                continue
            self._lines[line.position] = line
            self._position_by_id[line.id] = line.position
            for key in [key for key in self._strips if key[0] == line.position]:
                del self._strips[key]
        self._invalidate()
        self._announce()

    def set_tags(self, tags: Mapping[int, CodeTag]) -> None:
        self.tags = tags
        self._strips.clear()
        self._invalidate()

    def set_highlight(self, text: str) -> None:
        if text != self.highlight:
            self.highlight = text
            self._strips.clear()
            self._invalidate()

    # -- moving ------------------------------------------------------------------------------

    def move_cursor(self, delta: int, extend: bool = False) -> None:
        if self.row_count:
            self.go_to_row(self.cursor + delta, extend=extend)

    def go_to_row(self, row: int, extend: bool = False, jump: bool = False) -> None:
        if not self.row_count:
            return
        row = max(0, min(row, self.row_count - 1))
        if extend and self.anchor is None:
            self.anchor = self.cursor
        elif not extend:
            self.anchor = None
        self.cursor = row
        if jump and not self._row_in_view(row):
            self.scroll_to(y=self._context_top(row), animate=False, immediate=True)
        else:
            self._scroll_cursor_into_view()
        self._invalidate()
        self._announce()

    def go_to_position(self, position: int) -> bool:
        """Jump to a segment; False when a filter hides it."""
        row = self.row_of(position)
        if row is None:
            return False
        self.go_to_row(row, jump=True)
        return True

    def clear_selection(self) -> None:
        if self.anchor is not None:
            self.anchor = None
            self._invalidate()

    @property
    def page_rows(self) -> int:
        """Rows shown at once, for page up and down."""
        page = self._layout()
        rows = {line.row for line in page}
        return max(len(rows) - 1, 1)

    # -- reading rows ------------------------------------------------------------------------

    def _request_rows(self, first: int, last: int) -> None:
        if self.document_id is None:
            return
        for chunk in range(max(first, 0) // CHUNK, min(last, self.row_count - 1) // CHUNK + 1):
            if chunk in self._chunks_loaded or chunk in self._chunks_pending:
                continue
            rows = range(chunk * CHUNK, min((chunk + 1) * CHUNK, self.row_count))
            positions = [self.position_of(row) for row in rows]
            if all(position in self._lines for position in positions):
                self._chunks_loaded.add(chunk)
                continue
            self._chunks_pending.add(chunk)
            self._load_chunk(self._generation, chunk, self.document_id, positions)

    @work(thread=True, group="segment-rows")
    def _load_chunk(self, generation: int, chunk: int, document_id: int, positions: list[int]) -> None:
        try:
            lines = self._loader(document_id, positions)
        except Exception as error:  # noqa: BLE001 — shown to the user; the app keeps running
            self.app.call_from_thread(self.notify, f"could not read segments: {error}", severity="error")
            return
        self.app.call_from_thread(self._rows_arrived, generation, chunk, lines)

    def _rows_arrived(self, generation: int, chunk: int, lines: list[SegmentLine]) -> None:
        if generation != self._generation:
            return
        self._chunks_pending.discard(chunk)
        self._chunks_loaded.add(chunk)
        for line in lines:
            self._lines.setdefault(line.position, line)
            self._position_by_id[line.id] = line.position
        self._forget_far_rows()
        self.ready = True
        self._invalidate()
        self.post_message(self.RowsLoaded())
        self._announce()

    def _forget_far_rows(self) -> None:
        if len(self._lines) <= KEEP_ROWS:
            return
        keep = range(self.position_of(max(self.cursor - KEEP_ROWS // 3, 0)), self.position_of(
            min(self.cursor + KEEP_ROWS // 3, self.row_count - 1)) + 1)
        for position in [position for position in self._lines if position not in keep]:
            del self._position_by_id[self._lines.pop(position).id]
        self._chunks_loaded.clear()

    # -- layout and rendering ----------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None
        self._strips.clear()
        self._page = None

    def _row_styles(self) -> RowStyles:
        if self._styles is None:

            def style(name: str) -> Style:
                return self.get_component_rich_style(f"segment-list--{name}", partial=True)

            self._styles = RowStyles(
                speaker=style("speaker"),
                position=style("position"),
                text=style("text"),
                reviewed=style("reviewed"),
                pending=style("pending"),
                flagged=style("flagged"),
                memo=style("memo"),
                match=style("match"),
                placeholder=style("placeholder"),
                tag=style("tag"),
            )
        return self._styles

    def _row_strips(self, row: int, width: int) -> list[Strip]:
        position = self.position_of(row)
        line = self._lines.get(position)
        if line is None:
            return placeholder_rows(width, self._row_styles(), self.app.console)
        key = (position, width)
        strips = self._strips.get(key)
        if strips is None:
            strips = layout_segment(line, width, self._row_styles(), self.tags, self.highlight, self.app.console)
            self._strips[key] = strips
            if len(self._strips) > 400:
                self._strips.popitem(last=False)
        return strips

    def _layout(self) -> list[PageLine]:
        if self._page is not None:
            return self._page
        region = self.scrollable_content_region
        width, height = region.width, region.height
        page: list[PageLine] = []
        top = round(self.scroll_y)
        row = top
        while len(page) < height and row < self.row_count:
            strips = self._row_strips(row, width)
            last = len(strips) - 1
            page.extend(PageLine(row, strip, index == last) for index, strip in enumerate(strips))
            row += 1
        self._request_rows(top - CHUNK // 2, row + CHUNK // 2)
        self._page = page
        return page

    def render_line(self, y: int) -> Strip:
        page = self._layout()
        width = self.scrollable_content_region.width
        base = self.rich_style
        if not self.row_count and y == 1:
            style = self.get_component_rich_style("segment-list--placeholder", partial=True)
            return Strip([Segment(f"  {self.empty_text}", style)]).adjust_cell_length(width).apply_style(base)
        if y >= len(page):
            return Strip.blank(width, base)
        line = page[y]
        strip = line.strip
        if not line.separator:
            if line.row == self.cursor:
                name = "segment-list--cursor" if self.has_focus else "segment-list--cursor-blurred"
                strip = strip.apply_style(self.get_component_rich_style(name, partial=True))
            elif self.anchor is not None and line.row in self.selected_rows:
                strip = strip.apply_style(self.get_component_rich_style("segment-list--selected", partial=True))
        return strip.apply_style(base)

    def _row_height(self, row: int, width: int) -> int:
        return len(self._row_strips(row, width))

    def _scroll_cursor_into_view(self) -> None:
        region = self.scrollable_content_region
        top = round(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
            return
        if self.cursor - top > region.height:
            self.scroll_to(y=self._bottom_top(self.cursor), animate=False, immediate=True)
            return
        used = sum(self._row_height(row, region.width) for row in range(top, self.cursor + 1)) - 1
        if used > region.height:
            self.scroll_to(y=self._bottom_top(self.cursor), animate=False, immediate=True)

    def _row_in_view(self, row: int) -> bool:
        """Whether the whole of ``row`` is on screen now, so a jump to it need not scroll."""
        region = self.scrollable_content_region
        top = round(self.scroll_y)
        if row < top or row - top > region.height:
            return False
        return sum(self._row_height(r, region.width) for r in range(top, row + 1)) - 1 <= region.height

    def _bottom_top(self, row: int) -> int:
        """The top row that puts ``row`` at the bottom of the view."""
        region = self.scrollable_content_region
        used = self._row_height(row, region.width) - 1
        top = row
        while top > 0 and used + self._row_height(top - 1, region.width) <= region.height:
            top -= 1
            used += self._row_height(top, region.width)
        return top

    def _context_top(self, row: int) -> int:
        """After a jump, show a little of what comes before the cursor."""
        return max(row - 1, 0)

    def _nearest_row(self, position: int) -> int:
        if not self.row_count:
            return 0
        if self._positions is None:
            return max(0, min(position - 1, self.segment_count - 1))
        return min(bisect.bisect_left(self._positions, position), len(self._positions) - 1)

    def _update_virtual_size(self) -> None:
        """Rows plus enough room that the last rows can fill the view, and no more."""
        region = self.scrollable_content_region
        height = region.height or self.size.height
        size = Size(self.size.width, max(self.row_count - self._tail_rows(region.width, height), 0) + height)
        if size != self.virtual_size:
            self.virtual_size = size

    def _tail_rows(self, width: int, height: int) -> int:
        """How many of the last rows fit in the view together; 1 while they are still being read."""
        if not width or not height:
            return 1
        used, count = -1, 0
        for row in range(self.row_count - 1, -1, -1):
            if self.position_of(row) not in self._lines:
                return max(count, 1)
            used += self._row_height(row, width)
            if used > height:
                break
            count += 1
        return max(count, 1)

    def _invalidate(self) -> None:
        self._page = None
        self._update_virtual_size()
        self.refresh()

    def _announce(self) -> None:
        self.post_message(self.CursorMoved(self.current_line, self.cursor))

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._page = None

    def on_resize(self, _event: events.Resize) -> None:
        self._update_virtual_size()
        self._invalidate()

    def on_focus(self, _event: events.Focus) -> None:
        self._invalidate()

    def on_blur(self, _event: events.Blur) -> None:
        self._invalidate()

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        page = self._layout()
        if offset.y < len(page):
            self.go_to_row(page[offset.y].row, extend=event.shift)
