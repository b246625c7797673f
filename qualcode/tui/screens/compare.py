"""The compare screen: codes × coefficients with intervals and verdicts, alpha bars, groups, sets, confusion.

The report is the one `qualcode agree` prints (`Workbench.agreement_report`), computed in a thread
worker; the cells come from the same row functions as the CLI's table, so the numbers read alike.
"""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import reactive
from textual.widgets import DataTable, Static

from qualcode.errors import ProjectError, QualcodeError
from qualcode.service.reliability.render import (
    PER_CODE_HEADERS,
    interval,
    number,
    per_code_rows,
    summary_rows,
)
from qualcode.service.reliability.report import ReliabilityOptions, ReliabilityReport
from qualcode.service.reliability.results import SamplingReport
from qualcode.store.models import CoderRole
from qualcode.tui.screens.compare_render import CODE_WIDTH, Bar, alpha_bars, fitting_columns, verdict_text
from qualcode.tui.screens.compare_sample import CompareSampleScreen
from qualcode.tui.screens.confirm import ConfirmScreen
from qualcode.tui.screens.workbench_screen import WorkbenchScreen
from qualcode.tui.text_fit import cut_left
from qualcode.tui.widgets.calm_footer import CalmFooter

BOOTSTRAP_REPLICATES = 1000
LABEL_WIDTH = 20
NARROW = 100
"""Below this many cells the long verdict is abbreviated, so that kappa and AC1 find room."""
TOO_FEW = "too few coded units to judge"
TEXT_COLUMNS = ("code", "verdict")
"""Left-aligned; the figures are right-aligned."""


def scope_text(report: ReliabilityReport) -> Text:
    """The header: the facts a methods section states, one per line."""
    text = Text()
    wanted = ("Coders", "Units", "Codebook", "Interval")
    for label, value in summary_rows(report):
        if label in wanted:
            if label == "Interval" and value.startswith("none"):
                value = "none (b computes bootstrap intervals)"
            text.append(f"{label:<9}", style="bold")
            text.append(f"{value}\n")
    text.append("unit: segment, judged by 2+ coders; unjudged = missing, never absent", style="dim")
    return text


def overall_text(report: ReliabilityReport) -> Text:
    """Mean and pooled per-code figures, each group, and the set-valued alpha."""
    text = Text()
    if report.per_code is not None:
        section = report.per_code
        text.append("Per code  ", style="bold")
        text.append(f"mean of {section.n_codes_judged} judged codes {number(section.mean_alpha)}\n")
        text.append("Pooled    ", style="bold")
        text.append(number(section.pooled.pooled_alpha.value) + " ")
        text.append_text(verdict_text(section.pooled_verdict))
        text.append("\n")
    for group in report.groups or ():
        text.append("Group     ", style="bold")
        text.append(f"{group.group} ({len(group.codes)} codes, nominal) alpha {number(group.alpha.value)} ")
        if group.interval is not None:
            text.append(interval(group.interval.ci_low, group.interval.ci_high) + " ")
        text.append_text(verdict_text(group.verdict))
        text.append("\n")
    if report.groups == ():
        text.append("Group     none: mark a parent `exclusive: true` in the codebook\n", style="dim")
    if report.set_valued is not None:
        text.append("Set       ", style="bold")
        result = report.set_valued
        text.append(f"{result.alpha.level} alpha {number(result.alpha.value)} ")
        if result.interval is not None:
            text.append(interval(result.interval.ci_low, result.interval.ci_high) + " ")
        text.append_text(verdict_text(result.verdict))
        text.append("\n")
    for note in report.notes:
        text.append(f"{note}\n", style="dim italic")
    return text


