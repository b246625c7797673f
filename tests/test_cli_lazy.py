"""The command table that lets `qualcode --help` list every command without importing any."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest

from qualcode.cli.lazy import LazyCommand, LazyGroup
from qualcode.cli.main import COMMANDS, cli

REPO = Path(__file__).resolve().parents[1]
HEAVY = ("sqlalchemy", "sqlmodel", "pandas", "numpy", "textual", "lxml", "docx", "krippendorff", "alembic")


def _loaded_after(*argv: str) -> list[str]:
    """The heavy libraries a fresh interpreter holds after importing the CLI and running `argv`."""
    script = (
        "import sys\n"
        "from qualcode.cli.main import cli\n"
        f"argv = {list(argv)!r}\n"
        "if argv:\n"
        "    try:\n"
        "        cli.main(argv, prog_name='qualcode')\n"
        "    except SystemExit:\n"
        "        pass\n"
        f"print('loaded:' + ','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, check=True
    )
    loaded = result.stdout.strip().splitlines()[-1].removeprefix("loaded:")
    return [name for name in loaded.split(",") if name]


def test_importing_the_cli_loads_no_database_dataframe_or_terminal_library() -> None:
    assert _loaded_after() == []


@pytest.mark.parametrize("argv", [["--help"], ["init", "--help"], ["status", "--help"]], ids=" ".join)
def test_help_loads_no_database_dataframe_or_terminal_library(argv: list[str]) -> None:
    assert _loaded_after(*argv) == []


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_table_entry_resolves_to_the_command_it_names_with_its_own_short_help(name: str) -> None:
    *parents, leaf = name.split(" ")
    group: click.Group = cli
    for parent in parents:
        found = group.get_command(click.Context(group), parent)
        assert isinstance(found, click.Group)
        group = found
    command = group.get_command(click.Context(group), leaf)
    assert command is COMMANDS[name].load()
    assert COMMANDS[name].help == command.get_short_help_str(limit=10_000)


def test_help_lists_every_command_of_the_table_with_click_own_layout() -> None:
    """The listing from the table matches what click prints once every command is loaded."""
    fresh = LazyGroup(lazy_commands=COMMANDS, help=cli.help, params=cli.params, invoke_without_command=True)
    lazy = fresh.get_help(click.Context(fresh, info_name="qualcode"))
    assert fresh.commands == {}
    eager = click.Group(help=cli.help, params=cli.params, invoke_without_command=True)
    for name in cli.list_commands(click.Context(cli)):
        command = cli.get_command(click.Context(cli), name)
        assert command is not None
        eager.add_command(command, name)
    assert lazy == eager.get_help(click.Context(eager, info_name="qualcode"))
    assert [line.split()[0] for line in lazy.split("Commands:\n")[1].splitlines()] == sorted(
        name for name in COMMANDS if " " not in name
    )


@click.group()
def things() -> None:
    """A group that only this test loads, so adding to it leaks into no other test."""


def test_a_name_with_a_space_adds_the_command_to_its_group_once_the_group_loads() -> None:
    status = COMMANDS["status"]
    table = {"things": LazyCommand(f"{__name__}:things", "A group."), "things status": status}
    group = LazyGroup(name="qualcode", lazy_commands=table)
    assert group.list_commands(click.Context(group)) == ["things"]
    assert group.get_command(click.Context(group), "things") is things
    assert things.get_command(click.Context(things), "status") is status.load()
