"""`qualcode agree table` and `qualcode agree plan` as users run them: the exact output and errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from reliability_projects import judge, set_up

from qualcode.cli.main import cli
from qualcode.service import Workbench

ABSTRACTORS_CSV = ",Ectopic,AIU,NIU\nEctopic,13,0,0\nAIU,0,20,7\nNIU,0,4,56\n"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _csv(tmp_path: Path, text: str, name: str = "coders.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_agree_table_prints_every_coefficient_and_each_category(tmp_path: Path) -> None:
    code, out, err = run("agree", "table", _csv(tmp_path, ABSTRACTORS_CSV))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "coders.csv: 2 coders, 100 units, 3 categories (Ectopic, AIU, NIU); weights: identity",
        "coefficient                 value     SE  95% low  95% high  chance",
        "--------------------------  -----  -----  -------  --------  ------",
        "percent agreement           0.890  0.031    0.828     0.952   0.000",
        "Cohen's kappa               0.796  0.059    0.680     0.913   0.460",
        "Scott's pi (Fleiss' kappa)  0.796  0.059    0.679     0.913   0.460",
        "Gwet's AC1                  0.849  0.043    0.764     0.935   0.270",
        "Brennan-Prediger            0.835  0.047    0.742     0.928   0.333",
        "Fleiss' kappa per category (category against all others):",
        "category  share  kappa_j     SE  95% low  95% high",
        "--------  -----  -------  -----  -------  --------",
        "Ectopic   0.130    1.000  0.000    1.000     1.000",
        "AIU       0.255    0.710  0.082    0.548     0.873",
        "NIU       0.615    0.768  0.066    0.636     0.899",
    ]


def test_agree_table_with_quadratic_weights_gives_the_weighted_family(tmp_path: Path) -> None:
    code, out, _ = run("agree", "table", _csv(tmp_path, ABSTRACTORS_CSV), "--weights", "quadratic")
    assert code == 0
    assert out.splitlines()[3:8] == [
        "weighted percent agreement (quadratic)                    0.973  0.008    0.957     0.988   0.000",
        "Cohen's weighted kappa (quadratic)                        0.892  0.035    0.822     0.962   0.745",
        "Scott's weighted pi (Fleiss' weighted kappa) (quadratic)  0.892  0.035    0.822     0.962   0.745",
        "Gwet's AC2 (quadratic)                                    0.940  0.018    0.905     0.976   0.540",
        "weighted Brennan-Prediger (quadratic)                     0.918  0.023    0.871     0.964   0.667",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            ",a,b\na,1,2\n",
            "{f}: a contingency table needs a header of category labels and at least two rows of counts",
        ),
        (
            ",a,b,c\na,1,2,3\nb,4,5,6\n",
            "{f}: 3 column labels but 2 rows of counts; the table must be square, the same categories in "
            "rows and columns",
        ),
        (
            ",a,b\na,1,2\nb,3,-4\n",
            "{f}, line 3, row 'b', column 'b': -4 is negative; counts cannot be negative",
        ),
        (",a,b\na,1,two\nb,3,4\n", "{f}, line 2, row 'a', column 'b': 'two' is not a count"),
        (",a,b\na,1,2.5\nb,3,4\n", "{f}, line 2, row 'a', column 'b': 2.5 is not a whole number of units"),
        (",a,b\na,1\nb,3,4\n", "{f}, line 2 (row 'a'): 1 counts for 2 columns"),
        (
            ",a,b\nb,1,2\na,3,4\n",
            "{f}, line 2: row 1 is labelled 'b' but column 1 is 'a'; rows and columns must list the same "
            "categories in the same order",
        ),
        (",a,b\na,0,0\nb,0,0\n", "{f}: every count is 0; there are no units to compare"),
    ],
    ids=["one row", "not square", "negative", "not numeric", "fraction", "short row", "labels", "empty"],
)
def test_agree_table_names_what_is_wrong_and_where(tmp_path: Path, text: str, message: str) -> None:
    path = _csv(tmp_path, text)
    code, out, err = run("agree", "table", path)
    assert (code, out, err) == (1, "", f"Error: {message.format(f=path)}\n")


def test_agree_table_of_a_missing_file_says_so(tmp_path: Path) -> None:
    path = str(tmp_path / "nothing.csv")
    assert run("agree", "table", path) == (1, "", f"Error: {path}: no such file\n")


def test_agree_plan_gives_krippendorffs_sample_size() -> None:
    assert run("agree", "plan", "--codes", "4", "--min-alpha", ".8", "--p", ".05") == (
        0,
        "139 units for alpha >= 0.800 at p = 0.05 (two coders, 4 equally likely codes, p_min = 0.250)\n",
        "",
    )
    assert run("agree", "plan", "--codes", "4", "--min-alpha", ".667")[1].startswith("81 units ")


def test_agree_plan_without_codes_or_project_asks_for_one() -> None:
    code, out, err = run("agree", "plan")
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == "Error: give --codes K, or a PROJECT to plan from its codes"


@pytest.fixture
def study(sqlite_url: str, tmp_path: Path) -> Iterator[tuple[str, ...]]:
    """alice and bob judge 10 segments: relational on 5 each (4 shared), hopeful on 4 and 3."""
    workbench = Workbench.create("study", sqlite_url)
    segments = set_up(workbench, tmp_path)["interview-1"]
    judge(
        workbench, "alice", segments, range(1, 11), {"relational": [1, 2, 3, 4, 5], "hopeful": [1, 2, 3, 4]}
    )
    judge(workbench, "bob", segments, range(1, 11), {"relational": [1, 2, 3, 4, 6], "hopeful": [1, 2, 3]})
    workbench.close()
    yield ("--db", sqlite_url)


def test_agree_plan_on_a_project_says_how_far_each_code_is(study: tuple[str, ...]) -> None:
    code, out, err = run("agree", "plan", "study", *study, "--codes", "2", "--min-alpha", ".667")
    assert (code, err) == (0, "")
    # p_min of relational: 10 of 20 reviews applied it; of hopeful 7 of 20 (N = 66 by the formula).
    assert out.splitlines() == [
        "study: 10 of 10 segments double-coded by alice, bob; target alpha >= 0.667 at p = 0.05",
        "2 equally likely codes: 60 units needed, 50 more to double-code",
        "code                 double-coded  p_min  needed  short by",
        "-------------------  ------------  -----  ------  --------",
        "approach                       10  0.500  60      50",
        "approach/relational            10  0.500  60      50",
        "approach/technical             10  0.000  —       —",
        "tone                           10  0.350  66      56",
        "tone/hopeful                   10  0.350  66      56",
        "tone/critical                  10  0.000  —       —",
        "power                          10  0.000  —       —",
        "— : applied nowhere: no sample size shows its alpha",
    ]
