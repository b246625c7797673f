"""The code tables (frequencies, codings, matrix, co-occurrence) from the Workbench, compared whole."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest
from factories import CODEBOOK_V1, INTERVIEW, write
from sqlalchemy import update

from qualcode.errors import NotFoundError
from qualcode.service import Workbench
from qualcode.store.models import CoderRole, Coding, Memo, ReviewStatus

#: A second transcript whose cells a spreadsheet would run as formulas, with accents and an emoji.
OTHER = """\
Interviewer: What changed?

Kofi: -nothing at first. Then =everything.

Interviewer: Why?

Kofi: @funders wanted it. Ça a été dur 😀.
"""

CODED_AT = datetime(2025, 3, 3, 10, 15, 0, tzinfo=UTC)
CODES = (
    "approach",
    "approach/relational",
    "approach/technical",
    "tone",
    "tone/hopeful",
    "tone/critical",
    "power",
)

#: (coder, document, position, codes); an empty tuple records a review without codes.
CODINGS = [
    ("ana", "interview", 1, ()),
    ("ana", "interview", 2, ("relational", "power")),
    ("ana", "interview", 4, ("technical", "hopeful")),
    ("ana", "other", 2, ("relational",)),
    ("ana", "other", 4, ("critical",)),
    ("ben", "interview", 1, ()),
    ("ben", "interview", 2, ("relational",)),
    ("ben", "interview", 3, ("critical",)),
    ("ben", "interview", 4, ("technical",)),
    ("ben", "other", 2, ("technical",)),
    ("lee", "other", 4, ("power",)),
    ("consensus", "interview", 2, ("relational", "power")),
    ("consensus", "interview", 4, ("technical",)),
]


def build_coded(workbench: Workbench, tmp_path: Path) -> Workbench:
    """Two documents, coders ana and ben, lead lee, the consensus; every coding stamped `CODED_AT`."""
    workbench.load_codebook(write(tmp_path / "book.yaml", CODEBOOK_V1))
    report = workbench.import_files(
        [write(tmp_path / "interview.txt", INTERVIEW), write(tmp_path / "other.txt", OTHER)]
    )
    assert report.failed == ()
    workbench.add_coder("ana")
    workbench.add_coder("ben")
    workbench.add_coder("lee", CoderRole.LEAD)
    workbench.add_coder("consensus", CoderRole.CONSENSUS)
    for coder, document, position, codes in CODINGS:
        segment = workbench.resolve_segment(f"{document}:{position}")
        for code in codes:
            workbench.apply_code(segment, code, coder)
        if not codes:
            workbench.set_review(segment, coder, ReviewStatus.DONE)
    workbench.set_review(workbench.resolve_segment("other:3"), "ana", ReviewStatus.SKIPPED)
    with workbench.unit() as session:
        session.execute(update(Coding).values(created_at=CODED_AT, updated_at=CODED_AT))
    return workbench


@pytest.fixture
def coded(workbench: Workbench, tmp_path: Path) -> Workbench:
    return build_coded(workbench, tmp_path)


def rows(table: pd.DataFrame) -> list[list[object]]:
    """The table's cells row by row, missing values as None, so a whole table compares as a list."""
    return [
        [
            None if value is pd.NA or (isinstance(value, float) and math.isnan(value)) else value
            for value in row
        ]
        for row in table.astype(object).itertuples(index=False)
    ]


def uuids(workbench: Workbench) -> dict[str, str]:
    return {code.path: code.uuid for code in workbench.codes()}


def segment_id(workbench: Workbench, ref: str) -> int:
    return workbench.resolve_segment(ref)


def test_frequencies_pool_every_coder_and_lead_and_roll_up_parents(coded: Workbench) -> None:
    table = coded.frequencies()
    ids = uuids(coded)
    assert list(table.columns) == [
        "code",
        "code_uuid",
        "segments",
        "documents",
        "reviewed_segments",
        "percent_of_reviewed",
        "counting",
    ]
    assert rows(table) == [
        ["approach", ids["approach"], 3, 2, 6, 50.0, "rollup"],
        ["approach/relational", ids["approach/relational"], 2, 2, 6, 33.33, "rollup"],
        ["approach/technical", ids["approach/technical"], 2, 2, 6, 33.33, "rollup"],
        ["tone", ids["tone"], 3, 2, 6, 50.0, "rollup"],
        ["tone/hopeful", ids["tone/hopeful"], 1, 1, 6, 16.67, "rollup"],
        ["tone/critical", ids["tone/critical"], 2, 2, 6, 33.33, "rollup"],
        ["power", ids["power"], 2, 2, 6, 33.33, "rollup"],
    ]


