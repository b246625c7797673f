"""`qualcode agree table` and `qualcode agree plan`: agreement from a table of counts, and sample sizes."""

from __future__ import annotations

from pathlib import Path

import click

from qualcode.cli.options import db_option
from qualcode.cli.output import table as text_table


def _figure(value: float | None, digits: int = 3) -> str:
    import math

    return "—" if value is None or not math.isfinite(value) else f"{value:.{digits}f}"


@click.command("table")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--weights", type=click.Choice(["identity", "linear", "quadratic"]), default="identity",
    show_default=True,
    help="Agreement weights for ordered categories (listed in their order): linear or quadratic credit "
    "near misses; identity is the unweighted coefficient.",
)  # fmt: skip
@click.option("--confidence", type=click.FloatRange(0.5, 0.999), default=0.95, show_default=True)
def table(file: Path, weights: str, confidence: float) -> None:
    """Agreement of two coders from a square CSV of counts: percent agreement, kappa, pi, AC1, BP.

    FILE holds a header row of category labels after a corner cell, then one row
    per category of coder 1: its label (the same labels in the same order) and
    the counts of units coder 2 put in each column's category. Standard errors
    and intervals are Gwet's (2014, ch. 2-3); with --weights the weighted forms
    (Cohen's weighted kappa, Gwet's AC2, ...). Also prints Fleiss' kappa for
    each category (Fleiss 1971) with its Gwet interval.

    \b
    Examples:
      qualcode agree table coders.csv
      qualcode agree table severity.csv --weights quadratic
    """
    from qualcode.agreement.table_agreement import table_coefficients
    from qualcode.service.reliability.contingency_file import read_contingency_csv, table_category_kappas

    counts = read_contingency_csv(file)
    percent = round(confidence * 100)
    rows = [
        [
            c.name,
            _figure(c.value),
            _figure(c.se),
            _figure(c.ci_low),
            _figure(c.ci_high),
            _figure(c.chance_agreement),
        ]
        for c in table_coefficients(counts.counts, weights, confidence)  # type: ignore[arg-type]
    ]
    click.echo(
        f"{file.name}: 2 coders, {counts.n_units} units, {len(counts.labels)} categories "
        f"({', '.join(counts.labels)}); weights: {weights}"
    )
    click.echo(
        text_table(["coefficient", "value", "SE", f"{percent}% low", f"{percent}% high", "chance"], rows)
    )
    category_rows = [
        [k.category, _figure(k.share), _figure(k.kappa.value), _figure(k.kappa.se), _figure(k.kappa.ci_low),
         _figure(k.kappa.ci_high)]
        for k in table_category_kappas(counts, confidence)
    ]  # fmt: skip
    click.echo("Fleiss' kappa per category (category against all others):")
    click.echo(
        text_table(
            ["category", "share", "kappa_j", "SE", f"{percent}% low", f"{percent}% high"], category_rows
        )
    )


@click.command("plan")
@click.argument("project", required=False)
@db_option
@click.option("--codes", "n_codes", type=click.IntRange(min=2), metavar="K",
              help="Number of equally likely codes (categories) of the variable: p_min = 1/K.")  # fmt: skip
@click.option(
    "--min-alpha", type=click.FloatRange(0.0, 1.0, min_open=True, max_open=True), default=0.8,
    show_default=True,
    help="The smallest alpha the study will accept.",
)  # fmt: skip
@click.option(
    "--p", "significance", type=click.FloatRange(0.0, 0.5, min_open=True, max_open=True), default=0.05,
    show_default=True, help="One-sided significance level at which alpha must exceed --min-alpha.",
)  # fmt: skip
@click.option(
    "--coders", multiple=True, metavar="A,B,…", help="Coders of the project to count (default: as agree)."
)
def plan(
    project: str | None,
    db_url: str | None,
    n_codes: int | None,
    min_alpha: float,
    significance: float,
    coders: tuple[str, ...],
) -> None:
    """Units two coders must double-code for alpha to be shown above a minimum (Krippendorff's table).

    N = 2 z^2 [(1 + a)(3 - a) / (4 (1 - a) p (1 - p)) - a], a the smallest
    acceptable alpha, p the probability of the least frequent category (1/K for K
    equally likely codes) and z the one-sided normal quantile of --p
    (Krippendorff 2004, sec. 11.4.4, after Bloch & Kraemer 1989). With PROJECT,
    each code's p is the share of its rarer value among the double-coded
    reviews, and the plan says how many more units the coders must double-code.

    \b
    Examples:
      qualcode agree plan --codes 4 --min-alpha .8 --p .05
      qualcode agree plan study --min-alpha .667
    """
    from qualcode.agreement.sample_size import required_units_for_codes

    if project is None:
        if n_codes is None:
            raise click.UsageError("give --codes K, or a PROJECT to plan from its codes")
        needed = required_units_for_codes(n_codes, min_alpha, significance)
        click.echo(
            f"{needed.units} units for alpha >= {min_alpha:.3f} at p = {significance:g} "
            f"(two coders, {n_codes} equally likely codes, p_min = {needed.smallest_probability:.3f})"
        )
        return
    from qualcode.cli.agree_commands import names
    from qualcode.cli.options import open_workbench
    from qualcode.service.reliability.report import ReliabilityOptions

    options = ReliabilityOptions(coders=names(coders))
    result = open_workbench(project, db_url).sample_plan(min_alpha, significance, n_codes, options)
    click.echo(
        f"{project}: {result.n_units} of {result.n_segments} segments double-coded by "
        f"{', '.join(result.coders)}; "
        f"target alpha >= {min_alpha:.3f} at p = {significance:g}"
    )
    if result.for_codes is not None:
        short = max(0, result.for_codes.units - result.n_units)
        click.echo(
            f"{n_codes} equally likely codes: {result.for_codes.units} units needed, "
            f"{short} more to double-code"
        )
    rows = [
        [row.code, row.n_units, _figure(row.smallest_probability),
         row.plan.units if row.plan else "—", row.short_by if row.short_by is not None else "—"]
        for row in result.codes
    ]  # fmt: skip
    click.echo(text_table(["code", "double-coded", "p_min", "needed", "short by"], rows))
    if any(row.plan is None for row in result.codes):
        from qualcode.service.reliability.planning import NEVER_APPLIED

        click.echo(f"— : {NEVER_APPLIED}")
