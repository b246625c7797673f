"""The coding screen's way to the current document's attributes: one key opens the attributes dialog."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qualcode.tui.screens.attributes import AttributesScreen

if TYPE_CHECKING:
    from qualcode.service.coding_ops import CoderDocument
    from qualcode.tui.screens.workbench_screen import WorkbenchScreen

    class _Base(WorkbenchScreen):
        document: CoderDocument | None

else:
    _Base = object


class CodingAttributes(_Base):
    """Mixed into `CodingScreen`, apart from the coding keys, so that screen's file stays about coding."""

    def action_document_attributes(self) -> None:
        document = self.document
        if document is None:
            self.notify("No document is open", severity="warning")
            return
        self.app.push_screen(AttributesScreen(self.context, document.id, document.name))
