"""The project's documents with one coder's progress on each, as a list the coder can pick from."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from qualcode.service.coding_ops import CoderDocument

REDRAW_DELAY = 0.25
"""Seconds to wait before redrawing counts: the status bar already shows progress at once."""


def _prompt(document: CoderDocument) -> Table:
    """The whole name (folded over lines: names like ``p03-site-b-2024`` differ at the end), and
    reviewed/total under it on the right; a finished document reads as done."""
    grid = Table.grid(expand=True)
    grid.add_column(ratio=1, overflow="fold")
    done = document.total > 0 and document.reviewed >= document.total
    count = Text(f"{document.reviewed}/{document.total}", style="dim" if not done else "", justify="right")
    if done:
        count.append(" ✓")
    grid.add_row(Text(document.name, overflow="fold"))
    grid.add_row(count)
    return grid


class DocumentList(OptionList):
    """One option per document; its id is the document id, so selection maps back without lookups."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.documents: dict[int, CoderDocument] = {}
        self._redraw_pending = False

    def show_documents(self, documents: Sequence[CoderDocument]) -> None:
        highlighted = self.highlighted
        self.documents = {document.id: document for document in documents}
        self.set_options(Option(_prompt(document), id=str(document.id)) for document in documents)
        if highlighted is not None and highlighted < len(documents):
            self.highlighted = highlighted

    def update_document(self, document: CoderDocument) -> None:
        """Record new progress now; redraw a moment later, once for a burst of keys."""
        if document.id in self.documents:
            self.documents[document.id] = document
            if not self._redraw_pending:
                self._redraw_pending = True
                self.set_timer(REDRAW_DELAY, self._redraw)

    def _redraw(self) -> None:
        self._redraw_pending = False
        for document in self.documents.values():
            self._replace_option_prompt(self.get_option_index(str(document.id)), _prompt(document))

    def mark_current(self, document_id: int) -> None:
        if document_id in self.documents:
            self.highlighted = self.get_option_index(str(document_id))