def test_frequencies_counted_directly_leave_a_parent_its_own_codings(coded: Workbench) -> None:
    # Nobody applied approach or tone itself: counted directly they have no segments.
    table = coded.frequencies(count="direct")
    ids = uuids(coded)
    assert rows(table) == [
        ["approach", ids["approach"], 0, 0, 6, 0.0, "direct"],
        ["approach/relational", ids["approach/relational"], 2, 2, 6, 33.33, "direct"],
        ["approach/technical", ids["approach/technical"], 2, 2, 6, 33.33, "direct"],
        ["tone", ids["tone"], 0, 0, 6, 0.0, "direct"],
        ["tone/hopeful", ids["tone/hopeful"], 1, 1, 6, 16.67, "direct"],
        ["tone/critical", ids["tone/critical"], 2, 2, 6, 33.33, "direct"],
        ["power", ids["power"], 2, 2, 6, 33.33, "direct"],
    ]


def test_frequencies_of_one_coder_by_document_count_only_judged_segments(coded: Workbench) -> None:
    table = coded.frequencies(by="document", coder="ana")
    ids = uuids(coded)
    assert list(table.columns)[:2] == ["document", "code"]
    assert rows(table) == [
        ["interview", "approach", ids["approach"], 2, 1, 3, 66.67, "rollup"],
        ["interview", "approach/relational", ids["approach/relational"], 1, 1, 3, 33.33, "rollup"],
        ["interview", "approach/technical", ids["approach/technical"], 1, 1, 3, 33.33, "rollup"],
        ["interview", "tone", ids["tone"], 1, 1, 3, 33.33, "rollup"],
        ["interview", "tone/hopeful", ids["tone/hopeful"], 1, 1, 3, 33.33, "rollup"],
        ["interview", "tone/critical", ids["tone/critical"], 0, 0, 3, 0.0, "rollup"],
        ["interview", "power", ids["power"], 1, 1, 3, 33.33, "rollup"],
        ["other", "approach", ids["approach"], 1, 1, 2, 50.0, "rollup"],
        ["other", "approach/relational", ids["approach/relational"], 1, 1, 2, 50.0, "rollup"],
        ["other", "approach/technical", ids["approach/technical"], 0, 0, 2, 0.0, "rollup"],
        ["other", "tone", ids["tone"], 1, 1, 2, 50.0, "rollup"],
        ["other", "tone/hopeful", ids["tone/hopeful"], 0, 0, 2, 0.0, "rollup"],
        ["other", "tone/critical", ids["tone/critical"], 1, 1, 2, 50.0, "rollup"],
        ["other", "power", ids["power"], 0, 0, 2, 0.0, "rollup"],
    ]


def test_wide_frequencies_are_codes_by_documents_in_project_order(coded: Workbench) -> None:
    table = coded.frequencies(coder="ana", wide=True)
    ids = uuids(coded)
    assert list(table.columns) == ["code", "code_uuid", "counting", "interview", "other"]
    assert rows(table) == [
        ["approach", ids["approach"], "rollup", 2, 1],
        ["approach/relational", ids["approach/relational"], "rollup", 1, 1],
        ["approach/technical", ids["approach/technical"], "rollup", 1, 0],
        ["tone", ids["tone"], "rollup", 1, 1],
        ["tone/hopeful", ids["tone/hopeful"], "rollup", 1, 0],
        ["tone/critical", ids["tone/critical"], "rollup", 0, 1],
        ["power", ids["power"], "rollup", 1, 0],
    ]


