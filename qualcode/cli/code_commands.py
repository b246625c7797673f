"""`qualcode code PROJECT --coder NAME`: open the coding workbench, and the picker behind bare `qualcode`."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from qualcode.cli.options import open_workbench, project_argument
from qualcode.errors import NotFoundError

if TYPE_CHECKING:
    from qualcode.service import Workbench


def interactive() -> bool:
    """A person at a terminal gets the workbench; a script or a pipe gets text instead."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def run_workbench(workbench: Workbench, coder: str) -> None:
    """Run the terminal workbench on an open project until the coder quits."""
    from qualcode.tui.app import create_app

    create_app(workbench, coder).run()


def run_picker(db_url: str | None) -> None:
    """Run the project picker; the app closes the project it opens."""
    from qualcode.tui.app import create_app

    create_app(db_url=db_url).run()


@click.command()
@project_argument
@click.option(
    "--coder", "coder_name", required=True, help="Who is coding: each coder sees only their own codes."
)
def code(project: str, db_url: str | None, coder_name: str) -> None:
    """Open the coding workbench on PROJECT as coder NAME.

    A coder who does not exist yet is created after you confirm; when the name is
    close to an existing coder's (Tom for tom), that name is suggested and the
    answer defaults to no.

    \b
    Example:
      qualcode code study --coder ana
    """
    workbench = open_workbench(project, db_url)
    try:
        try:
            workbench.coder(coder_name)
        except NotFoundError:
            if workbench.connected_coder() is not None:
                raise
            near = workbench.near_coder(coder_name)
            if near is not None:
                click.echo(f"no coder {coder_name!r}; did you mean {near!r}?", err=True)
            click.confirm(
                f"coder {coder_name!r} does not exist in project {workbench.name!r}; create it?",
                default=near is None,
                abort=True,
            )
            workbench.add_coder(coder_name)
            click.echo(f"added coder {coder_name!r}")
        run_workbench(workbench, coder_name)
    finally:
        workbench.close()
