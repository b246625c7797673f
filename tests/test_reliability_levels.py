"""Alpha of an ordered group at the ordinal, interval and ratio levels, from a project and the CLI."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import krippendorff
import numpy as np
import pytest
from click.testing import CliRunner
from factories import write

from qualcode.cli.main import cli
from qualcode.service import Workbench
from qualcode.service.reliability.report import ReliabilityOptions
from qualcode.store.models import CoderRole, ReviewStatus

REFERENCE = Path(__file__).parent / "fixtures" / "reference" / "agreement-cases.json"
CODEBOOK = """\
name: Rating book
version: "3"
codes:
  - name: rating
    definition: How strongly the speaker endorses the plan.
    exclusive: true
    ordered: true
    children:
{points}
  - name: intensity
    definition: How intense the talk is.
    exclusive: true
    ordered: true
    children:
      - name: low
        definition: Calm.
      - name: medium
        definition: Engaged.
      - name: high
        definition: Heated.
  - name: tone
    definition: Stance.
    exclusive: true
    children:
      - name: hopeful
        definition: Expects better.
      - name: critical
        definition: Doubts.
"""
POINTS = "\n".join(f'      - name: "{n}"\n        definition: Point {n} of the scale.' for n in range(1, 6))
CODERS = ("c1", "c2", "c3", "c4")


def krippendorff_c() -> list[list[float | None]]:
    """Krippendorff (2011) sec. C: four observers, twelve units, values 1-5, some missing."""
    cases = json.loads(REFERENCE.read_text(encoding="utf-8"))
    case = next(c for c in cases if c["name"] == "krippendorff2011_C_4obs_12units_missing_ordinal")
    return case["data"]


def published(level: str) -> float:
    cases = json.loads(REFERENCE.read_text(encoding="utf-8"))
    return next(c for c in cases if c["name"] == f"krippendorff2011_C_4obs_12units_missing_{level}")[
        "expected"
    ]


@pytest.fixture
def rated(sqlite_url: str, tmp_path: Path) -> str:
    """Krippendorff's data as codes of the ordered group "rating": coder i gives unit u the code "v"."""
    workbench = Workbench.create("study", sqlite_url)
    workbench.load_codebook(write(tmp_path / "book.yaml", CODEBOOK.format(points=POINTS)))
    text = "\n\n".join(f"Maria: Turn {u + 1}." for u in range(12)) + "\n"
    workbench.import_files([write(tmp_path / "interview.txt", text)])
    segments = [segment.id for segment in workbench.segments(workbench.documents()[0].id)]
    intensity = {
        "c1": "low low medium high high",
        "c2": "low medium medium high high",
        "c3": "low low medium medium high",
    }
    for coder, row in zip(CODERS, krippendorff_c(), strict=True):
        workbench.add_coder(coder, CoderRole.CODER)
        for segment, value in zip(segments, row, strict=True):
            if value is not None:
                workbench.set_review(segment, coder, ReviewStatus.DONE)
                workbench.apply_code(segment, str(value), coder)
        for segment, word in zip(segments, intensity.get(coder, "").split(), strict=False):
            workbench.apply_code(segment, word, coder)
    workbench.close()
    return sqlite_url


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("level", ["ordinal", "interval", "ratio"])
def test_an_ordered_group_reproduces_krippendorffs_published_alpha_at_each_level(
    rated: str, level: str
) -> None:
    options = ReliabilityOptions(methods=("group",), level=level, groups=("rating",))  # type: ignore[arg-type]
    report = Workbench.open("study", rated).agreement_report(options)
    (group,) = report.groups or ()
    data = np.array(krippendorff_c(), dtype=float)
    assert group.alpha.value == pytest.approx(krippendorff.alpha(data, level_of_measurement=level), abs=1e-12)
    assert round(group.alpha.value, 3) == published(level)
    assert (group.group, group.level, group.scale) == ("rating", level, (1.0, 2.0, 3.0, 4.0, 5.0))


def test_codes_named_by_words_are_ranks_and_a_review_without_the_group_is_missing(rated: str) -> None:
    options = ReliabilityOptions(methods=("group",), level="interval", groups=("intensity",))
    (group,) = Workbench.open("study", rated).agreement_report(options).groups or ()
    # Units 1-5 of c1-c3 (ranks of low, medium, high); c4 never used the group: missing.
    expected = np.array([[1, 1, 2, 3, 3], [1, 2, 2, 3, 3], [1, 1, 2, 2, 3]], dtype=float)
    assert group.alpha.value == pytest.approx(krippendorff.alpha(expected, level_of_measurement="interval"))
    assert group.scale == (1.0, 2.0, 3.0)
    assert group.diagnostics == (
        "interval level, scale low = 1, medium = 2, high = 3",
        "26 review(s) gave none of the group's codes (no point of the scale): missing",
    )


def test_the_cli_reports_every_ordered_group_and_labels_its_rows_by_level(rated: str) -> None:
    code, out, _ = run(
        "agree", "study", "--db", rated, "--method", "group", "--level", "ordinal", "--format", "csv"
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    assert [(row["method"], row["item"]) for row in rows] == [
        ("group (ordinal)", "rating"),
        ("group (ordinal)", "intensity"),
    ]
    assert float(rows[0]["alpha"]) == pytest.approx(published("ordinal"), abs=5e-4)
    code, out, _ = run("agree", "study", "--db", rated, "--method", "group", "--level", "ordinal")
    assert "(b) Ordered groups, one ordinal variable each, its codes the scale's points" in out
    assert "Each ordered group of codes was treated as one variable at the ordinal level" in " ".join(
        out.split()
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--level", "ordinal", "--group", "tone"),
            "Error: group 'tone' is not ordered: mark it `ordered: true` in the codebook to measure its "
            "agreement at the ordinal level\n",
        ),
        (
            ("--level", "ratio", "--group", "intensity"),
            "Error: group 'intensity': the ratio level needs codes named by their numbers (e.g. 0, 1, 2), "
            "got low, medium, high; use --level interval or ordinal\n",
        ),
        (
            ("--group", "stance"),
            "Error: no exclusive group 'stance' among the compared codes (groups: rating, intensity, tone)\n",
        ),
        (
            ("--level", "ordinal", "--codes", "tone"),
            "Error: no ordered group among the compared codes: the ordinal level needs an exclusive parent "
            "marked `ordered: true` in the codebook\n",
        ),
    ],
    ids=["unordered-group", "ratio-of-words", "unknown-group", "no-ordered-group"],
)
def test_a_level_the_group_cannot_take_is_refused_in_one_line(
    rated: str, args: tuple[str, ...], message: str
) -> None:
    assert run("agree", "study", "--db", rated, "--method", "group", *args) == (1, "", message)
