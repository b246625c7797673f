"""Bootstrap intervals for set-valued alpha (MASI or Jaccard): the unit bootstrap and KALPHA.

``set_unit_bootstrap`` resamples units, as ``bootstrap.unit_bootstrap`` does for single values:
each replicate recomputes Do and De from the drawn units, so it keeps the dependence between the
pairs of values of one unit, which KALPHA ignores (with four coders a 95 % KALPHA interval of set
alpha covered the population alpha in about three data sets of four; see bench/coverage_bench.py).

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
from math import comb
from typing import Literal

import numpy as np
import numpy.typing as npt

from qualcode.agreement.bootstrap import (
    DEFAULT_MIN_ALPHAS,
    KALPHA_METHOD,
    UNIT_METHOD,
    _resolve_seed,
    _undefined,
    kalpha_replicates,
    unit_replicates,
)
from qualcode.agreement.results import AlphaInterval
from qualcode.agreement.set_valued import (
    _MASK_BITS,
    _MAX_SUBSETS,
    _alpha_of_set_index,
    _IndicatorSets,
    _similarity,
    indicator_distance,
    set_index_of_codings,
)

_EXACT_SETS = 2_000
"""Up to this many distinct sets a replicate's De is exact; beyond, it is taken to first order."""
_DISTANCE_BLOCK = 1024
"""Distinct sets per block of the distance matrix, which is never held whole."""
_CHUNK_CELLS = 4_000_000
"""Replicates are drawn in chunks of at most this many (replicate, profile or set) cells."""


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


