"""A table of retrieved segments, one row each; Enter asks the app to open the one under the cursor."""

from __future__ import annotations

from collections.abc import Sequence

from textual.widgets import DataTable

from qualcode.export.flags import excerpt
from qualcode.export.retrieval import LIST_SEPARATOR, RetrievedSegment
from qualcode.tui.messages import OpenSegment


class HitTable(DataTable[str]):
    """Shared by the retrieval screen and the analysis drill-down, so both list hits alike."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes, cursor_type="row", zebra_stripes=True)
        self._hits: tuple[RetrievedSegment, ...] = ()

    @property
    def hits(self) -> tuple[RetrievedSegment, ...]:
        return self._hits

    def on_mount(self) -> None:
        self.add_columns("Document", "#", "Speaker", "Codes", "Coders", "Text")

    def show(self, hits: Sequence[RetrievedSegment]) -> None:
        self._hits = tuple(hits)
        self.clear()
        for hit in self._hits:
            self.add_row(
                hit.document,
                str(hit.position),
                hit.speaker,
                LIST_SEPARATOR.join(hit.codes),
                LIST_SEPARATOR.join(hit.coders),
                excerpt(hit.text, 60),
                key=str(hit.segment_id),
            )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if 0 <= event.cursor_row < len(self._hits):
            hit = self._hits[event.cursor_row]
            self.post_message(OpenSegment(hit.document_id, hit.position))
