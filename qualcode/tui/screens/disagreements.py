"""The disagreement browser: only the segments the coders judged differently, codes side by side with
the codes' definitions, filtered by code when asked."""

from __future__ import annotations

from collections.abc import Container, Mapping, Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable, Static

from qualcode.errors import QualcodeError
from qualcode.service.reliability.results import Disagreement, SpanDifference
from qualcode.service.results import CodeInfo
from qualcode.tui.screens.code_picker import CodePickerScreen
from qualcode.tui.screens.compare_render import codes_text
from qualcode.tui.screens.workbench_screen import WorkbenchScreen
from qualcode.tui.text_fit import cut_end, cut_middle
from qualcode.tui.widgets.calm_footer import CalmFooter


def short(
    code_ids: Sequence[int], codes: Mapping[int, CodeInfo], judged: bool, parts: Container[int] = ()
) -> str:
    """A coder's codes in a list cell; ``~`` marks a code the coders gave different parts of the text."""
    if not judged:
        return "·"
    names = (f"{codes[c].name if c in codes else c}{'~' if c in parts else ''}" for c in code_ids)
    return ", ".join(names) or "—"


def span_text(differences: Sequence[SpanDifference], text: str, codes: Mapping[int, CodeInfo]) -> Text:
    """Each code the coders gave different parts of the segment: every coder's parts, quoted.

    The extents are the service's (the ones `consensus list` prints); this only quotes them.
    """
    shown = Text()
    for difference in differences:
        info = codes.get(difference.code_id)
        shown.append(f"{info.path if info else difference.code_id}\n", style="bold")
        width = max(len(coder) for coder, _spans in difference.extents)
        for coder, spans in difference.extents:
            for index, (start, end) in enumerate(spans):
                shown.append(f"  {coder if index == 0 else '':<{width}}  ", style="dim")
                if (start, end) == (0, difference.segment_length):
                    shown.append("whole segment\n")
                    continue
                shown.append(f"{start}:{end} ", style="dim")
                shown.append(f"“{text[start:end]}”\n")
    return shown


def detail(item: Disagreement, speaker: str, text: str, codes: Mapping[int, CodeInfo]) -> Group:
    """The segment, each coder's codes side by side, and the definitions of the codes in dispute."""
    quoted = Text()
    quoted.append(f"{item.place.ref}  ", style="dim")
    if speaker:
        quoted.append(f"{speaker}: ", style="bold")
    quoted.append(text)
    side = Table(expand=True, box=None, padding=(0, 1), show_edge=False)
    for coder_set in item.coders:
        side.add_column(coder_set.coder, style="", ratio=1)
    side.add_row(*(codes_text(s.code_ids, codes, s.judged) for s in item.coders))
    definitions = Text()
    in_dispute = [*item.differing_code_ids]
    in_dispute += [d.code_id for d in item.span_differences if d.code_id not in in_dispute]
    for code_id in in_dispute:
        info = codes.get(code_id)
        if info is None:
            continue
        definitions.append(f"{info.path}\n", style="bold")
        for label, value in (
            ("", info.definition),
            ("use when: ", info.when_to_use),
            ("not when: ", info.when_not_to_use),
            ("example: ", info.example),
        ):
            if value:
                definitions.append(f"  {label}", style="dim")
                definitions.append(f"{value}\n")
    status = (
        Text("decided: the consensus holds a decision for this segment", style="green")
        if item.decided
        else Text("")
    )
    parts: list[RenderableType] = [quoted, Text(""), side, Text("")]
    if item.span_differences:
        parts += [
            Text("coded parts that differ", style="bold dim"),
            span_text(item.span_differences, text, codes),
        ]
    return Group(*parts, Text("codes in dispute", style="bold dim"), definitions, status)


