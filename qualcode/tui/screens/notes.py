"""The memos and flags screen: every coder's memos and flags in one list, for a lead to work through.

Lead only (the registry says so, and `Workbench.memo_rows` and `.flag_rows` refuse anyone else).
Enter on a row opens its segment on the coding screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, Label, Select, Static
from textual.worker import get_current_worker

from qualcode.errors import QualcodeError
from qualcode.export.flags import FlagRow, excerpt
from qualcode.export.memos import MemoRow
from qualcode.tui.messages import OpenSegment
from qualcode.tui.screens.workbench_screen import WorkbenchScreen
from qualcode.tui.widgets.calm_footer import CalmFooter

EVERYONE = ""
KINDS = (("memos and flags", EVERYONE), ("memos", "memo"), ("flags", "flag"))


@dataclass(frozen=True)
class Note:
    """A memo or a flag, as one row of the list."""

    kind: str
    coder: str
    document: str
    document_id: int
    position: int | None
    speaker: str
    note: str
    """The memo's text; for a flag, whether the coder reviewed the segment anyway."""
    text: str

    def matches(self, words: str) -> bool:
        wanted = words.casefold()
        return wanted in self.note.casefold() or wanted in self.text.casefold()


def notes_from(memos: list[MemoRow], flags: list[FlagRow]) -> list[Note]:
    """Memos and flags together, in document and segment order."""
    notes = [
        Note("memo", m.author, m.document, m.document_id, m.position, m.speaker or "", m.memo, m.text or "")
        for m in memos
    ]
    notes += [
        Note(
            "flag",
            f.coder,
            f.document,
            f.document_id,
            f.position,
            f.speaker,
            "flagged, reviewed" if f.reviewed else "flagged, not reviewed",
            f.excerpt,
        )
        for f in flags
    ]
    order = {document: index for index, document in enumerate(dict.fromkeys(n.document for n in notes))}
    return sorted(notes, key=lambda n: (order[n.document], n.position or 0, n.kind))


class NotesScreen(WorkbenchScreen):
    """Every coder's memos and flags, filtered by coder, document, kind and words."""

    CSS_PATH = "notes.tcss"
    BINDINGS = [Binding("escape", "app.open_screen('coding')", "Back to coding")]
    AUTO_FOCUS = "#notes-list"

    def __init__(self) -> None:
        super().__init__()
        self.notes: list[Note] = []
        """Everything read; the list shows those the filters let through."""
        self.shown: list[Note] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="notes-pane") as pane:
            pane.border_title = "Memos and flags"
            with Horizontal(id="notes-choices"):
                yield Select(KINDS, allow_blank=False, compact=True, id="notes-kind")
                yield Label("Coder", classes="notes-label")
                yield Select([("all coders", EVERYONE)], allow_blank=False, compact=True, id="notes-coder")
                yield Label("Document", classes="notes-label")
                yield Select(
                    [("all documents", EVERYONE)], allow_blank=False, compact=True, id="notes-document"
                )
                yield Input(placeholder="words in the note or the segment", compact=True, id="notes-words")
            yield Static("Reading memos and flags…", id="notes-caption")
            yield DataTable(cursor_type="row", zebra_stripes=True, id="notes-list")
        yield CalmFooter()

    @property
    def table(self) -> DataTable[str]:
        return self.query_one("#notes-list", DataTable)

    def on_mount(self) -> None:
        self.table.add_columns("Kind", "Coder", "Document", "#", "Speaker", "Note", "Text")

    def on_screen_resume(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="notes")
    def _load(self) -> None:
        workbench, me = self.context.workbench, self.context.coder
        try:
            notes = notes_from(workbench.memo_rows(me), workbench.flag_rows(me))
        except QualcodeError as error:
            self.app.call_from_thread(self.workbench_app.report_error, error)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_notes, notes)

    def _show_notes(self, notes: list[Note]) -> None:
        self.notes = notes
        for select, everything, names in (
            (self.query_one("#notes-coder", Select), "all coders", [n.coder for n in notes]),
            (self.query_one("#notes-document", Select), "all documents", [n.document for n in notes]),
        ):
            kept = select.value
            options = [(everything, EVERYONE), *((name, name) for name in dict.fromkeys(names))]
            with select.prevent(Select.Changed):
                select.set_options(options)
                if any(value == kept for _, value in options):
                    select.value = kept
        self._filter()

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._filter()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._filter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.table.focus()

    def _filter(self) -> None:
        kind = self.query_one("#notes-kind", Select).selection or None
        coder = self.query_one("#notes-coder", Select).selection or None
        document = self.query_one("#notes-document", Select).selection or None
        words = self.query_one("#notes-words", Input).value.strip()
        self.shown = [
            n
            for n in self.notes
            if (kind is None or n.kind == kind)
            and (coder is None or n.coder == coder)
            and (document is None or n.document == document)
            and (not words or n.matches(words))
        ]
        self.table.clear()
        for note in self.shown:
            position = "" if note.position is None else str(note.position)
            self.table.add_row(
                note.kind,
                note.coder,
                note.document,
                position,
                note.speaker,
                excerpt(note.note, 50),
                excerpt(note.text, 50),
            )
        caption = Text(f"{len(self.shown)} of {len(self.notes)} memos and flags")
        caption.append(" · enter: open the segment", style="dim")
        self.query_one("#notes-caption", Static).update(caption)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if 0 <= event.cursor_row < len(self.shown):
            note = self.shown[event.cursor_row]
            self.post_message(OpenSegment(note.document_id, note.position))
