"""The coding screen's writing actions: codes, reviews, flags, memos, and undo.

Each action calls one Workbench method, which commits before it returns the
`Change` it made; only then does the screen show it and count it as saved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from qualcode.errors import QualcodeError
from qualcode.service.coding_ops import Change

if TYPE_CHECKING:
    from collections.abc import Sequence

    from qualcode.service.coding_ops import CoderDocument, SegmentLine
    from qualcode.tui.codebook_view import CodebookView
    from qualcode.tui.screens.workbench_screen import WorkbenchScreen
    from qualcode.tui.widgets.code_details import CodeDetails
    from qualcode.tui.widgets.code_tree import CodeTree
    from qualcode.tui.widgets.document_list import DocumentList
    from qualcode.tui.widgets.segment_list import SegmentList
    from qualcode.tui.widgets.status_bar import StatusBar

    class _Base(WorkbenchScreen):
        """What this mixin uses of `CodingScreen`, declared here: the screen subclasses the mixin."""

        document: CoderDocument | None
        documents_by_id: dict[int, CoderDocument]
        undo_stack: list[Change]

        @property
        def segments(self) -> SegmentList: ...
        @property
        def document_list(self) -> DocumentList: ...
        @property
        def code_tree(self) -> CodeTree: ...
        @property
        def code_details(self) -> CodeDetails: ...
        @property
        def status(self) -> StatusBar: ...
        @property
        def codebook(self) -> CodebookView: ...
        def when_settled(self, action: Callable[[], None]) -> None: ...
        def open_document(
            self, document_id: int, position: int | None = None, lines: Sequence[SegmentLine] = ()
        ) -> None: ...
        def toggle_span_code(self, code_id: int) -> bool: ...

else:
    _Base = object


class CodingEdits(_Base):
    """Mixed into `CodingScreen`; kept apart so each file reads as one concern."""

    # -- the actions -------------------------------------------------------------------------

    def action_toggle_code(self, code_id: int) -> None:
        def toggle() -> None:
            if self.toggle_span_code(code_id):
                return
            context = self.context
            change = self._commit(lambda ids: context.workbench.toggle_code(ids, code_id, context.coder))
            code = self.codebook.by_id.get(code_id)
            if change is not None and code is not None:
                self.code_tree.show_code(code_id)
                self.code_details.show_code(code, self.codebook.key_of.get(code_id))

        self.when_settled(toggle)

    def action_mark_reviewed(self) -> None:
        def review() -> None:
            context = self.context
            last_row = self.segments.selected_rows[-1]
            change = self._commit(lambda ids: context.workbench.mark_reviewed(ids, context.coder))
            if change is not None:
                self.segments.go_to_row(last_row + 1)

        self.when_settled(review)

    def action_toggle_flag(self) -> None:
        def flag() -> None:
            context = self.context
            self._commit(lambda ids: context.workbench.toggle_flag(ids, context.coder))

        self.when_settled(flag)

    def action_edit_memo(self) -> None:
        self.when_settled(self._open_memo)

    def _open_memo(self) -> None:
        from qualcode.tui.screens.memo import MemoScreen

        line = self.segments.current_line
        if line is None:
            return
        context = self.context
        text = context.workbench.segment_memo(line.id, context.coder)
        title = f"Memo on {self.document.name if self.document else ''} #{line.position}"

        def save(new_text: str | None) -> None:
            if new_text is None:
                return
            self._commit(
                lambda _ids: context.workbench.save_memo(line.id, context.coder, new_text), [line.id]
            )

        self.app.push_screen(MemoScreen(title, line.speaker, line.text, text), save)

    def action_pick_code(self) -> None:
        from qualcode.tui.screens.code_picker import CodePickerScreen

        def chosen(code_id: int | None) -> None:
            if code_id:
                self.action_toggle_code(code_id)

        picker = CodePickerScreen(
            self.codebook.codable, self.codebook.key_of, "Apply a code to the selection"
        )
        self.app.push_screen(picker, chosen)

    def action_undo(self) -> None:
        self.when_settled(self._undo)

    def _undo(self) -> None:
        if not self.undo_stack:
            self.notify("Nothing to undo", timeout=2)
            return
        change = self.undo_stack.pop()
        context = self.context
        try:
            inverse = context.workbench.undo(change)
        except QualcodeError as error:
            self.undo_stack.append(change)
            self.status.error = str(error)
            self.workbench_app.report_error(error)
            return
        self._show_change(inverse)
        self.status.record_save(f"undid {change.label}")
        first = self._first_position(inverse)
        if first is not None:
            if self.document is None or self.document.id != inverse.document_id:
                self.open_document(inverse.document_id, first)
            elif not self.segments.go_to_position(first):
                self.notify("The undone segment is hidden by the filter", timeout=3)

    # -- committing and showing a change -----------------------------------------------------

    def _selected_ids(self) -> list[int]:
        segments = self.segments
        positions = segments.selected_positions
        ids: dict[int, int] = {}
        missing = []
        for position in positions:
            line = segments.line_at(position)
            if line is None:
                missing.append(position)
            else:
                ids[position] = line.id
        if missing and self.document is not None:
            ids.update(self.context.workbench.segment_ids_at(self.document.id, missing))
        return [ids[position] for position in positions if position in ids]

    def _commit(self, action: Callable[[list[int]], Change], ids: list[int] | None = None) -> Change | None:
        """Run one committed action on the selection; show it only once it is saved."""
        ids = ids if ids is not None else self._selected_ids()
        if not ids:
            self.notify("No segment here to act on", timeout=2)
            return None
        try:
            change = action(ids)
        except QualcodeError as error:
            self.status.error = str(error)
            self.workbench_app.report_error(error)
            return None
        if change.is_empty:
            self.status.saved = change.label
            return change
        self._show_change(change)
        self.undo_stack.append(change)
        self.status.record_save(change.label)
        return change

    def _show_change(self, change: Change) -> None:
        segments = self.segments
        if segments.document_id == change.document_id:
            updated = []
            unread = []
            for segment_id in change.segment_ids:
                line = segments.line_by_id(segment_id)
                if line is None:
                    unread.append(segment_id)
                else:
                    updated.append(line.after(change))
            if unread:
                context = self.context
                updated += context.workbench.segment_lines(unread, context.coder)
            segments.update_lines(updated)
        self._count_progress(change)

    def _count_progress(self, change: Change) -> None:
        delta = change.reviewed_delta
        if not delta:
            return
        self.status.reviewed += delta
        document = self.documents_by_id.get(change.document_id)
        if document is not None:
            document = replace(document, reviewed=document.reviewed + delta)
            self.documents_by_id[document.id] = document
            if self.document is not None and self.document.id == document.id:
                self.document = document
            self.document_list.update_document(document)

    def _first_position(self, change: Change) -> int | None:
        for segment_id in change.segment_ids:
            line = self.segments.line_by_id(segment_id)
            if line is not None:
                return line.position
        if not change.segment_ids:
            return None
        context = self.context
        lines = context.workbench.segment_lines(change.segment_ids[:1], context.coder)
        return lines[0].position if lines else None
