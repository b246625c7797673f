"""`qualcode export …`: tables for pandas, R and spreadsheets, and REFI-QDA projects."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from qualcode.cli.options import count_option, open_workbench, project_argument
from qualcode.export.writers import FORMATS, STDOUT, write_chunks, write_table
from qualcode.refi.write import write_qdpx

F = TypeVar("F", bound=Callable[..., Any])


def table_options(function: F) -> F:
    """--out, --format, --bom and --no-neutralise: the same meaning for every table."""
    for option in reversed(
        [
            click.option(
                "--out",
                required=True,
                type=click.Path(path_type=Path),
                help="Output file; - writes CSV to standard output.",
            ),
            click.option(
                "--format",
                "file_format",
                type=click.Choice(FORMATS),
                help="csv or xlsx (default: from the --out suffix, else csv).",
            ),
            click.option(
                "--bom", is_flag=True, help="Start the CSV with a BOM so Excel reads accents right."
            ),
            click.option(
                "--no-neutralise",
                is_flag=True,
                help="Keep cells starting with = + - @ tab or CR as they are (default: prefix them with ').",
            ),
        ]
    ):
        function = option(function)
    return function


def coder_option(function: F) -> F:
    return click.option(
        "--coder",
        metavar="NAME|consensus",
        help="Only this coder's codings, or the consensus (default: every coder and lead pooled).",
    )(function)


def _written(rows: int, out: Path) -> None:
    """Say what was written; on stderr when the table itself went to stdout."""
    to_stdout = out == STDOUT
    click.echo(f"wrote {rows} rows to {'standard output' if to_stdout else out}", err=to_stdout)


@click.group()
def export() -> None:
    """Export tables (CSV or XLSX) and REFI-QDA projects from a project."""


@export.command()
@project_argument
@table_options
@click.option(
    "--by",
    metavar="document|coder|speaker|ATTRIBUTE",
    help="One row per code and document, coder, speaker or value of a document attribute.",
)
@coder_option
@count_option
@click.option("--wide", is_flag=True, help="Codes × documents (or --by coders, speakers), segments in cells.")
def frequencies(
    project: str,
    db_url: str | None,
    out: Path,
    file_format: str | None,
    bom: bool,
    no_neutralise: bool,
    by: str | None,
    coder: str | None,
    count: str,
    wide: bool,
) -> None:
    """Code frequencies: segments coded, documents, percent of reviewed segments.

    Parent codes roll up their children (--count direct: only their own codings);
    a segment counts once. The counting column says which. --by ATTRIBUTE groups
    by a document attribute's value, in column attr_ATTRIBUTE; documents without
    it are the group (missing).

    \b
    Examples:
      qualcode export frequencies study --out freq.csv --by document --coder alice
      qualcode export frequencies study --out freq.xlsx --wide --coder consensus
      qualcode export frequencies study --out freq.csv --by site
    """
    table = open_workbench(project, db_url).frequencies(by=by, coder=coder, wide=wide, count=count)
    write_table(table, out, file_format, bom=bom, neutralise=not no_neutralise, sheet_name="frequencies")
    _written(len(table), out)


@export.command()
@project_argument
@table_options
@coder_option
def codings(
    project: str,
    db_url: str | None,
    out: Path,
    file_format: str | None,
    bom: bool,
    no_neutralise: bool,
    coder: str | None,
) -> None:
    """The tidy table: one row per coding, with its document, segment, code and coder.

    \b
    Example:
      qualcode export codings study --out codings.csv
      # pandas: pd.read_csv("codings.csv")   R: read.csv("codings.csv")
    """
    chunks = open_workbench(project, db_url).codings(coder=coder)
    rows = write_chunks(chunks, out, file_format, bom=bom, neutralise=not no_neutralise, sheet_name="codings")
    _written(rows, out)


@export.command()
@project_argument
@table_options
@coder_option
@click.option(
    "--all-segments",
    is_flag=True,
    help="Also list segments not judged yet, with empty code cells (default: judged segments only).",
)
def matrix(
    project: str,
    db_url: str | None,
    out: Path,
    file_format: str | None,
    bom: bool,
    no_neutralise: bool,
    coder: str | None,
    all_segments: bool,
) -> None:
    """The code matrix: one row per judged segment, one 0/1 column per code.

    Only segments the coder reviewed as done are rows: an unread segment is not
    a row of zeros. Parent columns roll up their children.

    \b
    Example:
      qualcode export matrix study --coder consensus --out matrix.csv
    """
    table = open_workbench(project, db_url).code_matrix(coder=coder, all_segments=all_segments)
    write_table(table, out, file_format, bom=bom, neutralise=not no_neutralise, sheet_name="matrix")
    _written(len(table), out)


@export.command()
@project_argument
@table_options
@coder_option
@click.option("--wide", is_flag=True, help="A code × code matrix instead of code_a, code_b, segments rows.")
@click.option("--document", metavar="NAME", help="Count only this document's segments.")
def cooccurrence(
    project: str,
    db_url: str | None,
    out: Path,
    file_format: str | None,
    bom: bool,
    no_neutralise: bool,
    coder: str | None,
    wide: bool,
    document: str | None,
) -> None:
    """Code co-occurrence: segments where both codes apply; the diagonal is each code's total.

    \b
    Example:
      qualcode export cooccurrence study --coder alice --wide --out cooccurrence.xlsx
      qualcode export cooccurrence study --document interview-03 --out cooccurrence.csv
    """
    table = open_workbench(project, db_url).cooccurrence(coder=coder, wide=wide, document=document)
    write_table(table, out, file_format, bom=bom, neutralise=not no_neutralise, sheet_name="cooccurrence")
    _written(len(table), out)


@export.command()
@project_argument
@table_options
@click.option("--coder", metavar="NAME", help="Only this coder's memos (default: everyone's).")
def memos(
    project: str,
    db_url: str | None,
    out: Path,
    file_format: str | None,
    bom: bool,
    no_neutralise: bool,
    coder: str | None,
) -> None:
    """Every memo with its document, segment, speaker and author.

    \b
    Example:
      qualcode export memos study --out memos.csv
    """
    table = open_workbench(project, db_url).memos(coder=coder)
    write_table(table, out, file_format, bom=bom, neutralise=not no_neutralise, sheet_name="memos")
    _written(len(table), out)


@export.command()
@project_argument
@click.argument("file", type=click.Path(path_type=Path))
def qdpx(project: str, db_url: str | None, file: Path) -> None:
    """A REFI-QDA project (.qdpx) for ATLAS.ti, MAXQDA, NVivo or QualCoder.

    It holds the codebook with its GUIDs, every document as a text source, every
    coder as a user, and each coded segment as a selection with one coding per
    coder and code. `qualcode import` reads it back.

    \b
    Example:
      qualcode export qdpx study study.qdpx
    """
    exchange = open_workbench(project, db_url).exchange_project()
    write_qdpx(exchange, file)
    for warning in exchange.warnings:
        click.echo(f"warning: {warning}", err=True)
    click.echo(
        f"wrote {file}: {len(exchange.sources)} sources, {len(exchange.users)} users, "
        f"{exchange.codings} codings"
    )
