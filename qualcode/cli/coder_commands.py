"""`qualcode coder add|list|rename|remove`."""

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


@coder.command()
@project_argument
@click.argument("old")
@click.argument("new")
def rename(project: str, db_url: str | None, old: str, new: str) -> None:
    """Rename coder OLD to NEW; their codings, reviews and memos go with them.

    \b
    Example:
      qualcode coder rename study Tom tom
    """
    open_workbench(project, db_url).rename_coder(old, new)
    click.echo(f"renamed coder {old!r} to {new!r}")


@coder.command()
@project_argument
@click.argument("name")
@click.option("--yes", is_flag=True, help="Remove without asking, even when the coder has coded.")
def remove(project: str, db_url: str | None, name: str, yes: bool) -> None:
    """Remove coder NAME with all their codings, reviews and memos.

    A coder who coded anything is removed only after you confirm, and the
    project is backed up first.

    \b
    Example:
      qualcode coder remove study trial-coder --yes
    """
    from qualcode.cli.removal import confirm_and_report

    workbench = open_workbench(project, db_url)
    confirm_and_report(
        f"coder {name!r}",
        workbench.coder_holdings(name),
        yes,
        lambda: workbench.remove_coder(name),
    )
