"""Percent agreement, Fleiss' kappa, Gwet's AC1/AC2 and Brennan-Prediger for any number of coders.

All four follow Gwet (2014), *Handbook of Inter-Rater Reliability*, 4th ed., ch. 2-5, in the
raw-data form implemented by Gwet's irrCAC (R 1.0, Python 0.4.4: ``pa.coeff.raw``,
``fleiss.kappa.raw``, ``gwet.ac1.raw``, ``bp.coeff.raw``), unweighted:

* observed agreement p_a is the mean over units rated at least twice of
  sum_k r_ik (r_ik - 1) / (r_i (r_i - 1)): the share of agreeing ordered pairs of ratings;
* chance terms use the category propensities pi_k = (1/n) sum_i r_ik / r_i over all n units
  rated at least once (a unit rated once informs pi_k but not p_a);
* variances are Gwet's linearisation: v_i = (n/n2)(p_a|i - p_e)/(1 - p_e), corrected for the
  estimated p_e, var = sum_i (v_i* - coefficient)^2 / (n (n - 1)), no finite-population
  correction; intervals are coefficient +/- t(n - 1) x SE with the upper bound clipped at 1.

Weighted forms (Gwet 2014, ch. 3; irrCAC's ``weights``): with a q x q agreement-weight matrix w
(``weighted_kappa.agreement_weights``), each rating is credited r*_ik = sum_l w_kl r_il, so
p_a|i = sum_k r_ik (r*_ik - 1) / (r_i (r_i - 1)); chance becomes sum_kl w_kl pi_k pi_l for Fleiss,
T_w sum_k pi_k (1 - pi_k) / (q (q - 1)) for AC2 (T_w the sum of the weights) and T_w / q^2 for
Brennan-Prediger. The identity matrix gives the unweighted coefficients above.

Fleiss' kappa with unequal numbers of raters per unit is therefore Gwet's generalisation
(p_e = sum_k pi_k^2), which reduces to Fleiss (1971) when every unit has the same raters.

Every ``*_from_counts`` function takes optional ``weights``: row i then stands for ``weights[i]``
identical units. Binary codes over many units have only a handful of distinct count rows, so the
per-code report passes those rows once with their frequencies; the figures are the same as for the
expanded table (sums over units become weighted sums).

Standard errors differ between implementations of Gwet's formulas: the values here equal R irrCAC
1.0 and Python irrCAC 0.4.4 for percent agreement, AC1, Fleiss and Brennan-Prediger, while the two
ports disagree on alpha's SE (0.14548 vs 0.14557 on Gwet's cac.raw4raters), one reason alpha gets
a bootstrap interval in this package instead. Fleiss (1971)'s own SE is a null-hypothesis SE (for
testing kappa = 0) and is not what is reported here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Union

import numpy as np
import numpy.typing as npt

from qualcode.agreement.intervals import t_interval
from qualcode.agreement.reliability_data import AgreementDataError, as_reliability_data, category_counts
from qualcode.agreement.results import Coefficient
from qualcode.agreement.weighted_kappa import agreement_weights

if TYPE_CHECKING:
    from qualcode.agreement.weighted_kappa import WeightName

NO_PAIR = "undefined: no unit was rated by two or more coders"
CHANCE_IS_ONE = "undefined: chance agreement is 1 (only one category in use)"
GWET_SE = "SE: Gwet (2014) linearised variance as in irrCAC; CI: t(n-1)"


@dataclass(frozen=True)
class _RatingCounts:
    """Per-unit ingredients shared by the whole family, computed once from units x categories counts."""

    counts: np.ndarray
    ratings: np.ndarray
    rated_twice: np.ndarray
    unit_agreement: np.ndarray
    observed: float
    propensities: np.ndarray
    weights: np.ndarray
    """How many units each row stands for (all ones for a plain units x categories table)."""
    category_weights: np.ndarray
    """The q x q agreement weights w_kl (the identity for the unweighted coefficients)."""

    @property
    def n(self) -> int:
        return int(round(float(self.weights.sum())))

    @property
    def n2(self) -> int:
        return int(round(float(self.weights[self.rated_twice].sum())))


def _row_weights(table: np.ndarray, weights: npt.ArrayLike | None) -> np.ndarray:
    if weights is None:
        return np.ones(table.shape[0])
    row_weights = np.asarray(weights, dtype=float)
    if row_weights.shape != (table.shape[0],):
        raise AgreementDataError(f"{row_weights.size} weights for {table.shape[0]} rows of counts")
    if (row_weights < 0).any():
        raise AgreementDataError("weights cannot be negative")
    return row_weights


def _category_weights(table: np.ndarray, category_weights: npt.ArrayLike | None) -> np.ndarray:
    q = table.shape[1]
    if category_weights is None:
        return np.eye(q)
    matrix = np.asarray(category_weights, dtype=float)
    if matrix.shape != (q, q):
        raise AgreementDataError(
            f"agreement weights for {q} categories must be {q} x {q}; got {matrix.shape}"
        )
    return matrix


def _rating_counts(
    counts: npt.ArrayLike,
    weights: npt.ArrayLike | None = None,
    category_weights: npt.ArrayLike | None = None,
) -> _RatingCounts | None:
    table = np.asarray(counts, dtype=float)
    if table.ndim != 2:
        raise AgreementDataError(f"category counts must be 2-D (units x categories); got shape {table.shape}")
    if (table < 0).any():
        raise AgreementDataError("category counts cannot be negative")
    w = _category_weights(table, category_weights)
    row_weights = _row_weights(table, weights)
    kept = (table.sum(axis=1) > 0) & (row_weights > 0)
    table, row_weights = table[kept], row_weights[kept]
    ratings = table.sum(axis=1)
    rated_twice = ratings >= 2
    if not rated_twice.any():
        return None
    pairs = np.where(rated_twice, ratings * (ratings - 1.0), 1.0)
    unit_agreement = np.where(rated_twice, (table * (table @ w.T - 1.0)).sum(axis=1) / pairs, 0.0)
    twice_weights = row_weights[rated_twice]
    observed = float(unit_agreement[rated_twice] @ twice_weights / twice_weights.sum())
    propensities = row_weights @ (table / ratings[:, None]) / row_weights.sum()
    return _RatingCounts(table, ratings, rated_twice, unit_agreement, observed, propensities, row_weights, w)


def _finish(
    name: str,
    value: float,
    linearised: np.ndarray,
    rc: _RatingCounts,
    chance: float | None,
    confidence: float,
    lower_limit: float,
    note: str = GWET_SE,
) -> Coefficient:
    n = rc.n
    se = float(np.sqrt(rc.weights @ (linearised - value) ** 2 / (n * (n - 1.0)))) if n > 1 else None
    low, high = t_interval(value, se, n - 1, confidence, lower_limit=lower_limit)
    return Coefficient(
        name=name,
        value=value,
        se=se,
        ci_low=low,
        ci_high=high,
        note=note,
        observed_agreement=rc.observed,
        chance_agreement=chance,
        n_units=n,
        confidence=confidence,
    )


CategoryWeights = Union["WeightName", npt.ArrayLike, None]
"""None or "identity" for the unweighted coefficient, "linear" or "quadratic", or a q x q matrix."""


def _weighting(
    counts: npt.ArrayLike, category_weights: CategoryWeights
) -> tuple[np.ndarray | None, str | None]:
    """The weight matrix for the count table's q columns and its name (None: unweighted)."""
    if category_weights is None or (isinstance(category_weights, str) and category_weights == "identity"):
        return None, None
    q = np.asarray(counts).shape[-1]
    kind = category_weights if isinstance(category_weights, str) else "custom"
    return agreement_weights(category_weights, q), kind  # type: ignore[arg-type]


