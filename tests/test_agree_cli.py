"""`qualcode agree`, `consensus`, `sample`, `drift` and `training` as users run them: exact output."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from reliability_projects import judge, set_up
from syrupy.assertion import SnapshotAssertion

from qualcode.cli.main import cli
from qualcode.service import Workbench


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _study(url: str, folder: Path) -> Iterator[tuple[str, ...]]:
    """alice and bob judge 10 segments: relational (1-5 vs 1-4 and 6), tone (hopeful/critical)."""
    workbench = Workbench.create("study", url)
    segments = set_up(workbench, folder)["interview-1"]
    judge(
        workbench, "alice", segments, range(1, 11), {"relational": [1, 2, 3, 4, 5], "hopeful": [1, 2, 3, 4]}
    )
    judge(workbench, "bob", segments, range(1, 11), {"relational": [1, 2, 3, 4, 6], "hopeful": [1, 2, 3]})
    judge(workbench, "bob", segments, [], {"critical": [4]})
    workbench.close()
    yield ("--db", url)


@pytest.fixture
def study(database_url: str, tmp_path: Path) -> Iterator[tuple[str, ...]]:
    yield from _study(database_url, tmp_path)


@pytest.fixture
def sqlite_study(sqlite_url: str, tmp_path: Path) -> Iterator[tuple[str, ...]]:
    yield from _study(sqlite_url, tmp_path)


REPORT = ("--codes", "approach/relational,tone", "--bootstrap", "200", "--seed", "7")


@pytest.mark.parametrize("report_format", ["table", "csv", "json", "markdown"])
def test_agree_prints_the_same_report_every_run(
    sqlite_study: tuple[str, ...], report_format: str, snapshot: SnapshotAssertion
) -> None:
    code, out, err = run("agree", "study", *sqlite_study, *REPORT, "--format", report_format)
    assert (code, err) == (0, "")
    assert out == snapshot
    assert run("agree", "study", *sqlite_study, *REPORT, "--format", report_format)[1] == out


def test_agree_json_holds_the_figures_of_the_table(sqlite_study: tuple[str, ...]) -> None:
    document = json.loads(run("agree", "study", *sqlite_study, *REPORT, "--format", "json")[1])
    relational = document["per_code"]["codes"][0]
    assert (relational["code"], relational["n_units"], relational["alpha"]["value"]) == (
        "approach/relational",
        10,
        pytest.approx(0.62),
    )
    assert document["scope"]["unit_of_analysis"] == "segment"
    assert document["options"]["seed"] == 7


def test_agree_writes_the_report_to_a_file(sqlite_study: tuple[str, ...], tmp_path: Path) -> None:
    out_file = tmp_path / "reliability.md"
    code, out, _ = run(
        "agree", "study", *sqlite_study, *REPORT, "--format", "markdown", "--out", str(out_file)
    )
    assert (code, out) == (0, f"wrote markdown report to {out_file}\n")
    assert (
        out_file.read_text(encoding="utf-8")
        == run("agree", "study", *sqlite_study, *REPORT, "--format", "markdown")[1]
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--coders", "alice,zed"),
            "Error: no coder 'zed' in project 'study': add one with `qualcode coder add study zed`\n",
        ),
        (
            ("--coders", "alice"),
            "Error: agreement needs at least 2 coders; compared: alice (name them with --coders a,b or add "
            "coders with `qualcode coder add`)\n",
        ),
        (("--codes", "nope"), "Error: no code 'nope' in this project's codebook\n"),
    ],
    ids=["unknown coder", "one coder only", "unknown code"],
)
def test_bad_arguments_are_one_line_and_exit_1(
    study: tuple[str, ...], args: tuple[str, ...], message: str
) -> None:
    assert run("agree", "study", *study, *args) == (1, "", message)


def test_the_lead_settles_disagreements_from_the_command_line(study: tuple[str, ...]) -> None:
    code, out, _ = run("consensus", "list", "study", *study, "--codes", "relational")
    assert code == 0
    assert out.splitlines() == [
        "segment        id  alice                bob                  decided",
        "-------------  --  -------------------  -------------------  -------",
        "interview-1:5   5  approach/relational  none",
        "interview-1:6   6  none                 approach/relational",
    ]
    code, out, _ = run(
        "consensus", "decide", "study", "interview-1:5", *study, "--lead", "lena", "--take", "alice",
        "--rationale", "an explicit relational frame",
    )  # fmt: skip
    assert (code, out) == (0, "segment 5: take alice → approach/relational (saved as consensus)\n")
    assert run("consensus", "decide", "study", "6", *study, "--lead", "lena", "--set", "")[1] == (
        "segment 6: edit → no code (saved as consensus)\n"
    )
    code, out, _ = run("consensus", "log", "study", *study)
    assert [line[18:] for line in out.splitlines()] == [
        "segment  lead  choice      codes                rationale",
        "-------  ----  ----------  -------------------  ----------------------------",
        "      5  lena  take alice  approach/relational  an explicit relational frame",
        "      6  lena  edit        no code",
    ]
    code, out, _ = run("consensus", "status", "study", *study, "--codes", "relational")
    assert out == (
        "2 disagreements among 10 segments judged by 2+ coders: 2 decided, 0 to go; "
        "the consensus holds 2 segments\n"
    )
    # Segments 1-3 and 7-10 were coded alike (every code counts); 4 differs on tone and stays open.
    assert run("consensus", "accept", "study", *study, "--lead", "lena")[1] == (
        "accepted 7 agreed and 0 single-coder segments; 2 already decided were left alone\n"
    )


def test_decide_needs_exactly_one_choice(study: tuple[str, ...]) -> None:
    code, _, err = run(
        "consensus", "decide", "study", "5", *study, "--lead", "lena", "--union", "--take", "bob"
    )
    assert code == 2 and "give exactly one of --take CODER, --union, --intersection or --set CODES" in err


def test_sample_prints_the_draw_and_refuses_to_overwrite(study: tuple[str, ...]) -> None:
    code, out, _ = run("sample", "study", *study, "--overlap", "0.2", "--coders", "alice,bob", "--seed", "4")
    assert (code, out.splitlines()) == (
        0,
        [
            "sampled 2 of 10 segments (20.0%) for every coder to code (seed 4)",
            "coder  assigned  overlap  alone",
            "-----  --------  -------  -----",
            "alice         6        2      4",
            "bob           6        2      4",
        ],
    )
    code, _, err = run("sample", "study", *study, "--overlap", "0.2", "--coders", "alice,bob")
    assert (code, err) == (
        1,
        "Error: alice, bob already have assignments: add --replace to draw a new sample\n",
    )


def test_drift_and_training_print_their_tables(study: tuple[str, ...]) -> None:
    code, out, _ = run("drift", "study", *study, "--code", "relational")
    assert (code, out.splitlines()) == (
        0,
        [
            "Agreement of alice, bob on approach/relational, per document: "
            "the segment's document, in reading order",
            "document     segments  judged by 2+  alpha  note",
            "-----------  --------  ------------  -----  ----",
            "interview-1        10            10  0.620",
        ],
    )
    code, out, _ = run("training", "study", "bob", *study, "--reference", "alice", "--codes", "relational")
    assert (code, out.splitlines()) == (
        0,
        [
            "bob against alice: 10 segments both judged",
            "code                  n  %agree  alpha  misses  false alarms  verdict",
            "-------------------  --  ------  -----  ------  ------------  ----------",
            "approach/relational  10   0.800  0.620       1             1  unreliable",
            "approach/relational missed: interview-1:5",
            "approach/relational false alarms: interview-1:6",
        ],
    )
