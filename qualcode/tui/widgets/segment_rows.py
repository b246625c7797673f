"""Laying out one segment as terminal lines: speaker header and times, coloured code tags, wrapped text.

Kept apart from the scrolling widget so that the look of a segment can be
read (and changed) in one place, and so that layout is a pure function the
widget can cache per segment and width.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from qualcode.service.coding_ops import SegmentLine
from qualcode.tui.widgets.text_selection import TextSelection

GUTTER = "▍ "
GUTTER_WIDTH = 2
RIGHT_MARGIN = 1


@dataclass(frozen=True)
class CodeTag:
    """How a code looks on a segment: its name on its codebook colour."""

    name: str
    color: str
    """A hex colour from the codebook, or empty for the theme's tag style."""


@dataclass(frozen=True)
class RowStyles:
    """The Rich styles of a row's parts, read from the widget's component classes."""

    speaker: Style
    position: Style
    text: Style
    reviewed: Style
    pending: Style
    flagged: Style
    memo: Style
    match: Style
    placeholder: Style
    tag: Style
    marked: Style
    """Text the coder is selecting, to code a part of the segment."""
    caret: Style
    focus: Style
    """The coded span the coder moved to with tab."""

    @classmethod
    def read(cls, style_of: Callable[[str], Style]) -> RowStyles:
        """Each part's style from the component class named after it (``segment-list--speaker``…)."""
        return cls(**{part.name: style_of(part.name) for part in fields(cls)})


def tag_style(color: str, fallback: Style) -> Style:
    """The codebook colour as background, with black or white text, whichever reads better."""
    hex_digits = color.lstrip("#")
    if len(hex_digits) == 3:
        hex_digits = "".join(digit * 2 for digit in hex_digits)
    if len(hex_digits) != 6:
        return fallback
    try:
        red, green, blue = (int(hex_digits[index : index + 2], 16) for index in (0, 2, 4))
    except ValueError:
        return fallback
    luminance = 0.299 * red + 0.587 * green + 0.114 * blue
    return Style(color="#000000" if luminance > 150 else "#FFFFFF", bgcolor=f"#{hex_digits}")


def _strip(text: Text, gutter: Style, width: int, console: Console) -> Strip:
    segments = [Segment(GUTTER, gutter), *text.render(console, end="")]
    return Strip(segments).adjust_cell_length(width)


def clock(seconds: float) -> str:
    """A subtitle time as the transcript tools print it: m:ss, or h:mm:ss past the hour."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _times(line: SegmentLine) -> str:
    if line.start_time is None:
        return ""
    if line.end_time is None or line.end_time == line.start_time:
        return clock(line.start_time)
    return f"{clock(line.start_time)}–{clock(line.end_time)}"


def _header(line: SegmentLine, styles: RowStyles, body_width: int) -> Text:
    marks = Text()
    if line.has_memo:
        marks.append(" ✎", styles.memo)
    if line.flagged:
        marks.append(" ⚑", styles.flagged)
    marks.append(" ✓" if line.reviewed else " ○", styles.reviewed if line.reviewed else styles.pending)
    header = Text(no_wrap=True, overflow="ellipsis")
    if line.speaker:
        header.append(line.speaker, styles.speaker)
        header.append("  ")
    header.append(f"#{line.position}", styles.position)
    times = _times(line)
    if times:
        header.append(f"  {times}", styles.position)
    room = body_width - marks.cell_len
    header.truncate(max(room, 1), overflow="ellipsis")
    header.pad_right(max(room - header.cell_len, 0))
    return header + marks


def _tag_of(tags: Mapping[int, CodeTag], code_id: int) -> CodeTag:
    return tags.get(code_id, CodeTag(f"code {code_id}", ""))


def _tags(line: SegmentLine, tags: Mapping[int, CodeTag], styles: RowStyles) -> Text | None:
    """Whole-segment codes as plain tags; a code given to part of the text in quotes, with its count."""
    if not line.code_ids:
        return None
    text = Text()
    labels = [(code_id, _tag_of(tags, code_id).name) for code_id in line.whole_code_ids]
    counts: dict[int, int] = {}
    for span in line.spans:
        counts[span.code_id] = counts.get(span.code_id, 0) + 1
    for code_id, count in counts.items():
        name = _tag_of(tags, code_id).name
        labels.append((code_id, f"“{name}”" + (f"×{count}" if count > 1 else "")))
    for index, (code_id, label) in enumerate(labels):
        if index:
            text.append(" ")
        text.append(f" {label} ", tag_style(_tag_of(tags, code_id).color, styles.tag))
    return text


def _mark_spans(
    body: Text,
    line: SegmentLine,
    tags: Mapping[int, CodeTag],
    styles: RowStyles,
    selection: TextSelection | None,
) -> None:
    """Coded spans in their codes' colours; the selection or caret, and the span worked on, over them."""
    for span in line.spans:
        body.stylize(tag_style(_tag_of(tags, span.code_id).color, styles.tag), span.start, span.end)
    if selection is None:
        return
    if selection.span is not None:
        body.stylize(styles.focus, selection.span.start, selection.span.end)
    if not selection.empty:
        body.stylize(styles.marked, selection.start, selection.end)
    elif selection.caret < len(line.text):
        body.stylize(styles.caret, selection.caret, selection.caret + 1)
    else:
        body.append(" ", styles.caret)