def percent_agreement_from_counts(
    counts: npt.ArrayLike,
    confidence: float = 0.95,
    weights: npt.ArrayLike | None = None,
    category_weights: CategoryWeights = None,
) -> Coefficient:
    """Pairwise percent agreement from units x categories counts (Gwet's ``pa.coeff.raw``)."""
    matrix, kind = _weighting(counts, category_weights)
    name = "percent agreement" if kind is None else f"weighted percent agreement ({kind})"
    rc = _rating_counts(counts, weights, matrix)
    if rc is None:
        return Coefficient.undefined(name, NO_PAIR)
    linearised = (rc.n / rc.n2) * rc.unit_agreement
    return _finish(name, rc.observed, linearised, rc, None, confidence, lower_limit=0.0)


def _chance_corrected(
    name: str,
    rc: _RatingCounts,
    chance: float,
    unit_chance: np.ndarray | None,
    confidence: float,
) -> Coefficient:
    """Shared tail of kappa, AC1 and BP: (p_a - p_e)/(1 - p_e) and its linearised variance.

    ``unit_chance`` is p_e|i, each unit's contribution to the estimated chance agreement; it is
    None for Brennan-Prediger, whose p_e = 1/q is not estimated from the data.
    """
    if chance >= 1.0 - 1e-12:
        return Coefficient.undefined(name, CHANCE_IS_ONE, rc.n)
    value = (rc.observed - chance) / (1.0 - chance)
    linearised = (rc.n / rc.n2) * (rc.unit_agreement - chance * rc.rated_twice) / (1.0 - chance)
    if unit_chance is not None:
        linearised = linearised - 2.0 * (1.0 - value) * (unit_chance - chance) / (1.0 - chance)
    return _finish(name, float(value), linearised, rc, float(chance), confidence, lower_limit=-1.0)


