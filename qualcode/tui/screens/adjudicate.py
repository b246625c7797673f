"""Adjudication: a lead walks the disagreements and settles each with one key.

a / b take the first / second coder's codes (1-9 any coder's), u the union, i the intersection,
e edits the set by hand, r writes a rationale for the next decision. A decision is saved at once as
the consensus coder's codings plus a decision-log row; the coders' own codings are never touched.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import ProgressBar, Static

from qualcode.errors import QualcodeError
from qualcode.service.reliability.adjudication import DecisionRecord
from qualcode.service.reliability.results import Choice, Disagreement
from qualcode.service.results import CodeInfo
from qualcode.tui.keys import MOVE, Key, bindings
from qualcode.tui.screens.adjudicate_edit import AdjudicateEditScreen
from qualcode.tui.screens.adjudicate_rationale import AdjudicateRationaleScreen
from qualcode.tui.screens.compare_render import codes_text
from qualcode.tui.screens.disagreements import detail
from qualcode.tui.screens.workbench_screen import WorkbenchScreen
from qualcode.tui.widgets.calm_footer import CalmFooter

TAKE_KEYS = "ab"
ADJUDICATE = "Decide"
"""Letters that take the first and second coder's codes, as in "take A, take B"."""


def decision_text(
    consensus: tuple[int, ...] | None, log: list[DecisionRecord], codes: Mapping[int, CodeInfo]
) -> Text:
    text = Text()
    text.append("consensus  ", style="bold")
    if consensus is None:
        text.append("not decided yet\n", style="yellow")
    else:
        text.append_text(codes_text(consensus, codes))
        text.append("\n")
    for record in log[-3:]:
        when = record.created_at.strftime("%Y-%m-%d %H:%M")
        text.append(f"  {when} {record.lead}: {record.choice}", style="dim")
        text.append(f" — {record.rationale}\n" if record.rationale else "\n", style="dim italic")
    return text


