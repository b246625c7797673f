"""How many units two coders must both code for alpha to be shown above a minimum: Krippendorff's table.

Krippendorff (2004, *Content Analysis*, 2nd ed., sec. 11.4.4; 2013, 3rd ed.; 2019, 4th ed.)
tabulates the smallest sample of units, for two coders and nominal data, at which an alpha
that reaches alpha_min is statistically significantly above it. The table comes from Bloch &
Kraemer (1989, eq. 3.7):

    N = 2 z^2 [ (1 + a)(3 - a) / (4 (1 - a) p (1 - p)) - a ],

with a = alpha_min, p = p_min, the probability of the least frequent category (for k equally
likely categories, 1/k; for a binary code, the share of units in its rarer value), and z the
one-sided standard normal quantile of the significance level. N is rounded up. The table's
example, four equally likely categories (p = .25), alpha_min = .800 at p = .05, needs 139 units;
alpha_min = .667 needs 81.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

from qualcode.agreement.reliability_data import AgreementDataError


@dataclass(frozen=True)
class SamplePlan:
    """The units a reliability sample needs, and what the figure rests on."""

    units: int
    """The minimum number of units both coders code (N, rounded up)."""
    min_alpha: float
    """alpha_min: the smallest alpha the study will accept."""
    significance: float
    """The one-sided significance level (p) at which alpha must exceed alpha_min."""
    smallest_probability: float
    """p_min: the probability of the least frequent category."""
    z: float
    """The one-sided standard normal quantile of the significance level."""


def required_units(min_alpha: float, significance: float, smallest_probability: float) -> SamplePlan:
    """Krippendorff's minimum sample size for two coders (Bloch & Kraemer 1989, eq. 3.7)."""
    if not 0.0 < min_alpha < 1.0:
        raise AgreementDataError(f"the smallest acceptable alpha must lie between 0 and 1; got {min_alpha}")
    if not 0.0 < significance < 0.5:
        raise AgreementDataError(f"the significance level must lie between 0 and 0.5; got {significance}")
    if not 0.0 < smallest_probability <= 0.5:
        raise AgreementDataError(
            f"the probability of the least frequent category must lie in (0, 0.5]; got {smallest_probability}"
        )
    z = NormalDist().inv_cdf(1.0 - significance)
    a, p = min_alpha, smallest_probability
    n = 2.0 * z**2 * ((1.0 + a) * (3.0 - a) / (4.0 * (1.0 - a) * p * (1.0 - p)) - a)
    # Round up, but not past a value that only floating-point noise puts above an integer.
    return SamplePlan(math.ceil(n - 1e-9), min_alpha, significance, smallest_probability, z)


def required_units_for_codes(n_codes: int, min_alpha: float, significance: float) -> SamplePlan:
    """The table's row for k equally likely categories: p_min = 1/k (a binary code: k = 2)."""
    if n_codes < 2:
        raise AgreementDataError(f"a variable needs at least 2 categories; got {n_codes}")
    return required_units(min_alpha, significance, 1.0 / n_codes)
