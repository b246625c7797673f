"""export → import → export: every element of the project document comes back, and every figure."""

from __future__ import annotations

import dataclasses
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree
from test_export_qdpx import codings_table, memos_table, query
from test_export_tables import add_memos, build_coded

from qualcode.refi.write import write_qdpx
from qualcode.service import Workbench
from qualcode.service.demo import build_demo
from qualcode.service.reliability.report import ReliabilityOptions
from qualcode.service.reliability.results import Choice


@pytest.fixture
def fresh(database_url: str) -> Iterator[Workbench]:
    bench = Workbench.create("copy", database_url)
    yield bench
    bench.close()


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def elements(data: bytes) -> list[tuple[str, tuple[tuple[str, str], ...], str]]:
    """Every element of a project document, in document order, with its attributes and text.

    The root's ``name`` is the project's name, which differs between the two projects by design.
    """
    root = etree.fromstring(data)
    root.attrib.pop("name")
    return [
        (etree.QName(element).localname, tuple(sorted(element.attrib.items())), (element.text or "").strip())
        for element in root.iter()
    ]


def reviews_table(workbench: Workbench) -> list[tuple]:
    return sorted(
        query(
            workbench,
            "SELECT document.name, segment.position, coder.name, segment_review.status, "
            "segment_review.flagged FROM segment_review JOIN coder ON coder.id = segment_review.coder_id "
            "JOIN segment ON segment.id = segment_review.segment_id "
            "JOIN document ON document.id = segment.document_id WHERE document.project_id = :project_id",
        )
    )


def decisions_table(workbench: Workbench) -> list[tuple]:
    return sorted(
        query(
            workbench,
            "SELECT document.name, segment.position, lead.name, consensus.name, decision.choice, "
            "decision.code_uuids, decision.rationale FROM decision "
            "JOIN coder AS lead ON lead.id = decision.lead_id "
            "JOIN coder AS consensus ON consensus.id = decision.consensus_id "
            "JOIN segment ON segment.id = decision.segment_id "
            "JOIN document ON document.id = segment.document_id WHERE document.project_id = :project_id",
        ),
        key=repr,
    )


def spans_table(workbench: Workbench) -> list[tuple]:
    return sorted(
        query(
            workbench,
            "SELECT coder.name, code.uuid, document.name, segment.position, coding.span_start, "
            "coding.span_end, coding.quote_hash FROM coding JOIN coder ON coder.id = coding.coder_id "
            "JOIN code ON code.id = coding.code_id JOIN segment ON segment.id = coding.segment_id "
            "JOIN document ON document.id = segment.document_id WHERE document.project_id = :project_id",
        )
    )


def test_a_round_trip_writes_every_element_again_with_the_same_guids(
    workbench: Workbench, fresh: Workbench, tmp_path: Path
) -> None:
    coded = build_coded(workbench, tmp_path)
    add_memos(coded)
    interview_2 = coded.resolve_segment("interview:2")
    coded.apply_code(interview_2, "tone/hopeful", "ben", span=(3, 10))
    coded.apply_code(interview_2, "tone/hopeful", "ana", span=(3, 10))
    first = write_qdpx(coded.exchange_project(), tmp_path / "first.qdpx")
    report = fresh.import_files([first])
    assert (report.failed, report.notes) == ((), ())
    second = write_qdpx(fresh.exchange_project(), tmp_path / "second.qdpx")
    one, two = members(first), members(second)
    assert sorted(one) == sorted(two)
    assert elements(two.pop("project.qde")) == elements(one.pop("project.qde"))
    assert json.loads(two.pop("qualcode-extension.json")) == json.loads(one.pop("qualcode-extension.json"))
    assert two == one
    assert spans_table(fresh) == spans_table(coded)
    assert reviews_table(fresh) == reviews_table(coded)
    assert memos_table(fresh) == memos_table(coded)
    assert codings_table(fresh) == codings_table(coded)


def test_a_round_trip_of_the_demo_keeps_units_reviews_decisions_and_every_figure(
    database_url: str, fresh: Workbench, tmp_path: Path
) -> None:
    demo = build_demo(database_url)
    try:
        segment = demo.resolve_segment(f"{demo.documents()[0].name}:4")
        demo.set_flag(segment, "ana", True)
        demo.decide(segment, "lead", Choice(kind="take", coder="ana"), rationale="ana's reading")
        demo.decide(demo.resolve_segment(f"{demo.documents()[0].name}:6"), "lead", Choice(kind="union"))
        assert len(decisions_table(demo)) == 2
        path = write_qdpx(demo.exchange_project(), tmp_path / "demo.qdpx")
        assert fresh.import_files([path]).failed == ()
        options = ReliabilityOptions(seed=7, n_boot=200)
        before, after = demo.agreement_report(options), fresh.agreement_report(options)
        assert after.scope.n_units == before.scope.n_units
        assert after.per_code == before.per_code
        assert after.set_valued == before.set_valued
        assert after.groups == before.groups
        assert dataclasses.replace(after.scope, project="demo") == before.scope
        assert reviews_table(fresh) == reviews_table(demo)
        assert decisions_table(fresh) == decisions_table(demo)
        assert memos_table(fresh) == memos_table(demo)
        assert [(c.name, c.role) for c in fresh.coders()] == [(c.name, c.role) for c in demo.coders()]
    finally:
        demo.close()
