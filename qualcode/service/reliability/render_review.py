"""The reliability section a reviewer expects, as Markdown: design, figures, exclusions, adjudication.

It follows what O'Connor & Joffe (2020), Krippendorff (2019, ch. 12) and Lombard, Snyder-Duch &
Bracken (2002) ask a report of intercoder reliability to state: the unit and how it was made,
the coders and their independence, the codebook, the size and selection of the reliability
sample, the rounds, each variable's alpha with its interval and the probability q that the
population alpha lies below the thresholds, the other coefficients beside it, warnings where a
code is too rare to judge, what was left out and why, and how disagreements were resolved.
Figures and wording come from the same report the terminal shows (`render`), so they agree.
"""

from __future__ import annotations

import math

from qualcode.agreement import AlphaInterval
from qualcode.agreement.results import RELIABLE, TENTATIVE, TOO_FEW_CODED_UNITS
from qualcode.counting import COUNTING_RULES
from qualcode.service.reliability.planning import plan_for_report
from qualcode.service.reliability.render import (
    MISSING,
    interval,
    kappa_name,
    left_out_text,
    number,
    verdict_text,
)
from qualcode.service.reliability.report import UNIT_RULE, ReliabilityReport, methods_statement
from qualcode.service.reliability.study_design import ReviewerReport, StudyDesign

SIGNIFICANCE = 0.05
"""The significance level of the sample-size line (Krippendorff's table's usual column)."""
SEGMENTATION_TEXT = {
    "turn": "one speaker turn each",
    "paragraph": "one paragraph each",
    "sentence": "one sentence each",
}
REFERENCES = (
    "Hayes, A. F., & Krippendorff, K. (2007). Answering the call for a standard reliability measure for "
    "coding data. Communication Methods and Measures, 1(1), 77-89.",
    "Krippendorff, K. (2019). Content analysis: An introduction to its methodology (4th ed.). Sage.",
    "Lombard, M., Snyder-Duch, J., & Bracken, C. C. (2002). Content analysis in mass communication: "
    "Assessment and reporting of intercoder reliability. Human Communication Research, 28(4), 587-604.",
    "O'Connor, C., & Joffe, H. (2020). Intercoder reliability in qualitative research: Debates and "
    "practical guidelines. International Journal of Qualitative Methods, 19, 1-13.",
)


