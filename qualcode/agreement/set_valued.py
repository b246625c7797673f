"""Krippendorff's alpha over set-valued codings (all codes a coder gave a unit), with MASI or Jaccard.

For units u with m_u >= 2 sets, n = sum_u m_u pairable values and a distance delta:

    Do = (1/n) sum_u 1/(m_u - 1) sum_{i != j} delta(v_ui, v_uj)
    De = 1/(n (n - 1)) sum over all ordered pairs of pairable values (i != j) of delta
    alpha = 1 - Do/De

Both sums are taken over distinct sets: De from the set frequencies and the distances between
distinct sets, Do from the distances between the sets paired within units. For MASI and Jaccard,
distances come from set sizes and overlaps of 0/1 code-indicator rows, so 100,000 units and
thousands of distinct sets stay a few numpy operations (``set_alpha_of_codings`` takes the codings
as index arrays and never builds Python sets); any other distance function is evaluated pairwise.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from math import comb
from typing import Literal

import numpy as np
import numpy.typing as npt

from qualcode.agreement.reliability_data import AgreementDataError
from qualcode.agreement.results import AlphaResult

CodeSet = frozenset[Hashable]
SetDistance = Callable[[CodeSet, CodeSet], float]


def jaccard_distance(a: CodeSet, b: CodeSet) -> float:
    """1 - |a & b| / |a | b|; two empty sets are identical (distance 0)."""
    if a == b:
        return 0.0
    return 1.0 - len(a & b) / len(a | b)


def masi_distance(a: CodeSet, b: CodeSet) -> float:
    """MASI distance (Passonneau 2006): 1 - Jaccard x m, m the monotonicity weight.

    m = 1 for equal sets, 2/3 when one is a subset of the other, 1/3 when they overlap otherwise,
    0 when disjoint. Passonneau gives 2/3 and 1/3 (often printed as .67 and .33); NLTK's
    ``masi_distance`` uses the same exact fractions, which this matches. Unlike NLTK, two empty
    sets (a coder who reviewed the unit and applied no code, twice) have distance 0, not a
    division by zero.
    """
    if a == b:
        return 0.0
    shared = len(a & b)
    if shared == 0:
        return 1.0
    monotonicity = 2.0 / 3.0 if shared == min(len(a), len(b)) else 1.0 / 3.0
    return 1.0 - shared / len(a | b) * monotonicity


DISTANCES: dict[str, SetDistance] = {"masi": masi_distance, "jaccard": jaccard_distance}
_KEY_BITS = 52
"""Codes per float64 key chunk: sums of distinct powers of two stay exact below 2**53."""
_BLOCK = 1024
"""Distinct sets per block when summing distances between all of them (bounds memory)."""
_MAX_SUBSETS = 2_000_000
"""Above this many subsets of the distinct sets, De is summed pairwise in blocks instead."""
_MASK_BITS = 62
"""Codes a subset bit mask can hold in an int64."""


def indicator_distance(sizes_a: np.ndarray, sizes_b: np.ndarray, shared: np.ndarray, name: str) -> np.ndarray:
    """MASI or Jaccard distance from set sizes and overlap counts (broadcasting), as the scalar functions."""
    union = sizes_a + sizes_b - shared
    jaccard = np.where(union > 0, shared / np.maximum(union, 1), 1.0)
    if name == "jaccard":
        return 1.0 - jaccard
    equal = (shared == sizes_a) & (shared == sizes_b)
    nested = shared == np.minimum(sizes_a, sizes_b)
    monotonicity = np.where(equal, 1.0, np.where(shared == 0, 0.0, np.where(nested, 2.0 / 3.0, 1.0 / 3.0)))
    return 1.0 - jaccard * monotonicity


def _similarity(s: int, t: int, shared: int, name: str) -> float:
    """1 - distance for sets of sizes s and t sharing ``shared`` codes (MASI or Jaccard)."""
    if shared == s == t:
        return 1.0
    jaccard = shared / (s + t - shared)
    if name == "jaccard" or shared == 0:
        return jaccard
    return jaccard * (2.0 / 3.0 if shared == min(s, t) else 1.0 / 3.0)


class _IndicatorSets:
    """Distinct sets as 0/1 rows over the codes, with MASI or Jaccard distances between them."""

    def __init__(self, rows: np.ndarray, name: str) -> None:
        self.rows = rows.astype(float)
        self.sizes = self.rows.sum(axis=1)
        self.name = name

    def __len__(self) -> int:
        return len(self.rows)

    def pair(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        shared = np.einsum("ij,ij->i", self.rows[first], self.rows[second])
        return indicator_distance(self.sizes[first], self.sizes[second], shared, self.name)

    def expected_total(self, frequency: np.ndarray) -> float:
        """Sum over all ordered pairs of distinct sets of f_a f_b delta(a, b)."""
        used = frequency > 0
        n_subsets = float(np.exp2(self.sizes[used]).sum())
        if n_subsets <= _MAX_SUBSETS and self.rows.shape[1] <= _MASK_BITS:
            return self._expected_total_by_overlap(frequency)
        return self._expected_total_by_blocks(frequency)

    def _expected_total_by_overlap(self, frequency: np.ndarray) -> float:
        """De's sum from how many pairs have each (|a|, |b|, |a & b|), without visiting the pairs.

        MASI and Jaccard depend on a pair only through the two sizes and the overlap. For sizes s and t,
        M_j(s, t) = sum over j-subsets T of g_s(T) g_t(T), where g_s(T) is the frequency of sets of
        size s containing T, counts each pair C(|a & b|, j) times; binomial inversion then gives the
        number of pairs with each overlap exactly: W_i = sum_j (-1)^(j - i) C(j, i) M_j. Subsets are
        enumerated per set size as bit masks, and every count is an integer, so the sum is exact.
        """
        counts = np.rint(frequency).astype(np.int64)
        used = counts > 0
        rows, counts = self.rows[used] > 0.5, counts[used]
        sizes = rows.sum(axis=1)
        size_values = np.unique(sizes).tolist()
        if not size_values:
            return 0.0
        levels: list[list[tuple[np.ndarray, np.ndarray, int]]] = [
            [] for _ in range(max(size_values, default=0) + 1)
        ]
        for column, size in enumerate(size_values):
            members = sizes == size
            bits = np.left_shift(
                np.int64(1), np.nonzero(rows[members])[1].reshape(int(members.sum()), size).astype(np.int64)
            )
            for selector in range(1 << size):
                chosen = [i for i in range(size) if selector >> i & 1]
                subset = (
                    np.bitwise_or.reduce(bits[:, chosen], axis=1) if chosen else np.zeros(len(bits), np.int64)
                )
                levels[len(chosen)].append((subset, counts[members], column))
        moments = []
        for level in levels:
            keys = np.concatenate([subset for subset, _f, _c in level])
            weights = np.concatenate([f for _s, f, _c in level]).astype(float)
            columns = np.concatenate([np.full(len(f), c) for _s, f, c in level])
            _unique, inverse = np.unique(keys, return_inverse=True)
            flat = inverse.ravel() * len(size_values) + columns
            per_subset = np.rint(np.bincount(flat, weights, minlength=(inverse.max() + 1) * len(size_values)))
            g = per_subset.astype(np.int64).reshape(-1, len(size_values))
            moments.append(
                [[int(g[:, a] @ g[:, b]) for b in range(len(size_values))] for a in range(len(size_values))]
            )
        similar = 0.0
        for a, s in enumerate(size_values):
            for b, t in enumerate(size_values):
                for i in range(min(s, t) + 1):
                    pairs = sum(
                        (-1) ** (j - i) * comb(j, i) * moments[j][a][b] for j in range(i, min(s, t) + 1)
                    )
                    if pairs:
                        similar += pairs * _similarity(s, t, i, self.name)
        total = float(counts.sum())
        return total * total - similar

    def _expected_total_by_blocks(self, frequency: np.ndarray) -> float:
        total = 0.0
        for start in range(0, len(self.rows), _BLOCK):
            block = slice(start, start + _BLOCK)
            shared = self.rows[block] @ self.rows.T
            distance = indicator_distance(self.sizes[block, None], self.sizes[None, :], shared, self.name)
            total += float(frequency[block] @ distance @ frequency)
        return total


class _FunctionSets:
    """Distinct sets with a distance function evaluated once per pair of distinct sets."""

    def __init__(self, distinct: Sequence[CodeSet], measure: SetDistance) -> None:
        self.delta = np.array([[measure(a, b) for b in distinct] for a in distinct], dtype=float)

    def __len__(self) -> int:
        return len(self.delta)

    def pair(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        return self.delta[first, second]

    def expected_total(self, frequency: np.ndarray) -> float:
        return float(frequency @ self.delta @ frequency)


def _set_indices(units: Sequence[Sequence[CodeSet | None]]) -> tuple[np.ndarray, list[CodeSet]]:
    """Units x coders matrix of distinct-set indices (-1 = missing) and the distinct sets."""
    width = max((len(unit) for unit in units), default=0)
    index = np.full((len(units), width), -1, dtype=np.int64)
    position: dict[CodeSet, int] = {}
    for u, unit in enumerate(units):
        for coder, codes in enumerate(unit):
            if codes is None:
                continue
            key = frozenset(codes)
            index[u, coder] = position.setdefault(key, len(position))
    return index, list(position)


def _distance_name(distance: str | SetDistance) -> str:
    if callable(distance):
        return getattr(distance, "__name__", "custom distance")
    if distance not in DISTANCES:
        raise AgreementDataError(f"unknown set distance {distance!r}; use 'masi', 'jaccard' or a function")
    return distance


def _indicator_rows(distinct: Sequence[CodeSet]) -> np.ndarray:
    labels: dict[Hashable, int] = {}
    for codes in distinct:
        for code in codes:
            labels.setdefault(code, len(labels))
    rows = np.zeros((len(distinct), len(labels)), dtype=bool)
    for i, codes in enumerate(distinct):
        rows[i, [labels[code] for code in codes]] = True
    return rows


def set_alpha(
    units: Sequence[Sequence[CodeSet | None]],
    distance: Literal["masi", "jaccard"] | SetDistance = "masi",
) -> AlphaResult:
    """Krippendorff's alpha of set-valued codings.

    ``units`` holds, per unit, one entry per coder: the frozenset of codes the coder applied, or
    None when the coder did not review the unit. An empty set is a review with no code applied.
    ``distance`` is "masi" (default), "jaccard" or any function of two sets returning [0, 1].
    """
    name = _distance_name(distance)
    index, distinct = _set_indices(units)
    if callable(distance):
        return _alpha_of_set_index(index, _FunctionSets(distinct, distance), name)
    return _alpha_of_set_index(index, _IndicatorSets(_indicator_rows(distinct), name), name)


def set_alpha_of_codings(
    reviewed: npt.ArrayLike,
    coder_index: npt.ArrayLike,
    unit_index: npt.ArrayLike,
    code_index: npt.ArrayLike,
    n_codes: int,
    distance: Literal["masi", "jaccard"] = "masi",
) -> AlphaResult:
    """``set_alpha`` from codings given as index arrays, for many units.

    ``reviewed`` is a coders x units boolean mask (True = the coder reviewed the unit); each coding
    is (``coder_index[i]``, ``unit_index[i]``, ``code_index[i]``) with codes numbered 0..n_codes-1.
    A reviewed unit's set is the codes the coder applied to it (possibly none); codings on units the
    coder did not review are ignored, as such a unit is missing for that coder.
    """
    index, sets = set_index_of_codings(reviewed, coder_index, unit_index, code_index, n_codes, distance)
    return _alpha_of_set_index(index, sets, sets.name)


def set_index_of_codings(
    reviewed: npt.ArrayLike,
    coder_index: npt.ArrayLike,
    unit_index: npt.ArrayLike,
    code_index: npt.ArrayLike,
    n_codes: int,
    distance: Literal["masi", "jaccard"] = "masi",
) -> tuple[np.ndarray, _IndicatorSets]:
    """Units x coders distinct-set indices (-1 = missing) and the distinct sets, from codings.

    Each review's set is keyed by the sum of 2**code (in chunks of 52 codes, exact in float64),
    so distinct sets are found with one `np.unique` and no Python set is built.
    """
    name = _distance_name(distance)
    if callable(distance):
        raise AgreementDataError(
            "set_alpha_of_codings takes 'masi' or 'jaccard'; use set_alpha for a function"
        )
    mask = np.asarray(reviewed, dtype=bool)
    n_coders, n_units = mask.shape
    coders = np.asarray(coder_index, dtype=np.int64)
    units = np.asarray(unit_index, dtype=np.int64)
    codes = np.asarray(code_index, dtype=np.int64)
    on_reviewed = mask[coders, units]
    flat = (coders * n_units + units)[on_reviewed]
    codes = codes[on_reviewed]
    n_chunks = max(1, -(-n_codes // _KEY_BITS))
    keys = np.empty((n_chunks, n_coders * n_units))
    for chunk in range(n_chunks):
        in_chunk = codes // _KEY_BITS == chunk
        bits = np.ldexp(1.0, (codes[in_chunk] % _KEY_BITS).astype(np.int32))
        keys[chunk] = np.bincount(flat[in_chunk], weights=bits, minlength=n_coders * n_units)
    reviewed_flat = np.flatnonzero(mask.ravel())
    distinct_keys, inverse = np.unique(keys[:, reviewed_flat].T, axis=0, return_inverse=True)
    index = np.full(n_coders * n_units, -1, dtype=np.int64)
    index[reviewed_flat] = inverse.ravel()
    rows = np.zeros((len(distinct_keys), n_chunks * _KEY_BITS), dtype=bool)
    for chunk in range(n_chunks):
        integer_keys = distinct_keys[:, chunk].astype(np.int64)
        for bit in range(_KEY_BITS):
            rows[:, chunk * _KEY_BITS + bit] = (integer_keys >> bit) & 1
    return index.reshape(n_coders, n_units).T, _IndicatorSets(rows[:, :n_codes], name)


def _alpha_of_set_index(index: np.ndarray, sets: _IndicatorSets | _FunctionSets, name: str) -> AlphaResult:
    """Alpha from a units x coders matrix of distinct-set indices (-1 = missing) and their distances."""
    present = index >= 0
    per_unit = present.sum(axis=1)
    pairable = per_unit >= 2
    n_dropped = int((~pairable).sum())
    index, present, per_unit = index[pairable], present[pairable], per_unit[pairable]
    n_values = int(per_unit.sum())
    label = f"set ({name})"
    if n_values < 2:
        note = "undefined: no unit has sets from two or more coders"
        return AlphaResult(float("nan"), label, float("nan"), 0.0, 0, 0, n_dropped, False, note)

    frequency = np.bincount(index[present], minlength=len(sets)).astype(float)
    expected = sets.expected_total(frequency) / (n_values * (n_values - 1.0))
    weight = 1.0 / (per_unit - 1.0)
    within = 0.0
    for first in range(index.shape[1]):
        for second in range(first + 1, index.shape[1]):
            both = present[:, first] & present[:, second]
            distances = sets.pair(index[both, first], index[both, second])
            within += 2.0 * float(distances @ weight[both])
    observed = within / n_values
    n_units = int(pairable.sum())
    if expected <= 0.0:
        note = "undefined: expected disagreement is 0 (every pairable set is the same)"
        return AlphaResult(float("nan"), label, observed, expected, n_units, n_values, n_dropped, False, note)
    return AlphaResult(1.0 - observed / expected, label, observed, expected, n_units, n_values, n_dropped)
