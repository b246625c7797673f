"""`qualcode consensus list|decide|accept|status|log`: adjudication into a consensus coder, headless."""

from __future__ import annotations

import click

from qualcode.cli.agree_commands import names, scope_options
from qualcode.cli.options import open_workbench, project_argument
from qualcode.cli.output import table
from qualcode.service.reliability.results import Choice


@click.group()
def consensus() -> None:
    """Settle disagreements into a consensus coding; the coders' own codings are never changed."""


@consensus.command(name="list")
@project_argument
@scope_options
@click.option("--code", help="Only segments where the coders differ on this code.")
@click.option("--undecided", is_flag=True, help="Leave out segments a lead has decided.")
def list_(
    project: str,
    db_url: str | None,
    coders: tuple[str, ...],
    codes: tuple[str, ...],
    documents: tuple[str, ...],
    code: str | None,
    undecided: bool,
) -> None:
    """Segments the coders judged differently, each coder's codes side by side.

    When coders coded parts of segments, a last column shows each code the
    coders gave over different stretches (START:END, end exclusive, or whole).

    \b
    Example:
      qualcode consensus list study --coders ana,ben --code tone
    """
    workbench = open_workbench(project, db_url)
    paths = {info.id: info.path for info in workbench.codes(include_archived=True)}
    found = workbench.disagreements(names(coders), names(codes), names(documents), code)
    with_spans = any(item.span_differences for item in found)
    rows = [
        [
            item.place.ref,
            item.place.segment_id,
            *(
                ", ".join(paths[c] for c in coder_set.code_ids)
                or ("none" if coder_set.judged else "not judged")
                for coder_set in item.coders
            ),
            "yes" if item.decided else "",
            *(["; ".join(f"{paths[d.code_id]}: {d}" for d in item.span_differences)] if with_spans else []),
        ]
        for item in found
        if not (undecided and item.decided)
    ]
    if not found:
        click.echo("no disagreement")
        return
    spans_header = ["spans that differ"] if with_spans else []
    click.echo(table(["segment", "id", *(s.coder for s in found[0].coders), "decided", *spans_header], rows))


@consensus.command()
@project_argument
@click.argument("segment")
@click.option("--lead", required=True, help="The lead who decides.")
@click.option("--take", "take", metavar="CODER", help="Take this coder's codes.")
@click.option("--union", "kind", flag_value="union", help="Every code any judging coder applied.")
@click.option(
    "--intersection", "kind", flag_value="intersection", help="Only codes every judging coder applied."
)
@click.option("--set", "code_set", metavar="CODE,…", help="Exactly these codes (an empty string for none).")
@click.option("--rationale", default="", help="Why, for the decision log.")
@click.option(
    "--coders", multiple=True, metavar="A,B,…", help="Coders whose codes are combined (default: all)."
)
def decide(
    project: str,
    db_url: str | None,
    segment: str,
    lead: str,
    take: str | None,
    kind: str | None,
    code_set: str | None,
    rationale: str,
    coders: tuple[str, ...],
) -> None:
    """Decide one segment: take a coder's codes, their union or intersection, or set the codes.

    SEGMENT is the segment's id or DOCUMENT:POSITION.

    \b
    Examples:
      qualcode consensus decide study interview:7 --lead ana --take ben --rationale "read in context"
      qualcode consensus decide study 42 --lead ana --set approach/relational,tone/hopeful
    """
    given = [option for option in (take, kind, code_set) if option is not None]
    if len(given) != 1:
        raise click.UsageError("give exactly one of --take CODER, --union, --intersection or --set CODES")
    workbench = open_workbench(project, db_url)
    if take is not None:
        choice = Choice("take", coder=take)
    elif code_set is not None:
        choice = Choice("edit", code_ids=tuple(workbench.find_code(ref).id for ref in names((code_set,))))
    else:
        choice = Choice(kind)  # type: ignore[arg-type]
    result = workbench.decide(workbench.resolve_segment(segment), lead, choice, names(coders), rationale)
    paths = {info.id: info.path for info in workbench.codes(include_archived=True)}
    chosen = ", ".join(paths[c] for c in result.code_ids) or "no code"
    click.echo(f"segment {result.segment_id}: {result.choice} → {chosen} (saved as {result.consensus})")


@consensus.command()
@project_argument
@click.option("--lead", required=True, help="The lead who accepts the agreements.")
@click.option(
    "--coders",
    multiple=True,
    metavar="A,B,…",
    help="Coders compared (default: the coders who judged a segment; a lead only when named).",
)
@click.option("--documents", multiple=True, metavar="DOC,…", help="Documents by name (default: all).")
@click.option("--no-single", is_flag=True, help="Leave out segments only one coder judged.")
def accept(
    project: str,
    db_url: str | None,
    lead: str,
    coders: tuple[str, ...],
    documents: tuple[str, ...],
    no_single: bool,
) -> None:
    """Copy every undecided segment the coders coded alike into the consensus, and log it.

    Segments only one coder judged (outside an overlap sample) are copied from
    that coder unless --no-single, so exports with --coder consensus are complete.

    \b
    Example:
      qualcode consensus accept study --lead ana
    """
    result = open_workbench(project, db_url).accept_agreements(
        lead, names(coders), names(documents), include_single=not no_single
    )
    click.echo(
        f"accepted {result.n_agreed} agreed and {result.n_single} single-coder segments; "
        f"{result.n_already_decided} already decided were left alone"
    )


@consensus.command()
@project_argument
@scope_options
def status(
    project: str,
    db_url: str | None,
    coders: tuple[str, ...],
    codes: tuple[str, ...],
    documents: tuple[str, ...],
) -> None:
    """How far adjudication has got.

    \b
    Example:
      qualcode consensus status study
    """
    progress = open_workbench(project, db_url).adjudication_progress(
        names(coders), names(codes), names(documents)
    )
    click.echo(
        f"{progress.n_disagreements} disagreements among {progress.n_units} segments judged by 2+ coders: "
        f"{progress.n_decided} decided, {progress.remaining} to go; "
        f"the consensus holds {progress.n_consensus_segments} segments"
    )


@consensus.command()
@project_argument
def log(project: str, db_url: str | None) -> None:
    """The decision log: who decided what, when and why.

    \b
    Example:
      qualcode consensus log study
    """
    workbench = open_workbench(project, db_url)
    by_uuid = {info.uuid: info.path for info in workbench.codes(include_archived=True)}
    rows = [
        [
            record.created_at.strftime("%Y-%m-%d %H:%M"),
            record.segment_id,
            record.lead,
            record.choice,
            ", ".join(by_uuid.get(u, u) for u in record.code_uuids) or "no code",
            record.rationale,
        ]
        for record in workbench.decisions()
    ]
    click.echo(
        table(["when (UTC)", "segment", "lead", "choice", "codes", "rationale"], rows)
        if rows
        else "no decision yet"
    )
