"""`qualcode apply`: record or remove a coding, a review or a flag, for scripts and batch work."""

from __future__ import annotations

import click

from qualcode.cli.options import open_workbench, project_argument
from qualcode.errors import SpanError
from qualcode.store.models import ReviewStatus


@click.command()
@project_argument
@click.option("--coder", required=True, help="The coder the change is recorded for.")
@click.option(
    "--segment",
    "segments",
    multiple=True,
    required=True,
    metavar="ID|DOCUMENT:POSITION",
    help="Segment id, or document name and 1-based position; repeat for several.",
)
@click.option("--code", "code_refs", multiple=True, metavar="NAME|PATH|UUID", help="Code to apply.")
@click.option(
    "--span",
    "span_text",
    metavar="START:END",
    help="Code only characters START to END of the segment's text (0-based, END exclusive).",
)
@click.option("--remove", is_flag=True, help="Remove the codes instead of applying them.")
@click.option(
    "--review",
    type=click.Choice([s.value for s in ReviewStatus]),
    help="Record that the segment was judged (done), skipped, or not yet read (pending).",
)
@click.option("--flag/--unflag", default=None, help="Flag the segment for discussion.")
def apply(
    project: str,
    db_url: str | None,
    coder: str,
    segments: tuple[str, ...],
    code_refs: tuple[str, ...],
    span_text: str | None,
    remove: bool,
    review: str | None,
    flag: bool | None,
) -> None:
    """Apply or remove codes, or record a review, on one or more segments.

    Applying a code also marks the segment reviewed. `--review done` with no
    code records that no code applies. With `--span` the code goes on part of
    the segment only; `--remove --span` removes exactly that span.

    \b
    Examples:
      qualcode apply study --coder alice --segment interview-1:3 --code relational
      qualcode apply study --coder alice --segment interview-1:3 --code relational --span 16:33
      qualcode apply study --coder alice --segment 17 --review done
    """
    if not code_refs and review is None and flag is None:
        raise click.UsageError("nothing to do: give --code, --review or --flag")
    if remove and not code_refs:
        raise click.UsageError("--remove needs at least one --code")
    if span_text is not None and (not code_refs or len(segments) != 1):
        raise click.UsageError("--span needs one --segment and at least one --code")
    span = _span(span_text) if span_text is not None else None
    shown = f" at {span[0]}:{span[1]}" if span else ""
    workbench = open_workbench(project, db_url)
    workbench.coder(coder)
    for ref in segments:
        segment_id = workbench.resolve_segment(ref)
        for code_ref in code_refs:
            if remove:
                changed = workbench.remove_code(segment_id, code_ref, coder, span)
                click.echo(f"{ref}: {'removed' if changed else 'did not have'} {code_ref}{shown}")
            else:
                changed = workbench.apply_code(segment_id, code_ref, coder, span)
                click.echo(f"{ref}: {'applied' if changed else 'already had'} {code_ref}{shown}")
        if review is not None:
            workbench.set_review(segment_id, coder, ReviewStatus(review))
            click.echo(f"{ref}: review {review}")
        if flag is not None:
            workbench.set_flag(segment_id, coder, flag)
            click.echo(f"{ref}: {'flagged' if flag else 'unflagged'}")


def _span(text: str) -> tuple[int, int]:
    start, colon, end = text.strip().partition(":")
    if not colon or not start.strip().isdigit() or not end.strip().isdigit():
        raise SpanError(f"--span {text!r} is not START:END: give two character offsets, e.g. --span 16:33")
    return int(start), int(end)
