"""`qualcode backup` and `qualcode restore`."""

from __future__ import annotations

from pathlib import Path

import click

from qualcode.cli.options import project_argument


@click.command()
@project_argument
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Backup file (default: projects/PROJECT/backups/PROJECT-<UTC time>.db).",
)
def backup(project: str, db_url: str | None, out: Path | None) -> None:
    """Write a consistent copy of PROJECT while coders go on working.

    A SQLite project is copied with SQLite's online backup; a PostgreSQL one
    with pg_dump (the password is passed in the environment, never shown).

    \b
    Example:
      qualcode backup study --out study-before-adjudication.db
    """
    from qualcode.cli.options import open_workbench

    workbench = open_workbench(project, db_url)
    try:
        click.echo(f"backed up project {workbench.name!r} to {workbench.backup(out)}")
    finally:
        workbench.close()


@click.command()
@project_argument
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Replace the project's current state without asking.")
@click.option(
    "--force",
    is_flag=True,
    help="PostgreSQL: restore over a database that holds projects; every project in it is replaced.",
)
def restore(project: str, db_url: str | None, file: Path, yes: bool, force: bool) -> None:
    """Replace PROJECT with the backup FILE, after backing up its current state.

    FILE must be a qualcode backup of the same project; anything else is refused
    before the project is touched. On PostgreSQL, FILE is a pg_dump archive of the
    whole database, restored with pg_restore in one transaction.

    \b
    Example:
      qualcode restore study projects/study/backups/study-20250301T120000Z.db --yes
    """
    from qualcode.service import Workbench

    report = Workbench.restore(project, db_url, file, replace=yes, force=force)
    if report.previous is not None:
        click.echo(f"backed up the current state to {report.previous}")
    click.echo(f"restored {report.source}")
