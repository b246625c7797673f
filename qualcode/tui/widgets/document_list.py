"""The project's documents with one coder's progress on each, as a list the coder can pick from."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import events
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from qualcode.service.coding_ops import CoderDocument

REDRAW_DELAY = 0.25
"""Seconds to wait before redrawing counts: the status bar already shows progress at once."""


def _prompt(document: CoderDocument, width: int) -> Text:
    """The whole name, folded over lines (names like ``p03-site-b-2024`` differ at the end), and
    reviewed/total under it at the right edge; a finished document reads as done.

    Plain text laid out to the list's width: a project of thousands of documents measures and
    draws each option, and a rich `Table` per option took a second to show.
    """
    count = _count(document)
    name = Text(document.name, overflow="fold")
    return Text.assemble(name, "\n", " " * max(width - count.cell_len, 0), count, overflow="fold")


def _count(document: CoderDocument) -> Text:
    """reviewed/total, with a tick once the document is done."""
    done = document.total > 0 and document.reviewed >= document.total
    count = Text(f"{document.reviewed}/{document.total}", style="" if done else "dim")
    if done:
        count.append(" ✓")
    return count


class DocumentList(OptionList):
    """One option per document; its id is the document id, so selection maps back without lookups."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.documents: dict[int, CoderDocument] = {}
        self._redraw_pending = False
        self._changed: set[int] = set()
        self._width = 0

    def _prompt_width(self, count: int) -> int:
        """Cells an option's text may fill, leaving room for the scrollbar once the list overflows."""
        width = self.content_region.width - self.get_component_styles("option-list--option").padding.width
        if count > self.content_region.height:
            width -= self.styles.scrollbar_size_vertical
        return max(width, 8)

    def show_documents(self, documents: Sequence[CoderDocument]) -> None:
        """Show the documents; the same documents again only redraw those whose counts differ."""
        if [document.id for document in documents] == list(self.documents):
            for document in documents:
                if document != self.documents[document.id]:
                    self.update_document(document)
            return
        highlighted = self.highlighted
        self.documents = {document.id: document for document in documents}
        self._changed.clear()
        self._width = width = self._prompt_width(len(documents))
        self.set_options(Option(_prompt(document, width), id=str(document.id)) for document in documents)
        if highlighted is not None and highlighted < len(documents):
            self.highlighted = highlighted

    def update_document(self, document: CoderDocument) -> None:
        """Record new progress now; redraw a moment later, once for a burst of keys."""
        if document.id in self.documents:
            self.documents[document.id] = document
            self._changed.add(document.id)
            if not self._redraw_pending:
                self._redraw_pending = True
                self.set_timer(REDRAW_DELAY, self._redraw)

    def _redraw(self) -> None:
        """Only the documents whose counts changed: a toggle touches one of thousands."""
        self._redraw_pending = False
        heights_kept = True
        for document_id in self._changed:
            document = self.documents[document_id]
            option = self.get_option(str(document_id))
            option._set_prompt(_prompt(document, self._width))
            heights_kept = heights_kept and _count(document).cell_len <= self._width
        self._changed.clear()
        if heights_kept:
            # The name and the one count line keep their heights, so the list's line map
            # stands: measuring thousands of options again cost a key press some 20 ms.
            self._option_render_cache.clear()
            self.refresh()
        else:
            self._clear_caches()

    def on_resize(self, event: events.Resize) -> None:
        """Lay the options out again for the new width."""
        width = self._prompt_width(len(self.documents))
        if width != self._width and self.documents:
            self._width = width
            for document in self.documents.values():
                self.get_option(str(document.id))._set_prompt(_prompt(document, width))
            self._clear_caches()

    def mark_current(self, document_id: int) -> None:
        if document_id in self.documents:
            self.highlighted = self.get_option_index(str(document_id))
