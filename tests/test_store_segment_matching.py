"""Matching a corrected transcript's segments to the stored ones: by text, then whitespace, then place."""

from __future__ import annotations

import pytest

from qualcode.store.segment_matching import SegmentKey, match_segments


def keys(*texts: str) -> list[SegmentKey]:
    """Segments laid end to end, two characters apart, as a transcript puts them."""
    found, start = [], 0
    for text in texts:
        found.append(SegmentKey(text, start))
        start += len(text) + 2
    return found


# (name, old texts, new texts, expected {old index: new index})
CASES = [
    ("unchanged", ("A.", "B.", "C."), ("A.", "B.", "C."), {0: 0, 1: 1, 2: 2}),
    ("one turn corrected", ("A.", "B.", "C."), ("A.", "B!", "C."), {0: 0, 2: 2}),
    ("a turn inserted", ("A.", "B."), ("A.", "new", "B."), {0: 0, 1: 2}),
    ("a turn cut", ("A.", "B.", "C."), ("A.", "C."), {0: 0, 2: 1}),
    ("re-wrapped", ("one two\nthree",), ("one  two three",), {0: 0}),
    ("only case changed is a change", ("Yes.",), ("yes.",), {}),
    (
        "a repeated answer: the one that was cut goes, the one still there stays",
        ("Q1", "Yes.", "Q2", "long answer", "Q3", "Yes."),
        ("Q2", "long answer", "Q3", "Yes."),
        {2: 0, 3: 1, 4: 2, 5: 3},
    ),
    ("a moved turn follows its text", ("A.", "B.", "C."), ("C.", "A.", "B."), {0: 1, 1: 2, 2: 0}),
    (
        "a moved repeated turn goes to the nearest copy",
        ("x", "Yes.", "y", "z", "Yes."),
        ("Yes.", "y", "z", "x", "Yes!"),
        {1: 0, 2: 1, 3: 2, 0: 3},
    ),
    ("empty old", (), ("A.",), {}),
]


@pytest.mark.parametrize(("name", "old", "new", "expected"), CASES, ids=[case[0] for case in CASES])
def test_segments_are_paired_by_their_text(
    name: str, old: tuple[str, ...], new: tuple[str, ...], expected: dict[int, int]
) -> None:
    assert match_segments(keys(*old), keys(*new)) == expected


def test_pairs_are_one_to_one_even_when_a_text_repeats() -> None:
    pairs = match_segments(keys("Yes.", "Yes.", "Yes."), keys("Yes.", "Yes."))
    assert pairs == {0: 0, 1: 1}