def fleiss_kappa_from_counts(
    counts: npt.ArrayLike,
    confidence: float = 0.95,
    weights: npt.ArrayLike | None = None,
    category_weights: CategoryWeights = None,
) -> Coefficient:
    """Fleiss' kappa from units x categories counts (Fleiss 1971; Gwet's ``fleiss.kappa.raw``)."""
    matrix, kind = _weighting(counts, category_weights)
    name = "Fleiss' kappa" if kind is None else f"Fleiss' weighted kappa ({kind})"
    rc = _rating_counts(counts, weights, matrix)
    if rc is None:
        return Coefficient.undefined(name, NO_PAIR)
    w = rc.category_weights
    chance = float(rc.propensities @ w @ rc.propensities)
    unit_chance = (rc.counts @ (((w + w.T) / 2.0) @ rc.propensities)) / rc.ratings
    return _chance_corrected(name, rc, chance, unit_chance, confidence)


def gwet_ac1_from_counts(
    counts: npt.ArrayLike,
    n_categories: int | None = None,
    confidence: float = 0.95,
    weights: npt.ArrayLike | None = None,
    category_weights: CategoryWeights = None,
) -> Coefficient:
    """Gwet's AC1 (AC2 when weighted) from units x categories counts; q defaults to the count columns."""
    matrix, kind = _weighting(counts, category_weights)
    name = "Gwet's AC1" if kind is None else f"Gwet's AC2 ({kind})"
    rc = _rating_counts(counts, weights, matrix)
    if rc is None:
        return Coefficient.undefined(name, NO_PAIR)
    q = _categories_in_domain(rc, n_categories)
    if q < 2:
        return Coefficient.undefined(name, CHANCE_IS_ONE, rc.n)
    scale = float(rc.category_weights.sum()) if kind is not None else float(q)
    scale /= q * (q - 1.0)
    chance = float(scale * (rc.propensities * (1.0 - rc.propensities)).sum())
    unit_chance = scale * (rc.counts @ (1.0 - rc.propensities)) / rc.ratings
    return _chance_corrected(name, rc, chance, unit_chance, confidence)


def brennan_prediger_from_counts(
    counts: npt.ArrayLike,
    n_categories: int | None = None,
    confidence: float = 0.95,
    weights: npt.ArrayLike | None = None,
    category_weights: CategoryWeights = None,
) -> Coefficient:
    """Brennan & Prediger (1981): p_e = 1/q (T_w/q^2 weighted); q defaults to the count columns."""
    matrix, kind = _weighting(counts, category_weights)
    name = "Brennan-Prediger" if kind is None else f"weighted Brennan-Prediger ({kind})"
    rc = _rating_counts(counts, weights, matrix)
    if rc is None:
        return Coefficient.undefined(name, NO_PAIR)
    q = _categories_in_domain(rc, n_categories)
    if q < 2:
        return Coefficient.undefined(name, CHANCE_IS_ONE, rc.n)
    chance = float(rc.category_weights.sum()) / q**2 if kind is not None else 1.0 / q
    return _chance_corrected(name, rc, chance, None, confidence)


def _categories_in_domain(rc: _RatingCounts, n_categories: int | None) -> int:
    columns = rc.counts.shape[1]
    if n_categories is None:
        return columns
    used = int((rc.counts.sum(axis=0) > 0).sum())
    if n_categories < used:
        raise AgreementDataError(f"n_categories={n_categories} but the data use {used} categories")
    return n_categories


def percent_agreement(
    data: npt.ArrayLike,
    confidence: float = 0.95,
    weights: CategoryWeights = None,
    categories: Sequence[float] | None = None,
) -> Coefficient:
    """Pairwise percent agreement of coders x units data (``nan`` = missing), with Gwet's SE."""
    counts, _ = category_counts(as_reliability_data(data), categories)
    return percent_agreement_from_counts(counts, confidence, category_weights=weights)


def fleiss_kappa(
    data: npt.ArrayLike,
    confidence: float = 0.95,
    weights: CategoryWeights = None,
    categories: Sequence[float] | None = None,
) -> Coefficient:
    """Fleiss' kappa of coders x units data (Gwet's generalisation for missing ratings), weighted or not."""
    counts, _ = category_counts(as_reliability_data(data), categories)
    return fleiss_kappa_from_counts(counts, confidence, category_weights=weights)


def gwet_ac1(
    data: npt.ArrayLike,
    categories: Sequence[float] | None = None,
    confidence: float = 0.95,
    weights: CategoryWeights = None,
) -> Coefficient:
    """Gwet's AC1 (AC2 with ``weights``) of coders x units data; ``categories`` is the value domain."""
    counts, domain = category_counts(as_reliability_data(data), categories)
    return gwet_ac1_from_counts(counts, len(domain), confidence, category_weights=weights)


def brennan_prediger(
    data: npt.ArrayLike,
    categories: Sequence[float] | None = None,
    confidence: float = 0.95,
    weights: CategoryWeights = None,
) -> Coefficient:
    """Brennan-Prediger of coders x units data; q = len(categories) (default: observed categories)."""
    counts, domain = category_counts(as_reliability_data(data), categories)
    return brennan_prediger_from_counts(counts, len(domain), confidence, category_weights=weights)
