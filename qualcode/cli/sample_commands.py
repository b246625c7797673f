"""`qualcode sample`: the lead's overlap sample, written as assignments each coder's "next" follows."""

from __future__ import annotations

import click

from qualcode.cli.agree_commands import names
from qualcode.cli.options import open_workbench, project_argument
from qualcode.cli.output import table


@click.command()
@project_argument
@click.option(
    "--overlap", type=click.FloatRange(0.0, 1.0, min_open=True), required=True,
    help="Share of every document's segments all the coders code, e.g. 0.2.",
)  # fmt: skip
@click.option("--coders", multiple=True, required=True, metavar="A,B,…", help="The coders to assign.")
@click.option("--seed", type=int, help="Seed of the draw, to reproduce it (default: drawn and printed).")
@click.option("--documents", multiple=True, metavar="DOC,…", help="Documents by name (default: all).")
@click.option("--replace", is_flag=True, help="Replace these coders' existing assignments.")
def sample(
    project: str,
    db_url: str | None,
    overlap: float,
    coders: tuple[str, ...],
    seed: int | None,
    documents: tuple[str, ...],
    replace: bool,
) -> None:
    """Assign a random share of segments to every coder (the overlap) and split the rest.

    The overlap is drawn within each document, so every document is double-coded
    in proportion; the remaining segments go to one coder each, in turns. A
    coder's `n` (next to do) then moves only through their own segments.

    \b
    Example:
      qualcode sample study --overlap 0.2 --coders ana,ben --seed 7
    """
    report = open_workbench(project, db_url).sample_overlap(
        names(coders), overlap, seed, names(documents), replace
    )
    share = report.n_overlap / max(report.n_segments, 1)
    click.echo(
        f"sampled {report.n_overlap} of {report.n_segments} segments ({share:.1%}) "
        f"for every coder to code (seed {report.seed})"
    )
    rows = [
        [item.coder, item.assigned, item.overlap, item.assigned - item.overlap] for item in report.per_coder
    ]
    click.echo(table(["coder", "assigned", "overlap", "alone"], rows))
