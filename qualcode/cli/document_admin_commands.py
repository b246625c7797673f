"""`qualcode document rename|remove`: a lead's housekeeping on a project's documents."""

from __future__ import annotations

import click

from qualcode.cli.options import project_argument


@click.group()
def document() -> None:
    """Documents of a project."""


@document.command()
@project_argument
@click.argument("name")
def show(project: str, db_url: str | None, name: str) -> None:
    """Show document NAME: its source, segments, and the preamble and postamble kept out of the coding.

    \b
    Example:
      qualcode document show study interview-1
    """
    from qualcode.cli.options import open_workbench

    details = open_workbench(project, db_url).document_details(name)
    click.echo(f"document: {details.name}")
    click.echo(f"source: {details.source_name}, imported {details.imported_at:%Y-%m-%d %H:%M} UTC")
    click.echo(f"segments: {details.segments} ({details.segmentation})")
    for key, value in details.meta.items():
        click.echo(f"meta {key}: {value}")
    for title, block in (("preamble", details.preamble), ("postamble", details.postamble)):
        click.echo(f"{title}:" if block else f"{title}: (none)")
        for line in block.split("\n") if block else ():
            click.echo(f"  {line}".rstrip())


@document.command()
@project_argument
@click.argument("old")
@click.argument("new")
def rename(project: str, db_url: str | None, old: str, new: str) -> None:
    """Rename document OLD to NEW (segment references become NEW:POSITION).

    \b
    Example:
      qualcode document rename study interview-1 maria-2025-03
    """
    from qualcode.cli.options import open_workbench

    open_workbench(project, db_url).rename_document(old, new)
    click.echo(f"renamed document {old!r} to {new!r}")


@document.command()
@project_argument
@click.argument("name")
@click.option("--yes", is_flag=True, help="Remove without asking, even when the document is coded.")
def remove(project: str, db_url: str | None, name: str, yes: bool) -> None:
    """Remove document NAME with its segments and every coding, review and memo on them.

    A document anyone coded is removed only after you confirm, and the project
    is backed up first.

    \b
    Example:
      qualcode document remove study pilot-interview --yes
    """
    from qualcode.cli.options import open_workbench
    from qualcode.cli.removal import confirm_and_report

    workbench = open_workbench(project, db_url)
    confirm_and_report(
        f"document {name!r}",
        workbench.document_holdings(name),
        yes,
        lambda: workbench.remove_document(name),
    )