class CompareScreen(WorkbenchScreen):
    """A lead's view of how reliable the coding is, code by code."""

    CSS_PATH = "compare.tcss"
    BINDINGS = [
        Binding("escape", "app.open_screen('coding')", "Back to coding"),
        Binding("r", "reload", "Reload"),
        Binding("b", "toggle_intervals", "Intervals"),
        Binding("c", "next_pair", "Confusion pair"),
        Binding("s", "sample", "Overlap sample"),
    ]
    AUTO_FOCUS = "#compare-codes"

    intervals: reactive[bool] = reactive(False)
    """Bootstrap intervals for alpha (1,000 unit-bootstrap replicates) are drawn only when asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.report: ReliabilityReport | None = None
        self.pair_index = 0
        self.bars: list[Bar] = []
        self.shown_columns: list[str] = []
        """The per-code columns that fit the terminal's width, in the order shown."""

    def compose(self) -> ComposeResult:
        with Vertical(id="compare-pane") as pane:
            pane.border_title = "Agreement"
            yield Static("Comparing coders…", id="compare-scope")
            yield DataTable(id="compare-codes", cursor_type="row", zebra_stripes=True)
            with Horizontal(id="compare-lower"):
                with VerticalScroll(id="compare-bars-pane") as bars:
                    bars.border_title = "alpha per code"
                    yield Static(id="compare-bars")
                with VerticalScroll(id="compare-side") as side:
                    side.border_title = "overall · confusion"
                    yield Static(id="compare-overall")
                    yield DataTable(id="compare-confusion", cursor_type="none", show_cursor=False)
        yield CalmFooter()

    @property
    def codes_table(self) -> DataTable[Text | str]:
        return self.query_one("#compare-codes", DataTable)

    @property
    def confusion_table(self) -> DataTable[Text | str]:
        return self.query_one("#compare-confusion", DataTable)

    def on_screen_resume(self) -> None:
        """Shown first or again after coding: compute the report afresh."""
        self.action_reload()

    def action_reload(self) -> None:
        self._load(self._options())

    def action_toggle_intervals(self) -> None:
        self.intervals = not self.intervals

    def watch_intervals(self, _old: bool, _new: bool) -> None:
        if self.is_mounted:
            self.action_reload()

    def action_next_pair(self) -> None:
        self.pair_index += 1
        self.action_reload()

    def _options(self) -> ReliabilityOptions:
        pair = None
        if self.report is not None and len(self.report.scope.coders) > 2:
            coders = self.report.scope.coders
            pairs = [(a, b) for i, a in enumerate(coders) for b in coders[i + 1 :]]
            pair = pairs[self.pair_index % len(pairs)]
        return ReliabilityOptions(n_boot=BOOTSTRAP_REPLICATES if self.intervals else 0, confusion=pair)

    @work(thread=True, exclusive=True, group="compare")
    def _load(self, options: ReliabilityOptions) -> None:
        try:
            report = self.context.workbench.agreement_report(options)
        except QualcodeError as error:
            self.app.call_from_thread(self._show_error, error)
            return
        self.app.call_from_thread(self._show, report)

    def _show_error(self, error: QualcodeError) -> None:
        self.query_one("#compare-scope", Static).update(Text(str(error), style="bold red"))

    def _show(self, report: ReliabilityReport) -> None:
        first = self.report is None
        self.report = report
        self.query_one("#compare-scope", Static).update(scope_text(report))
        self._show_codes(report)
        self.query_one("#compare-overall", Static).update(overall_text(report))
        self._show_confusion(report)
        if first and len(report.scope.coders) > 2 and report.confusion is None:
            self.action_reload()

    def _show_codes(self, report: ReliabilityReport) -> None:
        """The per-code table with as many columns as fit: code, alpha and verdict always, in full."""
        table = self.codes_table
        row = table.cursor_row
        rows = [dict(zip(PER_CODE_HEADERS, cells, strict=True)) for cells in per_code_rows(report)]
        room = (table.size.width or self.size.width or 120) - 2
        for cells in rows:
            cells["code"] = cut_left(cells["code"], CODE_WIDTH)
            if room < NARROW:
                cells["verdict"] = cells["verdict"].replace(TOO_FEW, "too few to judge")
        widths = {name: max([len(name), *(len(cells[name]) for cells in rows)]) for name in PER_CODE_HEADERS}
        columns = fitting_columns(widths, room)
        self.shown_columns = columns
        table.clear(columns=True)
        for name in columns:
            header = name if name in TEXT_COLUMNS else Text(name, justify="right")
            table.add_column(header, key=name, width=widths[name])
        bars = []
        for cells, code in zip(rows, report.per_code.codes if report.per_code else (), strict=True):
            table.add_row(*(self._cell(name, cells[name]) for name in columns), key=code.code)
            bars.append(Bar(code.code, code.alpha.value, code.alpha.ci_low, code.alpha.ci_high, code.verdict))
        if row and row < table.row_count:
            table.move_cursor(row=row)
        self.bars = bars
        self._draw_bars()

    @staticmethod
    def _cell(name: str, value: str) -> Text | str:
        if name == "verdict":
            return verdict_text(value)
        return value if name in TEXT_COLUMNS else Text(value, justify="right")

    def on_resize(self) -> None:
        if self.report is not None:
            self._show_codes(self.report)
        else:
            self._draw_bars()

    def _draw_bars(self) -> None:
        """Bars as wide as the pane allows, next to the label and the printed value and interval."""
        view = self.query_one("#compare-bars", Static)
        room = view.size.width or 60
        width = max(10, room - LABEL_WIDTH - 1 - 24)
        legend = Text("coloured by verdict · ┃ interval · ┊ .667, .800", style="dim")
        view.update(Group(alpha_bars(self.bars, width, LABEL_WIDTH), Text(""), legend))

    def _show_confusion(self, report: ReliabilityReport) -> None:
        table = self.confusion_table
        table.clear(columns=True)
        confusion = report.confusion
        self.query_one("#compare-side").border_subtitle = (
            f"rows {confusion.row_coder} · columns {confusion.column_coder}" if confusion else ""
        )
        if confusion is None:
            return
        names = [label.rsplit("/", 1)[-1] for label in confusion.labels]
        table.add_column(f"{confusion.row_coder} \\ {confusion.column_coder}", key="row")
        for name in names:
            table.add_column(Text(name, justify="right"), key=f"col-{name}")
        for i, name in enumerate(names):
            cells = [
                Text(
                    str(int(count)),
                    justify="right",
                    style="bold" if i == j and count else ("dim" if not count else ""),
                )
                for j, count in enumerate(confusion.counts[i])
            ]
            table.add_row(name, *cells)

    # -- overlap sampling ---------------------------------------------------------------------

    def action_sample(self) -> None:
        """Draw the overlap sample for the project's coders (role coder; the lead too if fewer than two)."""
        people = self.context.workbench.coders()
        coders = tuple(c.name for c in people if c.role == CoderRole.CODER.value)
        if len(coders) < 2:
            coders = tuple(c.name for c in people if c.role in (CoderRole.CODER.value, CoderRole.LEAD.value))

        def chosen(answer: tuple[float, int | None] | None) -> None:
            if answer is not None:
                self._sample(coders, answer[0], answer[1], False)

        self.app.push_screen(CompareSampleScreen(coders), chosen)

    @work(thread=True, exclusive=True, group="sample")
    def _sample(self, coders: tuple[str, ...], share: float, seed: int | None, replace: bool) -> None:
        try:
            report = self.context.workbench.sample_overlap(coders, share, seed, replace=replace)
        except ProjectError as error:
            self.app.call_from_thread(self._ask_to_replace, coders, share, seed, str(error))
            return
        except QualcodeError as error:
            self.app.call_from_thread(self.workbench_app.report_error, error)
            return
        self.app.call_from_thread(self._sampled, report)

    def _ask_to_replace(self, coders: tuple[str, ...], share: float, seed: int | None, message: str) -> None:
        def answered(replace: bool | None) -> None:
            if replace:
                self._sample(coders, share, seed, True)

        question = (
            message.replace(": add --replace to draw a new sample", "") + ". Replace them with a new sample?"
        )
        self.app.push_screen(ConfirmScreen(question), answered)

    def _sampled(self, report: SamplingReport) -> None:
        per_coder = ", ".join(f"{item.coder} {item.assigned}" for item in report.per_coder)
        self.notify(
            f"Sampled {report.n_overlap} of {report.n_segments} segments for every coder "
            f"(seed {report.seed}); assigned: {per_coder}",
            timeout=8,
        )
