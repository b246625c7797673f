"""Rich renderables the reliability screens share: verdict colours, code sets, alpha bars with whiskers."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich.text import Text

from qualcode.agreement import RELIABLE, TENTATIVE
from qualcode.service.results import CodeInfo
from qualcode.tui.text_fit import cut_left

VERDICT_STYLES = {
    "reliable": "bold green",
    "tentative": "bold yellow",
    "unreliable": "bold red",
    "undefined": "dim",
    "too few coded units to judge": "dim italic",
    "too few to judge": "dim italic",
}
"""Verdict → style; the colours follow Krippendorff's thresholds, not the value alone."""
BAR_COLOURS = {"reliable": "green", "tentative": "yellow", "unreliable": "red"}


def verdict_text(verdict: str) -> Text:
    """A verdict cell coloured by Krippendorff's reading."""
    base = verdict.removesuffix(" (below minimum)")
    return Text(verdict, style=VERDICT_STYLES.get(base, ""))


def codes_text(code_ids: Sequence[int], codes: Mapping[int, CodeInfo], judged: bool = True) -> Text:
    """A coder's codes on a segment as comma-separated paths, or why there are none."""
    if not judged:
        return Text("not judged", style="dim italic")
    if not code_ids:
        return Text("no code", style="dim")
    return Text(", ".join(codes[c].path if c in codes else f"code {c}" for c in code_ids))


@dataclass(frozen=True)
class Bar:
    """One bar of the chart: a label, alpha, its interval and its verdict."""

    label: str
    value: float
    low: float | None
    high: float | None
    verdict: str


def _cell_char(
    bar: Bar, filled: bool, in_interval: bool, low_here: bool, high_here: bool, threshold: bool
) -> tuple[str, str]:
    colour = BAR_COLOURS.get(bar.verdict, "grey50")
    if low_here or high_here:
        return "┃", f"bold white on {colour}" if filled else f"bold {colour}"
    if filled:
        return "█", colour
    if in_interval:
        return "─", colour
    if threshold:
        return "┊", "dim"
    return " ", ""


def alpha_bars(bars: Sequence[Bar], width: int = 40, label_width: int = 22) -> Text:
    """A text bar chart of alpha on [0, 1]: bars coloured by verdict, ┃ marking the interval's ends,
    ─ the interval beyond the bar, ┊ the .667 and .800 thresholds. Negative alphas show no bar."""
    text = Text(no_wrap=True)
    step = 1.0 / width
    thresholds = {int(TENTATIVE * width), int(RELIABLE * width)}
    for bar in bars:
        label = cut_left(bar.label, label_width)
        text.append(label.ljust(label_width) + " ", style="bold" if bar.verdict in BAR_COLOURS else "dim")
        if not math.isfinite(bar.value) or bar.verdict not in BAR_COLOURS:
            text.append("·" * width, style="dim")
            text.append("  —\n", style="dim")
            continue
        low = bar.low if bar.low is not None else None
        high = bar.high if bar.high is not None else None
        low_cell = None if low is None else min(width - 1, max(0, int(low / step)))
        high_cell = None if high is None else min(width - 1, max(0, int(high / step) - (high >= 1.0)))
        for cell in range(width):
            position = (cell + 0.5) * step
            inside = low is not None and high is not None and low <= position <= high
            char, style = _cell_char(
                bar, position <= bar.value, inside, cell == low_cell, cell == high_cell, cell in thresholds
            )
            text.append(char, style=style)
        interval = f" [{low:.2f}, {high:.2f}]" if low is not None and high is not None else ""
        text.append(f"  {bar.value:.3f}{interval}\n", style=VERDICT_STYLES.get(bar.verdict, ""))
    scale = [" "] * width
    # The ends first, then the thresholds: on a narrow bar a mark that would touch one already
    # placed is left out rather than overprinted.
    for value, mark in ((0.0, "0"), (1.0, "1"), (RELIABLE, ".8"), (TENTATIVE, ".67"), (0.5, ".5")):
        cell = min(width - len(mark), int(value * width))
        if any(char != " " for char in scale[max(0, cell - 1) : cell + len(mark) + 1]):
            continue
        for offset, char in enumerate(mark):
            scale[cell + offset] = char
    text.append(" " * (label_width + 1) + "".join(scale), style="dim")
    return text


COLUMN_ORDER = (
    *("code", "alpha", "verdict", "CI", "n", "kappa", "AC1"),
    *("%agree", "coded", "prev", "%agree coded"),
)
"""The per-code table's columns as the screen shows them: the code, alpha and its verdict first, so
that a narrow terminal drops the secondary figures from the right and never cuts the verdict."""
CODE_WIDTH = 24
"""Longer code paths keep their end (the leaf), ellipsized at the start."""


def fitting_columns(widths: Mapping[str, int], room: int) -> list[str]:
    """The columns of `COLUMN_ORDER` that fit side by side in ``room`` cells, in that order.

    ``widths`` holds each column's widest cell or header; the code, alpha and verdict always stay.
    """
    chosen: list[str] = []
    used = 0
    for index, name in enumerate(COLUMN_ORDER):
        width = widths.get(name, len(name)) + 2
        if index < 3 or used + width <= room:
            chosen.append(name)
            used += width
    return chosen
