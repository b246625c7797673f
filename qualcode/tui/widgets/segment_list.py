"""A transcript of any length as a lazily read, lazily rendered list of segments.

The widget scrolls in whole segments: its vertical offset is the row at the
top of the view, so a 5,000-segment document costs what the ~20 segments in
view cost. A segment taller than the view is read by scrolling into it (its
speaker line and code tags pinned at the top) before the cursor moves on;
see `segment_geometry`. The cursor is always on screen, whatever moved the
view. Rows are read in chunks by a loader the screen provides, in a thread
worker, and only the rows in view are ever laid out.

The widget has no key bindings of its own (not even the scroll keys of
Textual's scroll views): every key that moves reaches the screen's bindings,
which move the coding cursor, so a code hotkey always lands on the segment
the coder sees highlighted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual import events, work
from textual.message import Message

from qualcode.service.coding_ops import SegmentLine
from qualcode.tui.widgets import segment_geometry as geometry
from qualcode.tui.widgets.segment_canvas import PageLine, SegmentCanvas
from qualcode.tui.widgets.segment_geometry import View
from qualcode.tui.widgets.segment_window import CHUNK

RowLoader = Callable[[int, Sequence[int]], list[SegmentLine]]
"""(document id, positions) → those segments as the coder sees them."""


class SegmentList(SegmentCanvas, can_focus=True):
    """The segments of one document, with a cursor and an optional run selection."""

    class CursorMoved(Message):
        """The cursor moved, or the segment under it changed or finished loading."""

        def __init__(self, line: SegmentLine | None, row: int) -> None:
            super().__init__()
            self.line = line
            self.row = row

    def __init__(self, loader: RowLoader, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._loader = loader
        self._reveal_on_arrival = False
        """A search hit landed on a row not read yet: scroll to its match once it arrives."""
        self.ready = False
        """True once the first rows of the document are read: the list is usable."""

    # -- rows, positions and what is selected ------------------------------------------------

    @property
    def document_id(self) -> int | None:
        return self.window.document_id

    def row_of(self, position: int) -> int | None:
        return self.window.row_of(position)

    def line_at(self, position: int) -> SegmentLine | None:
        return self.window.line_at(position)

    def line_by_id(self, segment_id: int) -> SegmentLine | None:
        return self.window.line_by_id(segment_id)

    @property
    def current_line(self) -> SegmentLine | None:
        return self.window.line_at_row(self.cursor)

    @property
    def selected_positions(self) -> list[int]:
        return [self.position_of(row) for row in self.selected_rows] if self.row_count else []

    # -- what the screen tells the widget ----------------------------------------------------

    def show_document(
        self, document_id: int, segment_count: int, position: int = 1, lines: Sequence[SegmentLine] = ()
    ) -> None:
        """Show a document from scratch, the cursor on ``position``; ``lines`` are rows read already."""
        self.window.reset(document_id, segment_count)
        for line in lines:
            self.window.replace(line)
        self._layouts.clear()
        self.ready = not segment_count or bool(lines)
        self._place_cursor(position)

    def set_filter(self, positions: list[int] | None) -> None:
        """Show only rows at ``positions`` (None: every segment), keeping the cursor near where it was."""
        if self.document_id is None:
            return
        position = self.position_of(self.cursor) if self.row_count else 1
        self.window.set_filter(positions)
        self._place_cursor(position)

    def _place_cursor(self, position: int) -> None:
        self.selection_anchor = None
        self._update_virtual_size()
        self.cursor = self.window.nearest_row(position)
        self._invalidate()
        self._set_view(geometry.view_after_jump(self.cursor, self._shape_of, self._view_height))
        self._announce()

    def update_lines(self, lines: Sequence[SegmentLine]) -> None:
        """Replace rows whose segments changed; only their layout is redone."""
        for line in lines:
            if self.window.replace(line):
                for key in [key for key in self._layouts if key[0] == line.position]:
                    del self._layouts[key]
        self._invalidate()
        self._announce()

    # -- moving ------------------------------------------------------------------------------

    def move_cursor(self, delta: int, extend: bool = False) -> None:
        if self.row_count:
            self.go_to_row(self.cursor + delta, extend=extend)

    def step(self, down: bool, extend: bool = False) -> None:
        """Down or Up: read on into a long segment first, then move to the next (or previous) one."""
        if not self.row_count:
            return
        if not extend:
            within = geometry.scroll_within(self.view, self.cursor, self._shape_of, self._view_height, down)
            if within is not None:
                self.clear_selection()
                self._set_view(within)
                return
        self.move_cursor(1 if down else -1, extend=extend)

    def page(self, down: bool) -> None:
        """PgDn or PgUp: a page into a long segment, else a page of segments."""
        if not self.row_count:
            return
        within = geometry.scroll_within(self.view, self.cursor, self._shape_of, self._view_height, down)
        if within is not None:
            self.clear_selection()
            self._set_view(within)
        else:
            self.move_cursor(self.page_rows if down else -self.page_rows)

    def go_to_row(self, row: int, extend: bool = False, jump: bool = False) -> None:
        if not self.row_count:
            return
        row = max(0, min(row, self.row_count - 1))
        if extend and self.selection_anchor is None:
            self.selection_anchor = self.cursor
        elif not extend:
            self.selection_anchor = None
        self.cursor = row
        shape_of, height = self._shape_of, self._view_height
        if jump and not geometry.end_shown(self.view, row, shape_of, height):
            self._set_view(geometry.view_after_jump(row, shape_of, height))
        else:
            self._set_view(geometry.view_for_cursor(self.view, row, shape_of, height))
        self._invalidate()
        self._announce()

    def go_to_position(self, position: int) -> bool:
        """Jump to a segment; False when a filter hides it."""
        row = self.row_of(position)
        if row is None:
            return False
        self.go_to_row(row, jump=True)
        return True

    def reveal_match(self) -> None:
        """Scroll the cursor's segment so that its first search match is in view."""
        if not self.row_count:
            return
        if self.window.line_at_row(self.cursor) is None:
            self._reveal_on_arrival = True
            return
        self._reveal_on_arrival = False
        matches = self._layout_of(self.cursor).match_lines
        if matches:
            view = geometry.view_showing_line(
                self.view, self.cursor, matches[0], self._shape_of, self._view_height
            )
            self._set_view(view)

    def reveal_caret(self) -> None:
        """Scroll a long segment so the line holding the selection's caret is in view."""
        if not self.row_count or self.window.line_at_row(self.cursor) is None:
            return
        line = self._layout_of(self.cursor).caret_line
        if line is not None:
            self._set_view(
                geometry.view_showing_line(self.view, self.cursor, line, self._shape_of, self._view_height)
            )

    def clear_selection(self) -> None:
        if self.selection_anchor is not None:
            self.selection_anchor = None
            self._invalidate()

    @property
    def page_rows(self) -> int:
        """Rows shown at once, for page up and down."""
        page = self._layout()
        rows = {line.row for line in page}
        return max(len(rows) - 1, 1)

    @property
    def cursor_in_view(self) -> bool:
        """Whether the cursor's segment has its head on screen: what the tests hold the widget to."""
        return geometry.start_shown(self.view, self.cursor, self._shape_of, self._view_height)

    def _set_view(self, view: View) -> None:
        if view != self.view:
            self.view = view
            self._page = None
            self.refresh()
        if round(self.scroll_y) != view.top:
            self.scroll_to(y=view.top, animate=False, immediate=True)

    def _keep_cursor_in_view(self) -> None:
        """After rows arrived or the pane changed size, the cursor may have been pushed out of sight."""
        if self.row_count and self.scrollable_content_region.height:
            view, height = self.view, self._view_height
            if view.top == self.cursor and view.skip:
                # Reading inside a long segment (a search hit, a page down): the cursor did not
                # move, so keep the place, as far as the new height lets it scroll.
                view = View(view.top, min(view.skip, geometry.max_skip(self._shape_of(view.top), height)))
            else:
                view = geometry.view_for_cursor(view, self.cursor, self._shape_of, height)
            self._set_view(view)

    def _scroll_view(self, rows: int) -> None:
        """The mouse wheel: scroll by a segment (a few lines inside a long one), the cursor kept in view."""
        if not self.row_count:
            return
        shape = self._shape_of(self.view.top)
        height = self._view_height
        if rows > 0 and self.view.skip < geometry.max_skip(shape, height):
            view = View(self.view.top, min(self.view.skip + 3, geometry.max_skip(shape, height)))
        elif rows < 0 and self.view.skip:
            view = View(self.view.top, max(self.view.skip - 3, 0))
        else:
            view = View(max(0, min(self.view.top + rows, self._max_top)))
        self._set_view(view)
        if self.cursor < view.top:
            self.go_to_row(view.top)
        elif not geometry.start_shown(view, self.cursor, self._shape_of, height):
            self.go_to_row(self._last_row_started(view))

    def _last_row_started(self, view: View) -> int:
        row = view.top
        while row + 1 < self.row_count and geometry.start_shown(
            view, row + 1, self._shape_of, self._view_height
        ):
            row += 1
        return row

    def _on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self._scroll_view(1)

    def _on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self._scroll_view(-1)

    # -- reading rows ------------------------------------------------------------------------

    def _request_rows(self, first: int, last: int) -> None:
        for chunk, positions in self.window.chunks_to_read(first, last):
            assert self.document_id is not None
            self._load_chunk(self.window.generation, chunk, self.document_id, positions)

    @work(thread=True, group="segment-rows")
    def _load_chunk(self, generation: int, chunk: int, document_id: int, positions: list[int]) -> None:
        try:
            lines = self._loader(document_id, positions)
        except Exception as error:  # noqa: BLE001 — shown to the user; the app keeps running
            self.app.call_from_thread(self.notify, f"could not read segments: {error}", severity="error")
            return
        self.app.call_from_thread(self._rows_arrived, generation, chunk, lines)

    def _rows_arrived(self, generation: int, chunk: int, lines: list[SegmentLine]) -> None:
        if not self.window.arrived(generation, chunk, lines, self.cursor):
            return
        self.ready = True
        self._invalidate()
        self._keep_cursor_in_view()
        if self._reveal_on_arrival:
            self.reveal_match()
        self._announce()

    def _layout(self) -> list[PageLine]:
        """The page in view; the rows around it are read ahead, so scrolling on finds them ready."""
        fresh = self._page is None
        page = super()._layout()
        if fresh:
            last = page[-1].row if page else self.view.top
            self._request_rows(self.view.top - CHUNK // 2, last + CHUNK // 2)
        return page

    def _announce(self) -> None:
        self.post_message(self.CursorMoved(self.current_line, self.cursor))

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._page = None
        if round(new_value) != self.view.top:
            # Moved by the scrollbar, not by us: follow it, and bring the cursor along.
            self.view = View(round(new_value))
            if self.row_count and not self.cursor_in_view:
                row = self.view.top if self.cursor < self.view.top else self._last_row_started(self.view)
                self.go_to_row(row)

    def on_resize(self, _event: events.Resize) -> None:
        self._update_virtual_size()
        self._invalidate()
        self._keep_cursor_in_view()

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        page = self._layout()
        if offset.y < len(page):
            self.go_to_row(page[offset.y].row, extend=event.shift)
