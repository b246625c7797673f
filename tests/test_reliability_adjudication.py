"""Disagreements and adjudication: decisions become consensus codings; coders' codings stay as they were."""

from __future__ import annotations

from pathlib import Path

import pytest
from reliability_projects import judge, set_up
from sqlmodel import Session, select

from qualcode.errors import CodingError, QualcodeError
from qualcode.service import Workbench
from qualcode.service.reliability.results import (
    AcceptedAgreements,
    AdjudicationProgress,
    Choice,
    CoderSet,
    SegmentPlace,
)
from qualcode.store.models import Coder, Coding, Decision, SegmentReview


def _codings(workbench: Workbench) -> set[tuple[str, int, str]]:
    """Every coding in the store as (coder, segment id, code path)."""
    paths = {info.id: info.path for info in workbench.codes(include_archived=True)}
    with Session(workbench.engine) as session:
        rows = session.exec(
            select(Coder.name, Coding.segment_id, Coding.code_id).join(Coder, Coder.id == Coding.coder_id)
        )
        return {(name, segment, paths[code]) for name, segment, code in rows}


def _decisions(workbench: Workbench) -> list[tuple[int, str, str, list[str], str]]:
    uuids = {info.uuid: info.path for info in workbench.codes(include_archived=True)}
    with Session(workbench.engine) as session:
        rows = session.exec(
            select(Decision.segment_id, Coder.name, Decision.choice, Decision.code_uuids, Decision.rationale)
            .join(Coder, Coder.id == Decision.lead_id)
            .order_by(Decision.id)
        )
        return [
            (segment, lead, choice, sorted(uuids[u] for u in codes), why)
            for segment, lead, choice, codes, why in rows
        ]


@pytest.fixture
def study(workbench: Workbench, tmp_path: Path) -> list[int]:
    """alice and bob judge 6 segments; they differ on 2 (relational), 3 (hopeful vs critical) and 5."""
    segments = set_up(workbench, tmp_path, n_segments=6)["interview-1"]
    judge(workbench, "alice", segments, range(1, 7), {"relational": [1, 2], "hopeful": [3], "power": [5]})
    judge(workbench, "bob", segments, range(1, 7), {"relational": [1], "critical": [3], "technical": [5]})
    return segments


def test_disagreements_list_only_differing_segments_with_each_coders_codes(
    workbench: Workbench, study: list[int]
) -> None:
    ids = {info.path: info.id for info in workbench.codes()}
    found = workbench.disagreements()
    assert [(d.place, d.coders, d.differing_code_ids, d.decided) for d in found] == [
        (
            SegmentPlace(study[1], "interview-1", 2),
            (CoderSet("alice", True, (ids["approach/relational"],)), CoderSet("bob", True, ())),
            (ids["approach/relational"],),
            False,
        ),
        (
            SegmentPlace(study[2], "interview-1", 3),
            (CoderSet("alice", True, (ids["tone/hopeful"],)), CoderSet("bob", True, (ids["tone/critical"],))),
            (ids["tone/hopeful"], ids["tone/critical"]),
            False,
        ),
        (
            SegmentPlace(study[4], "interview-1", 5),
            (CoderSet("alice", True, (ids["power"],)), CoderSet("bob", True, (ids["approach/technical"],))),
            (ids["approach/technical"], ids["power"]),
            False,
        ),
    ]
    assert [d.place.ref for d in workbench.disagreements(code="hopeful")] == ["interview-1:3"]


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        (Choice("take", coder="alice"), {"tone/hopeful"}),
        (Choice("take", coder="bob"), {"tone/critical"}),
        (Choice("intersection"), set()),
    ],
    ids=["take A", "take B", "intersection"],
)
def test_a_decision_writes_consensus_codings_and_a_log_row_and_leaves_coders_alone(
    workbench: Workbench, study: list[int], choice: Choice, expected: set[str]
) -> None:
    before = _codings(workbench)
    result = workbench.decide(study[2], "lena", choice, rationale="  the turn is ironic ")
    after = _codings(workbench)
    assert {row for row in after if row[0] != "consensus"} == before
    assert {row for row in after if row[0] == "consensus"} == {
        ("consensus", study[2], path) for path in expected
    }
    assert _decisions(workbench) == [(study[2], "lena", choice.label, sorted(expected), "the turn is ironic")]
    assert (result.consensus, result.choice) == ("consensus", choice.label)
    with Session(workbench.engine) as session:
        consensus = session.exec(select(Coder).where(Coder.name == "consensus")).one()
        assert consensus.role == "consensus"
        reviews = session.exec(
            select(SegmentReview.segment_id, SegmentReview.status).where(
                SegmentReview.coder_id == consensus.id
            )
        )
        assert list(reviews) == [(study[2], "done")]


