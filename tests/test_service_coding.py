"""Recording codings, reviews and flags through the Workbench, as the CLI and TUI do."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import CODEBOOK_V1, INTERVIEW, write
from sqlalchemy import text

from qualcode.errors import CodingError, NotFoundError, ProjectError
from qualcode.service import Workbench
from qualcode.store.models import ReviewStatus


@pytest.fixture
def coded(workbench: Workbench, tmp_path: Path) -> Workbench:
    workbench.load_codebook(write(tmp_path / "book.yaml", CODEBOOK_V1))
    workbench.import_files([write(tmp_path / "interview.txt", INTERVIEW)])
    workbench.add_coder("ana")
    workbench.add_coder("ben")
    return workbench


def _codings(workbench: Workbench) -> list[tuple]:
    with workbench.engine.connect() as connection:
        return [
            tuple(row)
            for row in connection.execute(
                text(
                    "SELECT segment.position, code.name, coder.name FROM coding "
                    "JOIN segment ON segment.id = coding.segment_id "
                    "JOIN code ON code.id = coding.code_id JOIN coder ON coder.id = coding.coder_id "
                    "ORDER BY segment.position, code.name, coder.name"
                )
            )
        ]


def _reviews(workbench: Workbench) -> list[tuple]:
    with workbench.engine.connect() as connection:
        return [
            tuple(row)
            for row in connection.execute(
                text(
                    "SELECT segment.position, coder.name, segment_review.status, segment_review.flagged "
                    "FROM segment_review JOIN segment ON segment.id = segment_review.segment_id "
                    "JOIN coder ON coder.id = segment_review.coder_id "
                    "ORDER BY segment.position, coder.name"
                )
            )
        ]


def test_applying_a_code_records_the_coding_and_marks_the_segment_reviewed(coded: Workbench) -> None:
    segment = coded.resolve_segment("interview:2")
    assert coded.apply_code(segment, "relational", "ana") is True
    assert coded.apply_code(segment, "approach/relational", "ana") is False
    assert _codings(coded) == [(2, "relational", "ana")]
    assert _reviews(coded) == [(2, "ana", "done", False)]


def test_removing_the_last_code_keeps_the_segment_reviewed_as_no_code_applies(coded: Workbench) -> None:
    segment = coded.resolve_segment("interview:2")
    coded.apply_code(segment, "power", "ana")
    assert coded.remove_code(segment, "power", "ana") is True
    assert coded.remove_code(segment, "power", "ana") is False
    assert _codings(coded) == []
    assert _reviews(coded) == [(2, "ana", "done", False)]


def test_coders_codings_are_independent(coded: Workbench) -> None:
    segment = coded.resolve_segment("interview:4")
    coded.apply_code(segment, "technical", "ana")
    coded.apply_code(segment, "power", "ben")
    coded.set_review(coded.resolve_segment("interview:1"), "ben", ReviewStatus.DONE)
    assert _codings(coded) == [(4, "power", "ben"), (4, "technical", "ana")]
    assert _reviews(coded) == [
        (1, "ben", "done", False),
        (4, "ana", "done", False),
        (4, "ben", "done", False),
    ]


def test_second_code_of_an_exclusive_group_is_refused(coded: Workbench) -> None:
    segment = coded.resolve_segment("interview:2")
    coded.apply_code(segment, "hopeful", "ana")
    with pytest.raises(CodingError) as error:
        coded.apply_code(segment, "critical", "ana")
    assert str(error.value) == (
        f"segment {segment} already has 'hopeful'; the codes under 'tone' are mutually exclusive "
        "— remove it first"
    )
    coded.apply_code(segment, "critical", "ben")
    assert _codings(coded) == [(2, "critical", "ben"), (2, "hopeful", "ana")]


def test_flagging_alone_does_not_count_as_reviewed(coded: Workbench) -> None:
    segment = coded.resolve_segment("interview:3")
    coded.set_flag(segment, "ana", True)
    assert _reviews(coded) == [(3, "ana", "pending", True)]
    coded.set_review(segment, "ana", ReviewStatus.DONE)
    assert _reviews(coded) == [(3, "ana", "done", True)]
    status = {c.name: (c.reviewed, c.flagged) for c in coded.status().coders}
    assert status == {"ana": (1, 1), "ben": (0, 0)}


def test_unknown_code_coder_and_segment_are_reported_by_name(coded: Workbench) -> None:
    segment = coded.resolve_segment("interview:1")
    with pytest.raises(NotFoundError, match="no code 'trust' in this project's codebook"):
        coded.apply_code(segment, "trust", "ana")
    with pytest.raises(NotFoundError, match="no coder 'zoe' in project 'study'"):
        coded.apply_code(segment, "power", "zoe")
    with pytest.raises(NotFoundError, match="no segment at position 99"):
        coded.resolve_segment("interview:99")
    with pytest.raises(NotFoundError, match="no document 'nope'"):
        coded.resolve_segment("nope:1")
    with pytest.raises(ProjectError, match="coder 'ana' already exists"):
        coded.add_coder("ana")
    assert _codings(coded) == []