@dataclass(frozen=True)
class SegmentLayout:
    """A segment's terminal lines and what the view needs to know to scroll through them."""

    strips: list[Strip]
    """Header, code tags, wrapped text, and a blank separator line."""
    head: int
    """Lines of header and tags: they stay pinned while a long segment is scrolled."""
    match_lines: tuple[int, ...] = ()
    """Text lines (from 0) that hold a search match, so a hit can be scrolled into view."""
    caret_line: int | None = None
    """The text line (from 0) holding the caret of a selection in this segment, to keep it in view."""


def layout_segment(
    line: SegmentLine,
    width: int,
    styles: RowStyles,
    tags: Mapping[int, CodeTag],
    highlight: str,
    console: Console,
    selection: TextSelection | None = None,
) -> SegmentLayout:
    """A segment's lines at ``width`` cells: the head first, so its codes show with its speaker."""
    body_width = max(width - GUTTER_WIDTH - RIGHT_MARGIN, 8)
    if line.flagged:
        gutter = styles.flagged
    elif line.reviewed:
        gutter = styles.reviewed
    else:
        gutter = styles.pending
    strips = [_strip(_header(line, styles, body_width), gutter, width, console)]
    tag_text = _tags(line, tags, styles)
    if tag_text is not None:
        for wrapped in tag_text.wrap(console, body_width):
            strips.append(_strip(wrapped, gutter, width, console))
    head = len(strips)
    body = Text(line.text or "(empty)", style=styles.text if line.text else styles.placeholder)
    if line.text:
        _mark_spans(body, line, tags, styles, selection)
    if highlight:
        body.highlight_words([highlight], styles.match, case_sensitive=False)
    match_lines = []
    selected_lines = []
    selecting = (styles.marked, styles.caret)
    for index, wrapped in enumerate(body.wrap(console, body_width)):
        if highlight and any(span.style == styles.match for span in wrapped.spans):
            match_lines.append(index)
        if selection is not None and any(span.style in selecting for span in wrapped.spans):
            selected_lines.append(index)
        strips.append(_strip(wrapped, gutter, width, console))
    strips.append(Strip.blank(width))
    caret_line = None
    if selected_lines and selection is not None:
        caret_line = selected_lines[0] if selection.caret < selection.anchor else selected_lines[-1]
    return SegmentLayout(strips, head, tuple(match_lines), caret_line)


def placeholder_rows(width: int, styles: RowStyles, console: Console) -> SegmentLayout:
    """What a row shows while its segment is still being read: it keeps the scroll steady."""
    strips = [_strip(Text("…", styles.placeholder), styles.pending, width, console), Strip.blank(width)]
    return SegmentLayout(strips, 1)