def test_union_edit_and_a_second_decision_replace_the_consensus_codes(
    workbench: Workbench, study: list[int]
) -> None:
    workbench.decide(study[4], "lena", Choice("union"))
    assert {row for row in _codings(workbench) if row[0] == "consensus"} == {
        ("consensus", study[4], "power"),
        ("consensus", study[4], "approach/technical"),
    }
    power = workbench.find_code("power").id
    workbench.decide(study[4], "lena", Choice("edit", code_ids=(power,)), rationale="technical is a stretch")
    assert {row for row in _codings(workbench) if row[0] == "consensus"} == {("consensus", study[4], "power")}
    assert [row[2] for row in _decisions(workbench)] == ["union", "edit"]
    assert workbench.consensus_codes(study[4]) == (power,)
    assert [record.rationale for record in workbench.decisions([study[4]])] == ["", "technical is a stretch"]


def test_a_union_across_an_exclusive_group_is_refused(workbench: Workbench, study: list[int]) -> None:
    with pytest.raises(CodingError, match="mutually exclusive"):
        workbench.decide(study[2], "lena", Choice("union"))
    assert _decisions(workbench) == []


def test_only_a_lead_adjudicates(workbench: Workbench, study: list[int]) -> None:
    with pytest.raises(CodingError, match="only a lead can adjudicate"):
        workbench.decide(study[2], "bob", Choice("take", coder="bob"))


def test_taking_a_coder_who_did_not_judge_the_segment_is_refused(
    workbench: Workbench, study: list[int]
) -> None:
    with pytest.raises(QualcodeError, match="'carl' has not judged segment"):
        workbench.decide(study[2], "lena", Choice("take", coder="carl"))


def test_progress_and_accepting_agreements_complete_the_consensus(
    workbench: Workbench, study: list[int]
) -> None:
    assert workbench.adjudication_progress() == AdjudicationProgress(6, 3, 0, 0)
    workbench.decide(study[2], "lena", Choice("take", coder="bob"))
    assert workbench.adjudication_progress() == AdjudicationProgress(6, 3, 1, 1)
    assert [d.decided for d in workbench.disagreements()] == [False, True, False]
    # Segments 1, 4 and 6 were coded alike; the decided segment 3 is left alone.
    assert workbench.accept_agreements("lena") == AcceptedAgreements(3, 0, 1)
    consensus = {row for row in _codings(workbench) if row[0] == "consensus"}
    assert consensus == {
        ("consensus", study[0], "approach/relational"),
        ("consensus", study[2], "tone/critical"),
    }
    assert [row[2] for row in _decisions(workbench)] == ["take bob", "agreed", "agreed", "agreed"]
    assert workbench.accept_agreements("lena") == AcceptedAgreements(0, 0, 4)
    assert workbench.adjudication_progress() == AdjudicationProgress(6, 3, 1, 4)


def test_accepting_copies_segments_only_one_coder_judged(workbench: Workbench, tmp_path: Path) -> None:
    segments = set_up(workbench, tmp_path, n_segments=3)["interview-1"]
    judge(workbench, "alice", segments, [1, 2], {"power": [1]})
    judge(workbench, "bob", segments, [2, 3], {"power": [3]})
    assert workbench.accept_agreements("lena", include_single=False) == AcceptedAgreements(1, 0, 0)
    assert workbench.accept_agreements("lena") == AcceptedAgreements(0, 2, 1)
    assert {row for row in _codings(workbench) if row[0] == "consensus"} == {
        ("consensus", segments[0], "power"),
        ("consensus", segments[2], "power"),
    }
    assert [(row[0], row[2], row[4]) for row in _decisions(workbench)] == [
        (segments[1], "agreed", "all 2 judging coders applied the same codes"),
        (segments[0], "single coder", "only alice judged this segment"),
        (segments[2], "single coder", "only bob judged this segment"),
    ]
