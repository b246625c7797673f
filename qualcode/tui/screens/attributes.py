"""The attributes dialog: one document's attributes (site, wave, age…), edited one at a time by a lead.

Each edit is committed by the Workbench before the list shows it; the Workbench also decides who may
edit (a lead), so a coder sees the attributes and is told why the keys do nothing.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label

from qualcode.errors import QualcodeError
from qualcode.tui.context import CodingContext
from qualcode.tui.screens.attribute_value import AttributeValueScreen


class AttributesScreen(ModalScreen[None]):
    """Opened on one document; closes with Esc, every change already saved."""

    CSS_PATH = "attributes.tcss"
    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("a", "add", "Add"),
        Binding("e", "edit", "Edit"),
        Binding("d,delete", "remove", "Remove"),
    ]
    """Enter on a row edits it too; the table takes the arrow keys."""
    AUTO_FOCUS = "#attributes-table"

    def __init__(self, context: CodingContext, document_id: int, document_name: str) -> None:
        super().__init__()
        self.context = context
        self.document_id = document_id
        self.document_name = document_name
        self.attributes: dict[str, str] = {}
        """What the table shows, as last read from the database."""

    def compose(self) -> ComposeResult:
        with Vertical(id="attributes-dialog") as dialog:
            dialog.border_title = f"Attributes of {self.document_name}"
            yield DataTable(id="attributes-table", cursor_type="row", zebra_stripes=True)
            hint = (
                "enter edit · a add · d remove · esc close · each change is saved at once"
                if self.context.is_lead
                else "esc close · only a lead edits document attributes"
            )
            yield Label(hint, id="attributes-hint")

    @property
    def table(self) -> DataTable[str | Text]:
        return self.query_one("#attributes-table", DataTable)

    def on_mount(self) -> None:
        self.table.add_column("attribute", key="attribute")
        self.table.add_column("value", key="value")
        self._reload()

    def _reload(self, current: str | None = None) -> None:
        self.attributes = self.context.workbench.attributes_of(self.document_id)
        table = self.table
        table.clear()
        for key, value in self.attributes.items():
            table.add_row(key, value, key=key)
        if not self.attributes:
            hint = "a adds one" if self.context.is_lead else ""
            table.add_row(Text("(none yet)", style="dim"), Text(hint, style="dim"))
        elif current in self.attributes:
            table.move_cursor(row=list(self.attributes).index(current))

    @property
    def current_key(self) -> str | None:
        if not self.attributes or not self.table.row_count:
            return None
        return list(self.attributes)[min(self.table.cursor_row, len(self.attributes) - 1)]

    # -- editing -----------------------------------------------------------------------------

    def _may_edit(self) -> bool:
        if not self.context.is_lead:
            self.notify("Only a lead edits document attributes", severity="warning")
        return self.context.is_lead

    def _save(self, values: dict[str, str] | None = None, remove: str | None = None) -> None:
        workbench, coder = self.context.workbench, self.context.coder
        try:
            if remove is not None:
                workbench.unset_document_attributes(self.document_id, [remove], editor=coder)
            elif values:
                workbench.set_document_attributes(self.document_id, values, editor=coder)
        except QualcodeError as error:
            self.notify(str(error), severity="error")
            return
        shown = (
            f"removed {remove}"
            if remove is not None
            else ", ".join(f"{k} = {v}" for k, v in (values or {}).items())
        )
        self.notify(f"{self.document_name}: {shown} · saved")
        self._reload(remove or next(iter(values or {}), None))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        key = self.current_key
        if key is None:
            self.action_add()
            return
        if not self._may_edit():
            return

        def edited(value: str | None) -> None:
            if value is not None and value.strip() != self.attributes.get(key):
                self._save({key: value})

        self.app.push_screen(
            AttributeValueScreen(f"{key} of {self.document_name}", self.attributes[key]), edited
        )

    def action_add(self) -> None:
        if not self._may_edit():
            return

        def added(assignment: str | None) -> None:
            if assignment is None:
                return
            key, equals, value = assignment.partition("=")
            if not equals:
                self.notify(f"{assignment!r} is not KEY=VALUE, e.g. site=north", severity="error")
                return
            self._save({key: value})

        self.app.push_screen(
            AttributeValueScreen(
                f"New attribute of {self.document_name}", placeholder="key=value, e.g. site=north"
            ),
            added,
        )

    def action_remove(self) -> None:
        key = self.current_key
        if key is not None and self._may_edit():
            self._save(remove=key)

    def action_close(self) -> None:
        self.dismiss(None)
