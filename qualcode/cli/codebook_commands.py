"""`qualcode codebook validate|show|load|export`."""

from __future__ import annotations

from pathlib import Path

import click

from qualcode.cli.options import open_workbench, project_argument
from qualcode.cli.output import warn
from qualcode.codebook import Codebook, load_codebook


@click.group()
def codebook() -> None:
    """Codebooks: YAML files in git, or REFI-QDA .qdc from other QDA tools."""


def outline(book: Codebook) -> str:
    lines = [f"{book.name}" + (f" v{book.version}" if book.version else "")]
    for path, spec, _parent in book.walk():
        indent = "  " * len(path)
        key = f"[{spec.key}] " if spec.key else ""
        flags = " (exclusive)" if spec.exclusive else ""
        flags += " (category)" if not spec.codable else ""
        lines.append(f"{indent}{key}{spec.name}{flags}")
        if spec.definition:
            lines.append(f"{indent}    {spec.definition.splitlines()[0]}")
    return "\n".join(lines)


@codebook.command()
@click.argument("file", type=click.Path(path_type=Path))
def validate(file: Path) -> None:
    """Check a codebook file and report every problem with its code path.

    \b
    Example:
      qualcode codebook validate codebooks/transformational-change.yaml
    """
    book, warnings = load_codebook(file)
    for warning in warnings:
        warn(warning)
    count = sum(1 for _ in book.walk())
    click.echo(f"{file}: valid, {count} codes")


@codebook.command()
@project_argument
def show(project: str, db_url: str | None) -> None:
    """Print the project's codebook as an outline with hotkeys and definitions.

    \b
    Example:
      qualcode codebook show study
    """
    click.echo(outline(open_workbench(project, db_url).codebook()))


@codebook.command()
@project_argument
@click.argument("file", type=click.Path(path_type=Path))
def load(project: str, db_url: str | None, file: Path) -> None:
    """Load a codebook into a project, keeping every code's identity.

    Codes are matched by UUID, then by name; codes missing from the file are
    archived, never deleted, so no coding is lost.

    \b
    Example:
      qualcode codebook load study codebooks/transformational-change.yaml
    """
    sync, warnings = open_workbench(project, db_url).load_codebook(file)
    for warning in warnings:
        warn(warning)
    click.echo(
        f"loaded {file.name}: {len(sync.added)} added, {len(sync.updated)} updated, "
        f"{len(sync.archived)} archived, {sync.unchanged} unchanged"
    )
    for label, paths in (
        ("added", sync.added),
        ("updated", sync.updated),
        ("archived", sync.archived),
    ):
        for path in paths:
            click.echo(f"  {label}: {path}")


@codebook.command(name="export")
@project_argument
@click.argument("file", type=click.Path(path_type=Path))
def export_(project: str, db_url: str | None, file: Path) -> None:
    """Write the project's codebook to YAML (.yaml) or REFI-QDA (.qdc), UUIDs included.

    \b
    Example:
      qualcode codebook export study codebook.yaml
    """
    from qualcode.export.codebook_file import write_codebook

    book = open_workbench(project, db_url).codebook()
    write_codebook(book, file)
    click.echo(f"wrote {file}")
