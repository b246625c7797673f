"""The u-alpha family (Krippendorff, Mathet, Bouvry & Widlöcher 2016): coincidences of coded lengths.

Observed coincidences l_ck are the lengths where one coder's section has value c and another's k
(gaps are a value), summed over ordered pairs of coders and divided by m - 1. The printed formula
sums intersections over every pair of sections; here the continuum is cut at every coder's unit
boundaries once, each piece has one value per coder, and each ordered pair of coders adds its
pieces' lengths with one ``bincount``. ``tests/unitizing_literal.py`` keeps the printed loops.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from qualcode.agreement.unitizing.results import UnitizingAlpha, UnitizingFamily
from qualcode.agreement.unitizing.sections import CodedSpanRows, CoderUnits, Unitization, unitization

U_ALPHA = "u-alpha"
BINARY_U_ALPHA = "|u-alpha"
CU_ALPHA = "cu-alpha"
K_U_ALPHA = "(k)u-alpha"
EMPTY = "undefined: the continua have no length"
NO_VARIATION = "undefined: expected disagreement is 0 (every coder gave the same value everywhere)"
NO_UNIT_OR_GAP = "undefined: the coders marked no unit, or left no gap"
NO_INTERSECTION = "undefined: no coder's unit overlaps another coder's unit"
TWO_CODERS_ONLY = (
    "undefined for more than two coders here: the published definition's self-pairing correction "
    "has no verified multi-coder form (one reading gave values above 1)"
)
ONE_VALUE = "undefined: the intersecting units carry a single code, so there is nothing to disagree on"


def values_on_pieces(coder: CoderUnits, cuts: np.ndarray, gap: int) -> np.ndarray:
    """The value (code index, or ``gap``) a coder gives each piece [cuts[k], cuts[k + 1])."""
    if coder.starts.size == 0:
        return np.full(cuts.size - 1, gap, dtype=np.int64)
    index = np.searchsorted(coder.starts, cuts[:-1], side="right") - 1
    safe = np.maximum(index, 0)
    inside = (index >= 0) & (coder.ends[safe] > cuts[:-1])
    return np.where(inside, coder.values[safe], gap)


def observed_coincidences(data: Unitization) -> np.ndarray:
    """l_ck: (codes + 1) square matrix, the gap last; sums to m * L."""
    size = len(data.codes) + 1
    bounds = [np.array([0, data.total_length], dtype=np.int64)]
    bounds += [part for coder in data.units for part in (coder.starts, coder.ends)]
    cuts = np.unique(np.concatenate(bounds))
    widths = np.diff(cuts).astype(float)
    values = [values_on_pieces(coder, cuts, size - 1) for coder in data.units]
    matrix = np.zeros((size, size))
    m = data.n_coders
    for i in range(m):
        for j in range(i + 1, m):
            pair = np.bincount(values[i] * size + values[j], weights=widths, minlength=size * size)
            matrix += pair.reshape(size, size)
    return (matrix + matrix.T) / (m - 1)


def covered_before(coder: CoderUnits, positions: np.ndarray) -> np.ndarray:
    """How much of [0, x) the coder's units cover, for each x in ``positions``."""
    lengths = coder.lengths
    before = np.concatenate([[0], np.cumsum(lengths)])
    index = np.searchsorted(coder.starts, positions, side="right") - 1
    safe = np.maximum(index, 0)
    partial = np.minimum(positions - coder.starts[safe], lengths[safe]) if lengths.size else 0
    return np.where(index >= 0, before[safe] + partial, 0)


def pairable_squares(data: Unitization) -> np.ndarray:
    """Per code: sum over coders i, other coders j and i's units g of |g ∩ j's units|^2, / (m - 1).

    The correction cu-alpha's expected coincidences subtract for a unit paired with itself, read
    from Krippendorff et al. (2016) as a per-pair-of-coders sum of squared intersections.
    """
    squares = np.zeros(len(data.codes))
    for i, own in enumerate(data.units):
        for j, other in enumerate(data.units):
            if i == j or own.starts.size == 0:
                continue
            shared = (covered_before(other, own.ends) - covered_before(other, own.starts)).astype(float)
            squares += np.bincount(own.values, weights=shared**2, minlength=len(data.codes))
    return squares / (data.n_coders - 1)


def expected_coincidences(observed: np.ndarray, self_pairs: np.ndarray) -> np.ndarray:
    """e_ck = l.. (l_c. l_.k - [c = k] W_c) / (l..^2 - sum W): chance pairs, no section with itself."""
    margins = observed.sum(axis=1)
    total = margins.sum()
    denominator = total * total - self_pairs.sum()
    if denominator <= 0.0:
        return np.full(observed.shape, np.nan)
    return total * (np.outer(margins, margins) - np.diag(self_pairs)) / denominator


def _coefficient(
    name: str,
    code: str | None,
    observed: float,
    expected: float,
    n_units: int,
    reason: str,
    coverage: float | None = None,
) -> UnitizingAlpha:
    if not expected > 0.0:
        return UnitizingAlpha(name, code, float("nan"), observed, expected, n_units, False, reason, coverage)
    return UnitizingAlpha(
        name, code, 1.0 - observed / expected, observed, expected, n_units, True, "", coverage
    )


