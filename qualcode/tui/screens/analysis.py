"""The analysis screen: code frequencies as a bar chart and co-occurrence as a heat map, each exportable.

The figures are the ones `qualcode export` writes (`Workbench.frequencies` and `.cooccurrence`),
read in a thread worker; the export writes the very table on screen, through the same writer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.color import Color, ColorParseError
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Label, Select, Static, TabbedContent, TabPane
from textual.worker import get_current_worker

from qualcode.errors import QualcodeError
from qualcode.export.writers import write_table
from qualcode.service import Workbench
from qualcode.service.retrieval_ops import Retrieval
from qualcode.store.models import CoderRole
from qualcode.tui.codebook_view import CodebookView
from qualcode.tui.context import CodingContext
from qualcode.tui.messages import OpenSegment
from qualcode.tui.screens.export_prompt import ExportPromptScreen
from qualcode.tui.screens.hits import HitsScreen
from qualcode.tui.screens.workbench_screen import WorkbenchScreen
from qualcode.tui.widgets.calm_footer import CalmFooter
from qualcode.tui.widgets.cooccurrence_heatmap import CooccurrenceHeatmap
from qualcode.tui.widgets.frequency_chart import RGB, ChartBar, FrequencyChart

EVERYONE = ""
"""The selectors' value for "all coders" and "all documents"; no coder or document has an empty name."""

FREQUENCIES = "frequencies"
COOCCURRENCE = "cooccurrence"
VIEW_TITLES = {FREQUENCIES: "Frequencies", COOCCURRENCE: "Co-occurrence"}


@dataclass(frozen=True)
class Selection:
    """Whose codings count and where: what both views show and what `x` exports."""

    coder: str | None
    """A coder's name, the consensus coder's, or None for every coder and lead pooled."""
    document: str | None
    """A document's name, or None for all documents."""


@dataclass(frozen=True)
class Choices:
    """What the selectors offer, read from the project."""

    coders: tuple[tuple[str, str], ...]
    """(name, role) of every coder and lead, in the order they joined."""
    consensus: str | None
    """The consensus coder's name, once a lead has adjudicated."""
    documents: tuple[str, ...]


@dataclass(frozen=True)
class AnalysisTables:
    """The two views' tables for one selection, kept as read so the export writes what is shown."""

    selection: Selection
    frequencies: pd.DataFrame
    """The long table; with a document chosen, that document's rows of the by-document table."""
    cooccurrence: pd.DataFrame
    """The wide code × code matrix, over the chosen document or all of them."""


def read_choices(workbench: Workbench) -> Choices:
    coders = workbench.coders()
    return Choices(
        coders=tuple((c.name, c.role) for c in coders if c.role != CoderRole.CONSENSUS.value),
        consensus=next((c.name for c in coders if c.role == CoderRole.CONSENSUS.value), None),
        documents=tuple(document.name for document in workbench.documents()),
    )


def read_tables(workbench: Workbench, selection: Selection) -> AnalysisTables:
    """Both views' tables; one document's frequencies are its rows of the by-document table."""
    if selection.document is None:
        frequencies = workbench.frequencies(coder=selection.coder)
    else:
        by_document = workbench.frequencies(by="document", coder=selection.coder)
        chosen = by_document["document"] == selection.document
        frequencies = by_document[chosen].reset_index(drop=True)
    cooccurrence = workbench.cooccurrence(coder=selection.coder, wide=True, document=selection.document)
    return AnalysisTables(selection, frequencies, cooccurrence)


def code_colors(codebook: CodebookView) -> dict[str, RGB]:
    """Codebook colours by code UUID; a colour the terminal cannot parse is left out."""
    colors = {}
    for code in codebook.codes:
        if code.color:
            try:
                colors[code.uuid] = Color.parse(code.color).rgb
            except ColorParseError:
                continue
    return colors


def chart_bars(frequencies: pd.DataFrame, colors: dict[str, RGB]) -> tuple[ChartBar, ...]:
    return tuple(
        ChartBar(str(row.code), int(row.segments), colors.get(str(row.code_uuid)))
        for row in frequencies.itertuples(index=False)
    )


def coder_options(choices: Choices, context: CodingContext) -> list[tuple[str, str]]:
    """A lead may look at anyone's codings; a coder who codes blind only at their own."""
    if not context.is_lead:
        return [(context.coder, context.coder)]
    options = [("all coders", EVERYONE)]
    for name, role in choices.coders:
        options.append((name if role == CoderRole.CODER.value else f"{name} ({role})", name))
    if choices.consensus is not None:
        options.append(("consensus", choices.consensus))
    return options