def set_unit_bootstrap(
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
    """Unit-bootstrap interval of ``set_alpha_of_codings`` (same arguments).

    A replicate draws the pairable units with replacement and recomputes alpha: Do from each
    drawn unit's own disagreement, De from the frequencies of the sets in the drawn units. Units
    whose coders gave the same sets are one profile, drawn as a multinomial over the profiles
    (the same distribution as drawing units), so 100,000 units cost what their few thousand
    profiles cost. A replicate without variation (De = 0) gets alpha = 0, as in
    ``unit_bootstrap``, and is counted in ``n_degenerate``.

    De's sum over pairs of values, f' D f for the replicate's set frequencies f, is exact up to
    ``_EXACT_SETS`` distinct sets. Beyond, summing D over every pair of distinct sets for every
    replicate would take minutes, and f' D f is taken to first order around the data's own
    frequencies f0: f0' D f0 + 2 (f - f0)' D f0, with D f0 from set sizes and overlaps (as De of
    the point estimate). The term left out, (f - f0)' D (f - f0), is of the order of the number
    of values n where f' D f is of the order n^2: with that many distinct sets n is in the tens of
    thousands, and the error in alpha is far below the replicates' own spread.
    """
    index, sets = set_index_of_codings(reviewed, coder_index, unit_index, code_index, n_codes, distance)
    used_seed = _resolve_seed(seed)
    point = _alpha_of_set_index(index, sets, sets.name)
    if not point.defined:
        return _undefined(point, UNIT_METHOD, n_boot, used_seed, confidence)
    pairable = (index >= 0).sum(axis=1) >= 2
    profiles, frequency = np.unique(np.sort(index[pairable], axis=1), axis=0, return_counts=True)
    present = profiles >= 0
    per_profile = present.sum(axis=1).astype(float)
    within = np.zeros(len(profiles))
    for first in range(profiles.shape[1]):
        for second in range(first + 1, profiles.shape[1]):
            both = present[:, first] & present[:, second]
            within[both] += 2.0 * sets.pair(profiles[both, first], profiles[both, second])
    within /= per_profile - 1.0

    linear = None
    if len(sets) > _EXACT_SETS:
        base = np.bincount(
            profiles[present], np.broadcast_to(frequency[:, None], profiles.shape)[present], len(sets)
        )
        gradient = base.sum() - _similarity_sums(sets, base)
        linear = (np.where(present, gradient[np.maximum(profiles, 0)], 0.0).sum(axis=1), base @ gradient)

    def disagreements(picks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        n = picks @ per_profile
        if linear is None:
            totals = _expected_totals(sets, _set_frequencies(picks, profiles, len(sets)))
        else:
            totals = 2.0 * (picks @ linear[0]) - linear[1]
        return picks @ within / n, totals / (n * (n - 1.0))

    chunk = max(1, _CHUNK_CELLS // max(len(profiles), len(sets)))
    return unit_replicates(point, frequency, disagreements, chunk, n_boot, used_seed, confidence, min_alphas)


def _set_frequencies(picks: np.ndarray, profiles: np.ndarray, n_sets: int) -> np.ndarray:
    """Replicates x sets: how often each set occurs among the drawn units' values."""
    frequencies = np.zeros((len(picks), n_sets))
    for column in range(profiles.shape[1]):
        sets_here = profiles[:, column]
        order = np.argsort(sets_here, kind="stable")
        ordered = sets_here[order]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        sums = np.add.reduceat(picks[:, order], starts, axis=1)
        keep = ordered[starts] >= 0
        frequencies[:, ordered[starts][keep]] += sums[:, keep]
    return frequencies


def _expected_totals(sets: _IndicatorSets, frequencies: np.ndarray) -> np.ndarray:
    """Per replicate, sum over ordered pairs of values of their distance: f' D f, D in row blocks."""
    totals = np.zeros(len(frequencies))
    for begin in range(0, len(sets), _DISTANCE_BLOCK):
        block = slice(begin, begin + _DISTANCE_BLOCK)
        shared = sets.rows[block] @ sets.rows.T
        distance = indicator_distance(sets.sizes[block, None], sets.sizes[None, :], shared, sets.name)
        totals += np.einsum("bi,bi->b", frequencies[:, block], frequencies @ distance.T)
    return totals


def _similarity_sums(sets: _IndicatorSets, frequency: np.ndarray) -> np.ndarray:
    """For each distinct set a, sum_b f_b (1 - delta(a, b)), b over the distinct sets (a included).

    MASI and Jaccard depend on a pair only through |a|, |b| and |a & b|. For each j-subset T of a,
    g_t(T) is the frequency of the sets of size t that contain T; summing g_t(T) over a's j-subsets
    counts each b of size t C(|a & b|, j) times, and binomial inversion gives how much frequency
    sits at each overlap i (the moments of ``_IndicatorSets._expected_total_by_overlap``, per set).
    """
    rows = sets.rows > 0.5
    sizes = rows.sum(axis=1).astype(np.int64)
    if rows.shape[1] > _MASK_BITS or float(np.exp2(sizes).sum()) > _MAX_SUBSETS:
        return _similarity_sums_by_blocks(sets, frequency)
    size_values = np.unique(sizes)
    column_of = np.searchsorted(size_values, sizes)
    width = len(size_values)
    largest = int(size_values.max())
    per_level: list[tuple[list[np.ndarray], list[np.ndarray]]] = [([], []) for _ in range(largest + 1)]
    for size in size_values.tolist():
        members = np.flatnonzero(sizes == size)
        bits = np.left_shift(np.int64(1), np.nonzero(rows[members])[1].reshape(len(members), size))
        for selector in range(1 << size):
            chosen = [i for i in range(size) if selector >> i & 1]
            empty = np.zeros(len(members), np.int64)
            key = np.bitwise_or.reduce(bits[:, chosen], axis=1) if chosen else empty
            per_level[len(chosen)][0].append(members)
            per_level[len(chosen)][1].append(key)
    moments = np.zeros((largest + 1, len(rows), width))
    for level, (owners_list, keys_list) in enumerate(per_level):
        owners, keys = np.concatenate(owners_list), np.concatenate(keys_list)
        _unique, inverse = np.unique(keys, return_inverse=True)
        inverse = inverse.ravel()
        flat = inverse * width + column_of[owners]
        g = np.bincount(flat, frequency[owners], (inverse.max() + 1) * width).reshape(-1, width)
        for t in range(width):
            moments[level, :, t] = np.bincount(owners, g[inverse, t], len(rows))
    similar = np.zeros(len(rows))
    for s_index, s in enumerate(size_values.tolist()):
        mine = column_of == s_index
        for t_index, t in enumerate(size_values.tolist()):
            for i in range(min(s, t) + 1):
                at_overlap = sum(
                    (-1) ** (j - i) * comb(j, i) * moments[j, mine, t_index] for j in range(i, min(s, t) + 1)
                )
                similar[mine] += at_overlap * _similarity(s, t, i, sets.name)
    return similar


def _similarity_sums_by_blocks(sets: _IndicatorSets, frequency: np.ndarray) -> np.ndarray:
    """``_similarity_sums`` pairwise, in row blocks: for sets too large to enumerate their subsets."""
    similar = np.zeros(len(sets))
    for begin in range(0, len(sets), _DISTANCE_BLOCK):
        block = slice(begin, begin + _DISTANCE_BLOCK)
        shared = sets.rows[block] @ sets.rows.T
        distance = indicator_distance(sets.sizes[block, None], sets.sizes[None, :], shared, sets.name)
        similar[block] = (1.0 - distance) @ frequency
    return similar