def column_widths(
    room: int,
    documents: Sequence[str],
    positions: Sequence[int],
    coder_cells: Sequence[Sequence[str]],
    coders: Sequence[str],
) -> tuple[int, list[int]]:
    """Cells for the document column and for each coder's codes, so that every coder stays in view.

    The position and the ✓ are narrow and always whole; the coders share what is left after
    the document name has had up to a third of the row (a long name is cut in the middle).
    """
    padding = 2
    position = max((len(str(number)) for number in positions), default=1) + padding
    fixed = position + 1 + padding
    longest_document = max((len(name) for name in documents), default=8)
    document = min(longest_document, max(12, (room - fixed) // 3))
    rest = room - fixed - document - padding
    wanted = [
        max([len(coder), *(len(cell) for cell in cells)])
        for coder, cells in zip(coders, coder_cells, strict=True)
    ]
    if not wanted:
        return document, []
    share = max(4, rest // len(wanted) - padding)
    widths = [min(width, share) for width in wanted]
    spare = rest - sum(width + padding for width in widths)
    if spare > 0:
        document = min(longest_document, document + spare)
    return document, widths


class DisagreementsScreen(WorkbenchScreen):
    """Browse the disagreements; adjudicate them on the adjudication screen."""

    CSS_PATH = "disagreements.tcss"
    BINDINGS = [
        Binding("escape", "app.open_screen('coding')", "Back to coding"),
        Binding("f", "filter_by_code", "Filter by code"),
        Binding("r", "reload", "Reload"),
    ]
    AUTO_FOCUS = "#disagreements-list"

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[str, Disagreement] = {}
        self.found: list[Disagreement] | None = None
        self.code_filter: CodeInfo | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="disagreements-panes"):
            with Vertical(id="disagreements-list-pane") as pane:
                pane.border_title = "Disagreements"
                yield DataTable(id="disagreements-list", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="disagreements-detail-pane") as pane:
                pane.border_title = "Segment"
                yield Static("Finding the segments the coders judged differently…", id="disagreements-detail")
        yield CalmFooter()

    @property
    def table(self) -> DataTable[str | Text]:
        return self.query_one("#disagreements-list", DataTable)

    @property
    def detail_view(self) -> Static:
        return self.query_one("#disagreements-detail", Static)

    def on_screen_resume(self) -> None:
        """Shown first or again after coding: read the disagreements afresh."""
        self.action_reload()

    def action_reload(self) -> None:
        self._load(self.code_filter.path if self.code_filter else None)

    def action_filter_by_code(self) -> None:
        codebook = self.workbench_app.codebook
        picker = CodePickerScreen(
            codebook.codable, codebook.key_of, "Show disagreements on", offer_clear=True
        )
        self.app.push_screen(picker, self._filter_chosen)

    def _filter_chosen(self, code_id: int | None) -> None:
        if code_id is None:
            return
        self.code_filter = self.codes.get(code_id) if code_id else None
        self.action_reload()

    @work(thread=True, exclusive=True, group="disagreements")
    def _load(self, code: str | None) -> None:
        try:
            found = self.context.workbench.disagreements(code=code)
        except QualcodeError as error:
            self.app.call_from_thread(self.detail_view.update, Text(str(error), style="bold red"))
            return
        self.app.call_from_thread(self._show, found)

    def on_resize(self) -> None:
        if self.found is not None:
            self._show(self.found)

    def _show(self, found: list[Disagreement]) -> None:
        table = self.table
        row = table.cursor_row
        table.clear(columns=True)
        self.found = found
        self.items = {str(item.place.segment_id): item for item in found}
        coders = [coder_set.coder for coder_set in found[0].coders] if found else []
        rows = [
            (
                item,
                [
                    short(s.code_ids, self.codes, s.judged, {d.code_id for d in item.span_differences})
                    for s in item.coders
                ],
                "✓" if item.decided else "",
            )
            for item in found
        ]
        document_width, coder_widths = column_widths(
            table.size.width or 60,
            [item.place.document for item in found],
            [item.place.position for item in found],
            [[cells[index] for _, cells, _ in rows] for index in range(len(coders))],
            coders,
        )
        table.add_column("document", key="document", width=document_width)
        table.add_column(Text("#", justify="right"), key="position")
        for coder, width in zip(coders, coder_widths, strict=True):
            table.add_column(cut_end(coder, width), key=f"coder-{coder}", width=width)
        table.add_column("✓", key="decided")
        for item, cells, mark in rows:
            table.add_row(
                cut_middle(item.place.document, document_width),
                Text(str(item.place.position), justify="right"),
                *(cut_end(cell, width) for cell, width in zip(cells, coder_widths, strict=True)),
                mark,
                key=str(item.place.segment_id),
            )
        pane = self.query_one("#disagreements-list-pane")
        decided = sum(item.decided for item in found)
        pane.border_subtitle = f"{len(found)} · {decided} decided" + (
            f" · on {self.code_filter.path}" if self.code_filter else ""
        )
        if not found:
            self.detail_view.update(
                Text("The coders agree on every segment they both judged.", style="green")
            )
            return
        table.move_cursor(row=min(row, table.row_count - 1) if row else 0)
        self._show_detail(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table is self.table and event.row_key.value:
            self._show_detail(event.row_key.value)

    def _show_detail(self, key: str | None) -> None:
        item = self.items.get(key or "")
        if item is not None:
            self._load_detail(item)

    @work(thread=True, exclusive=True, group="disagreement-detail")
    def _load_detail(self, item: Disagreement) -> None:
        speaker, text = self.context.workbench.segment_texts([item.place.segment_id]).get(
            item.place.segment_id, ("", "")
        )
        self.app.call_from_thread(self.detail_view.update, detail(item, speaker, text, self.codes))
