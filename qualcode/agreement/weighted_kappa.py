"""Weighted agreement coefficients for ordered categories: Cohen's weighted kappa and Conger's kappa.

Weights credit near misses: w_kl = 1 for agreement, less for categories further apart. For q
ordered categories at ranks i, j = 0..q-1 (their positions in the sorted value domain):

* linear (Cicchetti & Allison 1971): w = 1 - |i - j| / (q - 1);
* quadratic (Fleiss & Cohen 1973): w = 1 - (i - j)^2 / (q - 1)^2;
* identity: w = [i = j], the unweighted coefficient.

Ranks, not the values themselves, so that a scale coded 1, 2, 5 is three ordered steps; for
equally spaced values (1..5, the usual case) this is irrCAC's value-based weighting too.

Cohen's (1968) weighted kappa of two coders: p_o = sum w_kl p_kl, p_e = sum w_kl a_k b_l, with
the large-sample variance of Fleiss, Cohen & Everitt (1969), as irrCAC's table ``cohen`` computes
it (Gwet 2014, eq. 3.3.2).

Conger's (1980) kappa generalises Cohen's to any number of coders: Fleiss' observed agreement
over the units rated at least twice, and the chance agreement of Cohen averaged over all pairs of
coders, p_e = sum_kl w_kl (pbar_k pbar_l - s2_kl / r), pbar the coders' mean classification
shares and s2 their covariance across coders (Gwet 2014, eq. 2.5.5). Its variance is Gwet's
linearisation, as irrCAC's ``conger`` computes it; with two coders who rate every unit it is
Cohen's kappa.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt

from qualcode.agreement.intervals import t_interval
from qualcode.agreement.reliability_data import AgreementDataError, as_reliability_data, category_index
from qualcode.agreement.results import Coefficient
from qualcode.agreement.two_coder import contingency_table, table_proportions, two_coder_coefficient

WeightName = Literal["identity", "linear", "quadratic"]
NO_PAIR = "undefined: no unit was rated by two or more coders"
CHANCE_IS_ONE = "undefined: weighted chance agreement is 1"


def agreement_weights(kind: WeightName | npt.ArrayLike, q: int) -> np.ndarray:
    """The q x q weight matrix of ``kind`` (or a given matrix, checked)."""
    if not isinstance(kind, str):
        matrix = np.asarray(kind, dtype=float)
        if matrix.shape != (q, q):
            raise AgreementDataError(
                f"a weight matrix for {q} categories must be {q} x {q}; got {matrix.shape}"
            )
        return matrix
    ranks = np.arange(q, dtype=float)
    steps = np.abs(ranks[:, None] - ranks[None, :]) / max(q - 1, 1)
    if kind == "identity":
        return np.eye(q)
    if kind == "linear":
        return 1.0 - steps
    if kind == "quadratic":
        return 1.0 - steps**2
    raise AgreementDataError(f"unknown weights {kind!r}; use 'identity', 'linear' or 'quadratic'")


def weighted_cohen_kappa_from_table(
    table: npt.ArrayLike, weights: WeightName | npt.ArrayLike = "linear", confidence: float = 0.95
) -> Coefficient:
    """Cohen's weighted kappa from a coder 1 (rows) x coder 2 (columns) table over ordered categories."""
    p, n = table_proportions(table)
    w = agreement_weights(weights, p.shape[0])
    name = f"Cohen's weighted kappa ({weights if isinstance(weights, str) else 'custom'})"
    rows, columns = p.sum(axis=1), p.sum(axis=0)
    chance = float(rows @ w @ columns)
    note = "SE: Fleiss, Cohen & Everitt (1969); CI: t(n-1)"
    return two_coder_coefficient(
        name, p, n, chance, w @ columns, rows @ w, confidence, note, w, CHANCE_IS_ONE
    )


def weighted_cohen_kappa(
    data: npt.ArrayLike,
    weights: WeightName | npt.ArrayLike = "linear",
    categories: npt.ArrayLike | None = None,
    confidence: float = 0.95,
) -> Coefficient:
    """Cohen's weighted kappa of two coders' data (shape (2, n_units)), over the units both rated."""
    table, _ = contingency_table(data, categories)
    return weighted_cohen_kappa_from_table(table, weights, confidence)


def conger_kappa(
    data: npt.ArrayLike,
    weights: WeightName | npt.ArrayLike = "identity",
    categories: npt.ArrayLike | None = None,
    confidence: float = 0.95,
) -> Coefficient:
    """Conger's (1980) kappa of coders x units data (nan = not rated), unweighted or weighted."""
    reliability = as_reliability_data(data)
    rated = ~np.isnan(reliability)
    reliability, rated = reliability[:, rated.any(axis=0)], rated[:, rated.any(axis=0)]
    n_coders, n = reliability.shape
    kind = weights if isinstance(weights, str) else "custom"
    name = "Conger's kappa" if kind == "identity" else f"Conger's weighted kappa ({kind})"
    index, domain = category_index(reliability, categories)
    q = len(domain)
    w = agreement_weights(weights, q)
    per_unit = rated.sum(axis=0)
    twice = per_unit >= 2
    n2 = int(twice.sum())
    if n2 == 0 or n_coders < 2:
        return Coefficient.undefined(name, NO_PAIR, n)
    chosen = np.zeros((n, n_coders, q))
    unit, coder = np.nonzero(rated.T)
    chosen[unit, coder, index[coder, unit]] = 1.0
    counts = chosen.sum(axis=1)
    pair_weights = (counts * (counts @ w.T - 1.0)).sum(axis=1)
    pairs = per_unit * (per_unit - 1.0)
    unit_agreement = np.where(twice, pair_weights / np.where(twice, pairs, 1.0), 0.0)
    observed = float(unit_agreement[twice].sum() / n2)

    n_rated = rated.sum(axis=1).astype(float)
    shares = chosen.sum(axis=0) / n_rated[:, None]
    mean_share = shares.mean(axis=0)
    covariance = (shares.T @ shares - n_coders * np.outer(mean_share, mean_share)) / (n_coders - 1)
    chance = float((w * (np.outer(mean_share, mean_share) - covariance / n_coders)).sum())
    if chance >= 1.0 - 1e-12:
        return Coefficient.undefined(name, CHANCE_IS_ONE, n)
    value = (observed - chance) / (1.0 - chance)

    # Gwet's linearised variance: each unit's contribution to the chance agreement ...
    credited = chosen @ w.T - (rated.T - n_rated / n)[:, :, None] * (shares @ w.T)[None, :, :]
    lever = n_coders * mean_share[None, :] - shares
    unit_chance = (credited * lever[None, :, :]).sum(axis=2) * (n / n_rated)[None, :]
    unit_chance = unit_chance.sum(axis=1) / (n_coders * (n_coders - 1))
    # ... and to the observed agreement, combined as irrCAC does.
    unit_value = (n / n2) * (unit_agreement - chance * twice) / (1.0 - chance)
    unit_value -= 2.0 * (1.0 - value) * (unit_chance - chance) / (1.0 - chance)
    variance = float(((unit_value - value) ** 2).sum() / (n * (n - 1))) if n > 1 else float("nan")
    se = float(np.sqrt(variance)) if n > 1 else None
    low, high = t_interval(value, se, n - 1, confidence)
    return Coefficient(
        name=name,
        value=float(value),
        se=se,
        ci_low=low,
        ci_high=high,
        note="SE: Gwet (2014) linearised variance as in irrCAC; CI: t(n-1)",
        observed_agreement=observed,
        chance_agreement=chance,
        n_units=n,
        confidence=confidence,
    )
