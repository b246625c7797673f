"""How far a project's double-coded sample is from the size Krippendorff's table asks for.

Each code is a present/absent variable, so its p_min is the share of the rarer value among the
double-coded reviews (its prevalence or one minus it). A code applied nowhere (p_min = 0) has no
finite sample size: no number of units can show its alpha. With ``n_codes`` the plan also gives
the table's row for that many equally likely categories, the figure to plan a study with before
any coding exists.
"""

from __future__ import annotations

from dataclasses import dataclass

from qualcode.agreement.sample_size import SamplePlan, required_units, required_units_for_codes
from qualcode.service.reliability.report import ReliabilityReport

NEVER_APPLIED = "applied nowhere: no sample size shows its alpha"


@dataclass(frozen=True)
class CodeSamplePlan:
    """One code: its double-coded units now, and the units it needs."""

    code: str
    n_units: int
    """Units the compared coders both (or all) judged."""
    smallest_probability: float
    """p_min: the share of the rarer value (applied or not) among the double-coded reviews."""
    plan: SamplePlan | None
    """None when the code was applied nowhere (or everywhere)."""

    @property
    def short_by(self) -> int | None:
        """Units still to double-code; 0 when the sample is large enough."""
        return None if self.plan is None else max(0, self.plan.units - self.n_units)


@dataclass(frozen=True)
class ProjectSamplePlan:
    """The sample-size plan of a project's current reliability sample."""

    coders: tuple[str, ...]
    n_segments: int
    n_units: int
    """Segments judged by at least two compared coders: the double-coded sample."""
    min_alpha: float
    significance: float
    for_codes: SamplePlan | None
    """The table's row for the given number of equally likely codes, if one was given."""
    codes: tuple[CodeSamplePlan, ...]


def plan_for_report(
    report: ReliabilityReport, min_alpha: float, significance: float, n_codes: int | None
) -> ProjectSamplePlan:
    """The plan from a per-code agreement report (its units and each code's prevalence)."""
    for_codes = required_units_for_codes(n_codes, min_alpha, significance) if n_codes else None
    rows = []
    for agreement in report.per_code.codes if report.per_code else ():
        p_min = min(agreement.prevalence, 1.0 - agreement.prevalence)
        plan = required_units(min_alpha, significance, p_min) if p_min > 0 else None
        rows.append(CodeSamplePlan(agreement.code, agreement.n_units, p_min, plan))
    scope = report.scope
    return ProjectSamplePlan(
        scope.coders, scope.n_segments, scope.n_units, min_alpha, significance, for_codes, tuple(rows)
    )
