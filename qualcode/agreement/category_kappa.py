"""Fleiss' kappa for each category: which categories the coders agree on, and which they confuse.

Fleiss (1971, eq. 20-21) gives kappa_j = 1 - sum_i n_ij (m - n_ij) / (n m (m - 1) p_j q_j) for
category j, with n units, m ratings per unit, n_ij the ratings of unit i in j, p_j their share and
q_j = 1 - p_j. It is Fleiss' kappa of the two-category table "j" against "any other category",
so the same Gwet (2014) linearised standard error and t interval as the overall coefficient
apply to it (and Gwet's generalisation covers units with unequal numbers of ratings).

Beside it, the null-hypothesis standard error of Fleiss, Nee & Landis (1979, Psychological
Bulletin 86:974-977), sqrt(2 / (n m (m - 1))), which only tests kappa_j = 0 and needs the same m
for every unit: z = kappa_j / SE_0 and its two-sided normal p-value, as R's irr::kappam.fleiss
prints them. It is not a basis for an interval, which is why the interval uses Gwet's SE.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from qualcode.agreement.kappa_family import fleiss_kappa_from_counts
from qualcode.agreement.reliability_data import AgreementDataError
from qualcode.agreement.results import Coefficient


@dataclass(frozen=True)
class CategoryKappa:
    """kappa_j of one category, with the test of kappa_j = 0 where every unit has the same ratings."""

    category: str
    """The category's label."""
    share: float
    """p_j: the share of all ratings that fell in this category."""
    kappa: Coefficient
    """kappa_j with Gwet's SE and t interval (non-null: valid for an interval)."""
    null_se: float | None
    """Fleiss, Nee & Landis (1979) SE under kappa_j = 0; None when units have unequal ratings."""
    z: float | None
    """kappa_j / null_se."""
    p_value: float | None
    """Two-sided normal p-value of z."""


def fleiss_kappa_per_category(
    counts: npt.ArrayLike, categories: Sequence[str] | None = None, confidence: float = 0.95
) -> list[CategoryKappa]:
    """kappa_j for every column of a units x categories table of counts (Fleiss 1971)."""
    table = np.asarray(counts, dtype=float)
    if table.ndim != 2 or table.shape[1] < 2:
        raise AgreementDataError(
            f"per-category kappa needs units x categories counts; got shape {table.shape}"
        )
    labels = list(categories) if categories is not None else [str(j + 1) for j in range(table.shape[1])]
    if len(labels) != table.shape[1]:
        raise AgreementDataError(f"{len(labels)} category labels for {table.shape[1]} columns of counts")
    table = table[table.sum(axis=1) > 0]
    ratings = table.sum(axis=1)
    same_m = ratings.size > 0 and bool((ratings == ratings[0]).all()) and ratings[0] >= 2
    null_se = math.sqrt(2.0 / (table.shape[0] * ratings[0] * (ratings[0] - 1.0))) if same_m else None
    total = float(ratings.sum())
    results = []
    for j, label in enumerate(labels):
        collapsed = np.column_stack([table[:, j], ratings - table[:, j]])
        kappa = fleiss_kappa_from_counts(collapsed, confidence)
        kappa = Coefficient(**{**kappa.__dict__, "name": f"kappa_j ({label})"})
        z = kappa.value / null_se if null_se is not None and kappa.defined else None
        p_value = math.erfc(abs(z) / math.sqrt(2.0)) if z is not None else None
        share = float(table[:, j].sum() / total) if total else float("nan")
        results.append(CategoryKappa(label, share, kappa, null_se, z, p_value))
    return results
