"""Krippendorff's alpha for coders x units data: the coefficient, its coincidence matrix and metrics.

alpha = 1 - Do/De is computed from the coincidence matrix (Krippendorff 2011, "Computing
Krippendorff's alpha-reliability", sec. C-D), the same matrix the bootstrap draws from. The tests
check the value against the ``krippendorff`` package (fast-krippendorff) on random data for every
level; computing it here lets a report pass distinct value-count rows with their frequencies,
which makes a code over 100,000 units a few small array operations.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from qualcode.agreement.reliability_data import (
    AgreementDataError,
    as_reliability_data,
    observed_categories,
    pairable_units,
    value_counts_of_pairable_units,
)
from qualcode.agreement.results import LEVELS, AlphaResult, Coefficient, Level

NO_PAIRABLE_UNIT = "undefined: no unit has values from two or more coders"
NO_VARIATION = "undefined: expected disagreement is 0 (every pairable value is the same)"


def coincidence_matrix(value_counts: np.ndarray, weights: npt.ArrayLike | None = None) -> np.ndarray:
    """Krippendorff's coincidence matrix o_ck from units x values counts of pairable units.

    Each unit u with m_u values adds every ordered pair of its values (i != j) with weight
    1/(m_u - 1), so that each value contributes exactly 1 to the matrix and n.. = o.sum().
    With ``weights``, row i stands for ``weights[i]`` units with the same counts.
    """
    counts = value_counts.astype(float)
    per_unit = counts.sum(axis=1)
    scale = 1.0 / (per_unit - 1.0)
    if weights is not None:
        scale = scale * np.asarray(weights, dtype=float)
    weighted = counts * scale[:, None]
    return weighted.T @ counts - np.diag(weighted.sum(axis=0))


def distance_matrix(level: str, domain: np.ndarray, value_totals: np.ndarray) -> np.ndarray:
    """Squared metric differences delta^2_ck between the domain's values (Krippendorff 2011, sec. D).

    ``value_totals`` (n_c, the coincidence matrix's margins) may carry leading batch dimensions;
    only the ordinal metric depends on it, because ordinal distance counts the values between c and k.
    """
    values = np.asarray(domain, dtype=float)
    if level == "nominal":
        return 1.0 - np.eye(len(values))
    if level == "interval":
        return (values[:, None] - values[None, :]) ** 2
    if level == "ratio":
        total = values[:, None] + values[None, :]
        difference = values[:, None] - values[None, :]
        ratio = np.divide(difference, total, out=np.zeros_like(difference), where=total != 0)
        return ratio**2
    if level == "ordinal":
        totals = np.asarray(value_totals, dtype=float)
        cumulative = np.cumsum(totals, axis=-1)
        size = totals.shape[-1]
        low = np.minimum.outer(np.arange(size), np.arange(size))
        high = np.maximum.outer(np.arange(size), np.arange(size))
        between = cumulative[..., high] - cumulative[..., low] + totals[..., low]
        return (between - (totals[..., low] + totals[..., high]) / 2.0) ** 2
    raise AgreementDataError(f"unknown level of measurement {level!r}; use one of {', '.join(LEVELS)}")


def disagreements(coincidences: np.ndarray, delta: np.ndarray) -> tuple[float, float]:
    """Observed and expected disagreement (Do, De) from a coincidence matrix and its metric."""
    totals = coincidences.sum(axis=0)
    n = totals.sum()
    if n < 2:
        return float("nan"), 0.0
    observed = float((coincidences * delta).sum() / n)
    expected = float(totals @ delta @ totals / (n * (n - 1.0)))
    return observed, expected


def _check_level(level: str) -> Level:
    if level not in LEVELS:
        raise AgreementDataError(f"unknown level of measurement {level!r}; use one of {', '.join(LEVELS)}")
    return level


def value_domain_of(data: np.ndarray, value_domain: Sequence[float] | None = None) -> np.ndarray:
    """The sorted values alpha is computed over: ``value_domain`` if given (checked), else those observed."""
    present = observed_categories(data)
    if value_domain is None:
        return present
    domain = np.unique(np.asarray(value_domain, dtype=float))
    unknown = np.setdiff1d(present, domain)
    if unknown.size:
        raise AgreementDataError(f"the data contain values outside the value domain: {unknown.tolist()}")
    return domain


def alpha_result_from_counts(
    value_counts: np.ndarray,
    level: str,
    domain: npt.ArrayLike,
    n_dropped_units: int = 0,
    weights: npt.ArrayLike | None = None,
) -> AlphaResult:
    """Alpha from units x values counts of pairable units (columns in the order of ``domain``).

    ``weights`` lets each row stand for several units with the same counts. Degenerate data
    return ``nan`` with ``defined=False``: fewer than two pairable values, or a single value
    throughout (De = 0), where alpha = 1 - Do/De is 0/0.
    """
    checked = _check_level(level)
    counts = np.asarray(value_counts)
    row_weights = np.ones(counts.shape[0]) if weights is None else np.asarray(weights, dtype=float)
    keep = counts.sum(axis=1) >= 2
    counts, row_weights = counts[keep], row_weights[keep]
    n_units = int(round(float(row_weights.sum())))
    n_values = int(round(float(row_weights @ counts.sum(axis=1)))) if counts.size else 0
    if n_values < 2:
        return AlphaResult(
            float("nan"), checked, float("nan"), 0.0, 0, 0, n_dropped_units, False, NO_PAIRABLE_UNIT
        )
    coincidences = coincidence_matrix(counts, row_weights)
    delta = distance_matrix(checked, np.asarray(domain, dtype=float), coincidences.sum(axis=0))
    observed, expected = disagreements(coincidences, delta)
    if expected <= 0.0:
        return AlphaResult(
            float("nan"), checked, observed, expected, n_units, n_values, n_dropped_units, False, NO_VARIATION
        )
    return AlphaResult(
        1.0 - observed / expected, checked, observed, expected, n_units, n_values, n_dropped_units
    )


def krippendorff_alpha_result(
    data: npt.ArrayLike, level: str = "nominal", value_domain: Sequence[float] | None = None
) -> AlphaResult:
    """Krippendorff's alpha with Do, De and the counts of pairable and dropped units.

    See ``alpha_result_from_counts`` for degenerate data, which give ``nan`` with the reason
    instead of an exception.
    """
    checked = _check_level(level)
    reliability = as_reliability_data(data)
    pairable = pairable_units(reliability)
    domain = value_domain_of(reliability, value_domain)
    counts = value_counts_of_pairable_units(reliability, domain)
    return alpha_result_from_counts(counts, checked, domain, int((~pairable).sum()))


def krippendorff_alpha(
    data: npt.ArrayLike, level: str = "nominal", value_domain: Sequence[float] | None = None
) -> float:
    """Krippendorff's alpha of coders x units data (``nan`` = missing); ``nan`` when undefined.

    See ``krippendorff_alpha_result`` for the reason a value is undefined.
    """
    return krippendorff_alpha_result(data, level, value_domain).value


def alpha_coefficient(result: AlphaResult) -> Coefficient:
    """Present an alpha result in the same shape as the kappa family, for tables that mix them."""
    name = f"Krippendorff's alpha ({result.level})"
    if not result.defined:
        return Coefficient.undefined(name, result.note, result.n_pairable_units)
    return Coefficient(
        name=name,
        value=result.value,
        observed_agreement=1.0 - result.observed_disagreement,
        chance_agreement=1.0 - result.expected_disagreement,
        n_units=result.n_pairable_units,
        note="no analytic SE; use kalpha_bootstrap or unit_bootstrap for an interval",
    )
