"""`qualcode agree`, `qualcode drift` and `qualcode training`: reliability reports from the command line."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from qualcode.cli.options import count_option, open_workbench, project_argument
from qualcode.cli.output import table
from qualcode.export.writers import STDOUT, atomic_path
from qualcode.service.reliability.records import UNJUDGED
from qualcode.service.reliability.render import FORMATS, number, render_report
from qualcode.service.reliability.report import METHODS, ReliabilityOptions

F = TypeVar("F", bound=Callable[..., Any])
REVIEW_REPLICATES = 1000
"""Bootstrap replicates of --report when --bootstrap is not given: a reviewer expects intervals."""


def names(values: tuple[str, ...]) -> tuple[str, ...]:
    """`--coders a,b --coders c` → (a, b, c): commas and repeats both work."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def scope_options(function: F) -> F:
    """--coders, --codes and --documents: which judgements a comparison covers."""
    for option in reversed(
        [
            click.option(
                "--coders",
                multiple=True,
                metavar="A,B,…",
                help="Coders to compare (default: the coders who judged a segment in scope; a lead or the "
                "consensus only when named).",
            ),
            click.option(
                "--codes",
                multiple=True,
                metavar="CODE,…",
                help="Codes by name, path or UUID; a parent stands for the codes below it (default: all).",
            ),
            click.option(
                "--documents", multiple=True, metavar="DOC,…", help="Documents by name (default: all)."
            ),
        ]
    ):
        function = option(function)
    return function


def _write(text: str, out: Path | None, what: str) -> None:
    """The report on standard output (no --out, or --out -), else into FILE, whole or not at all."""
    if out is None or out == STDOUT:
        click.echo(text, nl=False)
        return
    with atomic_path(out) as temporary:
        temporary.write_text(text, encoding="utf-8")
    click.echo(f"wrote {what} to {out}")


