"""Krippendorff's (1995, 2004) alpha-u for one code: disagreement on where the code's units begin and end.

The printed formula sums a distance over every pair of sections (units and gaps) of two coders;
only overlapping pairs can be non-zero, so the pairs are found by a sorted sweep (searchsorted)
instead of the quadratic loop, and the expected disagreement's sum over (unit, gap) pairs is a
suffix sum over the sorted gap lengths. ``tests/unitizing_literal.py`` keeps the printed loops, and
a property test shows both agree to 1e-12.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from qualcode.agreement.unitizing.results import UnitizingAlpha, UnitizingAlphaByCode
from qualcode.agreement.unitizing.sections import (
    CodedSpanRows,
    CoderUnits,
    SpanRows,
    Unitization,
    single_code_unitization,
    unitization,
)

ALPHA_U = "alpha-u (Krippendorff 2004)"
NO_UNIT = "undefined: no coder marked a unit of this code"
NO_VARIATION = "undefined: expected disagreement is 0 (the units leave no room to disagree)"
EMPTY = "undefined: the continua have no length"


def overlapping_pairs(
    starts_a: np.ndarray, ends_a: np.ndarray, starts_b: np.ndarray, ends_b: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (i, j) of units a[i] and b[j] that share at least one character.

    Both lists are sorted and non-overlapping within themselves, so the units of b meeting a[i]
    are a contiguous run: those ending after a[i] starts and starting before a[i] ends.
    """
    first = np.searchsorted(ends_b, starts_a, side="right")
    stop = np.searchsorted(starts_b, ends_a, side="left")
    counts = np.maximum(stop - first, 0)
    a_index = np.repeat(np.arange(starts_a.size), counts)
    run_start = np.repeat(np.cumsum(counts) - counts, counts)
    b_index = first[a_index] + (np.arange(a_index.size) - run_start)
    return a_index, b_index


def pair_disagreement(a: CoderUnits, b: CoderUnits) -> float:
    """Sum of delta^2 over every pair of sections of two coders (both orders counted once).

    delta^2 is (b_g - b_h)^2 + (e_g - e_h)^2 for two overlapping units, l^2 for a unit lying in a
    gap of the other coder, and 0 otherwise (Krippendorff 2004, sec. 12.4). A unit that meets no
    unit of the other coder lies inside one of that coder's gaps.
    """
    i, j = overlapping_pairs(a.starts, a.ends, b.starts, b.ends)
    begin = (a.starts[i] - b.starts[j]).astype(float)
    end = (a.ends[i] - b.ends[j]).astype(float)
    total = float(begin @ begin + end @ end)
    for units, matched in ((a, i), (b, j)):
        alone = np.ones(units.starts.size, dtype=bool)
        alone[matched] = False
        lengths = units.lengths[alone].astype(float)
        total += float(lengths @ lengths)
    return total


def observed_disagreement(data: Unitization) -> float:
    """uDo: the mean delta^2 between two coders' sections, per squared length of the continuum."""
    m, length = data.n_coders, float(data.total_length)
    total = sum(pair_disagreement(data.units[i], data.units[j]) for i in range(m) for j in range(i + 1, m))
    return 2.0 * total / (m * (m - 1) * length * length)


def expected_disagreement(data: Unitization) -> float:
    """uDe: the mean delta^2 over every way of placing each unit in any coder's gap or on another unit.

    (2/L) * sum_units [(N-1)(2l^3 - 3l^2 + l)/3 + l^2 * sum_{gaps h, l_h >= l} (l_h - l + 1)]
    / (mL(mL - 1) - sum_units l(l - 1)), with N the number of units of all coders and the gaps
    of all coders (Krippendorff 2004, sec. 12.4).
    """
    m, length = data.n_coders, float(data.total_length)
    lengths = np.concatenate([coder.lengths for coder in data.units]).astype(float)
    gaps = np.sort(np.concatenate([data.gap_lengths(coder) for coder in data.units]).astype(float))
    n_units = lengths.size
    # For each unit: the gaps at least as long, their count and their summed length.
    position = np.searchsorted(gaps, lengths, side="left")
    suffix = np.concatenate([np.cumsum(gaps[::-1])[::-1], [0.0]])
    count = gaps.size - position
    fitting = suffix[position] - (lengths - 1.0) * count
    within = (n_units - 1) * (2.0 * lengths**3 - 3.0 * lengths**2 + lengths) / 3.0
    numerator = float((within + lengths**2 * fitting).sum())
    denominator = m * length * (m * length - 1.0) - float((lengths * (lengths - 1.0)).sum())
    return 2.0 / length * numerator / denominator


def alpha_u_of(data: Unitization, code: str | None = None) -> UnitizingAlpha:
    """alpha-u of a one-code unitization; ``nan`` with the reason when undefined."""
    label = code if code is not None else data.codes[0]
    n_units = sum(coder.starts.size for coder in data.units)
    if data.total_length == 0:
        return UnitizingAlpha.undefined(ALPHA_U, label, EMPTY)
    if n_units == 0:
        return UnitizingAlpha.undefined(ALPHA_U, label, NO_UNIT)
    observed = observed_disagreement(data)
    expected = expected_disagreement(data)
    if expected <= 0.0:
        return UnitizingAlpha(ALPHA_U, label, float("nan"), observed, expected, n_units, False, NO_VARIATION)
    return UnitizingAlpha(ALPHA_U, label, 1.0 - observed / expected, observed, expected, n_units)


def alpha_u(
    lengths: int | Sequence[int] | npt.ArrayLike,
    spans: Mapping[str, SpanRows],
    *,
    code: str = "code",
    merge_adjacent: bool = True,
) -> UnitizingAlpha:
    """Krippendorff's alpha-u for one code over one or more continua.

    ``lengths`` gives each continuum's length in characters; ``spans`` maps each coder (two or
    more) to rows (continuum, start, end), end exclusive. See ``unitization`` for the merge rule.
    """
    return alpha_u_of(single_code_unitization(lengths, spans, code=code, merge_adjacent=merge_adjacent))


def alpha_u_by_code(
    lengths: int | Sequence[int] | npt.ArrayLike,
    spans: Mapping[str, CodedSpanRows | np.ndarray],
    *,
    codes: Sequence[str] | None = None,
    merge_adjacent: bool = True,
) -> UnitizingAlphaByCode:
    """alpha-u per code and over all codes, 1 - sum_c uDo_c / sum_c uDe_c (Krippendorff 2004).

    ``spans`` maps each coder to rows (continuum, start, end, code). A coder's codes may overlap
    each other here: each code is unitized on its own.
    """
    data = unitization(lengths, spans, codes=codes, merge_adjacent=merge_adjacent, exclusive=False)
    per_code = {code: alpha_u_of(data.only(index), code) for index, code in enumerate(data.codes)}
    entering = [result for result in per_code.values() if not np.isnan(result.observed_disagreement)]
    observed = sum(result.observed_disagreement for result in entering)
    expected = sum(result.expected_disagreement for result in entering)
    n_units = sum(result.n_units for result in per_code.values())
    if not entering:
        overall = UnitizingAlpha.undefined(ALPHA_U, None, NO_UNIT)
    elif expected <= 0.0:
        overall = UnitizingAlpha(
            ALPHA_U, None, float("nan"), observed, expected, n_units, False, NO_VARIATION
        )
    else:
        overall = UnitizingAlpha(ALPHA_U, None, 1.0 - observed / expected, observed, expected, n_units)
    return UnitizingAlphaByCode(data.coder_names, data.total_length, per_code, overall)
