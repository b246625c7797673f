"""Hayes & Krippendorff's KALPHA bootstrap for set-valued alpha (MASI or Jaccard).

KALPHA needs only the coincidences of the pairable values, the distance of each pair and the
expected disagreement De, so it applies to sets as to single values (see ``bootstrap`` for the
algorithm). Each replicate draws M pairs of values from the cells of the coincidence matrix and
sums their distances; the sum depends only on how many drawn pairs fall at each distance, so the
draw is made over the distinct distances (a multinomial over a few dozen classes, the aggregate of
the multinomial over the cells) rather than over every pair of distinct sets. The distribution of
alpha_b is the same as drawing cells; the draw and Krippendorff's corrections are
``kalpha_replicates``, the same steps as for single values.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt

from qualcode.agreement.bootstrap import (
    DEFAULT_MIN_ALPHAS,
    KALPHA_METHOD,
    _resolve_seed,
    _undefined,
    kalpha_replicates,
)
from qualcode.agreement.results import AlphaInterval
from qualcode.agreement.set_alpha import _alpha_of_set_index, set_index_of_codings


def set_kalpha_bootstrap(
    reviewed: npt.ArrayLike,
    coder_index: npt.ArrayLike,
    unit_index: npt.ArrayLike,
    code_index: npt.ArrayLike,
    n_codes: int,
    distance: Literal["masi", "jaccard"] = "masi",
    n_boot: int = 1000,
    seed: int | None = None,
    min_alphas: Sequence[float] = DEFAULT_MIN_ALPHAS,
    confidence: float = 0.95,
) -> AlphaInterval:
    """KALPHA interval of ``set_alpha_of_codings`` (same arguments); M = all pairs formable within units."""
    index, sets = set_index_of_codings(reviewed, coder_index, unit_index, code_index, n_codes, distance)
    used_seed = _resolve_seed(seed)
    point = _alpha_of_set_index(index, sets, sets.name)
    if not point.defined:
        return _undefined(point, KALPHA_METHOD, n_boot, used_seed, confidence)
    present = index >= 0
    per_unit = present.sum(axis=1)
    pairable = per_unit >= 2
    index, present, per_unit = index[pairable], present[pairable], per_unit[pairable]
    weight = 1.0 / (per_unit - 1.0)
    firsts, seconds, masses = [], [], []
    for first in range(index.shape[1]):
        for second in range(first + 1, index.shape[1]):
            both = present[:, first] & present[:, second]
            firsts.append(index[both, first])
            seconds.append(index[both, second])
            masses.append(2.0 * weight[both])
    a, b, mass = np.concatenate(firsts), np.concatenate(seconds), np.concatenate(masses)
    n_values = float(per_unit.sum())
    distances = np.round(sets.pair(a, b), 12)
    classes, class_of_pair = np.unique(distances, return_inverse=True)
    class_probability = np.bincount(class_of_pair.ravel(), weights=mass) / n_values
    diagonal = np.bincount(a[a == b], weights=mass[a == b], minlength=len(sets)) / n_values
    draws_per_replicate = int((per_unit * (per_unit - 1) // 2).sum())

    return kalpha_replicates(
        point,
        class_probability / class_probability.sum(),
        classes,
        diagonal,
        draws_per_replicate,
        n_boot,
        used_seed,
        confidence,
        min_alphas,
    )
