"""Which segment of a corrected transcript is which segment of the old one, by their text."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class SegmentKey:
    """What matching looks at: a segment's text and where it starts in its document."""

    text: str
    start_char: int


def normalized(text: str) -> str:
    """Text with every run of whitespace made one space: a re-wrapped line is the same speech."""
    return " ".join(text.split())


def match_segments(old: Sequence[SegmentKey], new: Sequence[SegmentKey]) -> dict[int, int]:
    """Pair old segments with new ones whose text is the same; ``{old index: new index}``, one to one.

    Three passes, each over what the earlier ones left: equal text in document order
    (an alignment, so the unchanged turns around an edit anchor it), then equal text
    once whitespace is normalised, aligned within each stretch between anchors; then,
    for segments that moved, equal normalised text paired by the nearest offset and
    position. A segment whose words changed is never paired: work on it cannot be
    assumed to still fit.
    """
    pairs: dict[int, int] = {}
    _align([key.text for key in old], [key.text for key in new], range(len(old)), range(len(new)), pairs)
    old_normal = [normalized(key.text) for key in old]
    new_normal = [normalized(key.text) for key in new]
    for old_gap, new_gap in _gaps(pairs, len(old), len(new)):
        _align(old_normal, new_normal, old_gap, new_gap, pairs)
    _pair_moved(old, new, old_normal, new_normal, pairs)
    return pairs


def _align(
    old: Sequence[str], new: Sequence[str], old_range: range, new_range: range, pairs: dict[int, int]
) -> None:
    if not old_range or not new_range:
        return
    matcher = difflib.SequenceMatcher(
        None, [old[i] for i in old_range], [new[j] for j in new_range], autojunk=False
    )
    for block in matcher.get_matching_blocks():
        for step in range(block.size):
            pairs[old_range[block.a + step]] = new_range[block.b + step]


def _gaps(pairs: dict[int, int], old_count: int, new_count: int) -> list[tuple[range, range]]:
    """The unpaired stretches between consecutive anchors, on both sides."""
    gaps = []
    previous_old, previous_new = -1, -1
    for old_index, new_index in [*sorted(pairs.items()), (old_count, new_count)]:
        gaps.append((range(previous_old + 1, old_index), range(previous_new + 1, new_index)))
        previous_old, previous_new = old_index, new_index
    return gaps


def _pair_moved(
    old: Sequence[SegmentKey],
    new: Sequence[SegmentKey],
    old_normal: Sequence[str],
    new_normal: Sequence[str],
    pairs: dict[int, int],
) -> None:
    taken = set(pairs.values())
    waiting: dict[str, list[int]] = {}
    for j, text in enumerate(new_normal):
        if j not in taken:
            waiting.setdefault(text, []).append(j)
    for i, text in enumerate(old_normal):
        if i in pairs or not waiting.get(text):
            continue
        candidates = waiting[text]
        best = min(candidates, key=lambda j: (abs(new[j].start_char - old[i].start_char), abs(j - i)))
        candidates.remove(best)
        pairs[i] = best
