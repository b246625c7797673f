"""Messages screens send to the app, so that no screen reaches into another."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from qualcode.tui.context import CodingContext


class OpenSegment(Message):
    """Show this document (at this position, if given) on the coding screen."""

    def __init__(self, document_id: int, position: int | None = None) -> None:
        super().__init__()
        self.document_id = document_id
        self.position = position


class ProjectChosen(Message):
    """The picker settled on a project and coder; the app opens the coding screen."""

    def __init__(self, context: CodingContext) -> None:
        super().__init__()
        self.context = context
