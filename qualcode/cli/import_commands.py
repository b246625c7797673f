"""`qualcode import`: transcripts into a project, one transaction per file."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from click.core import ParameterSource

from qualcode.cli.import_output import echo_imported, replace_document
from qualcode.cli.options import open_workbench, project_argument
from qualcode.ingest import SEGMENTATIONS


def _parse_meta(values: tuple[str, ...]) -> dict[str, str]:
    """The same rules as `qualcode document set`: one line of text, no reserved key."""
    from qualcode.errors import DocumentAttributeError
    from qualcode.store.attributes import parse_assignments

    try:
        return parse_assignments(values)
    except DocumentAttributeError as error:
        raise click.BadParameter(str(error), param_hint="--meta") from None


@click.command(name="import")
@project_argument
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--segment",
    "segmentation",
    type=click.Choice(SEGMENTATIONS),
    default="turn",
    show_default=True,
    help="Unit of coding: speaker turn, paragraph or sentence. A .qdpx source without it is cut as "
    "qualcode exported it, else into turns when it has speaker labels, else into paragraphs.",
)
@click.option("--force", is_flag=True, help="Import a file again even if its content is already in.")
@click.option(
    "--meta",
    multiple=True,
    metavar="KEY=VALUE",
    help="Metadata for every file, e.g. participant=P03.",
)
@click.option(
    "--replace",
    "replace",
    is_flag=False,
    flag_value="",
    default=None,
    metavar="[DOCUMENT]",
    help="Put FILE in place of DOCUMENT (default: the document named like FILE), keeping the work "
    "on every segment whose text is unchanged.",
)
@click.option("--yes", is_flag=True, help="With --replace: drop work that cannot be placed without asking.")
def import_(
    project: str,
    db_url: str | None,
    files: tuple[Path, ...],
    segmentation: str,
    force: bool,
    meta: tuple[str, ...],
    replace: str | None,
    yes: bool,
) -> None:
    """Import transcripts (.txt .md .docx .vtt .srt .csv) or a REFI-QDA project (.qdpx).

    Each file is imported whole or not at all; the other files still import.
    A .qdpx brings its text sources, coders, codes and codings. With --replace,
    a corrected transcript takes the place of the stored one.

    \b
    Example:
      qualcode import study interviews/*.txt --segment turn --meta wave=2
      qualcode import study corrected/p03.txt --replace p03
    """
    workbench = open_workbench(project, db_url)
    metadata = _parse_meta(meta)
    source = click.get_current_context().get_parameter_source("segmentation")
    chosen = None if source is ParameterSource.DEFAULT else segmentation
    if replace is not None:
        if len(files) != 1:
            raise click.UsageError("--replace takes exactly one FILE")
        if metadata:
            raise click.UsageError("--replace keeps the document's metadata; --meta cannot be used with it")
        replace_document(workbench, files[0], replace or None, chosen, yes)
        return
    with click.progressbar(length=len(files), label="importing", file=sys.stderr, show_pos=True) as bar:

        def advance(done: int, _total: int, _name: str) -> None:
            bar.update(done - bar.pos)

        report = workbench.import_files(list(files), chosen, force, metadata, advance)
    for note in report.notes:
        click.echo(f"warning: {note}", err=True)
    for document in report.imported:
        echo_imported(document)
    for failure in report.failed:
        click.echo(f"error: {failure.message}", err=True)
    click.echo(
        f"imported {len(files) - len(report.failed)} of {len(files)} files"
        + (f"; failed: {', '.join(Path(f.source).name for f in report.failed)}" if report.failed else "")
    )
    if report.failed:
        raise SystemExit(1)