def test_wide_frequencies_by_coder_have_one_column_per_counted_coder(coded: Workbench) -> None:
    table = coded.frequencies(by="coder", wide=True)
    assert list(table.columns) == ["code", "code_uuid", "counting", "ana", "ben", "lee"]
    assert [row[:1] + row[3:] for row in rows(table)] == [
        ["approach", 3, 3, 0],
        ["approach/relational", 2, 1, 0],
        ["approach/technical", 1, 2, 0],
        ["tone", 2, 1, 0],
        ["tone/hopeful", 1, 0, 0],
        ["tone/critical", 1, 1, 0],
        ["power", 1, 0, 1],
    ]


def test_consensus_is_found_by_its_role(coded: Workbench) -> None:
    table = coded.frequencies(coder="consensus")
    assert [(row[0], row[2], row[4], row[5]) for row in rows(table)] == [
        ("approach", 2, 2, 100.0),
        ("approach/relational", 1, 2, 50.0),
        ("approach/technical", 1, 2, 50.0),
        ("tone", 0, 2, 0.0),
        ("tone/hopeful", 0, 2, 0.0),
        ("tone/critical", 0, 2, 0.0),
        ("power", 1, 2, 50.0),
    ]


def test_consensus_before_any_adjudication_is_a_clear_error(workbench: Workbench, tmp_path: Path) -> None:
    workbench.load_codebook(write(tmp_path / "book.yaml", CODEBOOK_V1))
    workbench.add_coder("ana")
    for export in (
        lambda: workbench.frequencies(coder="consensus"),
        lambda: workbench.codings(coder="consensus"),
        lambda: workbench.code_matrix(coder="consensus"),
        lambda: workbench.cooccurrence(coder="consensus"),
    ):
        with pytest.raises(NotFoundError, match="^no consensus coding yet: adjudicate first$"):
            export()


def _expected_codings(workbench: Workbench) -> list[list[object]]:
    ids = uuids(workbench)
    documents = {document.name: document.id for document in workbench.documents()}
    texts = {
        ("interview", 2): (
            "Maria",
            "We started with listening circles. Nobody had a plan.\n\n"
            "It took a year before we wrote anything down.",
        ),
        ("interview", 3): ("Interviewer", "And the funders?"),
        ("interview", 4): ("Maria", "They wanted metrics [laughs] from day one."),
        ("other", 2): ("Kofi", "-nothing at first. Then =everything."),
        ("other", 4): ("Kofi", "@funders wanted it. Ça a été dur 😀."),
    }
    order = [
        ("interview", 2, "approach/relational", "ana"),
        ("interview", 2, "power", "ana"),
        ("interview", 2, "approach/relational", "ben"),
        ("interview", 3, "tone/critical", "ben"),
        ("interview", 4, "approach/technical", "ana"),
        ("interview", 4, "tone/hopeful", "ana"),
        ("interview", 4, "approach/technical", "ben"),
        ("other", 2, "approach/relational", "ana"),
        ("other", 2, "approach/technical", "ben"),
        ("other", 4, "tone/critical", "ana"),
        ("other", 4, "power", "lee"),
    ]
    return [
        [
            document,
            documents[document],
            segment_id(workbench, f"{document}:{position}"),
            position,
            *texts[(document, position)][:1],
            None,
            None,
            texts[(document, position)][1],
            code,
            ids[code],
            coder,
            "2025-03-03T10:15:00Z",
            0,
            len(texts[(document, position)][1]),
            texts[(document, position)][1],
        ]
        for document, position, code, coder in order
    ]


def test_codings_table_has_one_row_per_coding_in_document_segment_coder_order(coded: Workbench) -> None:
    [table] = list(coded.codings())
    assert list(table.columns) == [
        "document",
        "document_id",
        "segment_id",
        "position",
        "speaker",
        "start_time",
        "end_time",
        "text",
        "code",
        "code_uuid",
        "coder",
        "coded_at",
        "start",
        "end",
        "quote",
    ]
    assert rows(table) == _expected_codings(coded)


def test_codings_arrive_in_chunks_that_add_up_to_the_whole_table(coded: Workbench) -> None:
    chunks = list(coded.codings(chunk_rows=4))
    assert [len(chunk) for chunk in chunks] == [4, 4, 3]
    assert rows(pd.concat(chunks, ignore_index=True)) == _expected_codings(coded)


