"""The project screen: documents × coders progress, so a lead sees who has coded what."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from qualcode.service.results import ProjectStatus
from qualcode.tui.messages import OpenSegment
from qualcode.tui.screens.attributes import AttributesScreen
from qualcode.tui.screens.workbench_screen import WorkbenchScreen
from qualcode.tui.widgets.calm_footer import CalmFooter


def progress_cell(reviewed: int, total: int) -> Text:
    """``12/40 30%``, dim while untouched, green once complete."""
    if not total:
        return Text("—", style="dim", justify="right")
    percent = 100 * reviewed / total
    style = "dim" if reviewed == 0 else ("green" if reviewed >= total else "")
    return Text(f"{reviewed}/{total} {percent:3.0f}%", style=style, justify="right")


def summary(status: ProjectStatus, coder: str) -> Text:
    text = Text()
    text.append(status.name, style="bold")
    text.append(f"  ·  {len(status.documents)} documents, {status.segments} segments")
    text.append(f"  ·  codebook {status.codebook or '(none)'}")
    if status.codebook_version:
        text.append(f" v{status.codebook_version}")
    text.append(f", {status.codes} codes")
    text.append(f"\nyou are {coder}; enter opens a document, a shows its attributes", style="dim")
    return text


class ProjectScreen(WorkbenchScreen):
    CSS_PATH = "project.tcss"
    BINDINGS = [
        Binding("escape", "app.open_screen('coding')", "Back to coding"),
        Binding("ctrl+r", "reload", "Reload"),
        Binding("a", "document_attributes", "Attributes"),
    ]
    AUTO_FOCUS = "#progress"

    def compose(self) -> ComposeResult:
        with Vertical(id="project-pane") as pane:
            pane.border_title = "Project"
            yield Static("Reading progress…", id="project-summary")
            yield DataTable(id="progress", cursor_type="row", zebra_stripes=True)
        yield CalmFooter()

    @property
    def table(self) -> DataTable[Text | str]:
        return self.query_one("#progress", DataTable)

    def on_mount(self) -> None:
        self.action_reload()

    def on_screen_resume(self) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        self._load_status()

    @work(thread=True, exclusive=True, group="status")
    def _load_status(self) -> None:
        status = self.context.workbench.status()
        self.app.call_from_thread(self._show_status, status)

    def _show_status(self, status: ProjectStatus) -> None:
        self.query_one("#project-summary", Static).update(summary(status, self.context.coder))
        table = self.table
        row = table.cursor_row
        table.clear(columns=True)
        coders = [coder for coder in status.coders if coder.role != "consensus"]
        table.add_column("document", key="document")
        table.add_column(Text("segments", justify="right"), key="segments")
        for coder in coders:
            label = coder.name if coder.role == "coder" else f"{coder.name} ({coder.role})"
            table.add_column(Text(label, justify="right"), key=coder.name)
        for document in status.documents:
            cells = [
                progress_cell(document.reviewed.get(coder.name, 0), document.segments) for coder in coders
            ]
            table.add_row(
                document.name, Text(str(document.segments), justify="right"), *cells, key=str(document.id)
            )
        if status.documents:
            totals = [progress_cell(coder.reviewed, coder.total) for coder in coders]
            table.add_row(
                Text("all documents", style="bold"),
                Text(str(status.segments), justify="right"),
                *totals,
                key="total",
            )
        else:
            self.query_one("#project-summary", Static).update(
                summary(status, self.context.coder).append(
                    "\nNo documents yet: `qualcode import PROJECT FILES…`"
                )
            )
        if row and row < table.row_count:
            table.move_cursor(row=row)

    def action_document_attributes(self) -> None:
        """The highlighted document's attributes, in the dialog the coding screen opens with ctrl+t."""
        table = self.table
        if not table.row_count:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if key and key.isdigit():
            name = str(table.get_cell(key, "document"))
            self.app.push_screen(AttributesScreen(self.context, int(key), name))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value
        if key and key.isdigit():
            self.app.post_message(OpenSegment(int(key)))
