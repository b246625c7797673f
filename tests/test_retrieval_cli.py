"""`qualcode export retrieval` and `export flags` as users run them: exact CSV rows, one-line refusals."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from retrieval_project import retrieval_project, segment_ids

from qualcode.cli.main import cli
from qualcode.service import Workbench

HEADER = (
    "document,document_id,segment_id,position,speaker,text,codes,coders,retrieved_code,with_children,"
    "attr_site"
)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def project(database_url: str, tmp_path: Path) -> tuple[tuple[str, ...], dict[tuple[str, int], int]]:
    """`study --db URL` for the retrieval project, and its segment ids."""
    workbench: Workbench
    for workbench in retrieval_project(database_url, tmp_path):
        ids = segment_ids(workbench)
    return ("study", "--db", database_url), ids


def test_retrieval_to_stdout_lists_the_segments_and_says_children_are_rolled_up(project) -> None:  # type: ignore[no-untyped-def]
    args, ids = project
    code, stdout, stderr = run(
        "export",
        "retrieval",
        *args,
        "--code",
        "approach",
        "--all-coders",
        "--as",
        "lee",
        "--speaker",
        "Kofi",
        "--out",
        "-",
    )
    assert (code, stderr) == (0, "wrote 1 rows to standard output\n")
    assert stdout.splitlines() == [
        HEADER,
        f"b-follow-up,2,{ids[('b-follow-up', 2)]},2,Kofi,Trust grew between the groups.,"
        "approach/relational,ana; ben,approach,True,south",
    ]


def test_retrieval_of_a_code_alone_for_one_coder_in_one_document(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    args, ids = project
    out = tmp_path / "technical.csv"
    code, stdout, _ = run(
        "export",
        "retrieval",
        *args,
        "--code",
        "approach/technical",
        "--coder",
        "ana",
        "--no-children",
        "--where",
        "site=north",
        "--out",
        str(out),
    )
    assert (code, stdout) == (0, f"wrote 1 rows to {out}\n")
    assert list(csv.reader(io.StringIO(out.read_text(encoding="utf-8")))) == [
        HEADER.split(","),
        [
            "a-interview",
            "1",
            str(ids[("a-interview", 4)]),
            "4",
            "Maria",
            "They wanted metrics [laughs] from day one.",
            "approach/technical",
            "ana",
            "approach/technical",
            "False",
            "north",
        ],
    ]


@pytest.mark.parametrize(
    ("options", "exit_code", "message"),
    [
        (
            ["--coder", "ben", "--as", "ana"],
            1,
            "Error: blind coding: ana is a coder, and only a lead may read ben's codings",
        ),
        (["--all-coders"], 2, "Error: --all-coders shows other coders' work: say who asks with --as LEAD"),
        (
            ["--coder", "ana", "--consensus"],
            2,
            "Error: say whose codings: one of --coder NAME, --consensus or --all-coders",
        ),
        (
            ["--coder", "ana", "--where", "site"],
            2,
            "Error: Invalid value for --where: 'site' is not KEY=VALUE, e.g. site=north",
        ),
        (["--coder", "ana", "--where", "region=x"], 1, "Error: no document has the attribute 'region'"),
    ],
)
def test_retrieval_refusals_are_one_line_and_write_nothing(  # type: ignore[no-untyped-def]
    project, tmp_path: Path, options: list[str], exit_code: int, message: str
) -> None:
    args, _ids = project
    out = tmp_path / "hits.csv"
    code, stdout, stderr = run(
        "export", "retrieval", *args, "--code", "approach", *options, "--out", str(out)
    )
    assert (code, stdout, stderr.splitlines()[-1]) == (exit_code, "", message)
    assert not out.exists()


def test_flags_table_lists_every_flag_and_whether_it_was_reviewed(project) -> None:  # type: ignore[no-untyped-def]
    args, ids = project
    code, stdout, stderr = run("export", "flags", *args, "--out", "-")
    assert (code, stderr) == (0, "wrote 2 rows to standard output\n")
    assert stdout.splitlines() == [
        "document,segment_id,position,speaker,coder,excerpt,reviewed",
        f"a-interview,{ids[('a-interview', 2)]},2,Maria,ben,"
        "We started with listening circles. Nobody had a plan. "
        "It took a year before we wrote anything down.,True",
        f"b-follow-up,{ids[('b-follow-up', 3)]},3,Interviewer,ana,And the money?,False",
    ]