def test_codings_of_one_coder_and_of_nobody(coded: Workbench, tmp_path: Path) -> None:
    [table] = list(coded.codings(coder="consensus"))
    assert [(row[0], row[3], row[8], row[10]) for row in rows(table)] == [
        ("interview", 2, "approach/relational", "consensus"),
        ("interview", 2, "power", "consensus"),
        ("interview", 4, "approach/technical", "consensus"),
    ]
    coded.add_coder("zoe")
    [empty] = list(coded.codings(coder="zoe"))
    assert (list(empty.columns), len(empty)) == (list(table.columns), 0)


def test_matrix_has_a_row_per_judged_segment_only(coded: Workbench) -> None:
    table = coded.code_matrix(coder="ana")
    assert list(table.columns) == ["document", "segment_id", "position", "speaker", *CODES]
    sid = lambda ref: segment_id(coded, ref)  # noqa: E731
    assert rows(table) == [
        ["interview", sid("interview:1"), 1, "Interviewer", 0, 0, 0, 0, 0, 0, 0],
        ["interview", sid("interview:2"), 2, "Maria", 1, 1, 0, 0, 0, 0, 1],
        ["interview", sid("interview:4"), 4, "Maria", 1, 0, 1, 1, 1, 0, 0],
        ["other", sid("other:2"), 2, "Kofi", 1, 1, 0, 0, 0, 0, 0],
        ["other", sid("other:4"), 4, "Kofi", 0, 0, 0, 1, 0, 1, 0],
    ]


def test_matrix_with_all_segments_leaves_unjudged_segments_empty_not_zero(coded: Workbench) -> None:
    table = coded.code_matrix(coder="ana", all_segments=True)
    sid = lambda ref: segment_id(coded, ref)  # noqa: E731
    empty = [None] * 7
    assert rows(table) == [
        ["interview", sid("interview:1"), 1, "Interviewer", 0, 0, 0, 0, 0, 0, 0],
        ["interview", sid("interview:2"), 2, "Maria", 1, 1, 0, 0, 0, 0, 1],
        ["interview", sid("interview:3"), 3, "Interviewer", *empty],
        ["interview", sid("interview:4"), 4, "Maria", 1, 0, 1, 1, 1, 0, 0],
        ["other", sid("other:1"), 1, "Interviewer", *empty],
        ["other", sid("other:2"), 2, "Kofi", 1, 1, 0, 0, 0, 0, 0],
        ["other", sid("other:3"), 3, "Interviewer", *empty],
        ["other", sid("other:4"), 4, "Kofi", 0, 0, 0, 1, 0, 1, 0],
    ]


def test_pooled_matrix_marks_a_code_any_counted_coder_applied(coded: Workbench) -> None:
    table = coded.code_matrix()
    assert [row[:1] + row[2:3] + row[4:] for row in rows(table)] == [
        ["interview", 1, 0, 0, 0, 0, 0, 0, 0],
        ["interview", 2, 1, 1, 0, 0, 0, 0, 1],
        ["interview", 3, 0, 0, 0, 1, 0, 1, 0],
        ["interview", 4, 1, 0, 1, 1, 1, 0, 0],
        ["other", 2, 1, 1, 1, 0, 0, 0, 0],
        ["other", 4, 0, 0, 0, 1, 0, 1, 1],
    ]


ANA_COOCCURRENCE = [
    # approach, relational, technical, tone, hopeful, critical, power
    [3, 2, 1, 1, 1, 0, 1],
    [2, 2, 0, 0, 0, 0, 1],
    [1, 0, 1, 1, 1, 0, 0],
    [1, 0, 1, 2, 1, 1, 0],
    [1, 0, 1, 1, 1, 0, 0],
    [0, 0, 0, 1, 0, 1, 0],
    [1, 1, 0, 0, 0, 0, 1],
]


def test_cooccurrence_long_lists_every_pair_and_its_diagonal_is_the_frequency(coded: Workbench) -> None:
    table = coded.cooccurrence(coder="ana")
    assert list(table.columns) == ["code_a", "code_b", "segments"]
    assert rows(table) == [
        [a, b, ANA_COOCCURRENCE[i][j]] for i, a in enumerate(CODES) for j, b in enumerate(CODES)
    ]
    diagonal = [segments for a, b, segments in rows(table) if a == b]
    assert diagonal == coded.frequencies(coder="ana")["segments"].tolist()


