"""Drift: agreement per batch (each document in reading order, or each week of coding), so the lead
sees whether the coders drift apart."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Static

from qualcode.agreement import alpha_verdict
from qualcode.errors import QualcodeError
from qualcode.service.reliability.render import number
from qualcode.service.reliability.results import DriftBy, DriftReport
from qualcode.service.results import CodeInfo
from qualcode.tui.screens.code_picker import CodePickerScreen
from qualcode.tui.screens.compare_render import Bar, alpha_bars, verdict_text
from qualcode.tui.screens.workbench_screen import WorkbenchScreen
from qualcode.tui.widgets.calm_footer import CalmFooter


class DriftScreen(WorkbenchScreen):
    """w switches between documents and weeks; f follows one code instead of all of them pooled."""

    CSS_PATH = "drift.tcss"
    BINDINGS = [
        Binding("escape", "app.open_screen('coding')", "Back to coding"),
        Binding("w", "toggle_by", "Documents / weeks"),
        Binding("f", "follow_code", "Follow a code"),
        Binding("r", "reload", "Reload"),
    ]
    AUTO_FOCUS = "#drift-batches"

    def __init__(self) -> None:
        super().__init__()
        self.by: DriftBy = "document"
        self.code: CodeInfo | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="drift-pane") as pane:
            pane.border_title = "Drift"
            yield Static("Computing agreement per batch…", id="drift-summary")
            yield DataTable(id="drift-batches", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="drift-bars-pane"):
                yield Static(id="drift-bars")
        yield CalmFooter()

    def on_screen_resume(self) -> None:
        """Shown first or again after coding: compute the batches afresh."""
        self.action_reload()

    def action_reload(self) -> None:
        self._load(self.by, self.code.path if self.code else None)

    def action_toggle_by(self) -> None:
        self.by = "week" if self.by == "document" else "document"
        self.action_reload()

    def action_follow_code(self) -> None:
        codebook = self.workbench_app.codebook
        picker = CodePickerScreen(codebook.codable, codebook.key_of, "Follow which code?", offer_clear=True)
        self.app.push_screen(picker, self._code_chosen)

    def _code_chosen(self, code_id: int | None) -> None:
        if code_id is None:
            return
        self.code = self.workbench_app.codebook.by_id.get(code_id) if code_id else None
        self.action_reload()

    @work(thread=True, exclusive=True, group="drift")
    def _load(self, by: DriftBy, code: str | None) -> None:
        try:
            report = self.context.workbench.agreement_drift(by=by, code=code)
        except QualcodeError as error:
            self.app.call_from_thread(
                self.query_one("#drift-summary", Static).update, Text(str(error), style="bold red")
            )
            return
        self.app.call_from_thread(self._show, report)

    def _show(self, report: DriftReport) -> None:
        summary = Text()
        summary.append(f"{', '.join(report.coders)}", style="bold")
        summary.append(f" on {report.code}, per {report.by}\n")
        summary.append(f"batch: {report.rule} · w: documents / weeks · f: follow a code", style="dim")
        self.query_one("#drift-summary", Static).update(summary)
        table = self.query_one("#drift-batches", DataTable)
        table.clear(columns=True)
        for header in (report.by, "segments", "judged by 2+", "alpha", "verdict"):
            table.add_column(header, key=header)
        bars = []
        for batch in report.batches:
            verdict = alpha_verdict(batch.alpha.value)
            table.add_row(
                batch.batch,
                Text(str(batch.n_units), justify="right"),
                Text(str(batch.n_pairable_units), justify="right"),
                Text(number(batch.alpha.value), justify="right"),
                verdict_text(verdict),
            )
            bars.append(Bar(batch.batch, batch.alpha.value, None, None, verdict))
        legend = Text("alpha per batch, coloured by verdict · ┊ .667 and .800", style="dim")
        self.query_one("#drift-bars", Static).update(Group(alpha_bars(bars), Text(""), legend))