def _many(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else MISSING


def _p_below(result: AlphaInterval | None, threshold: float) -> str:
    """Krippendorff's q: the share of bootstrap replicates below ``threshold``."""
    if result is None or not result.defined:
        return MISSING
    for minimum, probability in result.p_below.items():
        if math.isclose(minimum, threshold, abs_tol=5e-4):
            return f"{probability:.3f}"
    return MISSING


def _units(report: ReliabilityReport, design: StudyDesign) -> list[str]:
    scope = report.scope
    rules = "; ".join(
        f"{documents} document{'s' if documents != 1 else ''} cut into {segments} segments, "
        f"{SEGMENTATION_TEXT.get(rule, rule)} ({rule})"
        for rule, documents, segments in design.segmentations
    )
    return [
        f"The unit of analysis is the {scope.unit_of_analysis}. Segments were cut on import, before any "
        f"coding, by a fixed rule: {rules or 'no document in scope'}. Coders judged given segments and did "
        "not unitize the text themselves.",
        "",
        f"Rule: {UNIT_RULE}.",
    ]


def _coders(report: ReliabilityReport) -> list[str]:
    scope = report.scope
    return [
        f"{len(scope.coders)} coders ({', '.join(scope.coders)}) coded independently: qualcode shows a coder "
        "no other coder's codings (blind coding), and only a lead can read and compare them."
        + left_out_text(report, " Not compared: ")
        + ("." if scope.left_out else ""),
    ]


def _codebook(report: ReliabilityReport) -> list[str]:
    scope, options = report.scope, report.options
    version = f", version {scope.codebook_version}" if scope.codebook_version else " (no version recorded)"
    return [
        f'Codebook "{scope.codebook}"{version}; {len(scope.codes)} codes compared. Parent codes are counted '
        f"by {options.count}: {COUNTING_RULES[options.count]}.",
    ]


def _sample(report: ReliabilityReport, design: StudyDesign) -> list[str]:
    scope = report.scope
    lines = [
        f"{scope.n_units} of {scope.n_segments} segments ({_share(scope.n_units, scope.n_segments)}) were "
        "judged by two or more of the coders."
    ]
    lines.append("")
    if design.n_overlap_assigned:
        lines.append(
            f"Selection: `qualcode sample` drew a random overlap, stratified by document, of "
            f"{design.n_overlap_assigned} segments assigned to two or more of the coders "
            f"({design.n_assigned} segments assigned in all)."
        )
    else:
        lines.append(
            "Selection: no overlap sample was drawn in qualcode; the double-coded segments are those the "
            "coders both judged. State how they were chosen."
        )
    return [*lines, "", _sample_size(report)]


def _sample_size(report: ReliabilityReport) -> str:
    """Krippendorff's minimum sample for alpha >= .800 at p = .05, from the rarest judged code."""
    plan = plan_for_report(report, RELIABLE, SIGNIFICANCE, None)
    judged = (
        {code.code for code in report.per_code.codes if code.verdict != TOO_FEW_CODED_UNITS}
        if report.per_code
        else set()
    )
    rows = [row for row in plan.codes if row.plan is not None and row.code in judged]
    if not rows:
        return (
            "Sample size: no code was applied often enough to size the sample from its prevalence; see "
            "`qualcode agree plan --codes K`."
        )
    rarest = min(rows, key=lambda row: row.smallest_probability)
    short = rarest.short_by or 0
    return (
        f"Sample size: for alpha >= {RELIABLE:.3f} at p = {SIGNIFICANCE} Krippendorff's table asks for "
        f"{rarest.plan.units} units given the rarest judged code, {rarest.code} "  # type: ignore[union-attr]
        f"(p_min = {rarest.smallest_probability:.3f}); "
        + (f"{short} more segments need double-coding." if short else "the sample is large enough.")
    )


def _per_code_rows(report: ReliabilityReport) -> list[list[str]]:
    rows = []
    for code in report.per_code.codes if report.per_code else ():
        bounds = (code.alpha.ci_low, code.alpha.ci_high)
        kappa = code.cohen_kappa if code.cohen_kappa is not None else code.fleiss_kappa
        rows.append(
            [
                code.code,
                str(code.n_units),
                number(code.prevalence),
                number(code.alpha.value),
                interval(*bounds),
                _p_below(code.alpha_interval, RELIABLE),
                _p_below(code.alpha_interval, TENTATIVE),
                number(code.percent_agreement.value),
                number(kappa.value),
                number(code.gwet_ac1.value),
                verdict_text(code.verdict, code.alpha.value, report.options.min_alpha),
            ]
        )
    return rows


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    def cells(values: list[str]) -> str:
        return "| " + " | ".join(value.replace("|", "\\|") for value in values) + " |"

    return [cells(headers), "|" + "|".join("---" for _ in headers) + "|", *(cells(row) for row in rows)]


def _figures(report: ReliabilityReport) -> list[str]:
    options = report.options
    level = f"{options.confidence:.0%}"
    if report.interval_method:
        how = (
            f"Intervals: {level} percentile intervals from {options.n_boot} replicates of the "
            f"{report.interval_method} (seed {options.seed}); q(<.800) and q(<.667) are the shares of "
            "replicates below .800 and .667, Krippendorff's probability that the population alpha fails "
            "those thresholds."
        )
    else:
        how = "No interval: the report was run without bootstrap replicates."
    lines: list[str] = [how, ""]
    if report.per_code is not None:
        headers = ["code", "n", "prevalence", "alpha", f"{level} CI", "q(<.800)", "q(<.667)", "%agree",
                   kappa_name(report), "AC1", "verdict"]  # fmt: skip
        lines += _table(headers, _per_code_rows(report))
        section = report.per_code
        lines += [
            "",
            f"Mean alpha over the {section.n_codes_judged} codes that could be judged: "
            f"{number(section.mean_alpha)}; pooled alpha over all codes: "
            f"{number(section.pooled.pooled_alpha.value)}.",
        ]
    if report.groups:
        rows = [
            [
                group.group,
                str(group.alpha.n_pairable_units),
                number(group.alpha.value),
                interval(
                    *(group.interval.ci_low, group.interval.ci_high) if group.interval else (None, None)
                ),
                _p_below(group.interval, RELIABLE),
                _p_below(group.interval, TENTATIVE),
                verdict_text(group.verdict, group.alpha.value, options.min_alpha),
            ]
            for group in report.groups
        ]
        lines += ["", f"Exclusive groups, one {options.level} variable each:", ""]
        lines += _table(["group", "n", "alpha", f"{level} CI", "q(<.800)", "q(<.667)", "verdict"], rows)
    if report.set_valued is not None:
        result = report.set_valued
        bounds = (result.interval.ci_low, result.interval.ci_high) if result.interval else (None, None)
        lines += [
            "",
            f"Whole code sets ({result.distance.upper() if result.distance == 'masi' else 'Jaccard'} "
            f"distance): alpha {number(result.alpha.value)} {interval(*bounds)}, q(<.800) "
            f"{_p_below(result.interval, RELIABLE)}, q(<.667) {_p_below(result.interval, TENTATIVE)}, "
            f"{result.verdict}.",
        ]
    return lines


def _warnings(report: ReliabilityReport) -> list[str]:
    notes = [
        f"- {code.code}: {note}"
        for code in (report.per_code.codes if report.per_code else ())
        for note in code.diagnostics
    ]
    notes += [f"- {group.group}: {note}" for group in report.groups or () for note in group.diagnostics]
    return notes or ["No code is too rare or too common to judge."]


def _excluded(report: ReliabilityReport) -> list[str]:
    scope = report.scope
    never = scope.n_segments - scope.n_units - scope.n_units_one_coder
    lines = [
        f"- {_many(scope.n_units_one_coder, 'segment')} judged by one coder only: no pair of judgements "
        "to compare.",
        f"- {_many(never, 'segment')} judged by no compared coder.",
        f"- {_many(scope.n_codings_not_judged, 'coding')} on segments their coder had not marked done: "
        "missing, not absent.",
    ]
    too_few = [code.code for code in (report.per_code.codes if report.per_code else ())
               if code.verdict == TOO_FEW_CODED_UNITS]  # fmt: skip
    if too_few:
        lines.append(
            f"- Codes applied too rarely to judge, left out of the mean alpha: {', '.join(too_few)}."
        )
    return lines


def _resolution(design: StudyDesign) -> list[str]:
    progress = design.progress
    lines = [
        f"{progress.n_disagreements} of {progress.n_units} double-coded segments had a disagreement on at "
        f"least one compared code; a lead settled {progress.n_decided} of them in the decision log "
        f"({progress.remaining} open). The coders' own codings were never changed: decisions are stored "
        "as a separate consensus coding, each with its choice and rationale.",
        "",
    ]
    if design.decisions:
        lines += _table(["decision", "segments"], [[kind, str(n)] for kind, n in design.decisions])
    else:
        lines.append("No decision has been recorded yet.")
    return lines


def render_reviewer_markdown(reviewer: ReviewerReport) -> str:
    """The whole reliability section, ready to adapt into a paper's methods and appendix."""
    report, design = reviewer.report, reviewer.design
    sections = [
        ("Unit of analysis", _units(report, design)),
        ("Coders and independence", _coders(report)),
        ("Codebook", _codebook(report)),
        ("Reliability sample", _sample(report, design)),
        (
            "Rounds",
            [
                "One round: qualcode records no separate training rounds; every judgement in scope enters "
                "the figures."
            ],
        ),  # fmt: skip
        ("Agreement per code", _figures(report)),
        ("Prevalence warnings", _warnings(report)),
        ("Units excluded", _excluded(report)),
        ("Resolving disagreements", _resolution(design)),
        ("Methods statement", [methods_statement(report)]),
        ("References", [f"- {reference}" for reference in REFERENCES]),
    ]
    lines = [f"# Intercoder reliability: project {report.scope.project}", ""]
    lines.append(f"Computed by qualcode {report.version}.")
    for heading, body in sections:
        lines += ["", f"## {heading}", "", *body]
    return "\n".join(lines) + "\n"


HTML_STYLE = (
    "body{font-family:Georgia,serif;max-width:60em;margin:2em auto;line-height:1.45}"
    "table{border-collapse:collapse}th,td{border:1px solid #999;padding:.2em .5em}"
    "td{text-align:right}td:first-child,td:last-child{text-align:left}"
)


def render_reviewer_html(reviewer: ReviewerReport) -> str:
    """The same section as one self-contained HTML page, for a journal's submission system or a browser."""
    from html import escape

    from markdown_it import MarkdownIt

    body = (
        MarkdownIt("commonmark", {"html": False}).enable("table").render(render_reviewer_markdown(reviewer))
    )
    title = escape(f"Intercoder reliability: project {reviewer.report.scope.project}")
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n'
        f"<style>{HTML_STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n"
    )