def family_of(data: Unitization) -> UnitizingFamily:
    """All coefficients of the family for an exclusive unitization (one value per coder and character)."""
    n_codes = len(data.codes)
    n_units = sum(coder.starts.size for coder in data.units)
    observed = observed_coincidences(data)
    unit_squares = np.zeros(n_codes)
    unit_length = 0.0
    for coder in data.units:
        lengths = coder.lengths.astype(float)
        unit_squares += np.bincount(coder.values, weights=lengths**2, minlength=n_codes)
        unit_length += float(lengths.sum())
    gap_self = data.n_coders * float(data.total_length) - unit_length
    expected = expected_coincidences(observed, np.append(unit_squares, gap_self))
    total = float(observed.sum())
    if total == 0.0:
        empty = UnitizingAlpha.undefined(U_ALPHA, None, EMPTY)
        return UnitizingFamily(
            data.coder_names, data.codes, 0, empty, empty, empty, {}, _frozen(observed), _frozen(expected)
        )
    u_alpha = _coefficient(
        U_ALPHA,
        None,
        total - float(np.trace(observed)),
        total - float(np.trace(expected)),
        n_units,
        NO_VARIATION,
    )
    binary = _coefficient(
        BINARY_U_ALPHA,
        None,
        float(observed[-1, :-1].sum()),
        float(expected[-1, :-1].sum()) if n_codes else 0.0,
        n_units,
        NO_UNIT_OR_GAP,
    )
    if data.n_coders > 2:
        cu_alpha = UnitizingAlpha.undefined(CU_ALPHA, None, TWO_CODERS_ONLY, n_units)
        per_code = {code: UnitizingAlpha.undefined(K_U_ALPHA, code, TWO_CODERS_ONLY) for code in data.codes}
    else:
        cu_alpha, per_code = _coding_of_units(data, observed, n_units)
    return UnitizingFamily(
        data.coder_names,
        data.codes,
        data.total_length,
        u_alpha,
        binary,
        cu_alpha,
        per_code,
        _frozen(observed),
        _frozen(expected),
    )


def _coding_of_units(
    data: Unitization, observed: np.ndarray, n_units: int
) -> tuple[UnitizingAlpha, dict[str, UnitizingAlpha]]:
    """cu-alpha and (k)u-alpha: the coincidences among units only, gaps left out."""
    inner = observed[:-1, :-1]
    coded = observed[:-1, :].sum(axis=1)
    total = float(inner.sum())
    if total == 0.0:
        cu = UnitizingAlpha.undefined(CU_ALPHA, None, NO_INTERSECTION, n_units)
        per_code = {code: UnitizingAlpha.undefined(K_U_ALPHA, code, NO_INTERSECTION) for code in data.codes}
        return cu, per_code
    expected = expected_coincidences(inner, pairable_squares(data))
    coverage = total / float(coded.sum())
    cu = _coefficient(
        CU_ALPHA,
        None,
        total - float(np.trace(inner)),
        total - float(np.trace(expected)),
        n_units,
        ONE_VALUE,
        coverage=coverage,
    )
    margins, expected_margins = inner.sum(axis=1), expected.sum(axis=1)
    per_code = {}
    for k, code in enumerate(data.codes):
        units_k = sum(int((coder.values == k).sum()) for coder in data.units)
        if margins[k] == 0.0:
            per_code[code] = UnitizingAlpha.undefined(K_U_ALPHA, code, NO_INTERSECTION, units_k)
            continue
        share = float(margins[k] / coded[k])
        # 1 - (e_k. / l_k.) (l_k. - l_kk) / (e_k. - e_kk) (2016, the (k)u-alpha of value k)
        observed_k = float(margins[k] - inner[k, k]) * float(expected_margins[k] / margins[k])
        expected_k = float(expected_margins[k] - expected[k, k])
        per_code[code] = _coefficient(
            K_U_ALPHA, code, observed_k, expected_k, units_k, ONE_VALUE, coverage=share
        )
    return cu, per_code


def _frozen(matrix: np.ndarray) -> np.ndarray:
    matrix.setflags(write=False)
    return matrix


def unitizing_family(
    lengths: int | Sequence[int] | npt.ArrayLike,
    spans: Mapping[str, CodedSpanRows | np.ndarray],
    *,
    codes: Sequence[str] | None = None,
    merge_adjacent: bool = True,
) -> UnitizingFamily:
    """u-alpha, |u-alpha, cu-alpha and (k)u-alpha over one set of codes (a semantic domain).

    ``spans`` maps each coder to rows (continuum, start, end, code). Within one coder the codes
    must not overlap (an ``AgreementDataError`` names the coder, codes and place): each character
    has one value per coder, a code or the gap. For ATLAS.ti's Cu-alpha, label each span with its
    semantic domain instead of its code.
    """
    return family_of(unitization(lengths, spans, codes=codes, merge_adjacent=merge_adjacent))
