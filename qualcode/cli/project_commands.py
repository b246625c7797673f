"""`qualcode init`, `status` and `demo`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from qualcode.cli.options import db_option, open_workbench, project_argument
from qualcode.cli.output import table

if TYPE_CHECKING:
    from qualcode.service.results import ProjectStatus


def render_status(status: ProjectStatus) -> str:
    lines = [
        f"project   {status.name}  ({status.location})",
        f"codebook  {status.codebook or '(none loaded)'}"
        + (f" v{status.codebook_version}" if status.codebook_version else "")
        + f", {status.codes} codes",
        f"documents {len(status.documents)}, segments {status.segments}",
    ]
    if status.coders:
        rows = [
            [c.name, c.role, c.reviewed, c.total, f"{c.percent:.1f}%", c.codings, c.flagged]
            for c in status.coders
        ]
        lines += [
            "",
            table(["coder", "role", "reviewed", "of", "done", "codings", "flagged"], rows),
        ]
    else:
        lines += ["", "no coders yet: qualcode coder add PROJECT NAME"]
    return "\n".join(lines)


@click.command()
@project_argument
@click.option("--codebook", "codebook_path", type=click.Path(path_type=Path), help="Codebook to load.")
def init(project: str, db_url: str | None, codebook_path: Path | None) -> None:
    """Create a project (SQLite under projects/ unless --db is given).

    \b
    Example:
      qualcode init study --codebook codebooks/transformational-change.yaml
    """
    from qualcode.service import Workbench

    workbench = Workbench.create(project, db_url)
    click.echo(f"created project {workbench.name!r} at {workbench.location.shown_url}")
    if codebook_path is not None:
        sync, warnings = workbench.load_codebook(codebook_path)
        for warning in warnings:
            click.echo(f"warning: {warning}", err=True)
        click.echo(f"loaded codebook: {len(sync.added)} codes")


@click.command()
@project_argument
def status(project: str, db_url: str | None) -> None:
    """Show documents, segments and each coder's progress.

    \b
    Example:
      qualcode status study
    """
    click.echo(render_status(open_workbench(project, db_url).status()))


@click.command()
@db_option
@click.option("--no-open", is_flag=True, help="Only build the project; do not open the workbench.")
def demo(db_url: str | None, no_open: bool) -> None:
    """Build the demo project (a sample interview, the shipped codebook, two coders).

    Running it again changes nothing. Then opens the workbench as coder ana,
    unless --no-open is given or the output is not a terminal.

    \b
    Example:
      qualcode demo
    """
    from qualcode.service.demo import CODER_HABITS, build_demo

    workbench = build_demo(db_url)
    click.echo(render_status(workbench.status()))
    from qualcode.cli.code_commands import interactive, run_workbench

    if no_open or not interactive():
        return

    try:
        run_workbench(workbench, CODER_HABITS[0].name)
    finally:
        workbench.close()