@click.command("agree")
@project_argument
@scope_options
@click.option(
    "--method",
    "methods",
    type=click.Choice(METHODS),
    multiple=True,
    help="per-code (present/absent per code), group (mutually exclusive groups) or set (whole code sets); "
    "repeat for several (default: all three, side by side).",
)
@click.option(
    "--level", type=click.Choice(["nominal", "ordinal", "interval", "ratio"]), default="nominal",
    show_default=True,
    help="Level of measurement of the group figures: ordinal, interval and ratio take the ordered groups "
    "(ordered: true in the codebook), their codes the points of the scale; per-code and set figures "
    "stay nominal.",
)  # fmt: skip
@click.option(
    "--group", "groups", multiple=True, metavar="CODE,…",
    help="Exclusive groups to report, by their parent code's name or path (default: all).",
)  # fmt: skip
@click.option(
    "--bootstrap", "n_boot", type=click.IntRange(min=0), default=0, metavar="N",
    help="Bootstrap replicates for alpha's confidence interval (e.g. 1000; default: no interval).",
)  # fmt: skip
@click.option(
    "--interval", "--ci", "ci", type=click.Choice(["unit", "kalpha"]), default="unit", show_default=True,
    help="Interval method: unit resamples segments (holds its 95 % coverage); kalpha is Hayes & "
    "Krippendorff's KALPHA, which treats a segment's pairs of values as independent and, with three "
    "or more coders, gives intervals too narrow (95 % intervals covered 76-86 % with 3-4 coders in "
    "bench/coverage_bench.py).",
)  # fmt: skip
@count_option
@click.option("--seed", type=int, help="Seed of the bootstrap, for an interval that can be reproduced.")
@click.option(
    "--min-alpha", type=click.FloatRange(-1.0, 1.0), default=0.667, show_default=True,
    help="The smallest alpha the study accepts; figures below it are flagged.",
)  # fmt: skip
@click.option("--confidence", type=click.FloatRange(0.5, 0.999), default=0.95, show_default=True)
@click.option(
    "--distance", type=click.Choice(["masi", "jaccard"]), default="masi", show_default=True,
    help="Set distance of the set-valued method.",
)  # fmt: skip
@click.option(
    "--confusion", metavar="A,B",
    help="Coders of the code x code confusion table (default: the two coders, when two are compared).",
)  # fmt: skip
@click.option("--format", "report_format", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to FILE; - writes it to standard output.",
)  # fmt: skip
@click.option(
    "--report", "review", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE.md",
    help="Write the reliability section a reviewer expects (Markdown, or HTML for FILE.html): unit, "
    "coders, codebook, sample, "
    "rounds, alpha with interval and q per code, warnings, exclusions, decisions. Bootstraps 1000 "
    "replicates unless --bootstrap says otherwise; - writes it to standard output.",
)  # fmt: skip
def agree_project(
    project: str,
    db_url: str | None,
    coders: tuple[str, ...],
    codes: tuple[str, ...],
    documents: tuple[str, ...],
    methods: tuple[str, ...],
    level: str,
    groups: tuple[str, ...],
    count: str,
    n_boot: int,
    ci: str,
    seed: int | None,
    min_alpha: float,
    confidence: float,
    distance: str,
    confusion: str | None,
    report_format: str,
    out: Path | None,
    review: Path | None,
) -> None:
    """Inter-coder reliability: Krippendorff's alpha and friends, per code, per group and per code set.

    The unit of analysis is the segment; a segment counts when at least two of
    the compared coders marked it done, and a segment a coder has not marked
    done is missing for that coder, never "absent". The report states the
    coders, the number of units, the codebook version and the method, and ends
    with a paragraph a methods section can quote. The same options give the same
    report, bootstrap included when --seed is set.

    \b
    Examples:
      qualcode agree study
      qualcode agree study --coders ana,ben --bootstrap 1000 --seed 7 --format markdown --out reliability.md
      qualcode agree study --method per-code --codes approach --format csv --out per-code.csv
      qualcode agree study --method group --level ordinal --group intensity --bootstrap 1000 --seed 7
      qualcode agree study --report reliability.md --seed 7

    `qualcode agree table FILE.csv` and `qualcode agree plan` need no project
    (a project called "table" or "plan" is reached by its folder, projects/table).
    """
    pair = names((confusion,)) if confusion else ()
    if confusion and len(pair) != 2:
        raise click.UsageError("--confusion takes two coders: --confusion ana,ben")
    options = ReliabilityOptions(
        coders=names(coders),
        codes=names(codes),
        documents=names(documents),
        methods=tuple(dict.fromkeys(methods)) or METHODS,  # type: ignore[arg-type]
        count=count,  # type: ignore[arg-type]
        n_boot=n_boot,
        ci=ci,  # type: ignore[arg-type]
        seed=seed,
        min_alpha=min_alpha,
        confidence=confidence,
        set_distance=distance,  # type: ignore[arg-type]
        level=level,  # type: ignore[arg-type]
        groups=names(groups),
        confusion=(pair[0], pair[1]) if pair else None,
    )
    if review is not None:
        _write_review(project, db_url, options, review, out)
        return
    report = open_workbench(project, db_url).agreement_report(options)
    _write(render_report(report, report_format), out, f"{report_format} report")  # type: ignore[arg-type]


def _write_review(
    project: str, db_url: str | None, options: ReliabilityOptions, review: Path, out: Path | None
) -> None:
    """--report: Markdown (FILE.md, or - for standard output) or a self-contained page (FILE.html)."""
    if out is not None:
        raise click.UsageError("--report and --out write different documents: give one of them")
    html = review != STDOUT and review.suffix.lower() in (".html", ".htm")
    if review != STDOUT and not html and review.suffix.lower() not in (".md", ".markdown"):
        raise click.UsageError(
            f"--report writes Markdown or HTML: give a file ending in .md or .html, not {review.name!r}"
        )
    from qualcode.service.reliability.render_review import render_reviewer_html, render_reviewer_markdown

    options = dataclasses.replace(options, n_boot=options.n_boot or REVIEW_REPLICATES)
    reviewer = open_workbench(project, db_url).reviewer_report(options)
    render = render_reviewer_html if html else render_reviewer_markdown
    _write(render(reviewer), review, "reliability report")


