"""The u-alpha family (Krippendorff, Mathet, Bouvry & Widlöcher 2016): coincidences of coded lengths.

Observed coincidences l_ck are the lengths where one coder's section has value c and another's k
(gaps are a value), summed over ordered pairs of coders and divided by m - 1. The printed formula
sums intersections over every pair of sections; here the continuum is cut at every coder's unit
boundaries once, each piece has one value per coder, and each ordered pair of coders adds its
pieces' lengths with one ``bincount``. ``tests/unitizing_literal.py`` keeps the printed loops.

cu-alpha takes the same coincidences among codes only, l*_ck = l_ck for codes c and k (gaps left
out). A unit g then enters the margins with its pairable weight w_g = sum_{j != i} |g ∩ j's units|
/ (m - 1), and a unit cannot be paired with itself: the expected coincidences leave out w_g^2, as
u-alpha's leave out a unit's l^2. With two coders w_g is the part of g inside the other coder's
units, the two-coder form read from the 2016 paper. With more, w_g^2 is the correction that
matches the margins: sum_g w_g^2 <= l*_c.^2 keeps every expected coincidence between 0 and the
margins, so cu-alpha and (k)u-alpha never exceed 1. (Two other multi-coder readings circulate:
sum_j |g ∩ j's units|^2 / (m - 1) and |g ∩ every other coder's units|^2; both can exceed the
margins and give values above 1.)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from qualcode.agreement.unitizing.results import UnitizingAlpha, UnitizingFamily
from qualcode.agreement.unitizing.sections import CodedSpanRows, Unitization, unitization

U_ALPHA = "u-alpha"
BINARY_U_ALPHA = "|u-alpha"
CU_ALPHA = "cu-alpha"
K_U_ALPHA = "(k)u-alpha"
EMPTY = "undefined: the continua have no length"
NO_VARIATION = "undefined: expected disagreement is 0 (every coder gave the same value everywhere)"
NO_UNIT_OR_GAP = "undefined: the coders marked no unit, or left no gap"
NO_INTERSECTION = "undefined: no coder's unit overlaps another coder's unit"
ONE_VALUE = "undefined: the intersecting units carry a single code, so there is nothing to disagree on"


@dataclass(frozen=True, eq=False)
class Pieces:
    """The continuum cut at every unit boundary of every coder: each piece has one value per coder."""

    widths: np.ndarray
    """Length of each piece (float)."""
    values: np.ndarray
    """(coders, pieces): the code index each coder gives each piece, ``gap`` where it has none."""
    unit_index: np.ndarray
    """(coders, pieces): which of the coder's units covers the piece (meaningless on its gaps)."""
    gap: int
    """The value standing for the gap: the number of codes."""

    @property
    def coded(self) -> np.ndarray:
        """(coders, pieces): where each coder has a unit."""
        return self.values != self.gap


def cut_into_pieces(data: Unitization) -> Pieces:
    """Cut the continuum at every coder's unit boundaries and read each coder's value on each piece."""
    gap = len(data.codes)
    bounds = [np.array([0, data.total_length], dtype=np.int64)]
    bounds += [part for coder in data.units for part in (coder.starts, coder.ends)]
    cuts = np.unique(np.concatenate(bounds))
    values, indices = [], []
    for coder in data.units:
        index = np.searchsorted(coder.starts, cuts[:-1], side="right") - 1
        safe = np.maximum(index, 0)
        if coder.starts.size == 0:
            inside = np.zeros(cuts.size - 1, dtype=bool)
            code = np.zeros(cuts.size - 1, dtype=np.int64)
        else:
            inside = (index >= 0) & (coder.ends[safe] > cuts[:-1])
            code = coder.values[safe]
        values.append(np.where(inside, code, gap))
        indices.append(safe)
    shape = (data.n_coders, cuts.size - 1)
    return Pieces(
        np.diff(cuts).astype(float),
        np.array(values, dtype=np.int64).reshape(shape),
        np.array(indices, dtype=np.int64).reshape(shape),
        gap,
    )


def observed_coincidences(data: Unitization, pieces: Pieces) -> np.ndarray:
    """l_ck: (codes + 1) square matrix, the gap last; sums to m * L."""
    size = pieces.gap + 1
    matrix = np.zeros((size, size))
    values, m = pieces.values, data.n_coders
    for i in range(m):
        for j in range(i + 1, m):
            pair = np.bincount(values[i] * size + values[j], weights=pieces.widths, minlength=size * size)
            matrix += pair.reshape(size, size)
    return (matrix + matrix.T) / (m - 1)


def pairable_squares(data: Unitization, pieces: Pieces) -> np.ndarray:
    """Per code: the sum of w_g^2 over every coder's units g, w_g = sum_{j != i} |g ∩ j's units| / (m - 1).

    w_g is what unit g adds to the margins of cu-alpha's coincidences (on each piece of g, the
    other coders with a unit there, over m - 1), so w_g^2 of those pairs would pair g with itself.
    """
    squares = np.zeros(len(data.codes))
    others = (pieces.coded.sum(axis=0) - 1) / (data.n_coders - 1)
    for i, coder in enumerate(data.units):
        if coder.starts.size == 0:
            continue
        mine = pieces.coded[i]
        w = np.bincount(
            pieces.unit_index[i][mine], weights=(pieces.widths * others)[mine], minlength=coder.starts.size
        )
        squares += np.bincount(coder.values, weights=w**2, minlength=len(data.codes))
    return squares


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
    pieces = cut_into_pieces(data)
    observed = observed_coincidences(data, pieces)
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
    cu_alpha, per_code = _coding_of_units(data, pieces, observed, n_units)
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
    data: Unitization, pieces: Pieces, observed: np.ndarray, n_units: int
) -> tuple[UnitizingAlpha, dict[str, UnitizingAlpha]]:
    """cu-alpha and (k)u-alpha: the coincidences among units only, gaps left out."""
    inner = observed[:-1, :-1]
    coded = observed[:-1, :].sum(axis=1)
    total = float(inner.sum())
    if total == 0.0:
        cu = UnitizingAlpha.undefined(CU_ALPHA, None, NO_INTERSECTION, n_units)
        per_code = {code: UnitizingAlpha.undefined(K_U_ALPHA, code, NO_INTERSECTION) for code in data.codes}
        return cu, per_code
    expected = expected_coincidences(inner, pairable_squares(data, pieces))
    coverage = total / float(coded.sum())
    margins, expected_margins = inner.sum(axis=1), expected.sum(axis=1)
    # With one code among the intersecting units De is 0 by the algebra; say so rather than let
    # rounding in the 1/(m - 1) weights leave a residue that would read as perfect agreement.
    one_value = np.count_nonzero(margins > 0.0) < 2
    cu = _coefficient(
        CU_ALPHA,
        None,
        total - float(np.trace(inner)),
        0.0 if one_value else total - float(np.trace(expected)),
        n_units,
        ONE_VALUE,
        coverage=coverage,
    )
    per_code = {}
    for k, code in enumerate(data.codes):
        units_k = sum(int((coder.values == k).sum()) for coder in data.units)
        if margins[k] == 0.0:
            per_code[code] = UnitizingAlpha.undefined(K_U_ALPHA, code, NO_INTERSECTION, units_k)
            continue
        share = float(margins[k] / coded[k])
        # 1 - (e_k. / l_k.) (l_k. - l_kk) / (e_k. - e_kk) (2016, the (k)u-alpha of value k)
        observed_k = float(margins[k] - inner[k, k]) * float(expected_margins[k] / margins[k])
        expected_k = 0.0 if one_value else float(expected_margins[k] - expected[k, k])
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
