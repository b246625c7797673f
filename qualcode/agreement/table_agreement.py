"""Agreement of two coders from a k x k contingency table: the whole chance-corrected family at once.

A table of counts (coder 1's categories as rows, coder 2's as columns) is how published studies
and other tools often report two coders' judgements; the raw codings are then gone. Every
coefficient here follows Gwet (2014), *Handbook of Inter-Rater Reliability*, 4th ed., ch. 2-3,
as irrCAC's table functions compute them (``pa2.table``, ``kappa2.table``, ``scott2.table``,
``gwet.ac1.table``, ``bp2.table``): with p_kl the cell proportions, w_kl the agreement weights
(identity unless ``weights`` says linear or quadratic) and pi_k = (p_k+ + p_+k)/2,

* percent agreement p_a = sum_kl w_kl p_kl;
* Cohen's kappa: p_e = sum_kl w_kl p_k+ p_+l;
* Scott's pi, Fleiss' kappa for two coders: p_e = sum_kl w_kl pi_k pi_l;
* Gwet's AC1 (AC2 when weighted): p_e = T_w sum_k pi_k (1 - pi_k) / (q (q - 1)), T_w = sum_kl w_kl;
* Brennan-Prediger: p_e = T_w / q^2 (1/q unweighted).

Each variance is Gwet's (eq. 3.3.2 and its analogues): [sum_kl p_kl (w_kl - (1 - c)(a_k + b_l))^2
- (p_a - 2 (1 - c) p_e)^2] / (n (1 - p_e)^2), with a and b each coefficient's derivative of p_e
(zero for percent agreement and Brennan-Prediger, whose chance term is not estimated), and the
interval c +/- t(n - 1) SE with the upper bound clipped at 1 (and percent agreement's lower bound
at 0, as for raw data). No finite-population correction.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import numpy.typing as npt

from qualcode.agreement.intervals import t_interval
from qualcode.agreement.results import Coefficient
from qualcode.agreement.two_coder import table_proportions, two_coder_coefficient
from qualcode.agreement.weighted_kappa import WeightName, agreement_weights

GWET_TABLE_SE = "SE: Gwet (2014) ch. 2-3 as irrCAC's table functions; CI: t(n-1)"
COHEN_SE = "SE: Fleiss, Cohen & Everitt (1969); CI: t(n-1)"
CHANCE_IS_ONE = "undefined: chance agreement is 1"


def _named(unweighted: str, weighted: str, kind: str) -> str:
    return unweighted if kind == "identity" else f"{weighted} ({kind})"


def table_coefficients(
    table: npt.ArrayLike, weights: WeightName | npt.ArrayLike = "identity", confidence: float = 0.95
) -> list[Coefficient]:
    """Percent agreement, Cohen's kappa, Scott's pi, Gwet's AC1/AC2 and Brennan-Prediger of one table.

    Rows and columns must list the same categories in the same (for weights: ascending) order.
    """
    p, n = table_proportions(table)
    q = p.shape[0]
    w = agreement_weights(weights, q)
    kind = weights if isinstance(weights, str) else "custom"
    rows, columns = p.sum(axis=1), p.sum(axis=0)
    pooled = (rows + columns) / 2.0
    zero = np.zeros(q)
    total_weight = float(w.sum())
    scale = total_weight / (q * (q - 1.0)) if q > 1 else 0.0
    free = 1.0 - pooled
    coefficients = [
        two_coder_coefficient(
            _named("percent agreement", "weighted percent agreement", kind),
            p, n, 0.0, zero, zero, confidence, GWET_TABLE_SE, w, CHANCE_IS_ONE,
        ),
        two_coder_coefficient(
            _named("Cohen's kappa", "Cohen's weighted kappa", kind),
            p, n, float(rows @ w @ columns), w @ columns, rows @ w, confidence, COHEN_SE, w, CHANCE_IS_ONE,
        ),
        two_coder_coefficient(
            _named("Scott's pi (Fleiss' kappa)", "Scott's weighted pi (Fleiss' weighted kappa)", kind),
            p, n, float(pooled @ w @ pooled), (w + w.T) @ pooled / 2.0, (w + w.T) @ pooled / 2.0,
            confidence, GWET_TABLE_SE, w, CHANCE_IS_ONE,
        ),
        two_coder_coefficient(
            _named("Gwet's AC1", "Gwet's AC2", kind),
            p, n, scale * float(pooled @ free), scale * free, scale * free,
            confidence, GWET_TABLE_SE, w, CHANCE_IS_ONE,
        ),
    ]  # fmt: skip
    percent = _at_least_zero(coefficients[0])
    coefficients[0] = percent
    bp_name = _named("Brennan-Prediger", "weighted Brennan-Prediger", kind)
    coefficients.append(_fixed_chance(bp_name, percent, total_weight / q**2, confidence))
    return coefficients


def _at_least_zero(percent: Coefficient) -> Coefficient:
    """A share of agreeing units cannot fall below 0: its interval stops there, as for raw data."""
    if percent.ci_low is None or percent.ci_low >= 0.0:
        return percent
    return dataclasses.replace(percent, ci_low=0.0)


def _fixed_chance(name: str, percent: Coefficient, chance: float, confidence: float) -> Coefficient:
    """Brennan-Prediger: chance is fixed by q, so its variance is that of p_a over (1 - p_e)^2."""
    if not percent.defined:
        return Coefficient.undefined(name, percent.note)
    if chance >= 1.0 - 1e-12:
        return Coefficient.undefined(name, CHANCE_IS_ONE, percent.n_units)
    value = (percent.value - chance) / (1.0 - chance)
    se = None if percent.se is None else percent.se / (1.0 - chance)
    low, high = t_interval(value, se, percent.n_units - 1, confidence)
    return Coefficient(
        name=name,
        value=float(value),
        se=se,
        ci_low=low,
        ci_high=high,
        note=GWET_TABLE_SE,
        observed_agreement=percent.value,
        chance_agreement=float(chance),
        n_units=percent.n_units,
        confidence=confidence,
    )
