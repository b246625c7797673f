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
    expected = "give a file ending in .md or .html, not 'reliability.docx'"
    assert err.splitlines()[-1] == f"Error: --report writes Markdown or HTML: {expected}"
    assert not (tmp_path / "reliability.docx").exists()


def test_report_as_html_is_one_page_with_the_same_tables(study: tuple[str, ...], tmp_path: Path) -> None:
    out = tmp_path / "reliability.html"
    options = ("--codes", "approach,tone", "--method", "per-code", "--bootstrap", "200", "--seed", "7")
    assert run("agree", "study", *study, *options, "--report", str(out)) == (
        0,
        f"wrote reliability report to {out}\n",
        "",
    )
    page = out.read_text(encoding="utf-8")
    assert page.startswith(
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<title>Intercoder reliability: project study</title>\n"
    )
    assert page.endswith("</body>\n</html>\n")
    start, end = page.index("<h2>Resolving disagreements</h2>"), page.index("<h2>Methods statement</h2>")
    table = page[page.index("<table>", start) : page.index("</table>", start) + len("</table>")]
    assert end > start
    assert table.splitlines() == [
        "<table>", "<thead>", "<tr>", "<th>decision</th>", "<th>segments</th>", "</tr>", "</thead>",
        "<tbody>", "<tr>", "<td>take alice</td>", "<td>2</td>", "</tr>", "<tr>", "<td>union</td>",
        "<td>1</td>", "</tr>", "</tbody>", "</table>",
    ]  # fmt: skip
    assert [line for line in page.splitlines() if line.startswith("<h2>")] == [
        f"<h2>{heading}</h2>"
        for heading in (
            "Unit of analysis", "Coders and independence", "Codebook", "Reliability sample", "Rounds",
            "Agreement per code", "Prevalence warnings", "Units excluded", "Resolving disagreements",
            "Methods statement", "References",
        )
    ]  # fmt: skip


def test_report_and_out_together_are_refused(study: tuple[str, ...], tmp_path: Path) -> None:
    code, out, err = run(
        "agree", "study", *study, "--report", str(tmp_path / "r.md"), "--out", str(tmp_path / "o.md")
    )
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == "Error: --report and --out write different documents: give one of them"