def test_cooccurrence_wide_is_a_code_by_code_matrix(coded: Workbench) -> None:
    table = coded.cooccurrence(coder="ana", wide=True)
    assert list(table.columns) == ["code", *CODES]
    assert rows(table) == [[code, *counts] for code, counts in zip(CODES, ANA_COOCCURRENCE, strict=True)]


def test_cooccurrence_of_one_document_counts_only_its_segments(coded: Workbench) -> None:
    # ana in "other": relational on turn 2, critical on turn 4.
    table = coded.cooccurrence(coder="ana", wide=True, document="other")
    assert rows(table) == [
        ["approach", 1, 1, 0, 0, 0, 0, 0],
        ["approach/relational", 1, 1, 0, 0, 0, 0, 0],
        ["approach/technical", 0, 0, 0, 0, 0, 0, 0],
        ["tone", 0, 0, 0, 1, 0, 1, 0],
        ["tone/hopeful", 0, 0, 0, 0, 0, 0, 0],
        ["tone/critical", 0, 0, 0, 1, 0, 1, 0],
        ["power", 0, 0, 0, 0, 0, 0, 0],
    ]
    with pytest.raises(NotFoundError, match="no document 'nothing' in this project"):
        coded.cooccurrence(document="nothing")


def test_archived_codes_count_nowhere(coded: Workbench, tmp_path: Path) -> None:
    without_power = CODEBOOK_V1[: CODEBOOK_V1.index("  - name: power")]
    coded.load_codebook(write(tmp_path / "v2.yaml", without_power))
    live = list(CODES[:-1])
    assert coded.frequencies()["code"].tolist() == live
    assert list(coded.code_matrix(coder="ana").columns)[4:] == live
    assert sorted(set(coded.cooccurrence()["code_a"])) == sorted(live)
    [table] = list(coded.codings())
    assert "power" not in set(table["code"])
    assert len(table) == 9


MEMO_AT = datetime(2025, 3, 4, 9, 30, 0, tzinfo=UTC)


def add_memos(workbench: Workbench) -> None:
    """ana on a coded turn and on a turn nobody coded, ben on the same coded turn; stamped `MEMO_AT`."""
    workbench.save_memo(workbench.resolve_segment("interview:2"), "ana", "Trust before strategy.")
    workbench.save_memo(workbench.resolve_segment("other:3"), "ana", "=the question, again")
    workbench.save_memo(workbench.resolve_segment("interview:2"), "ben", "Is this relational?\nAsk lee.")
    with workbench.unit() as session:
        session.execute(update(Memo).values(created_at=MEMO_AT, updated_at=MEMO_AT))


def test_memos_table_lists_every_memo_in_document_order(coded: Workbench) -> None:
    add_memos(coded)
    table = coded.memos()
    assert list(table.columns) == [
        "document",
        "segment_id",
        "position",
        "speaker",
        "text",
        "author",
        "memo",
        "written_at",
        "updated_at",
    ]
    maria = "\n\n".join(
        [
            "We started with listening circles. Nobody had a plan.",
            "It took a year before we wrote anything down.",
        ]
    )
    at = "2025-03-04T09:30:00Z"
    assert rows(table) == [
        [
            "interview",
            segment_id(coded, "interview:2"),
            2,
            "Maria",
            maria,
            "ana",
            "Trust before strategy.",
            at,
            at,
        ],
        [
            "interview",
            segment_id(coded, "interview:2"),
            2,
            "Maria",
            maria,
            "ben",
            "Is this relational?\nAsk lee.",
            at,
            at,
        ],
        [
            "other",
            segment_id(coded, "other:3"),
            3,
            "Interviewer",
            "Why?",
            "ana",
            "=the question, again",
            at,
            at,
        ],
    ]
    assert rows(coded.memos(coder="ben")) == rows(table)[1:2]
    assert rows(coded.memos(coder="lee")) == []