def export_name(view: str, selection: Selection) -> str:
    """A file name that says what the file holds, e.g. ``frequencies-ana-interview-1.csv``."""
    parts = [view, selection.coder or "all-coders"]
    if selection.document is not None:
        parts.append(selection.document)
    name = "-".join(re.sub(r"[^\w.-]+", "-", part).strip("-") for part in parts)
    return f"{name}.csv"


def describe(selection: Selection) -> str:
    """Whose codings and where, as a caption says it."""
    return f"{selection.coder or 'all coders'} · {selection.document or 'all documents'}"


class AnalysisScreen(WorkbenchScreen):
    """How often each code was applied and which codes go together, for a coder or the consensus."""

    CSS_PATH = "analysis.tcss"
    BINDINGS = [
        Binding("escape", "app.open_screen('coding')", "Back to coding"),
        Binding("x", "export", "Export view"),
        Binding("v", "next_view", "Switch view"),
        Binding("ctrl+r", "reload", "Reload", show=False),
    ]
    """Screen keys; the selectors and tabs take the mouse, tab and the arrow keys."""
    AUTO_FOCUS = "#analysis-views Tabs"

    def __init__(self) -> None:
        super().__init__()
        self.tables: AnalysisTables | None = None
        """The tables on screen, None until the first read finishes."""
        self._requested: Selection | None = None

    def compose(self) -> ComposeResult:
        me = self.context.coder
        coders = [("all coders", EVERYONE)] if self.context.is_lead else [(me, me)]
        with Vertical(id="analysis-pane") as pane:
            pane.border_title = "Analysis"
            with Horizontal(id="analysis-choices"):
                yield Label("Coder", classes="analysis-label")
                yield Select(
                    coders,
                    allow_blank=False,
                    compact=True,
                    id="analysis-coder",
                    disabled=not self.context.is_lead,
                )
                yield Label("Document", classes="analysis-label")
                yield Select(
                    [("all documents", EVERYONE)], allow_blank=False, compact=True, id="analysis-document"
                )
            with TabbedContent(id="analysis-views", initial=FREQUENCIES):
                with TabPane(VIEW_TITLES[FREQUENCIES], id=FREQUENCIES):
                    yield Static("Reading codings…", id="analysis-frequencies-caption")
                    with VerticalScroll(id="analysis-chart-scroll"):
                        yield FrequencyChart(id="analysis-chart")
                with TabPane(VIEW_TITLES[COOCCURRENCE], id=COOCCURRENCE):
                    yield Static("Reading codings…", id="analysis-cooccurrence-caption")
                    yield CooccurrenceHeatmap(id="analysis-heatmap")
        yield CalmFooter()

    # -- child widgets -----------------------------------------------------------------------

    @property
    def coder_select(self) -> Select[str]:
        return self.query_one("#analysis-coder", Select)

    @property
    def document_select(self) -> Select[str]:
        return self.query_one("#analysis-document", Select)

    @property
    def views(self) -> TabbedContent:
        return self.query_one("#analysis-views", TabbedContent)

    @property
    def chart(self) -> FrequencyChart:
        return self.query_one("#analysis-chart", FrequencyChart)

    @property
    def heatmap(self) -> CooccurrenceHeatmap:
        return self.query_one("#analysis-heatmap", CooccurrenceHeatmap)

    @property
    def series(self) -> tuple[tuple[str, int], ...]:
        """The chart's bars as (code path, segments), top to bottom."""
        return tuple((bar.label, bar.segments) for bar in self.chart.bars)

    @property
    def view(self) -> str:
        """The view on show: `FREQUENCIES` or `COOCCURRENCE`."""
        return self.views.active or FREQUENCIES

    @property
    def selection(self) -> Selection:
        """The selectors' choice; a coder who codes blind always gets their own codings."""
        coder = self.coder_select.selection or None
        if not self.context.is_lead:
            coder = self.context.coder
        return Selection(coder, self.document_select.selection or None)

    # -- reading -----------------------------------------------------------------------------

    def on_screen_resume(self) -> None:
        self.action_reload()

    def action_reload(self) -> None:
        self._load_choices()
        self._request(force=True)

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._request()

    def _request(self, force: bool = False) -> None:
        """Read the tables for the selectors' choice, unless that read is already on its way."""
        selection = self.selection
        if force or selection != self._requested:
            self._requested = selection
            self._load_tables(selection)

    @work(thread=True, exclusive=True, group="analysis-choices")
    def _load_choices(self) -> None:
        choices = read_choices(self.context.workbench)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_choices, choices)

    @work(thread=True, exclusive=True, group="analysis-tables")
    def _load_tables(self, selection: Selection) -> None:
        try:
            tables = read_tables(self.context.workbench, selection)
        except QualcodeError as error:
            self.app.call_from_thread(self._show_error, error)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_tables, tables)

    def _show_choices(self, choices: Choices) -> None:
        documents = [("all documents", EVERYONE), *((name, name) for name in choices.documents)]
        for select, options in (
            (self.coder_select, coder_options(choices, self.context)),
            (self.document_select, documents),
        ):
            kept = select.value
            with select.prevent(Select.Changed):
                select.set_options(options)
                if any(value == kept for _, value in options):
                    select.value = kept
        self._request()

    def _show_error(self, error: QualcodeError) -> None:
        for caption in ("#analysis-frequencies-caption", "#analysis-cooccurrence-caption"):
            self.query_one(caption, Static).update(Text(str(error), style="bold red"))

    def _show_tables(self, tables: AnalysisTables) -> None:
        self.tables = tables
        bars = chart_bars(tables.frequencies, code_colors(self.workbench_app.codebook))
        self.chart.show(bars)
        scope = describe(tables.selection)
        frequencies = Text(f"Segments per code · {scope}\n")
        if not bars:
            frequencies.append("No codes yet: load a codebook to count codings", style="dim")
        elif not any(bar.segments for bar in bars):
            frequencies.append("No codings yet for this coder and document", style="dim")
        else:
            frequencies.append("a parent code counts the segments of its children too", style="dim")
        self.query_one("#analysis-frequencies-caption", Static).update(frequencies)
        self.heatmap.show(tables.cooccurrence)
        pairs = Text(f"Segments with both codes · {describe(tables.selection)}")
        pairs.append("\nshade: share of the rarer code's segments · bold: a code's own count", style="dim")
        self.query_one("#analysis-cooccurrence-caption", Static).update(pairs)

    # -- drill-down --------------------------------------------------------------------------

    def on_frequency_chart_chosen(self, event: FrequencyChart.Chosen) -> None:
        event.stop()
        self._drill_down(event.bar.label, None)

    def on_cooccurrence_heatmap_chosen(self, event: CooccurrenceHeatmap.Chosen) -> None:
        event.stop()
        self._drill_down(event.code_a, event.code_b)

    @work(thread=True, group="analysis-drill-down")
    def _drill_down(self, code: str, also_code: str | None) -> None:
        """The segments behind a bar or a cell: the same coders, document and rollup as the figure."""
        selection = self.tables.selection if self.tables is not None else self.selection
        try:
            found = self.context.workbench.retrieve(
                code,
                self.context.coder,
                selection.coder,
                also_code=also_code,
                documents=[selection.document] if selection.document else [],
            )
        except QualcodeError as error:
            self.app.call_from_thread(self.workbench_app.report_error, error)
            return
        self.app.call_from_thread(self._show_hits, found)

    def _show_hits(self, found: Retrieval) -> None:
        def chosen(segment: OpenSegment | None) -> None:
            if segment is not None:
                self.post_message(OpenSegment(segment.document_id, segment.position))

        self.app.push_screen(HitsScreen(found), chosen)

    # -- views and export --------------------------------------------------------------------

    def action_next_view(self) -> None:
        self.views.active = COOCCURRENCE if self.view == FREQUENCIES else FREQUENCIES

    def action_export(self) -> None:
        tables = self.tables
        if tables is None:
            self.notify("Still reading the codings: try again in a moment", severity="warning")
            return
        view = self.view
        frame = tables.frequencies if view == FREQUENCIES else tables.cooccurrence

        def chosen(path: Path | None) -> None:
            if path is not None:
                self._export(frame, path)

        title = f"Export {VIEW_TITLES[view].lower()} · {describe(tables.selection)}"
        self.app.push_screen(ExportPromptScreen(title, export_name(view, tables.selection)), chosen)

    @work(thread=True, group="analysis-export")
    def _export(self, frame: pd.DataFrame, path: Path) -> None:
        try:
            write_table(frame, path)
        except QualcodeError as error:
            self.app.call_from_thread(self.workbench_app.report_error, error)
            return
        self.app.call_from_thread(self.notify, f"Wrote {len(frame)} rows to {path}")
