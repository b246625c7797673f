"""The coding screen's part-of-a-turn coding: selecting text in a segment, coding it, and editing its spans.

Whole-segment coding stays the default: a code hotkey codes whole segments
until the coder starts a selection with one of the selection keys. While a
selection is open the same hotkeys code the selected characters, and Esc (or
moving to another segment) goes back to whole segments. Every change is one
Workbench call, committed before the screen shows it, and undone with `u`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from textual.actions import SkipAction

from qualcode.tui.widgets.text_selection import TextSelection, Unit

if TYPE_CHECKING:
    from qualcode.service.coding_ops import Change, SegmentLine
    from qualcode.tui.codebook_view import CodebookView
    from qualcode.tui.screens.workbench_screen import WorkbenchScreen
    from qualcode.tui.widgets.segment_list import SegmentList
    from qualcode.tui.widgets.status_bar import StatusBar

    class _Base(WorkbenchScreen):
        """What this mixin uses of `CodingScreen`, declared here: the screen subclasses the mixin."""

        @property
        def segments(self) -> SegmentList: ...
        @property
        def status(self) -> StatusBar: ...
        @property
        def codebook(self) -> CodebookView: ...
        def when_settled(self, action: Callable[[], None]) -> None: ...
        def _show_place(self) -> None: ...
        def _commit(
            self, action: Callable[[list[int]], Change], ids: list[int] | None = None
        ) -> Change | None: ...

else:
    _Base = object


class CodingSpans(_Base):
    """Mixed into `CodingScreen`; kept apart so each file reads as one concern."""

    @property
    def part_selection(self) -> TextSelection | None:
        return self.segments.part_selection

    def _check_transcript_focus(self) -> None:
        """The selection keys belong to the transcript: elsewhere they keep their usual meaning."""
        if not self.segments.has_focus:
            raise SkipAction()

    def _select(self, selection: TextSelection | None) -> None:
        self.segments.set_part_selection(selection)
        self.segments.reveal_caret()
        self._show_place()

    # -- selecting ---------------------------------------------------------------------------

    def action_span_move(self, unit: str, step: int, extend: bool) -> None:
        """Move the caret (``extend``: the selection's moving end) by a character, word or sentence."""
        self._check_transcript_focus()

        def move() -> None:
            # Read here, not when the key arrived: after a jump the key acts where the cursor landed.
            line = self.segments.current_line
            if line is None:
                return
            if not line.text:
                self.notify("This segment has no text to select", timeout=2)
                return
            current = self.part_selection
            if current is None or current.segment_id != line.id:
                self.segments.clear_selection()
                at = 0 if step > 0 else len(line.text)
                current = TextSelection(line.id, at, at)
            moved = current.moved(line.text, Unit(unit), step, extend)
            if current.span is not None and extend:
                self._resize_span(line, current, moved)
            else:
                self._select(moved)

        self.when_settled(move)

    def action_span_other_end(self) -> None:
        """Swap the caret to the selection's other end, so a span's start can be moved too."""
        self._check_transcript_focus()

        def swap() -> None:
            selection = self.part_selection
            if selection is not None:
                self._select(selection.other_end())

        self.when_settled(swap)

    def action_next_span(self, step: int) -> None:
        """Tab and shift+tab: select the next (or previous) of the coder's spans in this segment."""
        self.when_settled(lambda: self._step_span(step))

    def _step_span(self, step: int) -> None:
        line = self.segments.current_line
        selection = self.part_selection
        spans = list(line.spans) if line is not None and self.segments.has_focus else []
        if selection is not None and selection.span in spans:
            index = spans.index(selection.span) + step
        else:
            index = 0 if step > 0 else len(spans) - 1
        if line is None or not 0 <= index < len(spans):
            # Past the last coded part (or with none), tab keeps its usual meaning: the next pane.
            self._select(None)
            if step > 0:
                self.focus_next()
            else:
                self.focus_previous()
            return
        self._select(TextSelection.of_span(line.id, spans[index]))

    def leave_text_selection(self) -> bool:
        """Esc: back to coding whole segments; False when there was no selection to leave."""
        if self.part_selection is None:
            return False
        self._select(None)
        return True

    def follow_cursor(self) -> None:
        """A selection belongs to one segment: moving off it ends it; a change to it keeps it current.

        Reads the list's current line, not the message's: in a burst of keys a
        message can arrive after later changes to the same segment.
        """
        line = self.segments.current_line
        selection = self.part_selection
        if selection is None:
            return
        if line is None or line.id != selection.segment_id:
            self._select(None)
        elif selection.span is not None and selection.span not in line.spans:
            self._select(replace(selection, span=None))

    def span_place(self) -> str:
        """The status line's words for the selection: its characters, or which span it is."""
        selection = self.part_selection
        line = self.segments.current_line
        if selection is None or line is None:
            return ""
        if selection.span is not None and selection.span in line.spans:
            number = line.spans.index(selection.span) + 1
            tag = self.codebook.tags.get(selection.span.code_id)
            name = tag.name if tag else f"code {selection.span.code_id}"
            return f" · span {number}/{len(line.spans)} {name} {selection.start}–{selection.end}"
        if selection.empty:
            return f" · caret at {selection.caret}: shift+→ selects"
        return f" · selected {selection.start}–{selection.end}"

    # -- coding the selection ----------------------------------------------------------------

    def toggle_span_code(self, code_id: int) -> bool:
        """A hotkey while text is selected: code (or uncode) just those characters; False: no selection."""
        selection = self.part_selection
        line = self.segments.current_line
        if selection is None or line is None or line.id != selection.segment_id:
            return False
        if selection.empty:
            self.notify("Select some text first (shift+→), or Esc to code the whole segment", timeout=3)
            return True
        context = self.context
        # The selection stays as it is, so that more codes can go on the same words, or on more of
        # them; only a span reached with tab has its ends moved by the selection keys.
        self._commit(
            lambda _ids: context.workbench.toggle_span(
                line.id, code_id, context.coder, selection.start, selection.end
            ),
            [line.id],
        )
        return True

    def action_remove_span(self) -> None:
        """Delete: remove the coded span the coder moved to with tab."""
        self._check_transcript_focus()

        def remove() -> None:
            selection = self.part_selection
            line = self.segments.current_line
            if selection is None or selection.span is None or line is None:
                self.notify("Tab to a coded part of the segment first", timeout=2)
                return
            span = selection.span
            context = self.context
            change = self._commit(
                lambda _ids: context.workbench.remove_span(
                    line.id, span.code_id, context.coder, span.start, span.end
                ),
                [line.id],
            )
            if change is not None:
                self._select(TextSelection(line.id, span.start, span.end))

        self.when_settled(remove)

    def _resize_span(self, line: SegmentLine, before: TextSelection, after: TextSelection) -> None:
        """Move the worked-on span's ends to the new selection, saved at once like every change."""
        span = before.span
        assert span is not None
        if after.empty:
            self.notify("A coded part keeps at least one character: delete removes it", timeout=2)
            return
        context = self.context
        change = self._commit(
            lambda _ids: context.workbench.resize_span(
                line.id, span.code_id, context.coder, (span.start, span.end), after.start, after.end
            ),
            [line.id],
        )
        if change is not None:
            moved = replace(span, start=after.start, end=after.end)
            self._select(replace(after, span=moved))
