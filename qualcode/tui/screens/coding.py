"""The coding screen: documents on the left, the transcript in the middle, the codebook on the right.

Writes run on the UI thread and are committed before the screen shows them
(a SQLite commit takes about a millisecond), so whatever the screen shows
as saved is in the database. Reads that can take time (progress, the next
segment to do, search, filters) run in thread workers; keys pressed while
such a read is under way wait for it, so they act where the coder meant.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.keys import _character_to_key
from textual.reactive import reactive
from textual.widgets import OptionList, Tree

from qualcode.service.coding_ops import CoderDocument, SegmentLine, SegmentLocation
from qualcode.service.results import CodeInfo
from qualcode.tui.keys import CODING_KEYS, Key
from qualcode.tui.screens.coding_attributes import CodingAttributes
from qualcode.tui.screens.coding_edits import CodingEdits
from qualcode.tui.screens.coding_find import CodingFind
from qualcode.tui.screens.coding_spans import CodingSpans
from qualcode.tui.screens.workbench_screen import WorkbenchScreen
from qualcode.tui.widgets.calm_footer import CalmFooter
from qualcode.tui.widgets.code_details import CodeDetails
from qualcode.tui.widgets.code_tree import CodeTree
from qualcode.tui.widgets.coders_panel import CodersPanel
from qualcode.tui.widgets.document_list import DocumentList
from qualcode.tui.widgets.search_bar import SearchBar
from qualcode.tui.widgets.segment_list import SegmentList
from qualcode.tui.widgets.segment_window import CHUNK
from qualcode.tui.widgets.status_bar import StatusBar


class CodingScreen(CodingSpans, CodingEdits, CodingFind, CodingAttributes, WorkbenchScreen):
    """Where a coder spends the day: every action one key, every change committed at once."""

    CSS_PATH = "coding.tcss"
    KEYS: ClassVar[tuple[Key, ...]] = CODING_KEYS
    BINDINGS = [key.binding() for key in CODING_KEYS]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    AUTO_FOCUS = "#segments"

    show_all_coders: reactive[bool] = reactive(False)
    """A lead's side-by-side view of every coder's codes on the current segment."""

    def __init__(self) -> None:
        super().__init__()
        self.documents_by_id: dict[int, CoderDocument] = {}
        self.document: CoderDocument | None = None
        self.undo_stack: list = []
        self._drawn_revision = -1
        self._busy = 0
        self._deferred: list[Callable[[], None]] = []

    # -- what the screen is made of ----------------------------------------------------------

    def compose(self) -> ComposeResult:
        """Everything known without the database is built here, before the first layout."""
        context = self.context
        codebook = self.codebook
        self._drawn_revision = self.workbench_app.codebook_revision
        with Horizontal(id="panes"):
            with Vertical(id="documents-pane") as documents:
                documents.border_title = "Documents"
                yield DocumentList(id="documents")
            with Vertical(id="transcript-pane") as transcript:
                transcript.border_title = context.project
                segments = SegmentList(self._read_rows, id="segments")
                segments.tags = codebook.tags
                yield segments
                yield CodersPanel(id="coders")
                yield SearchBar(id="search")
            with Vertical(id="codebook-pane") as codes:
                codes.border_title = "Codebook"
                tree = CodeTree(id="codes")
                tree.show_codes(codebook.live, codebook.key_of)
                yield tree
                yield CodeDetails(id="code-details")
        status = StatusBar(id="status")
        status.coder = context.coder if context.role == "coder" else f"{context.coder} · {context.role}"
        yield status
        yield CalmFooter()

    @property
    def segments(self) -> SegmentList:
        return self.query_one("#segments", SegmentList)

    @property
    def document_list(self) -> DocumentList:
        return self.query_one("#documents", DocumentList)

    @property
    def code_tree(self) -> CodeTree:
        return self.query_one("#codes", CodeTree)

    @property
    def code_details(self) -> CodeDetails:
        return self.query_one("#code-details", CodeDetails)

    @property
    def coders_panel(self) -> CodersPanel:
        return self.query_one("#coders", CodersPanel)

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one("#search", SearchBar)

    @property
    def status(self) -> StatusBar:
        return self.query_one("#status", StatusBar)

    @property
    def codebook(self):  # type: ignore[no-untyped-def]
        return self.workbench_app.codebook

    # -- opening the project -----------------------------------------------------------------

    def on_mount(self) -> None:
        self._load_project()
        self._bind_hotkeys()
        codebook = self.codebook
        if codebook.codable:
            self.code_tree.show_code(codebook.codable[0].id)
        for problem in codebook.problems:
            self.notify(problem, severity="warning", timeout=8)

    def on_screen_resume(self) -> None:
        if self._drawn_revision != self.workbench_app.codebook_revision:
            self._show_codebook()
        if self.document is not None:
            self._refresh_progress()

    def _show_codebook(self) -> None:
        codebook = self.codebook
        self._drawn_revision = self.workbench_app.codebook_revision
        self._bind_hotkeys()
        self.code_tree.show_codes(codebook.live, codebook.key_of)
        if codebook.codable and self.code_tree.cursor_node is None:
            self.code_tree.show_code(codebook.codable[0].id)
        self.segments.set_tags(codebook.tags)
        for problem in codebook.problems:
            self.notify(problem, severity="warning", timeout=8)

    @work(thread=True, exclusive=True, group="project")
    def _load_project(self) -> None:
        """Everything the first screen shows in one trip to the database, the first rows included."""
        context = self.context
        documents = context.workbench.coder_documents(context.coder)
        start = context.workbench.next_unreviewed(context.coder, None, 0)
        lines: list[SegmentLine] = []
        if start is not None:
            first = (start.position - 1) // CHUNK * CHUNK + 1
            lines = self._read_rows(start.document_id, range(first, first + CHUNK))
        self.app.call_from_thread(self._project_loaded, documents, start, lines)

    def _project_loaded(
        self, documents: list[CoderDocument], start: SegmentLocation | None, lines: list[SegmentLine]
    ) -> None:
        self._show_documents(documents)
        if not documents:
            self.segments.empty_text = (
                "This project has no documents yet: import some with `qualcode import`."
            )
            self.segments.refresh()
            self.status.place = "no documents"
            return
        if start is not None:
            self.open_document(start.document_id, start.position, lines)
        else:
            self.open_document(documents[0].id, 1)

    def _show_documents(self, documents: Sequence[CoderDocument]) -> None:
        self.documents_by_id = {document.id: document for document in documents}
        self.document_list.show_documents(documents)
        self.status.reviewed = sum(document.reviewed for document in documents)
        self.status.total = sum(document.total for document in documents)
        if self.document is not None and self.document.id in self.documents_by_id:
            self.document = self.documents_by_id[self.document.id]
            self.document_list.mark_current(self.document.id)

    @work(thread=True, exclusive=True, group="progress")
    def _refresh_progress(self) -> None:
        context = self.context
        documents = context.workbench.coder_documents(context.coder)
        self.app.call_from_thread(self._show_documents, documents)

    def _read_rows(self, document_id: int, positions: Sequence[int]) -> list[SegmentLine]:
        """The segment list's loader; it runs in the list's worker threads."""
        context = self.context
        return context.workbench.segment_window(document_id, context.coder, positions)

    def open_document(
        self, document_id: int, position: int | None = None, lines: Sequence[SegmentLine] = ()
    ) -> None:
        """Show a document at ``position``; ``lines`` are rows already read for it, if any."""
        document = self.documents_by_id.get(document_id)
        if document is None:
            return
        self.document = document
        self.document_list.mark_current(document_id)
        self.query_one("#transcript-pane").border_title = document.name
        if not document.segments:
            self.segments.empty_text = f"{document.name} has no segments."
        self.segments.show_document(document_id, document.segments, position or 1, lines)
        if self.filter_code is not None:
            self._apply_filter(self.filter_code, position)

    # -- keys --------------------------------------------------------------------------------

    def _bind_hotkeys(self) -> None:
        """Each codebook hotkey becomes a binding of this screen.

        Bindings, not a key handler: the app runs every binding in the order
        the keys arrived, so in a fast burst a code lands on the segment the
        cursor reached by the keys before it. A focused text box consumes
        printable keys first, which is what turns hotkeys off while typing.
        """
        bindings = self._merged_bindings.copy() if self._merged_bindings else self._bindings
        for key, code in self.codebook.hotkeys.items():
            bindings.bind(_character_to_key(key), f"toggle_code({code.id})", code.name, show=False)
        self._bindings = bindings

    def when_settled(self, action: Callable[[], None]) -> None:
        """Run ``action`` now, or after the jump the coder asked for before it has landed."""
        if self._busy:
            self._deferred.append(action)
        else:
            action()

    def begin_jump(self) -> None:
        self._busy += 1

    def end_jump(self) -> None:
        self._busy = max(self._busy - 1, 0)
        while not self._busy and self._deferred:
            self._deferred.pop(0)()

    def action_cursor_down(self) -> None:
        self.when_settled(lambda: self.segments.step(down=True))

    def action_cursor_up(self) -> None:
        self.when_settled(lambda: self.segments.step(down=False))

    def action_extend_down(self) -> None:
        self.when_settled(lambda: self.segments.move_cursor(1, extend=True))

    def action_extend_up(self) -> None:
        self.when_settled(lambda: self.segments.move_cursor(-1, extend=True))

    def action_page_down(self) -> None:
        self.when_settled(lambda: self.segments.page(down=True))

    def action_page_up(self) -> None:
        self.when_settled(lambda: self.segments.page(down=False))

    def action_first_segment(self) -> None:
        self.when_settled(lambda: self.segments.go_to_row(0))

    def action_last_segment(self) -> None:
        self.when_settled(lambda: self.segments.go_to_row(self.segments.row_count - 1))

    def action_clear_selection(self) -> None:
        if self.searching:
            self.close_search()
        elif not self.leave_text_selection():
            self.segments.clear_selection()

    def action_toggle_all_coders(self) -> None:
        if not self.context.is_lead:
            self.notify("Blind coding: only a lead can see other coders' codes", severity="warning")
            return
        self.show_all_coders = not self.show_all_coders

    def watch_show_all_coders(self, show: bool) -> None:
        self.set_class(show, "-all-coders")
        if show:
            self._load_coders_panel(self.segments.current_line)

    # -- what the widgets report -------------------------------------------------------------

    def on_segment_list_cursor_moved(self, message: SegmentList.CursorMoved) -> None:
        self.follow_cursor()
        self._show_place()
        if self.show_all_coders:
            self._load_coders_panel(message.line)

    def _show_place(self) -> None:
        segments = self.segments
        if self.document is None:
            return
        if not segments.row_count:
            self.status.place = self.document.name
            return
        place = f"{self.document.name} · {segments.position_of(segments.cursor)}/{self.document.segments}"
        if len(segments.selected_rows) > 1:
            place += f" · {len(segments.selected_rows)} selected"
        if self.filter_code is not None:
            place += f" · filter {self.filter_code.name} ({segments.row_count})"
        if self.search_hits and self.segments.highlight:
            place += f" · hit {self.hit_index + 1}/{self.search_total}"
        self.status.place = place + self.span_place()

    def on_option_list_option_selected(self, message: OptionList.OptionSelected) -> None:
        if message.option_list.id == "documents" and message.option.id is not None:
            self.open_document(int(message.option.id))
            self.segments.focus()

    def on_tree_node_highlighted(self, message: Tree.NodeHighlighted[CodeInfo]) -> None:
        code = message.node.data
        if code is not None:
            self.code_details.show_code(code, self.codebook.key_of.get(code.id))

    @work(thread=True, exclusive=True, group="coders")
    def _load_coders_panel(self, line: SegmentLine | None) -> None:
        if line is None:
            return
        context = self.context
        rows = context.workbench.coders_on_segment(line.id, context.coder)
        self.app.call_from_thread(self.coders_panel.show_rows, rows, self.codebook.tags, line.position)
