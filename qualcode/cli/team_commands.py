"""`qualcode team grant|revoke|list`: PostgreSQL login roles that keep each coder to their own work."""

from __future__ import annotations

import click

from qualcode.cli.options import open_workbench, project_argument
from qualcode.cli.output import table


@click.group()
def team() -> None:
    """Database roles on PostgreSQL: each coder logs in as themselves and sees only their own work."""


@team.command()
@project_argument
@click.argument("coder")
@click.option("--role", "role_name", metavar="NAME", help="The login's name (default: qc_PROJECT_CODER).")
@click.option(
    "--password",
    "ask_password",
    is_flag=True,
    help="Type the password (asked twice, not echoed) instead of having one generated.",
)
def grant(project: str, db_url: str | None, coder: str, role_name: str | None, ask_password: bool) -> None:
    """Create a login role for CODER that PostgreSQL holds to that coder's own work.

    Run it connected as the owner of the project's tables. A coder's role reads
    the project's documents, segments and codebook and reads and writes only its
    own codings, reviews, flags and memos; a lead's role reads and writes the whole
    project. The password is shown once and stored nowhere.

    \b
    Example:
      qualcode team grant study ana --db postgresql+psycopg://owner:pw@host/team
    """
    password = None
    if ask_password:
        password = click.prompt("password for the new role", hide_input=True, confirmation_prompt=True)
    workbench = open_workbench(project, db_url)
    try:
        granted = workbench.grant_team_role(coder, role_name, password)
    finally:
        workbench.close()
    kind = "lead: everything in the project" if granted.lead else "coder: own work only"
    click.echo(f"created role {granted.role!r} for {coder!r} in project {workbench.name!r} ({kind})")
    click.echo(f"connect with: {granted.url}")
    if not ask_password:
        click.echo(f"password (shown only now): {granted.password}")


@team.command()
@project_argument
@click.argument("coder")
def revoke(project: str, db_url: str | None, coder: str) -> None:
    """Drop CODER's login role and its policies; the coder's work stays in the project.

    \b
    Example:
      qualcode team revoke study ana
    """
    workbench = open_workbench(project, db_url)
    try:
        role = workbench.revoke_team_role(coder)
    finally:
        workbench.close()
    click.echo(f"dropped role {role!r} of {coder!r}")


@team.command(name="list")
@project_argument
def list_(project: str, db_url: str | None) -> None:
    """List the coders that have a login role, and what it lets them see.

    \b
    Example:
      qualcode team list study
    """
    workbench = open_workbench(project, db_url)
    try:
        members = workbench.team_members()
    finally:
        workbench.close()
    rows = [[m.coder, m.coder_role, m.role, m.access] for m in members]
    click.echo(table(["coder", "kind", "role", "sees"], rows) if rows else "no team roles")
