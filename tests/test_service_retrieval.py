"""Retrieval by code across documents, and the memo and flag lists, as the Workbench answers them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from retrieval_project import retrieval_project, segment_ids

from qualcode.errors import CodingError, NotFoundError
from qualcode.export.flags import FlagRow
from qualcode.export.retrieval import RetrievedSegment
from qualcode.service import Workbench

MARIA_2 = (
    "We started with listening circles. Nobody had a plan.\n\nIt took a year before we wrote anything down."
)
MARIA_4 = "They wanted metrics [laughs] from day one."
KOFI_2 = "Trust grew between the groups."


@pytest.fixture
def study(database_url: str, tmp_path: Path) -> Iterator[Workbench]:
    yield from retrieval_project(database_url, tmp_path)


def hit(
    workbench: Workbench, document: str, position: int, speaker: str, text: str, codes: str, coders: str
) -> RetrievedSegment:
    ids = segment_ids(workbench)
    document_id = next(d.id for d in workbench.documents() if d.name == document)
    return RetrievedSegment(
        document,
        document_id,
        ids[(document, position)],
        position,
        speaker,
        text,
        tuple(codes.split(", ")),
        tuple(coders.split(", ")),
    )


def test_a_coder_retrieves_their_own_codings_with_children_rolled_up(study: Workbench) -> None:
    found = study.retrieve("approach", "ana", "ana")
    assert found.segments == (
        hit(study, "a-interview", 2, "Maria", MARIA_2, "approach/relational", "ana"),
        hit(study, "a-interview", 4, "Maria", MARIA_4, "approach/technical", "ana"),
        hit(study, "b-follow-up", 2, "Kofi", KOFI_2, "approach/relational", "ana"),
    )
    assert found.description == "approach and its children · ana"


def test_without_children_only_the_code_itself_counts(study: Workbench) -> None:
    assert study.retrieve("approach", "ana", "ana", children=False).segments == ()
    found = study.retrieve("relational", "ana", "ana", children=False)
    assert [(s.document, s.position) for s in found.segments] == [("a-interview", 2), ("b-follow-up", 2)]
    assert found.description == "approach/relational only · ana"


def test_a_lead_retrieves_every_coder_pooled_and_the_consensus(study: Workbench) -> None:
    assert study.retrieve("approach", "lee", None).segments == (
        hit(study, "a-interview", 2, "Maria", MARIA_2, "approach/relational, approach/technical", "ana, ben"),
        hit(study, "a-interview", 4, "Maria", MARIA_4, "approach/technical", "ana"),
        hit(study, "b-follow-up", 2, "Kofi", KOFI_2, "approach/relational", "ana, ben"),
    )
    assert study.retrieve("approach", "lee", "consensus").segments == (
        hit(study, "a-interview", 2, "Maria", MARIA_2, "approach/relational", "consensus"),
    )
    assert study.retrieve("approach", "lee", "ben").scope == "ben"


@pytest.mark.parametrize(
    ("coder", "message"),
    [
        ("ben", "blind coding: ana is a coder, and only a lead may read ben's codings"),
        (None, "blind coding: ana is a coder, and only a lead may read every coder's codings"),
        ("consensus", "blind coding: ana is a coder, and only a lead may read consensus's codings"),
    ],
)
def test_a_coder_asking_for_other_codings_is_refused(
    study: Workbench, coder: str | None, message: str
) -> None:
    with pytest.raises(CodingError) as refused:
        study.retrieve("approach", "ana", coder)
    assert str(refused.value) == message


def test_filters_by_document_speaker_and_attribute(study: Workbench) -> None:
    def places(**filters: object) -> list[tuple[str, int]]:
        found = study.retrieve("approach", "lee", None, **filters)  # type: ignore[arg-type]
        return [(s.document, s.position) for s in found.segments]

    assert places(documents=["a-interview"]) == [("a-interview", 2), ("a-interview", 4)]
    assert places(speakers=["Kofi"]) == [("b-follow-up", 2)]
    assert places(where=[("site", "south")]) == [("b-follow-up", 2)]
    assert places(where=[("site", "north")], documents=["b-follow-up"]) == []
    assert places(where=[("site", "north"), ("site", "south")]) == [
        ("a-interview", 2),
        ("a-interview", 4),
        ("b-follow-up", 2),
    ]
    assert places(speakers=["Maria", "Kofi"], where=[("site", "north")]) == [
        ("a-interview", 2),
        ("a-interview", 4),
    ]


def test_unknown_filters_are_named(study: Workbench) -> None:
    with pytest.raises(NotFoundError, match="^no document has the attribute 'region'$"):
        study.retrieve("approach", "lee", None, where=[("region", "x")])
    with pytest.raises(NotFoundError, match="^no document 'c-missing' in this project$"):
        study.retrieve("approach", "lee", None, documents=["c-missing"])


def test_two_codes_retrieve_the_segments_behind_a_cooccurrence_cell(study: Workbench) -> None:
    found = study.retrieve("approach", "ana", "ana", also_code="tone")
    assert found.segments == (
        hit(study, "a-interview", 2, "Maria", MARIA_2, "approach/relational, tone/hopeful", "ana"),
        hit(study, "a-interview", 4, "Maria", MARIA_4, "approach/technical, tone/critical", "ana"),
    )
    table = study.cooccurrence(coder="ana")
    cell = table[(table.code_a == "approach") & (table.code_b == "tone")].segments.item()
    assert cell == len(found.segments)


@pytest.mark.parametrize("coder", [None, "ana", "ben", "consensus"])
def test_a_retrieval_lists_as_many_segments_as_the_frequency_counts(
    study: Workbench, coder: str | None
) -> None:
    frequencies = study.frequencies(coder=coder)
    retrieved = {code: len(study.retrieve(code, "lee", coder).segments) for code in frequencies["code"]}
    assert retrieved == dict(zip(frequencies["code"], frequencies["segments"], strict=True))


def test_a_lead_reads_every_flag_and_memo(study: Workbench) -> None:
    ids = segment_ids(study)
    documents = {d.name: d.id for d in study.documents()}
    assert study.flag_rows("lee") == [
        FlagRow(
            "a-interview",
            ids[("a-interview", 2)],
            2,
            "Maria",
            "ben",
            MARIA_2.replace("\n\n", " "),
            True,
            documents["a-interview"],
        ),
        FlagRow(
            "b-follow-up",
            ids[("b-follow-up", 3)],
            3,
            "Interviewer",
            "ana",
            "And the money?",
            False,
            documents["b-follow-up"],
        ),
    ]
    assert [(m.document, m.position, m.author, m.memo) for m in study.memo_rows("lee")] == [
        ("a-interview", 4, "ana", "Metrics as control, not learning?"),
        ("b-follow-up", 2, "ben", "Trust: relational or outcome?"),
    ]
    assert [m.author for m in study.memo_rows("lee", coder="ben")] == ["ben"]


def test_a_coder_cannot_read_the_memo_or_flag_lists(study: Workbench) -> None:
    message = "blind coding: ana is a coder, and only a lead may read other coders' memos and flags"
    for read in (study.flag_rows, study.memo_rows):
        with pytest.raises(CodingError) as refused:
            read("ana")
        assert str(refused.value) == message
