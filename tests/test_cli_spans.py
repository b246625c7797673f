"""`qualcode apply --span` and the span columns of the codings export, run as users run them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from factories import CODEBOOK_V1, INTERVIEW, write

from qualcode.cli.main import cli

SECOND = (
    "We started with listening circles. Nobody had a plan.\n\nIt took a year before we wrote anything down."
)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def project(database_url: str, tmp_path: Path) -> tuple[str, ...]:
    db = ("--db", database_url)
    assert run("init", "study", *db, "--codebook", str(write(tmp_path / "book.yaml", CODEBOOK_V1)))[0] == 0
    assert run("import", "study", str(write(tmp_path / "interview.txt", INTERVIEW)), *db)[0] == 0
    assert run("coder", "add", "study", "ana", *db)[0] == 0
    return db


def _apply(project: tuple[str, ...], *args: str) -> tuple[int, str, str]:
    return run("apply", "study", *project, "--coder", "ana", "--segment", "interview:2", *args)


def _export(project: tuple[str, ...], tmp_path: Path) -> list[list[object]]:
    out = tmp_path / "codings.csv"
    assert run("export", "codings", "study", *project, "--out", str(out), "--no-neutralise")[0] == 0
    table = pd.read_csv(out, keep_default_na=False)
    return table[["position", "code", "coder", "start", "end", "quote"]].values.tolist()


def test_a_span_is_applied_exported_with_its_quote_and_removed(
    project: tuple[str, ...], tmp_path: Path
) -> None:
    assert _apply(project, "--code", "power", "--span", "16:33") == (
        0,
        "interview:2: applied power at 16:33\n",
        "",
    )
    assert (
        _apply(project, "--code", "power", "--span", "16:33")[1]
        == "interview:2: already had power at 16:33\n"
    )
    assert _apply(project, "--code", "relational")[0] == 0
    assert _export(project, tmp_path) == [
        [2, "approach/relational", "ana", 0, 100, SECOND],
        [2, "power", "ana", 16, 33, "listening circles"],
    ]
    assert _apply(project, "--code", "power", "--span", "16:33", "--remove")[1] == (
        "interview:2: removed power at 16:33\n"
    )
    assert _export(project, tmp_path) == [[2, "approach/relational", "ana", 0, 100, SECOND]]


@pytest.mark.parametrize(
    ("span", "message"),
    [
        (
            "90:101",
            "Error: span 90:101 does not fit segment interview:2, which has 100 characters: "
            "give START:END with 0 <= START < END <= 100\n",
        ),
        (
            "7:7",
            "Error: span 7:7 does not fit segment interview:2, which has 100 characters: "
            "give START:END with 0 <= START < END <= 100\n",
        ),
        ("16-33", "Error: --span '16-33' is not START:END: give two character offsets, e.g. --span 16:33\n"),
        ("a:9", "Error: --span 'a:9' is not START:END: give two character offsets, e.g. --span 16:33\n"),
    ],
    ids=["past-the-end", "empty", "no-colon", "not-a-number"],
)
def test_a_bad_span_is_one_line_naming_the_problem_and_records_nothing(
    project: tuple[str, ...], tmp_path: Path, span: str, message: str
) -> None:
    assert _apply(project, "--code", "power", "--span", span) == (1, "", message)
    assert _export(project, tmp_path) == []
