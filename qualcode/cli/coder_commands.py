"""`qualcode coder add|list`."""

from __future__ import annotations

import click

from qualcode.cli.options import open_workbench, project_argument
from qualcode.cli.output import table
from qualcode.store.models import CoderRole


@click.group()
def coder() -> None:
    """Coders of a project: each codes blind to the others."""


@coder.command()
@project_argument
@click.argument("name")
@click.option(
    "--role",
    type=click.Choice([CoderRole.CODER.value, CoderRole.LEAD.value]),
    default=CoderRole.CODER.value,
    show_default=True,
    help="A lead may compare coders and adjudicate.",
)
def add(project: str, db_url: str | None, name: str, role: str) -> None:
    """Add a coder.

    \b
    Example:
      qualcode coder add study alice --role lead
    """
    open_workbench(project, db_url).add_coder(name, CoderRole(role))
    click.echo(f"added {role} {name!r}")


@coder.command(name="list")
@project_argument
def list_(project: str, db_url: str | None) -> None:
    """List the coders and their progress.

    \b
    Example:
      qualcode coder list study
    """
    status = open_workbench(project, db_url).status()
    rows = [[c.name, c.role, c.reviewed, c.codings] for c in status.coders]
    click.echo(table(["coder", "role", "reviewed", "codings"], rows) if rows else "no coders")
