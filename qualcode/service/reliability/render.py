"""Render a `ReliabilityReport` as a text table, CSV, JSON or Markdown: formatting only, no figures computed.

The rows each format prints come from the same functions (`per_code_rows`, `summary_rows`), which the
compare screen reuses, so a number reads the same in the terminal, the paper and the TUI.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from qualcode.agreement import CodeAgreement, Coefficient
from qualcode.counting import COUNTING_RULES
from qualcode.service.reliability.records import UNJUDGED, render_csv, render_json
from qualcode.service.reliability.report import (
    METHOD_TITLES,
    SPAN_RULE,
    UNIT_RULE,
    ReliabilityReport,
    methods_statement,
    verdict_rule,
)

if TYPE_CHECKING:
    from qualcode.service.reliability.spans import UnitizingSection

ReportFormat = Literal["table", "csv", "json", "markdown"]
FORMATS: tuple[ReportFormat, ...] = ("table", "csv", "json", "markdown")
MISSING = "—"

PER_CODE_HEADERS = (
    "code",
    "n",
    "coded",
    "prev",
    "%agree",
    "%agree coded",
    "alpha",
    "CI",
    "kappa",
    "AC1",
    "verdict",
)


def number(value: float | None, digits: int = 3) -> str:
    """A figure with fixed decimals, or a dash when it is undefined."""
    if value is None or not math.isfinite(value):
        return MISSING
    return f"{value:.{digits}f}"


def interval(low: float | None, high: float | None) -> str:
    if low is None or high is None or not (math.isfinite(low) and math.isfinite(high)):
        return MISSING
    return f"[{low:.3f}, {high:.3f}]"


def _kappa(code: CodeAgreement) -> Coefficient:
    """Cohen's kappa for two coders, Fleiss' kappa for more: the kappa a reader expects to see."""
    return code.cohen_kappa if code.cohen_kappa is not None else code.fleiss_kappa


def kappa_name(report: ReliabilityReport) -> str:
    return "Cohen's kappa" if len(report.scope.coders) == 2 else "Fleiss' kappa"


def per_code_rows(report: ReliabilityReport) -> list[list[str]]:
    """One row of cells per code, in the order of `PER_CODE_HEADERS`."""
    if report.per_code is None:
        return []
    rows = []
    for code in report.per_code.codes:
        judged = code.verdict not in UNJUDGED
        rows.append(
            [
                code.code,
                str(code.n_units),
                str(code.n_coded_units),
                number(code.prevalence),
                number(code.percent_agreement.value),
                number(code.percent_agreement_coded_units.value),
                number(code.alpha.value if judged else None),
                interval(code.alpha.ci_low, code.alpha.ci_high) if judged else MISSING,
                number(_kappa(code).value if judged else None),
                number(code.gwet_ac1.value if judged else None),
                verdict_text(code.verdict, code.alpha.value, report.options.min_alpha),
            ]
        )
    return rows


def verdict_text(verdict: str, alpha: float, min_alpha: float) -> str:
    below = math.isfinite(alpha) and alpha < min_alpha and verdict in ("reliable", "tentative")
    return f"{verdict} (below minimum)" if below else verdict


def left_out_text(report: ReliabilityReport, lead: str) -> str:
    """Who the default comparison left out and why, after ``lead``; empty when no one was."""
    left_out = report.scope.left_out
    return lead + "; ".join(str(coder) for coder in left_out) if left_out else ""


def summary_rows(report: ReliabilityReport) -> list[tuple[str, str]]:
    """(label, value) lines of the header: the facts a methods section states."""
    scope, options = report.scope, report.options
    documents = f"all ({len(scope.documents)})" if scope.all_documents else ", ".join(scope.documents)
    version = f", version {scope.codebook_version}" if scope.codebook_version else ""
    units = f"{scope.n_units} segments judged by two or more of the coders (of {scope.n_segments} in scope"
    units += f"; {scope.n_units_one_coder} judged by one coder, left out)" if scope.n_units_one_coder else ")"
    method = report.interval_method
    ci = (
        f"{method}, {options.n_boot} replicates, seed {options.seed}, {options.confidence:.0%}"
        if method
        else "none (add --bootstrap 1000 for confidence intervals)"
    )
    return [
        ("Unit of analysis", f"{scope.unit_of_analysis}: {UNIT_RULE}"),
        ("Coders", ", ".join(scope.coders) + left_out_text(report, "; left out: ")),
        ("Units", units),
        ("Documents", documents),
        (
            "Codebook",
            f"{scope.codebook}{version} ({len(scope.codes)} codes compared; "
            f"{options.count}: {COUNTING_RULES[options.count]})",
        ),
        ("Methods", "; ".join(f"{m}: {METHOD_TITLES[m]}" for m in options.methods)),
        ("Interval", ci),
        ("Verdicts", verdict_rule(options.min_alpha)),
        ("qualcode", report.version),
    ]


def _grid(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max([len(h), *(len(row[i]) for row in rows)]) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    return "\n".join(lines)


def _sections(report: ReliabilityReport) -> list[tuple[str, list[str], list[list[str]], list[str]]]:
    """(title, headers, rows, lines under the table) for each method and the confusion table."""
    sections = []
    kappa = kappa_name(report)
    if report.per_code is not None:
        pooled = report.per_code.pooled
        section = report.per_code
        after = [
            f"Mean alpha over the {section.n_codes_judged} of {pooled.n_codes} codes that could be judged: "
            f"{number(section.mean_alpha)}",
            f"Pooled alpha, each code x segment one value: {number(pooled.pooled_alpha.value)} "
            f"{report.per_code.pooled_verdict}",
            f"kappa: {kappa}; %agree coded: agreement over the segments any coder applied the code to",
        ]
        diagnostics = [f"{code.code}: {note}" for code in report.per_code.codes for note in code.diagnostics]
        if diagnostics:
            after += ["", "Diagnostics:", *(f"  {line}" for line in diagnostics)]
        title = "(a) Per code, present/absent (the convention of Dedoose and NVivo)"
        sections.append((title, list(PER_CODE_HEADERS), per_code_rows(report), after))
    if report.groups is not None:
        rows = [
            [
                group.group,
                ", ".join(code.rsplit("/", 1)[-1] for code in group.codes),
                str(group.alpha.n_pairable_units),
                str(group.n_coded_units),
                number(group.alpha.value),
                interval(
                    *(group.interval.ci_low, group.interval.ci_high) if group.interval else (None, None)
                ),
                verdict_text(group.verdict, group.alpha.value, report.options.min_alpha),
            ]
            for group in report.groups
        ]
        notes = [f"{group.group}: {note}" for group in report.groups for note in group.diagnostics]
        after = ["Diagnostics:", *(f"  {line}" for line in notes)] if notes else []
        if not report.groups:
            after = ["No mutually exclusive group: mark a parent code `exclusive: true` in the codebook."]
        title = "(b) Mutually exclusive groups, one nominal variable each (ATLAS.ti's semantic domains)"
        if report.options.level != "nominal":
            title = (
                f"(b) Ordered groups, one {report.options.level} variable each, its codes the scale's points"
            )
        sections.append((title, ["group", "codes", "n", "coded", "alpha", "CI", "verdict"], rows, after))
    if report.set_valued is not None:
        result = report.set_valued
        bounds = (result.interval.ci_low, result.interval.ci_high) if result.interval else (None, None)
        row = [
            result.alpha.level,
            str(result.alpha.n_pairable_units),
            number(result.alpha.value),
            interval(*bounds),
            verdict_text(result.verdict, result.alpha.value, report.options.min_alpha),
        ]
        after = [f"Note: {note}" for note in result.diagnostics]
        title = "(c) Set-valued: each segment's whole set of codes"
        sections.append((title, ["distance", "n", "alpha", "CI", "verdict"], [row], after))
    if report.unitizing is not None:
        sections.append(_unitizing_section(report.unitizing))
    if report.confusion is not None:
        table = report.confusion
        names = [label.rsplit("/", 1)[-1] for label in table.labels]
        rows = [[names[i], *(str(int(v)) for v in table.counts[i])] for i in range(len(names))]
        title = (
            f"Confusion table: rows {table.row_coder}, columns {table.column_coder} "
            f"({table.n_units} segments both judged; a segment counts once per pair of codes applied)"
        )
        sections.append((title, [f"{table.row_coder} \\ {table.column_coder}", *names], rows, []))
    return sections


def _unitizing_section(section: UnitizingSection) -> tuple[str, list[str], list[list[str]], list[str]]:
    """(d): agreement on the stretches coded, beside the segment-level figures."""
    rows = [
        [code, str(alpha.n_units), number(alpha.value), number(binary.value), alpha.note or binary.note]
        for (code, alpha), binary in zip(section.alpha_u.per_code.items(), section.binary, strict=True)
    ]
    overall = section.alpha_u.overall
    rows.append(["all codes", str(overall.n_units), number(overall.value), "", overall.note])
    after = [
        f"Continua: {section.n_continua} document(s), {section.n_segments} segments every compared coder "
        f"marked done, {section.total_length} characters; {section.rule}.",
        f"Segment-level figures above: {SPAN_RULE}.",
    ]
    for domain in section.domains:
        family = domain.family
        if family is None:
            after.append(f"{domain.group}: no unitizing family ({domain.note})")
            continue
        after.append(
            f"{domain.group}: u-alpha {number(family.u_alpha.value)}, "
            f"|u-alpha {number(family.binary_u_alpha.value)}, cu-alpha {number(family.cu_alpha.value)}"
            + (f" ({family.cu_alpha.note})" if family.cu_alpha.note else "")
        )
    title = "(d) Unitizing: agreement on the stretches coded (Krippendorff's alpha-u; |u-alpha, 2016)"
    return title, ["code", "units", "alpha-u", "|u-alpha", "note"], rows, after


def render_table(report: ReliabilityReport) -> str:
    title = f"Reliability of coding: project {report.scope.project}"
    width = max(len(label) for label, _ in summary_rows(report))
    lines = [title, "=" * len(title)]
    lines += [f"{label.ljust(width)}  {value}" for label, value in summary_rows(report)]
    for heading, headers, rows, after in _sections(report):
        lines += ["", heading, "-" * len(heading), _grid(headers, rows), *after]
    if report.notes:
        lines += ["", "Notes:", *(f"  {note}" for note in report.notes)]
    lines += ["", "Methods statement:", *textwrap.wrap(methods_statement(report), 100)]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _markdown_line(line: str) -> str:
    """A line under a table: headings stay text, everything else becomes a list item."""
    if not line or line.endswith(":"):
        return line
    return f"- {line.strip()}"


def render_markdown(report: ReliabilityReport) -> str:
    lines = [f"# Reliability of coding: project {report.scope.project}", ""]
    lines += [f"- **{label}:** {_cell(value)}" for label, value in summary_rows(report)]
    for heading, headers, rows, after in _sections(report):
        lines += ["", f"## {heading}", "", "| " + " | ".join(_cell(h) for h in headers) + " |"]
        lines.append("|" + "|".join("---" for _ in headers) + "|")
        lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
        if after:
            lines += ["", *(_markdown_line(line) for line in after)]
    if report.notes:
        lines += ["", "## Notes", "", *(f"- {note}" for note in report.notes)]
    lines += ["", "## Methods statement", "", methods_statement(report)]
    return "\n".join(lines) + "\n"


RENDERERS = {"table": render_table, "csv": render_csv, "json": render_json, "markdown": render_markdown}


def render_report(report: ReliabilityReport, report_format: ReportFormat = "table") -> str:
    return RENDERERS[report_format](report)
