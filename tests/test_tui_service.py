"""The Workbench methods the coding screen stands on, on SQLite and on PostgreSQL alike."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from factories import CODEBOOK_V1, INTERVIEW, write
from tui_fixtures import codings, long_interview, memos, reviews

from qualcode.errors import CodebookError, CodingError
from qualcode.service import Workbench
from qualcode.service.coding_ops import CodeFields


@pytest.fixture
def coded(workbench: Workbench, tmp_path: Path) -> Workbench:
    workbench.load_codebook(write(tmp_path / "book.yaml", CODEBOOK_V1))
    workbench.import_files(
        [write(tmp_path / "a-interview.txt", INTERVIEW), write(tmp_path / "b-second.txt", long_interview(12))]
    )
    workbench.add_coder("ana")
    return workbench


def _ids(workbench: Workbench, document: str, *positions: int) -> list[int]:
    return [workbench.resolve_segment(f"{document}:{position}") for position in positions]


def test_toggle_then_undo_restores_codings_and_reviews_exactly(coded: Workbench) -> None:
    hopeful, critical = coded.find_code("hopeful").id, coded.find_code("critical").id
    first = coded.toggle_code(_ids(coded, "a-interview", 1, 2), hopeful, "ana")
    second = coded.toggle_code(_ids(coded, "a-interview", 2), critical, "ana")
    assert codings(coded) == [("a-interview", 1, "hopeful", "ana"), ("a-interview", 2, "critical", "ana")]
    assert (first.reviewed_delta, second.reviewed_delta) == (2, 0)
    coded.undo(second)
    assert codings(coded) == [("a-interview", 1, "hopeful", "ana"), ("a-interview", 2, "hopeful", "ana")]
    coded.undo(first)
    assert (codings(coded), reviews(coded)) == ([], [])


def test_flags_memos_and_their_undo(coded: Workbench) -> None:
    segment = _ids(coded, "b-second", 3)
    flag = coded.toggle_flag(segment, "ana")
    memo = coded.save_memo(segment[0], "ana", "  ask about funders  ")
    assert reviews(coded) == [("b-second", 3, "ana", "pending", True)]
    assert memos(coded) == [("b-second", 3, "ana", "ask about funders")]
    assert coded.segment_memo(segment[0], "ana") == "ask about funders"
    coded.undo(memo)
    coded.undo(flag)
    assert (reviews(coded), memos(coded)) == ([], [])


def test_a_selection_may_not_span_documents(coded: Workbench) -> None:
    ids = _ids(coded, "a-interview", 4) + _ids(coded, "b-second", 1)
    with pytest.raises(CodingError, match="span documents"):
        coded.mark_reviewed(ids, "ana")


def test_windows_next_to_do_search_and_filter(coded: Workbench) -> None:
    power = coded.find_code("power").id
    coded.mark_reviewed(_ids(coded, "a-interview", 1, 2, 3, 4), "ana")
    coded.toggle_code(_ids(coded, "b-second", 2, 9), power, "ana")
    location = coded.next_unreviewed("ana", None)
    assert (location.document_id, location.position) == (2, 1)
    after = coded.next_unreviewed("ana", 2, 1)
    assert after is not None and after.position == 3
    lines = coded.segment_window(2, "ana", [1, 2, 3])
    assert [(line.position, line.code_ids, line.reviewed) for line in lines] == [
        (1, (), False),
        (2, (power,), True),
        (3, (), False),
    ]
    result = coded.search_segments("FUND")
    assert [(hit.document_id, hit.position) for hit in result.hits] == [(1, 3), (2, 5), (2, 10)]
    assert coded.search_segments("50%_").hits == ()
    assert coded.positions_with_code(2, power, "ana") == [2, 9]
    documents = coded.coder_documents("ana")
    assert [(d.name, d.reviewed, d.total) for d in documents] == [("a-interview", 4, 4), ("b-second", 2, 12)]


def test_code_edits_are_checked_saved_and_undone(coded: Workbench) -> None:
    technical = coded.find_code("technical").id
    fields = coded.code_fields(technical)
    with pytest.raises(CodebookError, match="already used by 'approach/relational'"):
        coded.edit_code(technical, replace(fields, hotkey="r"))
    edit = coded.edit_code(technical, replace(fields, name="technocratic", color="#abcdef", hotkey="y"))
    assert coded.code_fields(technical) == replace(fields, name="technocratic", color="#ABCDEF", hotkey="y")
    coded.undo_code_edit(edit)
    assert coded.code_fields(technical) == fields
    added = coded.add_code(CodeFields(name="healing", hotkey="e", definition="Collective healing."))
    assert coded.find_code("healing").hotkey == "e"
    coded.undo_code_edit(added)
    assert "healing" not in [code.name for code in coded.codes()]
