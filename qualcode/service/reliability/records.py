"""A `ReliabilityReport` as records: tidy CSV rows for spreadsheets and R, and the whole report as JSON."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import math
from collections.abc import Mapping
from enum import Enum
from typing import Any

import numpy as np

from qualcode.service.reliability.report import ReliabilityReport, methods_statement

UNJUDGED = ("too few coded units to judge", "undefined")
"""Verdicts under which the chance-corrected figures are left blank: they would mean nothing."""

CSV_COLUMNS = (
    "method",
    "item",
    "coders",
    "coders_left_out",
    "unit",
    "n_units",
    "n_coded_units",
    "prevalence",
    "percent_agreement",
    "percent_agreement_coded_units",
    "alpha",
    "alpha_ci_low",
    "alpha_ci_high",
    "ci_method",
    "n_boot",
    "seed",
    "min_alpha",
    "meets_min_alpha",
    "p_alpha_below_min",
    "cohen_kappa",
    "scott_pi",
    "fleiss_kappa",
    "gwet_ac1",
    "brennan_prediger",
    "verdict",
    "diagnostics",
    "codebook",
    "codebook_version",
    "counting",
)


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float):
        return "" if not math.isfinite(value) else round(value, 6)
    return value


def csv_rows(report: ReliabilityReport) -> list[dict[str, Any]]:
    """One tidy row per figure: every per-code row, the mean and pooled figures, groups and the set figure."""
    scope, options = report.scope, report.options
    common = {
        "coders": ";".join(scope.coders),
        "coders_left_out": "; ".join(str(coder) for coder in scope.left_out),
        "unit": scope.unit_of_analysis,
        "ci_method": report.interval_method or "",
        "n_boot": options.n_boot or "",
        "seed": options.seed if options.n_boot else "",
        "min_alpha": options.min_alpha,
        "codebook": scope.codebook,
        "codebook_version": scope.codebook_version,
        "counting": options.count,
    }

    def row(method: str, item: str, alpha: float, verdict: str, **extra: Any) -> dict[str, Any]:
        meets = "" if not math.isfinite(alpha) else ("yes" if alpha >= options.min_alpha else "no")
        values = {
            "method": method,
            "item": item,
            "alpha": alpha,
            "verdict": verdict,
            "meets_min_alpha": meets,
        }
        return {column: _csv_value({**common, **values, **extra}.get(column)) for column in CSV_COLUMNS}

    rows = []
    if report.per_code is not None:
        for code in report.per_code.codes:
            p_below = code.alpha_interval.p_below.get(options.min_alpha) if code.alpha_interval else None
            if code.verdict in UNJUDGED:
                rows.append(
                    row(
                        "per-code",
                        code.code,
                        float("nan"),
                        code.verdict,
                        n_units=code.n_units,
                        n_coded_units=code.n_coded_units,
                        prevalence=code.prevalence,
                        percent_agreement=code.percent_agreement.value,
                        percent_agreement_coded_units=code.percent_agreement_coded_units.value,
                        diagnostics=" | ".join(code.diagnostics),
                    )
                )
                continue
            rows.append(
                row(
                    "per-code",
                    code.code,
                    code.alpha.value,
                    code.verdict,
                    n_units=code.n_units,
                    n_coded_units=code.n_coded_units,
                    prevalence=code.prevalence,
                    percent_agreement=code.percent_agreement.value,
                    percent_agreement_coded_units=code.percent_agreement_coded_units.value,
                    alpha_ci_low=code.alpha.ci_low,
                    alpha_ci_high=code.alpha.ci_high,
                    p_alpha_below_min=p_below,
                    cohen_kappa=code.cohen_kappa.value if code.cohen_kappa else None,
                    scott_pi=code.scott_pi.value if code.scott_pi else None,
                    fleiss_kappa=code.fleiss_kappa.value,
                    gwet_ac1=code.gwet_ac1.value,
                    brennan_prediger=code.brennan_prediger.value,
                    diagnostics=" | ".join(code.diagnostics),
                )
            )
        pooled = report.per_code.pooled
        no_interval = {"ci_method": "", "n_boot": "", "seed": ""}
        section = report.per_code
        rows.append(
            row("per-code mean", "mean alpha of the codes judged", section.mean_alpha, "", **no_interval)
        )
        rows.append(
            row(
                "per-code pooled",
                "all codes pooled",
                pooled.pooled_alpha.value,
                report.per_code.pooled_verdict,
                n_units=scope.n_units,
                **no_interval,
            )
        )
    for group in report.groups or ():
        rows.append(
            row(
                "group" if group.level == "nominal" else f"group ({group.level})",
                group.group,
                group.alpha.value,
                group.verdict,
                n_units=group.alpha.n_pairable_units,
                n_coded_units=group.n_coded_units,
                alpha_ci_low=group.interval.ci_low if group.interval else None,
                alpha_ci_high=group.interval.ci_high if group.interval else None,
                p_alpha_below_min=group.interval.p_below.get(options.min_alpha) if group.interval else None,
                diagnostics=" | ".join(group.diagnostics),
            )
        )
    if report.set_valued is not None:
        result = report.set_valued
        rows.append(
            row(
                "set",
                result.alpha.level,
                result.alpha.value,
                result.verdict,
                n_units=result.alpha.n_pairable_units,
                alpha_ci_low=result.interval.ci_low if result.interval else None,
                alpha_ci_high=result.interval.ci_high if result.interval else None,
                p_alpha_below_min=result.interval.p_below.get(options.min_alpha) if result.interval else None,
                ci_method=result.interval.method if result.interval else "",
                diagnostics=" | ".join(result.diagnostics),
            )
        )
    return rows


def render_csv(report: ReliabilityReport) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(csv_rows(report))
    return buffer.getvalue()


def plain(value: Any) -> Any:
    """A JSON-ready copy: dataclasses as objects, arrays as lists, undefined numbers as null."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: plain(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, np.ndarray):
        return plain(value.tolist())
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, float | np.floating):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, np.integer):
        return int(value)
    return value


def render_json(report: ReliabilityReport) -> str:
    document = {"methods_statement": methods_statement(report), **plain(report)}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
