"""Training against a gold standard: a coder compared with a reference coder (a lead or the consensus),
code by code, with the segments the coder missed and the false alarms listed."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Static

from qualcode.errors import QualcodeError
from qualcode.service.reliability.records import UNJUDGED
from qualcode.service.reliability.render import number
from qualcode.service.reliability.results import TrainingCode, TrainingReport
from qualcode.store.models import CoderRole
from qualcode.tui.screens.compare_render import verdict_text
from qualcode.tui.screens.workbench_screen import WorkbenchScreen
from qualcode.tui.widgets.calm_footer import CalmFooter

LISTED = 50
"""Segments listed per kind of error; the count says how many there are."""


def errors_text(item: TrainingCode) -> Text:
    text = Text()
    for title, places, style in (
        ("missed (the reference applied it, the coder did not)", item.misses, "yellow"),
        ("false alarms (the coder applied it, the reference did not)", item.false_alarms, "red"),
    ):
        text.append(f"{title}: {len(places)}\n", style=f"bold {style}")
        shown = ", ".join(place.ref for place in places[:LISTED])
        more = f" … and {len(places) - LISTED} more" if len(places) > LISTED else ""
        text.append(f"  {shown}{more}\n\n" if places else "  none\n\n", style="" if places else "dim")
    return text


class TrainingScreen(WorkbenchScreen):
    """A lead chooses the coder (c) and the reference (g); a coder sees their own comparison."""

    CSS_PATH = "training.tcss"
    BINDINGS = [
        Binding("escape", "app.open_screen('coding')", "Back to coding"),
        Binding("c", "next_coder", "Coder"),
        Binding("g", "next_reference", "Reference"),
        Binding("r", "reload", "Reload"),
    ]
    AUTO_FOCUS = "#training-codes"

    def __init__(self) -> None:
        super().__init__()
        self.coders: list[str] = []
        self.references: list[str] = []
        self.coder: str | None = None
        self.reference: str | None = None
        self.report: TrainingReport | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="training-pane") as pane:
            pane.border_title = "Training against a reference"
            yield Static("Comparing…", id="training-summary")
            with Horizontal(id="training-body"):
                yield DataTable(id="training-codes", cursor_type="row", zebra_stripes=True)
                with VerticalScroll(id="training-errors-pane"):
                    yield Static(id="training-errors")
        yield CalmFooter()

    @property
    def table(self) -> DataTable[Text | str]:
        return self.query_one("#training-codes", DataTable)

    def on_screen_resume(self) -> None:
        """Shown first or again after coding: compare afresh."""
        self._load(self.coder, self.reference)

    def action_reload(self) -> None:
        self._load(self.coder, self.reference)

    def action_next_coder(self) -> None:
        if self.context.is_lead and self.coders and self.coder is not None:
            self.coder = self.coders[(self.coders.index(self.coder) + 1) % len(self.coders)]
            self.action_reload()

    def action_next_reference(self) -> None:
        if self.references and self.reference is not None:
            self.reference = self.references[
                (self.references.index(self.reference) + 1) % len(self.references)
            ]
            self.action_reload()

    @work(thread=True, exclusive=True, group="training")
    def _load(self, coder: str | None, reference: str | None) -> None:
        context = self.context
        workbench = context.workbench
        try:
            people = workbench.coders()
            coders = [c.name for c in people if c.role in (CoderRole.CODER.value, CoderRole.LEAD.value)]
            references = [
                c.name for c in people if c.role in (CoderRole.LEAD.value, CoderRole.CONSENSUS.value)
            ]
            reference = reference or workbench.default_reference()
            if not context.is_lead:
                coder = context.coder
            coder = coder or next((name for name in coders if name != reference), context.coder)
            report = workbench.training_report(coder, reference)
        except QualcodeError as error:
            self.app.call_from_thread(
                self.query_one("#training-summary", Static).update, Text(str(error), style="bold red")
            )
            return
        self.app.call_from_thread(self._show, coders, references, report)

    def _show(self, coders: list[str], references: list[str], report: TrainingReport) -> None:
        self.coders, self.references, self.report = coders, references, report
        self.coder, self.reference = report.coder, report.reference
        summary = Text()
        summary.append(report.coder, style="bold")
        summary.append(" against ")
        summary.append(report.reference, style="bold")
        summary.append(f" on {report.n_units} segments both judged")
        if report.pooled is not None:
            summary.append(f" · pooled alpha {number(report.pooled.pooled_alpha.value)}")
        summary.append("\nc: another coder · g: another reference", style="dim")
        self.query_one("#training-summary", Static).update(summary)
        table = self.table
        table.clear(columns=True)
        for header in ("code", "n", "%agree", "alpha", "misses", "false alarms", "verdict"):
            table.add_column(header, key=header)
        for item in report.codes:
            agreement = item.agreement
            table.add_row(
                agreement.code,
                Text(str(agreement.n_units), justify="right"),
                Text(number(agreement.percent_agreement.value), justify="right"),
                Text(
                    number(agreement.alpha.value if agreement.verdict not in UNJUDGED else None),
                    justify="right",
                ),
                Text(str(len(item.misses)), justify="right", style="yellow" if item.misses else "dim"),
                Text(
                    str(len(item.false_alarms)), justify="right", style="red" if item.false_alarms else "dim"
                ),
                verdict_text(agreement.verdict),
                key=agreement.code,
            )
        if report.codes:
            self.query_one("#training-errors", Static).update(errors_text(report.codes[0]))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if self.report is None:
            return
        for item in self.report.codes:
            if item.agreement.code == event.row_key.value:
                self.query_one("#training-errors", Static).update(errors_text(item))
