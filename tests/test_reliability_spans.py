"""Agreement on span codings: segment-level figures read spans by one rule, alpha-u reads extents."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import unitizing_literal as literal
from click.testing import CliRunner
from factories import CODEBOOK_V1, INTERVIEW, write

from qualcode.cli.main import cli
from qualcode.service import Workbench
from qualcode.service.reliability.report import ReliabilityOptions


@pytest.fixture
def spanned(workbench: Workbench, tmp_path: Path) -> Workbench:
    """ana and ben judge all four turns; they mark different stretches of the same codes."""
    workbench.load_codebook(write(tmp_path / "book.yaml", CODEBOOK_V1))
    workbench.import_files([write(tmp_path / "interview.txt", INTERVIEW)])
    for coder in ("ana", "ben"):
        workbench.add_coder(coder)
        for position in (1, 2, 3, 4):
            workbench.mark_reviewed([_segment(workbench, position)], coder)
    power, hopeful = workbench.find_code("power").id, workbench.find_code("hopeful").id
    workbench.toggle_span(_segment(workbench, 2), power, "ana", 16, 33)
    workbench.toggle_span(_segment(workbench, 2), power, "ana", 40, 52)
    workbench.toggle_span(_segment(workbench, 2), power, "ben", 16, 25)
    workbench.toggle_code([_segment(workbench, 3)], power, "ana")
    workbench.toggle_span(_segment(workbench, 3), power, "ana", 0, 5)
    workbench.toggle_code([_segment(workbench, 4)], hopeful, "ana")
    workbench.toggle_span(_segment(workbench, 4), hopeful, "ben", 0, 20)
    return workbench


def _segment(workbench: Workbench, position: int) -> int:
    return workbench.resolve_segment(f"interview:{position}")


def test_two_spans_of_a_code_count_once_in_the_segment_level_figures(spanned: Workbench) -> None:
    report = spanned.agreement_report(ReliabilityOptions(methods=("per-code",)))
    assert report.per_code is not None
    power = next(code for code in report.per_code.codes if code.code == "power")
    assert (power.n_units, power.n_coded_units, power.percent_agreement.value) == (4, 2, 0.75)
    assert report.unitizing is not None


def test_alpha_u_is_the_printed_formula_over_the_documents_continuum(spanned: Workbench) -> None:
    texts = [segment.text for segment in spanned.segments(spanned.documents()[0].id)]
    before_2, before_3 = len(texts[0]), len(texts[0]) + len(texts[1])
    before_4 = before_3 + len(texts[2])
    report = spanned.agreement_report(ReliabilityOptions(methods=("per-code",)))
    section = report.unitizing
    assert section is not None
    assert (section.n_continua, section.n_segments, section.total_length) == (1, 4, sum(map(len, texts)))
    spans = {
        "ana": [
            (0, before_2 + 16, before_2 + 33, "power"),
            (0, before_2 + 40, before_2 + 52, "power"),
            (0, before_3, before_3 + len(texts[2]), "power"),
            (0, before_3, before_3 + 5, "power"),
            (0, before_4, before_4 + len(texts[3]), "tone/hopeful"),
        ],
        "ben": [(0, before_2 + 16, before_2 + 25, "power"), (0, before_4, before_4 + 20, "tone/hopeful")],
    }
    for code in ("power", "tone/hopeful"):
        observed, expected = literal.alpha_u([section.total_length], spans, code)
        assert math.isclose(section.alpha_u.per_code[code].value, 1 - observed / expected, rel_tol=1e-12)
    assert section.alpha_u.per_code["tone/critical"].defined is False


def test_a_project_without_spans_reports_no_unitizing(workbench: Workbench, tmp_path: Path) -> None:
    workbench.load_codebook(write(tmp_path / "book.yaml", CODEBOOK_V1))
    workbench.import_files([write(tmp_path / "interview.txt", INTERVIEW)])
    for coder in ("ana", "ben"):
        workbench.add_coder(coder)
        workbench.toggle_code([_segment(workbench, 2)], workbench.find_code("power").id, coder)
    assert workbench.agreement_report().unitizing is None


def test_disagreements_list_where_span_boundaries_differ(spanned: Workbench, database_url: str) -> None:
    result = CliRunner().invoke(
        cli, ["consensus", "list", "study", "--db", database_url], catch_exceptions=False
    )
    assert (result.exit_code, result.stdout.splitlines()) == (
        0,
        [
            "segment      id  ana           ben           decided  spans that differ",
            "-----------  --  ------------  ------------  -------  " + "-" * 35,
            "interview:2   2  power         power                  power: ana 16:33, 40:52 · ben 16:25",
            "interview:3   3  power         none",
            "interview:4   4  tone/hopeful  tone/hopeful           tone/hopeful: ana whole · ben 0:20",
        ],
    )


def test_the_agree_report_states_the_span_rule_and_shows_alpha_u(
    spanned: Workbench, database_url: str
) -> None:
    result = CliRunner().invoke(cli, ["agree", "study", "--db", database_url], catch_exceptions=False)
    lines = result.stdout.splitlines()
    assert result.exit_code == 0
    heading = lines.index(
        "(d) Unitizing: agreement on the stretches coded (Krippendorff's alpha-u; |u-alpha, 2016)"
    )
    assert lines[heading + 2].split() == ["code", "units", "alpha-u", "|u-alpha", "note"]
    assert (
        "Segment-level figures above: a segment has a code for a coder when any span of that code lies in it."
        in lines
    )
    assert "for the segment-level figures a segment has a code for a coder when any span" in " ".join(lines)


def test_the_agree_report_gives_cu_alpha_for_three_coders(
    workbench: Workbench, tmp_path: Path, database_url: str
) -> None:
    """Three coders mark stretches of the exclusive tone group in turn 4; the group's line shows
    cu-alpha (no longer a dash with three coders), equal to the per-character literal sums."""
    workbench.load_codebook(write(tmp_path / "book.yaml", CODEBOOK_V1))
    workbench.import_files([write(tmp_path / "interview.txt", INTERVIEW)])
    hopeful, critical = workbench.find_code("tone/hopeful").id, workbench.find_code("tone/critical").id
    marks = {
        "ana": [(hopeful, 0, 20)],
        "ben": [(hopeful, 0, 12), (critical, 12, 20)],
        "cai": [(critical, 5, 20)],
    }
    for coder, spans in marks.items():
        workbench.add_coder(coder)
        for position in (1, 2, 3, 4):
            workbench.mark_reviewed([_segment(workbench, position)], coder)
        for code, start, end in spans:
            workbench.toggle_span(_segment(workbench, 4), code, coder, start, end)
    texts = [segment.text for segment in workbench.segments(workbench.documents()[0].id)]
    before_4 = sum(map(len, texts[:3]))
    names = {hopeful: "tone/hopeful", critical: "tone/critical"}
    rows = {
        coder: [(0, before_4 + start, before_4 + end, names[code]) for code, start, end in spans]
        for coder, spans in marks.items()
    }
    printed = literal.family([sum(map(len, texts))], rows, ["tone/hopeful", "tone/critical"])
    assert 0.0 < printed["cu"] < 1.0
    result = CliRunner().invoke(cli, ["agree", "study", "--db", database_url], catch_exceptions=False)
    assert result.exit_code == 0
    assert (
        f"tone: u-alpha {printed['u']:.3f}, |u-alpha {printed['binary']:.3f}, cu-alpha {printed['cu']:.3f}"
        in result.stdout.splitlines()
    )
