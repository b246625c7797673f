"""A horizontal bar chart of segments per code, drawn by plotext with one terminal row per code."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from rich.text import Text
from textual.app import RenderResult
from textual.binding import Binding
from textual.color import Color
from textual.geometry import Size
from textual.message import Message
from textual_plotext import PlotextPlot

from qualcode.tui.text_fit import cut_left

RGB = tuple[int, int, int]

AXIS_LINES = 3
"""Lines plotext draws around the bars: the frame's top edge, the x axis and its tick labels."""

TICK_STEPS = (1, 2, 5)
"""Ticks fall on 1, 2 or 5 times a power of ten, as on a hand-drawn axis."""


@dataclass(frozen=True)
class ChartBar:
    """One code's bar: its path, how many segments carry it, and its codebook colour if it has one."""

    label: str
    segments: int
    color: RGB | None = None
    """None draws the bar in the theme's primary colour."""


def integer_ticks(maximum: int, room: int) -> list[int]:
    """Whole-number ticks from 0 past ``maximum``, at most one per 8 columns of ``room``.

    Segments are counts: the fractional ticks plotext picks for small counts (0.75, 1.50)
    would suggest halves of a segment.
    """
    top = max(1, maximum)
    most = max(1, room // 8)
    magnitude = 1
    while True:
        for factor in TICK_STEPS:
            step = factor * magnitude
            if math.ceil(top / step) <= most:
                return list(range(0, math.ceil(top / step) * step + 1, step))
        magnitude *= 10


class FrequencyChart(PlotextPlot):
    """As tall as its codes, one row each, so bars never share or skip a row; scroll it when long.

    plotext maps the y limits onto the centres of the first and last rows, so the limits are set to
    the first and last bar positions: any other range lets a bar bleed into its neighbour's row.
    """

    DEFAULT_CSS = """
    FrequencyChart {
        width: 1fr;
        height: auto;
    }
    """
    BINDINGS = [
        Binding("down,j", "move(1)", "Next bar", show=False),
        Binding("up,k", "move(-1)", "Previous bar", show=False),
        Binding("enter", "choose", "Segments"),
    ]
    """A cursor over the bars: Enter asks for the segments behind the one marked ▸."""
    can_focus = True

    class Chosen(Message):
        """The user chose a bar: show the segments it counts."""

        def __init__(self, bar: ChartBar) -> None:
            super().__init__()
            self.bar = bar

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes)
        self._bars: tuple[ChartBar, ...] = ()
        self.cursor = 0
        """The bar marked ▸ while the chart has focus."""

    @property
    def bars(self) -> tuple[ChartBar, ...]:
        """What the chart shows now, top to bottom."""
        return self._bars

    def show(self, bars: Iterable[ChartBar]) -> None:
        self._bars = tuple(bars)
        self.cursor = min(self.cursor, max(0, len(self._bars) - 1))
        self.refresh(layout=True)

    def action_move(self, step: int) -> None:
        if self._bars:
            self.cursor = max(0, min(len(self._bars) - 1, self.cursor + step))
            self.refresh()

    def action_choose(self) -> None:
        if self._bars:
            self.post_message(self.Chosen(self._bars[self.cursor]))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._bars) + AXIS_LINES if self._bars else 1

    def render(self) -> RenderResult:
        if not self._bars or self.size.width < 20:
            return Text("")
        self._draw()
        return super().render()

    def _draw(self) -> None:
        plot = self.plt
        plot.clear_data()
        count = len(self._bars)
        top = max(bar.segments for bar in self._bars)
        digits = len(str(top))
        label_width = max(8, self.size.width // 3 - digits - 1)
        calm = Color.parse(self.app.theme_variables.get("primary", "#4682B4")).rgb
        positions = list(range(count, 0, -1))
        for position, bar in zip(positions, self._bars, strict=True):
            plot.bar(
                [position],
                [bar.segments],
                orientation="horizontal",
                color=bar.color or calm,
                width=0.5,
                reset_ticks=False,
            )
        if count > 1:
            plot.ylim(1, count)
        else:
            plot.ylim(0.5, 1.5)
        marked = self.cursor if self.has_focus else None
        width = label_width - 1
        labels = [
            f"{'▸' if index == marked else ' '}{cut_left(bar.label, width)} {bar.segments:>{digits}}"
            for index, bar in enumerate(self._bars)
        ]
        plot.yticks([float(position) for position in positions], labels)
        ticks = integer_ticks(top, self.size.width - label_width - digits - 3)
        plot.xlim(0, ticks[-1])
        plot.xticks([float(tick) for tick in ticks])
