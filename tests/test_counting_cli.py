"""`--count rollup|direct`: one spelling and default for agree and export frequencies, stated in each file."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from reliability_projects import judge, set_up

from qualcode.cli.main import cli
from qualcode.service import Workbench


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def study(sqlite_url: str, tmp_path: Path) -> tuple[str, ...]:
    """alice applies relational to segments 1-5, bob technical: they agree on approach, never below it."""
    workbench = Workbench.create("study", sqlite_url)
    segments = set_up(workbench, tmp_path)["interview-1"]
    judge(workbench, "alice", segments, range(1, 11), {"relational": [1, 2, 3, 4, 5]})
    judge(workbench, "bob", segments, range(1, 11), {"technical": [1, 2, 3, 4, 5]})
    workbench.close()
    return ("--db", sqlite_url)


def _frequency(study: tuple[str, ...], *options: str) -> list[tuple[str, str, str]]:
    code, out, _ = run("export", "frequencies", "study", *study, *options, "--out", "-")
    assert code == 0
    return [(row["code"], row["segments"], row["counting"]) for row in csv.DictReader(io.StringIO(out))][:3]


def _agree(study: tuple[str, ...], *options: str) -> list[tuple[str, str, str, str]]:
    code, out, _ = run("agree", "study", *study, "--method", "per-code", "--format", "csv", *options)
    assert code == 0
    rows = csv.DictReader(io.StringIO(out))
    return [(row["item"], row["n_coded_units"], row["alpha"], row["counting"]) for row in rows][:3]


def test_both_commands_roll_up_parents_by_default_and_say_so(study: tuple[str, ...]) -> None:
    # Rolled up, both coders applied approach to segments 1-5: alpha 1. relational: 20 values,
    # n_1 = 5, n_0 = 15, 5 split units: alpha = 1 - 19 x 10 / (2 x 15 x 5) = -0.266667.
    assert _frequency(study) == [
        ("approach", "5", "rollup"),
        ("approach/relational", "5", "rollup"),
        ("approach/technical", "5", "rollup"),
    ]
    assert _agree(study) == [
        ("approach", "5", "1.0", "rollup"),
        ("approach/relational", "5", "-0.266667", "rollup"),
        ("approach/technical", "5", "-0.266667", "rollup"),
    ]
    code, out, _ = run("agree", "study", *study, "--method", "per-code", "--codes", "approach")
    codebook = "Test book, version 1 (3 codes compared; rollup: a parent counts the codes below it)"
    assert f"Codebook          {codebook}" in out.splitlines()


def test_direct_counting_leaves_a_parent_its_own_applications(study: tuple[str, ...]) -> None:
    assert _frequency(study, "--count", "direct") == [
        ("approach", "0", "direct"),
        ("approach/relational", "5", "direct"),
        ("approach/technical", "5", "direct"),
    ]
    assert _agree(study, "--count", "direct") == [
        ("approach", "0", "", "direct"),
        ("approach/relational", "5", "-0.266667", "direct"),
        ("approach/technical", "5", "-0.266667", "direct"),
    ]


@pytest.mark.parametrize("command", [("agree",), ("export", "frequencies", "--out", "-")])
def test_an_unknown_counting_is_refused_alike(study: tuple[str, ...], command: tuple[str, ...]) -> None:
    code, out, err = run(*command[:1], *command[1:2], "study", *study, *command[2:], "--count", "children")
    assert (code, out) == (2, "")
    assert "Invalid value for '--count': 'children' is not one of 'rollup', 'direct'." in err
