"""`qualcode export retrieval` and `qualcode export flags`: segments by code, and the flag queue."""

from __future__ import annotations

from pathlib import Path

import click

from qualcode.cli.export_commands import _written, table_options
from qualcode.cli.options import open_workbench, project_argument
from qualcode.export.writers import write_table


def _attribute(value: str) -> tuple[str, str]:
    key, equals, wanted = value.partition("=")
    if not equals or not key.strip():
        raise click.BadParameter(f"{value!r} is not KEY=VALUE, e.g. site=north", param_hint="--where")
    return key.strip(), wanted.strip()


@click.command()
@project_argument
@table_options
@click.option("--code", required=True, metavar="NAME|PATH|UUID", help="The code to retrieve.")
@click.option("--coder", metavar="NAME", help="This coder's codings.")
@click.option("--consensus", is_flag=True, help="The consensus coder's codings (leads only).")
@click.option("--all-coders", is_flag=True, help="Every coder and lead pooled (leads only).")
@click.option(
    "--as",
    "viewer",
    metavar="NAME",
    help="Who asks: a coder may retrieve only their own codings (default: the --coder named).",
)
@click.option("--no-children", is_flag=True, help="Only the code itself, not the codes below it.")
@click.option(
    "--document", "documents", multiple=True, metavar="NAME", help="Only this document (repeatable)."
)
@click.option("--speaker", "speakers", multiple=True, metavar="LABEL", help="Only this speaker (repeatable).")
@click.option(
    "--where",
    "where",
    multiple=True,
    metavar="KEY=VALUE",
    help="Only documents with this attribute (repeatable).",
)
def retrieval(
    project: str,
    db_url: str | None,
    out: Path,
    file_format: str | None,
    bom: bool,
    no_neutralise: bool,
    code: str,
    coder: str | None,
    consensus: bool,
    all_coders: bool,
    viewer: str | None,
    no_children: bool,
    documents: tuple[str, ...],
    speakers: tuple[str, ...],
    where: tuple[str, ...],
) -> None:
    """Every segment with a code, across documents, with the codes and coders that put it there.

    Codes below the code are rolled up unless --no-children; the file's
    retrieved_code and with_children columns say which. Several values of
    one filter are alternatives; different filters must all hold.

    \b
    Examples:
      qualcode export retrieval study --code approach --coder ana --out -
      qualcode export retrieval study --code power --all-coders --as lee --where site=north --out power.xlsx
    """
    scopes = [
        name
        for name, chosen in (("--coder", coder), ("--consensus", consensus), ("--all-coders", all_coders))
        if chosen
    ]
    if len(scopes) != 1:
        raise click.UsageError("say whose codings: one of --coder NAME, --consensus or --all-coders")
    if viewer is None:
        if coder is None:
            raise click.UsageError(f"{scopes[0]} shows other coders' work: say who asks with --as LEAD")
        viewer = coder
    found = open_workbench(project, db_url).retrieve(
        code,
        viewer,
        "consensus" if consensus else coder,
        children=not no_children,
        documents=documents,
        speakers=speakers,
        where=[_attribute(value) for value in where],
    )
    table = found.table()
    write_table(table, out, file_format, bom=bom, neutralise=not no_neutralise, sheet_name="retrieval")
    _written(len(table), out)


@click.command()
@project_argument
@table_options
@click.option("--coder", metavar="NAME", help="Only this coder's flags (default: everyone's).")
def flags(
    project: str,
    db_url: str | None,
    out: Path,
    file_format: str | None,
    bom: bool,
    no_neutralise: bool,
    coder: str | None,
) -> None:
    """Every flagged segment: document, position, speaker, who flagged it, an excerpt, whether reviewed.

    \b
    Example:
      qualcode export flags study --out flags.csv
    """
    table = open_workbench(project, db_url).flags(coder=coder)
    write_table(table, out, file_format, bom=bom, neutralise=not no_neutralise, sheet_name="flags")
    _written(len(table), out)
