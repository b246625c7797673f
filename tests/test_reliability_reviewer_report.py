"""`qualcode agree PROJECT --report FILE.md`: the whole reliability section for a small fixed project."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from reliability_projects import judge, set_up

from qualcode import __version__
from qualcode.cli.main import cli
from qualcode.service import Workbench
from qualcode.service.reliability.results import Choice


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def study(sqlite_url: str, tmp_path: Path) -> tuple[str, ...]:
    """12 turns; a 50 % overlap drawn for alice and bob; both judge 1-10, alice 11 too; lena decides two."""
    workbench = Workbench.create("study", sqlite_url)
    segments = set_up(workbench, tmp_path, n_segments=12)["interview-1"]
    workbench.sample_overlap(["alice", "bob"], 0.5, seed=3)
    judge(
        workbench,
        "alice",
        segments,
        range(1, 12),
        {"relational": [1, 2, 3, 4, 5, 6], "hopeful": [1, 2, 3, 8, 9]},
    )
    judge(
        workbench, "bob", segments, range(1, 11), {"relational": [1, 2, 3, 4, 5, 7], "hopeful": [1, 2, 3, 8]}
    )
    workbench.decide(segments[5], "lena", Choice("take", coder="alice"), rationale="relational talk")
    workbench.decide(segments[6], "lena", Choice("union"))
    workbench.decide(segments[8], "lena", Choice("take", coder="alice"))
    workbench.close()
    return ("--db", sqlite_url)


def test_report_writes_the_whole_reliability_section(study: tuple[str, ...], tmp_path: Path) -> None:
    out = tmp_path / "reliability.md"
    code, stdout, err = run(
        "agree", "study", *study, "--codes", "approach,tone", "--method", "per-code",
        "--bootstrap", "200", "--seed", "7", "--report", str(out),
    )  # fmt: skip
    assert (code, stdout, err) == (0, f"wrote reliability report to {out}\n", "")
    expected = (Path(__file__).parent / "fixtures" / "reviewer_report.md").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == expected.replace(
        "qualcode VERSION.", f"qualcode {__version__}."
    )


def test_report_to_standard_output_equals_the_file(study: tuple[str, ...], tmp_path: Path) -> None:
    options = ("--codes", "approach,tone", "--method", "per-code", "--bootstrap", "200", "--seed", "7")
    out = tmp_path / "reliability.md"
    assert run("agree", "study", *study, *options, "--report", str(out))[0] == 0
    assert run("agree", "study", *study, *options, "--report", "-") == (
        0,
        out.read_text(encoding="utf-8"),
        "",
    )


def test_report_refuses_a_file_that_is_not_markdown(study: tuple[str, ...], tmp_path: Path) -> None:
    code, out, err = run("agree", "study", *study, "--report", str(tmp_path / "reliability.docx"))
    assert (code, out) == (2, "")
    assert (
        err.splitlines()[-1]
        == "Error: --report writes Markdown: give a file ending in .md, not 'reliability.docx'"
    )
    assert not (tmp_path / "reliability.docx").exists()