class AgreeGroup(click.Group):
    """`agree PROJECT …` reports on a project; `agree table …` and `agree plan …` are its subcommands.

    The project report keeps its own options and help: whatever is not a subcommand's name is
    parsed as the report's arguments, so `qualcode agree study --bootstrap 1000` reads as before.
    """

    def __init__(self, report: click.Command) -> None:
        super().__init__(report.name, help=report.help, short_help=report.short_help)
        self.report = report

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] in self.commands:
            return super().parse_args(ctx, args)
        ctx.meta["agree.report"] = True
        # A group stops parsing at its first argument and keeps the rest for a subcommand; the
        # report parses options anywhere and refuses extra arguments, as a plain command does.
        ctx.allow_interspersed_args, ctx.allow_extra_args = True, False
        return click.Command.parse_args(self.report, ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        if ctx.meta.get("agree.report"):
            return ctx.invoke(self.report.callback, **ctx.params)  # type: ignore[arg-type]
        return super().invoke(ctx)

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self.report.format_help(ctx, formatter)
        self.format_commands(ctx, formatter)


agree = AgreeGroup(agree_project)


@click.command()
@project_argument
@click.option(
    "--coders",
    multiple=True,
    metavar="A,B,…",
    help="Coders to compare (default: the coders who judged a segment; a lead only when named).",
)
@click.option(
    "--by", type=click.Choice(["document", "week"]), default="document", show_default=True,
    help="Batches: each document in reading order, or each ISO week in which segments were coded.",
)  # fmt: skip
@click.option("--code", help="Follow one code (default: all codes pooled).")
@click.option("--documents", multiple=True, metavar="DOC,…", help="Documents by name (default: all).")
def drift(
    project: str,
    db_url: str | None,
    coders: tuple[str, ...],
    by: str,
    code: str | None,
    documents: tuple[str, ...],
) -> None:
    """Agreement per batch, to see whether coders drift apart over the months.

    \b
    Examples:
      qualcode drift study --by week
      qualcode drift study --coders ana,ben --code approach/relational
    """
    report = open_workbench(project, db_url).agreement_drift(names(coders), by, code, names(documents))  # type: ignore[arg-type]
    rows = [
        [
            batch.batch,
            batch.n_units,
            batch.n_pairable_units,
            number(batch.alpha.value),
            batch.alpha.note or "",
        ]
        for batch in report.batches
    ]
    click.echo(f"Agreement of {', '.join(report.coders)} on {report.code}, per {by}: {report.rule}")
    click.echo(
        table([by, "segments", "judged by 2+", "alpha", "note"], rows) if rows else "no segment judged yet"
    )


@click.command()
@project_argument
@click.argument("coder")
@click.option(
    "--reference", help="The gold standard: a lead or the consensus (default: the consensus, else a lead)."
)
@click.option("--codes", multiple=True, metavar="CODE,…", help="Codes to compare (default: all).")
@click.option("--documents", multiple=True, metavar="DOC,…", help="Documents by name (default: all).")
@click.option(
    "--limit", type=click.IntRange(min=0), default=10, show_default=True, help="Segments listed per code."
)
def training(
    project: str,
    db_url: str | None,
    coder: str,
    reference: str | None,
    codes: tuple[str, ...],
    documents: tuple[str, ...],
    limit: int,
) -> None:
    """A coder against a reference coder: agreement per code, misses and false alarms.

    \b
    Examples:
      qualcode training study ben --reference consensus
      qualcode training study ben --reference ana --codes tone --limit 50
    """
    workbench = open_workbench(project, db_url)
    reference = reference or workbench.default_reference()
    report = workbench.training_report(coder, reference, names(codes), names(documents))
    rows = [
        [
            item.agreement.code,
            item.agreement.n_units,
            number(item.agreement.percent_agreement.value),
            number(item.agreement.alpha.value if item.agreement.verdict not in UNJUDGED else None),
            len(item.misses),
            len(item.false_alarms),
            item.agreement.verdict,
        ]
        for item in report.codes
    ]
    click.echo(f"{coder} against {reference}: {report.n_units} segments both judged")
    click.echo(table(["code", "n", "%agree", "alpha", "misses", "false alarms", "verdict"], rows))
    for item in report.codes:
        for label, places in (("missed", item.misses), ("false alarms", item.false_alarms)):
            if places and limit:
                shown = ", ".join(place.ref for place in places[:limit])
                more = f" and {len(places) - limit} more" if len(places) > limit else ""
                click.echo(f"{item.agreement.code} {label}: {shown}{more}")
