"""Who a reliability report compares: by default the coders who judged something; a lead only when named."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from reliability_projects import judge, set_up

from qualcode.cli.main import cli
from qualcode.service import Workbench
from qualcode.service.reliability.render import kappa_name, summary_rows
from qualcode.service.reliability.report import (
    NO_REVIEWS,
    NOT_NAMED,
    LeftOutCoder,
    ReliabilityOptions,
    methods_statement,
)
from qualcode.store.models import CoderRole

TEAM = {"maria": CoderRole.CODER, "tom": CoderRole.CODER, "lena": CoderRole.LEAD, "thomas": CoderRole.CODER}
"""Two coders who double-code, a lead who judges nothing, and a coder added by mistake who never coded."""


@pytest.fixture
def team(sqlite_url: str, tmp_path: Path) -> str:
    workbench = Workbench.create("study", sqlite_url)
    documents = set_up(workbench, tmp_path, coders=TEAM, documents=2)
    first, second = documents["interview-1"], documents["interview-2"]
    judge(workbench, "maria", first, range(1, 11), {"relational": [1, 2, 3, 4, 5]})
    judge(workbench, "tom", first, range(1, 11), {"relational": [1, 2, 3, 4, 6]})
    judge(workbench, "maria", second, range(1, 6), {"relational": [1, 2]})
    workbench.close()
    return sqlite_url


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_the_default_compares_the_coders_who_judged_and_says_who_was_left_out(team: str) -> None:
    report = Workbench.open("study", team).agreement_report(ReliabilityOptions(methods=("per-code",)))
    assert (report.scope.coders, report.scope.left_out) == (
        ("maria", "tom"),
        (LeftOutCoder("lena", "lead", NOT_NAMED), LeftOutCoder("thomas", "coder", NO_REVIEWS)),
    )
    assert kappa_name(report) == "Cohen's kappa"
    assert dict(summary_rows(report))["Coders"] == (
        "maria, tom; left out: lena (lead) — not compared unless named; thomas — no reviewed units in scope"
    )
    assert methods_statement(report).startswith(
        "Inter-coder reliability was assessed on 10 segments (the unit of analysis) of all 2 documents, each "
        'judged by at least two of 2 coders (maria and tom), using codebook "Test book" version 1 (7 codes). '
        "Not compared: lena (lead) — not compared unless named; thomas — no reviewed units in scope. "
    )


def test_a_coder_who_judged_only_outside_the_documents_in_scope_is_left_out(team: str) -> None:
    workbench = Workbench.open("study", team)
    with pytest.raises(Exception, match="agreement needs at least 2 coders; compared: maria; left out: "):
        workbench.agreement_report(ReliabilityOptions(documents=("interview-2",)))
    report = workbench.agreement_report(
        ReliabilityOptions(coders=("maria", "tom"), documents=("interview-1",))
    )
    assert report.scope.left_out == ()


def test_a_lead_and_a_coder_without_reviews_are_compared_when_named(team: str) -> None:
    report = Workbench.open("study", team).agreement_report(
        ReliabilityOptions(coders=("maria", "tom", "lena"), methods=("per-code",))
    )
    assert (report.scope.coders, report.scope.left_out, kappa_name(report)) == (
        ("maria", "tom", "lena"),
        (),
        "Fleiss' kappa",
    )
    # lena judged nothing: the units are still the 10 segments maria and tom both judged.
    assert report.scope.n_units == 10


def test_the_report_files_name_who_was_left_out(team: str) -> None:
    code, out, err = run("agree", "study", "--db", team, "--method", "per-code", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert (code, err) == (0, "")
    assert {(row["coders"], row["coders_left_out"]) for row in rows} == {
        ("maria;tom", "lena (lead) — not compared unless named; thomas — no reviewed units in scope")
    }
    code, out, _ = run("agree", "study", "--db", team, "--method", "per-code")
    assert (
        "Coders            maria, tom; left out: lena (lead) — not compared unless named; "
        "thomas — no reviewed units in scope"
    ) in out.splitlines()


@pytest.mark.parametrize(
    ("names", "message"),
    [
        ("maria,tomm", "Error: no coder 'tomm' in project 'study': did you mean 'tom'?\n"),
        ("maria,lenna", "Error: no coder 'lenna' in project 'study': did you mean 'lena'?\n"),
        (
            "maria,zed",
            "Error: no coder 'zed' in project 'study': add one with `qualcode coder add study zed`\n",
        ),
    ],
)
def test_a_mistyped_coder_is_an_error_that_suggests_the_near_name(
    team: str, names: str, message: str
) -> None:
    assert run("agree", "study", "--db", team, "--coders", names) == (1, "", message)
