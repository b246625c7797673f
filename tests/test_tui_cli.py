"""Launching the workbench from the command line: `qualcode code`, bare `qualcode`, `qualcode demo`."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from qualcode.cli import code_commands
from qualcode.cli.main import cli
from qualcode.service import Workbench

Launches = list[tuple[str, str | None]]


@pytest.fixture
def launches(monkeypatch: pytest.MonkeyPatch) -> Launches:
    """Record what would have opened instead of taking over the test's terminal."""
    opened: Launches = []
    monkeypatch.setattr(
        code_commands, "run_workbench", lambda workbench, coder: opened.append((workbench.name, coder))
    )
    monkeypatch.setattr(code_commands, "run_picker", lambda db_url: opened.append(("picker", db_url)))
    return opened


@pytest.fixture
def study(tmp_path: Path) -> Workbench:
    workbench = Workbench.create("study")
    workbench.add_coder("ana")
    return workbench


def test_code_opens_the_workbench_for_an_existing_coder(study: Workbench, launches: Launches) -> None:
    result = CliRunner().invoke(cli, ["code", "study", "--coder", "ana"])
    assert result.exit_code == 0, result.output
    assert launches == [("study", "ana")]


def test_code_asks_before_creating_a_coder_and_stops_on_no(study: Workbench, launches: Launches) -> None:
    result = CliRunner().invoke(cli, ["code", "study", "--coder", "zoe"], input="n\n")
    assert result.exit_code == 1
    assert "coder 'zoe' does not exist in project 'study'; create it?" in result.output
    assert launches == []
    assert [coder.name for coder in study.coders()] == ["ana"]


def test_code_creates_the_coder_on_yes_and_opens(study: Workbench, launches: Launches) -> None:
    result = CliRunner().invoke(cli, ["code", "study", "--coder", "zoe"], input="y\n")
    assert result.exit_code == 0, result.output
    assert [coder.name for coder in study.coders()] == ["ana", "zoe"]
    assert launches == [("study", "zoe")]


@pytest.mark.parametrize("typed", ["Tom", "TOM", "tomm"])
def test_a_coder_name_near_an_existing_one_is_suggested_and_enter_creates_nothing(
    study: Workbench, launches: Launches, typed: str
) -> None:
    study.add_coder("tom")
    result = CliRunner().invoke(cli, ["code", "study", "--coder", typed], input="\n")
    assert result.exit_code == 1
    assert result.stderr == f"no coder {typed!r}; did you mean 'tom'?\nAborted!\n"
    assert result.stdout == f"coder {typed!r} does not exist in project 'study'; create it? [y/N]: \n"
    assert launches == []
    assert [coder.name for coder in study.coders()] == ["ana", "tom"]


def test_a_near_name_is_still_created_when_the_coder_says_yes(study: Workbench, launches: Launches) -> None:
    study.add_coder("tom")
    result = CliRunner().invoke(cli, ["code", "study", "--coder", "Tom"], input="y\n")
    assert result.exit_code == 0, result.output
    assert [coder.name for coder in study.coders()] == ["ana", "tom", "Tom"]
    assert launches == [("study", "Tom")]


def test_a_new_coder_unlike_any_other_is_created_on_enter(study: Workbench, launches: Launches) -> None:
    result = CliRunner().invoke(cli, ["code", "study", "--coder", "zoe"], input="\n")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert "coder 'zoe' does not exist in project 'study'; create it? [Y/n]: " in result.stdout
    assert [coder.name for coder in study.coders()] == ["ana", "zoe"]


def test_code_on_a_missing_project_is_one_line(launches: Launches) -> None:
    result = CliRunner().invoke(cli, ["code", "nowhere", "--coder", "ana"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: no project 'nowhere'")
    assert launches == []


def test_bare_qualcode_opens_the_picker_at_a_terminal_and_prints_help_otherwise(
    launches: Launches, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = CliRunner().invoke(cli, [])
    assert result.exit_code == 0
    assert "Usage:" in result.output and launches == []
    monkeypatch.setattr(code_commands, "interactive", lambda: True)
    result = CliRunner().invoke(cli, ["--db", "sqlite:////tmp/x.db"])
    assert result.exit_code == 0, result.output
    assert launches == [("picker", "sqlite:////tmp/x.db")]


def test_demo_opens_as_ana_only_at_a_terminal_and_without_no_open(
    launches: Launches, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert CliRunner().invoke(cli, ["demo"]).exit_code == 0
    assert launches == []
    monkeypatch.setattr(code_commands, "interactive", lambda: True)
    assert CliRunner().invoke(cli, ["demo", "--no-open"]).exit_code == 0
    assert launches == []
    result = CliRunner().invoke(cli, ["demo"])
    assert result.exit_code == 0, result.output
    assert launches == [("demo", "ana")]
