"""Span codings through the Workbench: toggling, moving, removing, undo, and what readers count."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from factories import CODEBOOK_V1, INTERVIEW, write
from tui_fixtures import codings, reviews, rows

from qualcode.errors import NotFoundError, SpanError
from qualcode.service import Workbench
from qualcode.service.results import SpanCoding
from qualcode.store.spans import SpanKey, SpanMark

SECOND = (
    "We started with listening circles. Nobody had a plan.\n\nIt took a year before we wrote anything down."
)


@pytest.fixture
def coded(workbench: Workbench, tmp_path: Path) -> Workbench:
    workbench.load_codebook(write(tmp_path / "book.yaml", CODEBOOK_V1))
    workbench.import_files([write(tmp_path / "a-interview.txt", INTERVIEW)])
    workbench.add_coder("ana")
    workbench.add_coder("ben")
    return workbench


def _segment(workbench: Workbench, position: int) -> int:
    return workbench.resolve_segment(f"a-interview:{position}")


def span_rows(workbench: Workbench) -> list[tuple]:
    """(position, code, coder, start, end, quote hash) for every coding, in order."""
    return rows(
        workbench,
        "SELECT segment.position, code.name, coder.name, coding.span_start, coding.span_end, "
        "coding.quote_hash "
        "FROM coding JOIN segment ON segment.id = coding.segment_id "
        "JOIN code ON code.id = coding.code_id JOIN coder ON coder.id = coding.coder_id "
        "ORDER BY segment.position, code.name, coder.name, coding.span_start, coding.span_end",
    )


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_a_span_toggles_on_with_its_offsets_and_quote_hash_and_off_again(
    coded: Workbench,
) -> None:
    segment, power = _segment(coded, 2), coded.find_code("power").id
    assert coded.segments(coded.documents()[0].id)[1].text == SECOND
    added = coded.toggle_span(segment, power, "ana", 16, 33)
    assert span_rows(coded) == [(2, "power", "ana", 16, 33, _hash("listening circles"))]
    assert reviews(coded) == [("a-interview", 2, "ana", "done", False)]
    assert coded.segment_spans(segment, "ana") == [SpanCoding(power, "power", 16, 33, "listening circles")]
    assert coded.segment_spans(segment, "ben") == []
    assert added.segment_ids == (segment,)
    removed = coded.toggle_span(segment, power, "ana", 16, 33)
    assert span_rows(coded) == []
    coded.undo(removed)
    assert span_rows(coded) == [(2, "power", "ana", 16, 33, _hash("listening circles"))]
    coded.undo(added)
    assert (span_rows(coded), reviews(coded)) == ([], [])


def test_whole_segment_toggle_leaves_the_segments_spans_alone(coded: Workbench) -> None:
    segment, power = _segment(coded, 2), coded.find_code("power").id
    coded.toggle_span(segment, power, "ana", 0, 10)
    whole = coded.toggle_code([segment], power, "ana")
    assert span_rows(coded) == [
        (2, "power", "ana", 0, 10, _hash("We started")),
        (2, "power", "ana", 0, len(SECOND), _hash(SECOND)),
    ]
    assert coded.segment_spans(segment, "ana") == [SpanCoding(power, "power", 0, 10, "We started")]
    coded.toggle_code([segment], power, "ana")
    assert span_rows(coded) == [(2, "power", "ana", 0, 10, _hash("We started"))]
    coded.undo(whole)
    assert span_rows(coded) == [(2, "power", "ana", 0, 10, _hash("We started"))]


def test_resizing_and_removing_a_span_are_undoable(coded: Workbench) -> None:
    segment, power = _segment(coded, 2), coded.find_code("power").id
    coded.toggle_span(segment, power, "ana", 16, 25)
    moved = coded.resize_span(segment, power, "ana", (16, 25), 16, 33)
    assert coded.segment_spans(segment, "ana") == [SpanCoding(power, "power", 16, 33, "listening circles")]
    coded.undo(moved)
    assert coded.segment_spans(segment, "ana") == [SpanCoding(power, "power", 16, 25, "listening")]
    gone = coded.remove_span(segment, power, "ana", 16, 25)
    assert span_rows(coded) == []
    coded.undo(gone)
    assert span_rows(coded) == [(2, "power", "ana", 16, 25, _hash("listening"))]
    with pytest.raises(NotFoundError, match=r"no span 0:5 of 'power'"):
        coded.remove_span(segment, power, "ana", 0, 5)


def test_moving_a_span_onto_another_of_its_code_merges_them_until_undone(
    coded: Workbench,
) -> None:
    segment, power = _segment(coded, 2), coded.find_code("power").id
    coded.toggle_span(segment, power, "ana", 0, 10)
    coded.toggle_span(segment, power, "ana", 16, 33)
    merged = coded.resize_span(segment, power, "ana", (0, 10), 16, 33)
    assert coded.segment_spans(segment, "ana") == [SpanCoding(power, "power", 16, 33, "listening circles")]
    coded.undo(merged)
    assert [(s.start, s.end) for s in coded.segment_spans(segment, "ana")] == [(0, 10), (16, 33)]


@pytest.mark.parametrize(
    ("start", "end"),
    [(-1, 4), (40, len(SECOND) + 1), (10, 10), (12, 3)],
    ids=["negative", "past-end", "empty", "reversed"],
)
def test_offsets_outside_the_segment_are_refused_naming_it_and_its_length(
    coded: Workbench, start: int, end: int
) -> None:
    segment, power = _segment(coded, 2), coded.find_code("power").id
    with pytest.raises(SpanError) as raised:
        coded.toggle_span(segment, power, "ana", start, end)
    assert str(raised.value) == (
        f"span {start}:{end} does not fit segment a-interview:2, which has 100 characters: "
        "give START:END with 0 <= START < END <= 100"
    )
    assert span_rows(coded) == []


def test_two_spans_of_one_code_count_once_for_the_segment(coded: Workbench) -> None:
    segment, power = _segment(coded, 2), coded.find_code("power").id
    document = coded.documents()[0].id
    coded.toggle_span(segment, power, "ana", 0, 10)
    coded.toggle_span(segment, power, "ana", 16, 33)
    assert codings(coded) == [("a-interview", 2, "power", "ana"), ("a-interview", 2, "power", "ana")]
    assert [line.code_ids for line in coded.segment_lines([segment], "ana")] == [(power,)]
    assert coded.positions_with_code(document, power, "ana") == [2]


def test_a_span_of_an_exclusive_code_replaces_the_siblings_on_the_same_words_until_undone(
    coded: Workbench,
) -> None:
    segment = _segment(coded, 2)
    hopeful, critical = coded.find_code("hopeful").id, coded.find_code("critical").id
    coded.toggle_span(segment, hopeful, "ana", 0, 10)
    coded.toggle_span(segment, hopeful, "ana", 35, 53)
    replaced = coded.toggle_span(segment, critical, "ana", 5, 33)
    assert span_rows(coded) == [
        (2, "critical", "ana", 5, 33, _hash("arted with listening circles")),
        (2, "hopeful", "ana", 35, 53, _hash("Nobody had a plan.")),
    ]
    coded.undo(replaced)
    assert span_rows(coded) == [
        (2, "hopeful", "ana", 0, 10, _hash("We started")),
        (2, "hopeful", "ana", 35, 53, _hash("Nobody had a plan.")),
    ]


def test_whole_segment_and_span_codes_of_an_exclusive_group_replace_each_other(
    coded: Workbench,
) -> None:
    segment = _segment(coded, 2)
    hopeful, critical = coded.find_code("hopeful").id, coded.find_code("critical").id
    coded.toggle_span(segment, hopeful, "ana", 0, 10)
    whole = coded.toggle_code([segment], critical, "ana")
    assert span_rows(coded) == [(2, "critical", "ana", 0, len(SECOND), _hash(SECOND))]
    assert whole.spans_removed == (SpanKey(segment, hopeful, 0, 10),)
    part = coded.toggle_span(segment, hopeful, "ana", 16, 33)
    assert span_rows(coded) == [(2, "hopeful", "ana", 16, 33, _hash("listening circles"))]
    coded.undo(part)
    coded.undo(whole)
    assert span_rows(coded) == [(2, "hopeful", "ana", 0, 10, _hash("We started"))]


def test_a_segment_line_carries_whole_codes_and_spans_and_follows_a_change(coded: Workbench) -> None:
    segment, power = _segment(coded, 2), coded.find_code("power").id
    relational = coded.find_code("relational").id
    coded.toggle_code([segment], relational, "ana")
    (line,) = coded.segment_lines([segment], "ana")
    change = coded.toggle_span(segment, power, "ana", 16, 33)
    (read,) = coded.segment_lines([segment], "ana")
    assert line.after(change) == read
    assert (read.code_ids, read.whole_code_ids, read.spans) == (
        (relational, power),
        (relational,),
        (SpanMark(16, 33, power),),
    )
    undone = coded.undo(change)
    assert read.after(undone) == line == coded.segment_lines([segment], "ana")[0]


def test_moving_a_span_onto_an_exclusive_siblings_words_replaces_the_sibling(coded: Workbench) -> None:
    segment = _segment(coded, 2)
    hopeful, critical = coded.find_code("hopeful").id, coded.find_code("critical").id
    coded.toggle_span(segment, hopeful, "ana", 0, 10)
    coded.toggle_span(segment, critical, "ana", 16, 33)
    moved = coded.resize_span(segment, critical, "ana", (16, 33), 5, 33)
    assert span_rows(coded) == [(2, "critical", "ana", 5, 33, _hash("arted with listening circles"))]
    coded.undo(moved)
    assert span_rows(coded) == [
        (2, "critical", "ana", 16, 33, _hash("listening circles")),
        (2, "hopeful", "ana", 0, 10, _hash("We started")),
    ]
