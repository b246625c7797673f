"""`qualcode document attributes|set|unset`: the attributes (site, wave, age…) of a project's documents."""

from __future__ import annotations

from pathlib import Path

import click

from qualcode.cli.options import open_workbench, project_argument


def _before(value: str | None) -> str:
    return "(new)" if value is None else f"(was {value!r})"


@click.command()
@project_argument
@click.argument("document", required=False)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="Write the table to FILE (CSV, or XLSX by its suffix) instead of printing it; - for stdout.",
)
@click.option("--bom", is_flag=True, help="Start the CSV with a BOM so Excel reads accents right.")
def attributes(project: str, db_url: str | None, document: str | None, out: Path | None, bom: bool) -> None:
    """List document attributes: one row per document and attribute, in project order.

    \b
    Examples:
      qualcode document attributes study
      qualcode document attributes study interview-1
      qualcode document attributes study --out attributes.csv
    """
    from qualcode.service.attribute_ops import ATTRIBUTE_COLUMNS

    rows = open_workbench(project, db_url).document_attribute_rows(document)
    cells = [(row.document, row.attribute, row.value) for row in rows]
    if out is not None:
        import pandas as pd

        from qualcode.cli.export_commands import _written
        from qualcode.export.writers import write_table

        table = pd.DataFrame(cells, columns=list(ATTRIBUTE_COLUMNS))
        write_table(table, out, None, bom=bom, neutralise=True, sheet_name="attributes")
        _written(len(table), out)
        return
    if not cells:
        whose = f"document {document!r} has no attributes" if document else "no document has attributes"
        click.echo(
            f"{whose}: set one with `qualcode document set {project} {document or 'DOCUMENT'} KEY=VALUE`"
        )
        return
    from qualcode.cli.output import table

    click.echo(table(ATTRIBUTE_COLUMNS, cells))


@click.command(name="set")
@project_argument
@click.argument("document")
@click.argument("assignments", nargs=-1, required=True, metavar="KEY=VALUE...")
def set_attributes(project: str, db_url: str | None, document: str, assignments: tuple[str, ...]) -> None:
    """Set attributes of DOCUMENT, all of them or, on a bad one, none.

    Values are text; a value with spaces needs quotes in the shell.

    \b
    Examples:
      qualcode document set study interview-1 site=north wave=2
      qualcode document set study interview-1 "role=head teacher"
    """
    from qualcode.store.attributes import parse_assignments

    values = parse_assignments(assignments)
    for change in open_workbench(project, db_url).set_document_attributes(document, values):
        click.echo(f"{document}: {change.attribute} = {change.after!r} {_before(change.before)}")


@click.command(name="unset")
@project_argument
@click.argument("document")
@click.argument("keys", nargs=-1, required=True, metavar="KEY...")
def unset_attributes(project: str, db_url: str | None, document: str, keys: tuple[str, ...]) -> None:
    """Remove attributes from DOCUMENT, all of them or, when one is not set, none.

    \b
    Example:
      qualcode document unset study interview-1 wave
    """
    for change in open_workbench(project, db_url).unset_document_attributes(document, keys):
        click.echo(f"{document}: removed {change.attribute} {_before(change.before)}")