class AdjudicateScreen(WorkbenchScreen):
    """One disagreement at a time, decided with single keys; progress always in view."""

    CSS_PATH = "adjudicate.tcss"
    KEYS: ClassVar[tuple[Key, ...]] = (
        Key("escape", "app.open_screen('coding')", "Back to coding", MOVE, "Back to coding", True),
        Key("a", "take(0)", "Take A", ADJUDICATE, "Take the first coder's codes as the consensus", True),
        Key("b", "take(1)", "Take B", ADJUDICATE, "Take the second coder's codes", True),
        Key("u", "combine('union')", "Union", ADJUDICATE, "Every code any coder gave", True),
        Key("i", "combine('intersection')", "Intersection", ADJUDICATE, "Only the codes all gave", True),
        Key("e", "edit", "Edit", ADJUDICATE, "Choose the consensus codes by hand", True),
        Key("r", "rationale", "Rationale", ADJUDICATE, "Write why; saved with the next decision", True),
        Key("n", "next_undecided", "Next undecided", MOVE, "The next segment not decided yet", True),
        Key("j,down", "move(1)", "Next", MOVE, "Next disagreement", display="↓ j"),
        Key("k,up", "move(-1)", "Previous", MOVE, "Previous disagreement", display="↑ k"),
    )
    """The screen's keys, for its bindings and its help; 1–9 take coder 1–9 when there are more than two."""
    BINDINGS = [
        *bindings(KEYS),
        *(Binding(str(n), f"take({n - 1})", f"Take coder {n}", show=False) for n in range(1, 10)),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: list[Disagreement] = []
        self.index = 0
        self.rationale = ""
        """Written with r; saved with the next decision on this segment."""

    def compose(self) -> ComposeResult:
        with Vertical(id="adjudicate-pane") as pane:
            pane.border_title = "Adjudication"
            yield Static("Finding the disagreements…", id="adjudicate-progress-text")
            yield ProgressBar(id="adjudicate-progress", show_eta=False)
            with VerticalScroll(id="adjudicate-body"):
                yield Static(id="adjudicate-segment")
                yield Static(id="adjudicate-decision")
                yield Static(id="adjudicate-rationale")
        yield CalmFooter()

    @property
    def current(self) -> Disagreement | None:
        return self.items[self.index] if 0 <= self.index < len(self.items) else None

    def on_screen_resume(self) -> None:
        """Shown first or again after coding: read the disagreements afresh."""
        self._load()

    @work(thread=True, exclusive=True, group="adjudicate")
    def _load(self) -> None:
        try:
            found = self.context.workbench.disagreements()
        except QualcodeError as error:
            self.app.call_from_thread(self.workbench_app.report_error, error)
            return
        self.app.call_from_thread(self._loaded, found)

    def _loaded(self, found: list[Disagreement]) -> None:
        keep = self.current.place.segment_id if self.current else None
        self.items = found
        positions = [item.place.segment_id for item in found]
        if keep in positions:
            self.index = positions.index(keep)
        else:
            self.index = next((i for i, item in enumerate(found) if not item.decided), 0)
        self._show()

    def _show(self) -> None:
        decided = sum(item.decided for item in self.items)
        progress = self.query_one("#adjudicate-progress", ProgressBar)
        progress.update(total=max(len(self.items), 1), progress=decided)
        header = self.query_one("#adjudicate-progress-text", Static)
        item = self.current
        if item is None:
            header.update(
                Text("No disagreement: the coders agree on every segment they both judged.", style="green")
            )
            for widget in ("#adjudicate-segment", "#adjudicate-decision", "#adjudicate-rationale"):
                self.query_one(widget, Static).update("")
            return
        keys = Text()
        for number, coder_set in enumerate(item.coders):
            key = TAKE_KEYS[number] if number < len(TAKE_KEYS) else str(number + 1)
            keys.append(f" {key} ", style="bold reverse")
            keys.append(f" {coder_set.coder}  ")
        header.update(
            Text.assemble(
                (f"Disagreement {self.index + 1} of {len(self.items)}", "bold"),
                f" · {decided} decided · {len(self.items) - decided} to go   take: ",
                keys,
            )
        )
        rationale = self.query_one("#adjudicate-rationale", Static)
        rationale.update(
            Text.assemble(("rationale  ", "bold"), self.rationale or ("(r to write one)", "dim"))
        )
        self._load_segment(item)

    @work(thread=True, exclusive=True, group="adjudicate-segment")
    def _load_segment(self, item: Disagreement) -> None:
        workbench = self.context.workbench
        segment_id = item.place.segment_id
        speaker, text = workbench.segment_texts([segment_id]).get(segment_id, ("", ""))
        consensus = workbench.consensus_codes(segment_id)
        log = workbench.decisions([segment_id])
        self.app.call_from_thread(self._segment_loaded, item, speaker, text, consensus, log)

    def _segment_loaded(
        self,
        item: Disagreement,
        speaker: str,
        text: str,
        consensus: tuple[int, ...] | None,
        log: list[DecisionRecord],
    ) -> None:
        if item is not self.current:
            return
        self.query_one("#adjudicate-segment", Static).update(detail(item, speaker, text, self.codes))
        self.query_one("#adjudicate-decision", Static).update(decision_text(consensus, log, self.codes))

    # -- moving -------------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        if self.items:
            self.index = max(0, min(len(self.items) - 1, self.index + step))
            self.rationale = ""
            self._show()

    def action_next_undecided(self) -> None:
        order = list(range(self.index + 1, len(self.items))) + list(range(0, self.index + 1))
        for index in order:
            if not self.items[index].decided:
                self.index = index
                self.rationale = ""
                self._show()
                return
        self.notify("Every disagreement is decided.")

    # -- deciding -----------------------------------------------------------------------------

    def action_take(self, number: int) -> None:
        item = self.current
        if item is None or number >= len(item.coders):
            self.app.bell()
            return
        self._decide(Choice("take", coder=item.coders[number].coder))

    def action_combine(self, kind: str) -> None:
        self._decide(Choice(kind))  # type: ignore[arg-type]

    def action_edit(self) -> None:
        item = self.current
        if item is None:
            return
        union = {code for coder_set in item.coders if coder_set.judged for code in coder_set.code_ids}
        codable = self.workbench_app.codebook.codable
        self.app.push_screen(AdjudicateEditScreen(codable, union, item.place.ref), self._edited)

    def _edited(self, code_ids: tuple[int, ...] | None) -> None:
        if code_ids is not None:
            self._decide(Choice("edit", code_ids=code_ids))

    def action_rationale(self) -> None:
        if self.current is not None:
            self.app.push_screen(AdjudicateRationaleScreen(self.rationale), self._rationale_written)

    def _rationale_written(self, text: str | None) -> None:
        if text is not None:
            self.rationale = text.strip()
            self._show()

    def _decide(self, choice: Choice) -> None:
        item = self.current
        if item is None:
            return
        context = self.context
        try:
            context.workbench.decide(item.place.segment_id, context.coder, choice, rationale=self.rationale)
        except QualcodeError as error:
            self.workbench_app.report_error(error)
            return
        self.items[self.index] = dataclasses.replace(item, decided=True)
        self.rationale = ""
        if all(other.decided for other in self.items):
            self.notify("Every disagreement is decided.")
            self._show()
            return
        self.action_next_undecided()
