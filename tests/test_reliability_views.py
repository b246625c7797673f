"""Training against a reference coder, drift per batch, and the overlap sample with its assignments."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from reliability_projects import judge, set_up
from sqlalchemy import update
from sqlmodel import Session, col, select

from qualcode.errors import ProjectError
from qualcode.service import Workbench
from qualcode.service.reliability.results import CoderAssignment, DocumentSample, SegmentPlace
from qualcode.service.reliability.sampling import overlap_quota
from qualcode.store.models import Assignment, Coder, Segment, SegmentReview


@pytest.fixture
def two_documents(workbench: Workbench, tmp_path: Path) -> dict[str, list[int]]:
    """In interview-1 the coders agree on relational (1-5); in interview-2 they differ on 5 and 6."""
    documents = set_up(workbench, tmp_path, documents=2)
    first, second = documents["interview-1"], documents["interview-2"]
    judge(workbench, "alice", first, range(1, 11), {"relational": [1, 2, 3, 4, 5]})
    judge(workbench, "bob", first, range(1, 11), {"relational": [1, 2, 3, 4, 5]})
    judge(workbench, "alice", second, range(1, 11), {"relational": [1, 2, 3, 4, 5]})
    judge(workbench, "bob", second, range(1, 11), {"relational": [1, 2, 3, 4, 6]})
    return documents


def test_training_lists_misses_and_false_alarms_against_the_reference(
    workbench: Workbench, two_documents: dict[str, list[int]]
) -> None:
    report = workbench.training_report("bob", "alice", codes=("relational",))
    assert (report.coder, report.reference, report.n_units) == ("bob", "alice", 20)
    [code] = report.codes
    second = two_documents["interview-2"]
    assert code.misses == (SegmentPlace(second[4], "interview-2", 5),)
    assert code.false_alarms == (SegmentPlace(second[5], "interview-2", 6),)
    assert code.agreement.percent_agreement.value == pytest.approx(18 / 20)
    assert workbench.default_reference() == "lena"


def test_drift_by_document_follows_one_code(
    workbench: Workbench, two_documents: dict[str, list[int]]
) -> None:
    report = workbench.agreement_drift(by="document", code="relational")
    assert (report.code, report.coders, report.rule) == (
        "approach/relational",
        ("alice", "bob"),
        "the segment's document, in reading order",
    )
    # interview-2 is the 2 x 10 study of the report tests: alpha = 0.62.
    assert [(b.batch, b.n_units, b.n_pairable_units, round(b.alpha.value, 6)) for b in report.batches] == [
        ("interview-1", 10, 10, 1.0),
        ("interview-2", 10, 10, 0.62),
    ]


def test_drift_by_week_pools_the_codes_per_week_of_coding(
    workbench: Workbench, two_documents: dict[str, list[int]]
) -> None:
    weeks = {
        "interview-1": datetime(2025, 3, 12, 9, tzinfo=UTC),
        "interview-2": datetime(2025, 3, 3, 9, tzinfo=UTC),
    }
    with Session(workbench.engine) as session, session.begin():
        for name, when in weeks.items():
            session.execute(
                update(SegmentReview)
                .where(col(SegmentReview.segment_id).in_(two_documents[name]))
                .values(updated_at=when)
            )
    report = workbench.agreement_drift(by="week")
    assert report.code == "all codes (pooled)"
    assert [(b.batch, b.n_units) for b in report.batches] == [("2025-W10", 10), ("2025-W11", 10)]
    assert report.batches[1].alpha.value == 1.0 and report.batches[0].alpha.value < 1.0


def test_overlap_quota_is_proportional_and_exact() -> None:
    assert overlap_quota([10, 10, 5], 0.2).tolist() == [2, 2, 1]
    assert overlap_quota([3, 3, 3], 0.2).tolist() == [1, 1, 0]
    assert int(overlap_quota([7, 13, 1, 29], 0.25).sum()) == round(50 * 0.25)


def _assigned(workbench: Workbench) -> dict[tuple[str, int], int]:
    """(coder, document id) → assigned segments."""
    with Session(workbench.engine) as session:
        rows = session.exec(
            select(Coder.name, Segment.document_id)
            .select_from(Assignment)
            .join(Coder, Coder.id == Assignment.coder_id)
            .join(Segment, Segment.id == Assignment.segment_id)
        )
        counts: dict[tuple[str, int], int] = {}
        for name, document in rows:
            counts[(name, document)] = counts.get((name, document), 0) + 1
        return counts


def test_sampling_assigns_a_stratified_overlap_and_splits_the_rest(
    workbench: Workbench, tmp_path: Path
) -> None:
    documents = set_up(workbench, tmp_path, documents=2)
    report = workbench.sample_overlap(("alice", "bob"), 0.2, seed=5)
    assert (report.n_segments, report.n_overlap, report.seed) == (20, 4, 5)
    assert report.per_coder == (CoderAssignment("alice", 12, 4), CoderAssignment("bob", 12, 4))
    assert report.per_document == (DocumentSample("interview-1", 10, 2), DocumentSample("interview-2", 10, 2))
    first, second = (workbench.documents()[0].id, workbench.documents()[1].id)
    assert _assigned(workbench) == {
        ("alice", first): 6,
        ("bob", first): 6,
        ("alice", second): 6,
        ("bob", second): 6,
    }
    with Session(workbench.engine) as session:
        both = session.exec(select(Assignment.segment_id)).all()
    shared = {segment for segment in both if both.count(segment) == 2}
    assert len(shared) == 4 and len(set(both)) == 20
    assert shared <= set(documents["interview-1"]) | set(documents["interview-2"])


def test_a_coders_next_segment_follows_the_assignment(workbench: Workbench, tmp_path: Path) -> None:
    set_up(workbench, tmp_path)
    workbench.sample_overlap(("alice", "bob"), 0.2, seed=1)
    with Session(workbench.engine) as session:
        bob = session.exec(select(Coder.id).where(Coder.name == "bob")).one()
        mine = set(session.exec(select(Assignment.segment_id).where(Assignment.coder_id == bob)))
    seen = []
    location = workbench.next_unreviewed("bob", None, 0)
    while location is not None and location.segment_id not in seen:
        seen.append(location.segment_id)
        judge(workbench, "bob", [location.segment_id], [1])
        location = workbench.next_unreviewed("bob", location.document_id, location.position)
    assert set(seen) == mine and len(mine) == 6


def test_sampling_again_needs_replace_and_the_same_seed_repeats_the_draw(
    workbench: Workbench, tmp_path: Path
) -> None:
    set_up(workbench, tmp_path, documents=2)
    workbench.sample_overlap(("alice", "bob"), 0.3, seed=9)
    with Session(workbench.engine) as session:
        first = sorted(session.exec(select(Assignment.segment_id, Assignment.coder_id)).all())
    with pytest.raises(ProjectError, match="already have assignments: add --replace"):
        workbench.sample_overlap(("alice", "bob"), 0.3, seed=9)
    workbench.sample_overlap(("alice", "bob"), 0.3, seed=9, replace=True)
    with Session(workbench.engine) as session:
        assert sorted(session.exec(select(Assignment.segment_id, Assignment.coder_id)).all()) == first
