"""The coding screen's ways of finding segments: next to do, project-wide search, filter by code.

Each read runs in a thread worker. While one is under way the screen holds
back later keys (see `CodingScreen.when_settled`), so a code pressed after
`n` lands on the segment `n` found, not the one it left.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.reactive import reactive
from textual.widgets import Input

from qualcode.errors import QualcodeError
from qualcode.service.coding_ops import SearchResult, SegmentLocation
from qualcode.service.results import CodeInfo

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from qualcode.service.coding_ops import CoderDocument, SegmentLine
    from qualcode.tui.codebook_view import CodebookView
    from qualcode.tui.screens.workbench_screen import WorkbenchScreen
    from qualcode.tui.widgets.search_bar import SearchBar
    from qualcode.tui.widgets.segment_list import SegmentList

    class _Base(WorkbenchScreen):
        """What this mixin uses of `CodingScreen`, declared here: the screen subclasses the mixin."""

        document: CoderDocument | None

        @property
        def segments(self) -> SegmentList: ...
        @property
        def search_bar(self) -> SearchBar: ...
        @property
        def codebook(self) -> CodebookView: ...
        def when_settled(self, action: Callable[[], None]) -> None: ...
        def begin_jump(self) -> None: ...
        def end_jump(self) -> None: ...
        def open_document(
            self, document_id: int, position: int | None = None, lines: Sequence[SegmentLine] = ()
        ) -> None: ...
        def _show_place(self) -> None: ...

else:
    _Base = object


class CodingFind(_Base):
    """Mixed into `CodingScreen`."""

    searching: reactive[bool] = reactive(False)
    """The search line is open under the transcript."""
    filter_code: reactive[CodeInfo | None] = reactive(None)
    """Only segments with this code (or a code below it) are shown."""

    search_query = ""
    search_hits: tuple[SegmentLocation, ...] = ()
    search_total = 0
    hit_index = 0

    # -- next to do --------------------------------------------------------------------------

    def action_next_unreviewed(self) -> None:
        self.when_settled(self._find_next_unreviewed)

    def _find_next_unreviewed(self) -> None:
        line = self.segments.current_line
        document_id = self.document.id if self.document else None
        position = line.position if line else self.segments.position_of(self.segments.cursor) - 1
        self.begin_jump()
        self._next_unreviewed_worker(document_id, position)

    @work(thread=True, group="jump")
    def _next_unreviewed_worker(self, document_id: int | None, position: int) -> None:
        context = self.context
        try:
            location = context.workbench.next_unreviewed(context.coder, document_id, position)
        except QualcodeError as error:
            self.app.call_from_thread(self._jump_failed, error)
            return
        self.app.call_from_thread(self._arrive_at_next, location)

    def _arrive_at_next(self, location: SegmentLocation | None) -> None:
        if location is None:
            self.notify("Nothing left to do: every segment is reviewed.", title="All done")
        else:
            self.go_to_location(location)
        self.end_jump()

    def _jump_failed(self, error: QualcodeError) -> None:
        self.workbench_app.report_error(error)
        self.end_jump()

    def go_to_location(self, location: SegmentLocation) -> None:
        if self.document is None or self.document.id != location.document_id:
            self.open_document(location.document_id, location.position)
            if self.filter_code is None:
                return
        if not self.segments.go_to_position(location.position):
            self.filter_code = None
            self.segments.set_filter(None)
            self.segments.go_to_position(location.position)

    # -- search ------------------------------------------------------------------------------

    def action_search(self) -> None:
        self.searching = True
        self.search_bar.input.focus()

    def close_search(self) -> None:
        """The hits stay for F3 and shift+F3; their marks and counter go until one is stepped to."""
        self.searching = False
        self.segments.set_highlight("")
        self.segments.focus()
        self._show_place()

    def watch_searching(self, searching: bool) -> None:
        self.set_class(searching, "-searching")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "search-input":
            return
        query = event.value.strip()
        if not query:
            self._clear_search()
        elif query != self.search_query:
            self.search_query = query
            self.search_bar.show_hits("searching…")
            self.begin_jump()
            self._search_worker(query)
        else:
            self.action_next_hit()

    @work(thread=True, exclusive=True, group="search")
    def _search_worker(self, query: str) -> None:
        try:
            result = self.context.workbench.search_segments(query)
        except QualcodeError as error:
            self.app.call_from_thread(self._jump_failed, error)
            return
        self.app.call_from_thread(self._search_done, result)

    def _search_done(self, result: SearchResult) -> None:
        self.search_hits = result.hits
        self.search_total = result.total
        self.segments.set_highlight(result.query)
        if not result.hits:
            self.search_bar.show_hits("no hits")
            self.notify(f"No segment contains {result.query!r}", timeout=3)
        else:
            self.hit_index = self._first_hit_from_cursor()
            self._show_hit()
        self.end_jump()

    def _first_hit_from_cursor(self) -> int:
        if self.document is None:
            return 0
        here = (self.document.id, self.segments.position_of(self.segments.cursor))
        for index, hit in enumerate(self.search_hits):
            if hit.document_id == here[0] and hit.position >= here[1]:
                return index
        return 0

    def _clear_search(self) -> None:
        self.search_query = ""
        self.search_hits = ()
        self.search_total = 0
        self.search_bar.show_hits("")
        self.segments.set_highlight("")
        self._show_place()

    def action_next_hit(self) -> None:
        self.when_settled(lambda: self._step_hit(1))

    def action_previous_hit(self) -> None:
        self.when_settled(lambda: self._step_hit(-1))

    def _step_hit(self, step: int) -> None:
        if not self.search_hits:
            self.notify("No search hits: press / to search", timeout=2)
            return
        self.hit_index = (self.hit_index + step) % len(self.search_hits)
        self._show_hit()

    def _show_hit(self) -> None:
        more = "+" if self.search_total > len(self.search_hits) else ""
        self.search_bar.show_hits(f"{self.hit_index + 1}/{len(self.search_hits)}{more}")
        self.segments.set_highlight(self.search_query)
        self.go_to_location(self.search_hits[self.hit_index])
        self.segments.reveal_match()
        self._show_place()

    # -- filter by code ----------------------------------------------------------------------

    def action_filter_by_code(self) -> None:
        """Choose a code to filter by; with a filter on, the same key clears it, as its help says."""
        from qualcode.tui.screens.code_picker import CodePickerScreen

        if self.filter_code is not None:
            name = self.filter_code.path
            self.when_settled(lambda: self._set_filter(None))
            self.notify(f"Filter {name} cleared: every segment is shown", timeout=3)
            return

        def chosen(code_id: int | None) -> None:
            if code_id is None:
                return
            self.when_settled(lambda: self._set_filter(self.codebook.by_id.get(code_id) if code_id else None))

        picker = CodePickerScreen(self.codebook.live, self.codebook.key_of, "Show only segments with…")
        self.app.push_screen(picker, chosen)

    def _set_filter(self, code: CodeInfo | None) -> None:
        self.filter_code = code
        if code is None:
            self.segments.set_filter(None)
            self._show_place()
        else:
            self._apply_filter(code, None)

    def watch_filter_code(self, code: CodeInfo | None) -> None:
        self.set_class(code is not None, "-filtered")
        pane = self.query_one("#transcript-pane")
        pane.border_subtitle = f"only {code.path}" if code is not None else ""

    def _apply_filter(self, code: CodeInfo, position: int | None) -> None:
        if self.document is None:
            return
        self.begin_jump()
        self._filter_worker(self.document.id, code, position)

    @work(thread=True, group="jump")
    def _filter_worker(self, document_id: int, code: CodeInfo, position: int | None) -> None:
        context = self.context
        try:
            positions = context.workbench.positions_with_code(document_id, code.id, context.coder)
        except QualcodeError as error:
            self.app.call_from_thread(self._jump_failed, error)
            return
        self.app.call_from_thread(self._filter_ready, document_id, code, positions, position)

    def _filter_ready(
        self, document_id: int, code: CodeInfo, positions: list[int], position: int | None
    ) -> None:
        if self.document is not None and self.document.id == document_id and self.filter_code == code:
            self.segments.empty_text = f"No segment of {self.document.name} has {code.path} (from you)."
            self.segments.set_filter(positions)
            if position is not None:
                self.segments.go_to_position(position)
            self._show_place()
        self.end_jump()
