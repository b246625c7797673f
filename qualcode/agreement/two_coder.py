"""Cohen's kappa and Scott's pi for exactly two coders, from raw data or a contingency table.

Only units both coders rated enter the table. Standard errors:

* Cohen's kappa: the large-sample variance of Fleiss, Cohen & Everitt (1969), "Large sample
  standard errors of kappa and weighted kappa", Psychological Bulletin 72(5):323-327 (not
  Cohen's 1960 approximation p_o(1 - p_o)/(n(1 - p_e)^2), which assumes fixed marginals). Gwet
  (2014, eq. 2.4.7) and irrCAC's ``cohen`` give the same expression.
* Scott's pi: Gwet (2014)'s variance for Scott's pi, as irrCAC's ``scott`` computes it.

Intervals are coefficient +/- t(n - 1) x SE, upper bound clipped at 1, as in irrCAC, so the whole
kappa family in this package reads the same way.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from qualcode.agreement.intervals import t_interval
from qualcode.agreement.reliability_data import AgreementDataError, as_reliability_data, category_index
from qualcode.agreement.results import Coefficient

NO_UNIT = "undefined: no unit was rated by both coders"
CHANCE_IS_ONE = "undefined: chance agreement is 1 (both coders used a single category)"


def contingency_table(
    data: npt.ArrayLike, categories: npt.ArrayLike | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Coder 1 (rows) x coder 2 (columns) counts over the units both coders rated.

    Returns the table and its categories (sorted values; default: those either coder used).
    """
    reliability = as_reliability_data(data)
    if reliability.shape[0] != 2:
        raise AgreementDataError(
            f"Cohen's kappa and Scott's pi need exactly two coders; got {reliability.shape[0]}"
        )
    both = ~np.isnan(reliability).any(axis=0)
    index, domain = category_index(reliability[:, both], categories)
    q = len(domain)
    table = np.bincount(index[0] * q + index[1], minlength=q * q).reshape(q, q)
    return table, domain


def table_proportions(table: npt.ArrayLike) -> tuple[np.ndarray, int]:
    """A square table of counts as cell proportions, and its number of units."""
    counts = np.asarray(table, dtype=float)
    if counts.ndim != 2 or counts.shape[0] != counts.shape[1]:
        raise AgreementDataError(f"a contingency table must be square; got shape {counts.shape}")
    if (counts < 0).any():
        raise AgreementDataError("a contingency table cannot hold negative counts")
    n = counts.sum()
    return (counts / n if n > 0 else counts), int(round(n))


def two_coder_coefficient(
    name: str,
    p: np.ndarray,
    n: int,
    chance: float,
    row_weight: np.ndarray,
    column_weight: np.ndarray,
    confidence: float,
    note: str,
    weights: np.ndarray | None = None,
    chance_is_one: str = CHANCE_IS_ONE,
) -> Coefficient:
    """(p_o - p_e)/(1 - p_e) with the variance form shared by Cohen and Scott (Gwet 2014, chs. 2-3).

    var = [sum_kl p_kl (w_kl - (1 - c)(a_k + b_l))^2 - (p_o - 2(1 - c) p_e)^2] / (n (1 - p_e)^2),
    p_o = sum_kl w_kl p_kl, where (a, b) are the weighted column and row margins (w @ columns,
    rows @ w) for Cohen, and both the weighted mean margin for Scott. ``weights`` defaults to
    the identity, the unweighted coefficient: then a and b are the margins themselves.
    """
    if n == 0:
        return Coefficient.undefined(name, NO_UNIT)
    if chance >= 1.0 - 1e-12:
        return Coefficient.undefined(name, chance_is_one, n)
    w = np.eye(p.shape[0]) if weights is None else weights
    observed = float((w * p).sum())
    value = (observed - chance) / (1.0 - chance)
    spread = w - (1.0 - value) * (row_weight[:, None] + column_weight[None, :])
    variance = ((p * spread**2).sum() - (observed - 2.0 * (1.0 - value) * chance) ** 2) / (
        n * (1.0 - chance) ** 2
    )
    se = float(np.sqrt(max(variance, 0.0))) if n > 1 else None
    low, high = t_interval(value, se, n - 1, confidence)
    return Coefficient(
        name=name,
        value=float(value),
        se=se,
        ci_low=low,
        ci_high=high,
        note=note,
        observed_agreement=observed,
        chance_agreement=float(chance),
        n_units=n,
        confidence=confidence,
    )


def cohen_kappa_from_table(table: npt.ArrayLike, confidence: float = 0.95) -> Coefficient:
    """Cohen's (1960) kappa from a coder 1 (rows) x coder 2 (columns) contingency table of counts."""
    p, n = table_proportions(table)
    rows, columns = p.sum(axis=1), p.sum(axis=0)
    chance = float(rows @ columns)
    note = "SE: Fleiss, Cohen & Everitt (1969); CI: t(n-1)"
    return two_coder_coefficient("Cohen's kappa", p, n, chance, columns, rows, confidence, note)


def scott_pi_from_table(table: npt.ArrayLike, confidence: float = 0.95) -> Coefficient:
    """Scott's (1955) pi from a two-coder contingency table: chance uses the pooled margins."""
    p, n = table_proportions(table)
    pooled = (p.sum(axis=1) + p.sum(axis=0)) / 2.0
    chance = float(pooled @ pooled)
    note = "SE: Gwet (2014) as in irrCAC; CI: t(n-1)"
    return two_coder_coefficient("Scott's pi", p, n, chance, pooled, pooled, confidence, note)


def cohen_kappa(
    data: npt.ArrayLike, categories: npt.ArrayLike | None = None, confidence: float = 0.95
) -> Coefficient:
    """Cohen's kappa of two coders' data (shape (2, n_units)), over the units both rated."""
    table, _ = contingency_table(data, categories)
    return cohen_kappa_from_table(table, confidence)


def scott_pi(
    data: npt.ArrayLike, categories: npt.ArrayLike | None = None, confidence: float = 0.95
) -> Coefficient:
    """Scott's pi of two coders' data (shape (2, n_units)), over the units both rated."""
    table, _ = contingency_table(data, categories)
    return scott_pi_from_table(table, confidence)
