"""Unitizing coefficients on spans: published cases, hand-computed cases and the input rules."""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import unitizing_literal as literal

from qualcode.agreement import (
    AgreementDataError,
    UnitizingAlpha,
    alpha_u,
    alpha_u_by_code,
    unitizing_family,
)

CASES_FILE = Path(__file__).parent / "fixtures" / "reference" / "unitizing-cases.json"


def _cases() -> list[Any]:
    cases = json.loads(CASES_FILE.read_text(encoding="utf-8"))
    return [pytest.param(case, id=case["name"]) for case in cases]


def _computed(case: dict[str, Any]) -> UnitizingAlpha:
    spans = {coder: [tuple(row) for row in rows] for coder, rows in case["coders"].items()}
    lengths, merge = case["continuum_lengths"], case["merge_adjacent"]
    if case["metric"] == "alpha_u":
        result = alpha_u_by_code(lengths, spans, merge_adjacent=merge)
        return result.overall if case["code"] is None else result.per_code[case["code"]]
    family = unitizing_family(lengths, spans, merge_adjacent=merge)
    return {"u_alpha": family.u_alpha, "binary_u_alpha": family.binary_u_alpha}[case["metric"]]


@pytest.mark.parametrize("case", _cases())
def test_published_case_is_reproduced_to_its_precision(case: dict[str, Any]) -> None:
    result = _computed(case)
    for field, expected in case["expected"].items():
        assert getattr(result, field) == pytest.approx(expected, abs=case["tolerance"][field]), field


def test_alpha_u_of_two_shifted_units_by_hand() -> None:
    """L = 4; coder a marks [0, 2), coder b marks [1, 3).

    Sections: a = unit [0,2), gap [2,4); b = gap [0,1), unit [1,3), gap [3,4).
    uDo: the two units overlap, delta^2 = (0-1)^2 + (2-3)^2 = 2; neither unit lies inside a gap
    of the other coder. Both orders of the pair: 4; uDo = 4 / (m(m-1)L^2) = 4 / 32 = 1/8.
    uDe: N = 2 units of length 2; gaps 2 (a), 1 and 1 (b). Per unit, (N-1)(2*8 - 3*4 + 2)/3 = 2,
    plus l^2 * sum over gaps at least 2 long of (l_h - l + 1) = 4 * 1 = 4: 6 per unit, 12 in all.
    (2/L) * 12 = 6, over mL(mL-1) - sum l(l-1) = 56 - 4 = 52: uDe = 6/52 = 3/26.
    alpha-u = 1 - (1/8) / (3/26) = 1 - 26/24 = -1/12.
    """
    result = alpha_u(4, {"a": [(0, 0, 2)], "b": [(0, 1, 3)]})
    assert (result.observed_disagreement, result.expected_disagreement) == pytest.approx((1 / 8, 3 / 26))
    assert result.value == pytest.approx(-1 / 12)
    assert (result.n_units, result.defined) == (2, True)


def test_family_of_one_code_by_hand() -> None:
    """Same spans, as code x. Per character (a, b): 0 (x, gap), 1 (x, x), 2 (gap, x), 3 (gap, gap).

    Observed coincidences (both orders, / (m-1) = 1): l_xx = 2, l_x,gap = l_gap,x = 2, l_gap,gap = 2;
    l.. = 8, margins 4 and 4. Self-pairs: W_x = 2^2 + 2^2 = 8 (units), W_gap = 2 + 1 + 1 = 4 (gap
    length), so l..^2 - W = 52. e_xx = 8 (16 - 8)/52 = 64/52, e_gap,gap = 8 (16 - 4)/52 = 96/52,
    e_x,gap = 128/52. u-alpha = 1 - (8 - 4) / (8 - 160/52) = 1 - 208/256 = 0.1875, and |u-alpha =
    1 - 2 / (128/52) = 0.1875 too: with one code, code and relevance are the same distinction.
    cu-alpha has a single code to agree on and is undefined.
    """
    family = unitizing_family(4, {"a": [(0, 0, 2, "x")], "b": [(0, 1, 3, "x")]})
    assert family.observed_coincidences.tolist() == [[2.0, 2.0], [2.0, 2.0]]
    assert (family.expected_coincidences * 52).ravel().tolist() == pytest.approx([64.0, 128.0, 128.0, 96.0])
    assert (family.u_alpha.value, family.binary_u_alpha.value) == pytest.approx((0.1875, 0.1875))
    assert (family.cu_alpha.defined, family.cu_alpha.coverage) == (False, 0.5)
    assert (
        family.cu_alpha.note
        == "undefined: the intersecting units carry a single code, so there is nothing to disagree on"
    )


def test_family_of_two_codes_without_gaps_by_hand() -> None:
    """L = 4; a codes x [0,2), y [2,4); b codes x [0,3), y [3,4). Characters: xx, xx, yx, yy.

    l_xx = 4, l_xy = l_yx = 1, l_yy = 2; l.. = 8, margins l_x = 5, l_y = 3, no gap. Self-pairs
    W_x = 2^2 + 3^2 = 13, W_y = 2^2 + 1^2 = 5: l..^2 - W = 46. e_xx = 8 (25 - 13)/46 = 96/46,
    e_yy = 8 (9 - 5)/46 = 32/46, e_xy = 8 * 15/46 = 120/46. u-alpha = 1 - 2 / (8 - 128/46) =
    1 - 92/240 = 37/60. Without gaps every unit lies wholly on the other coder's units, so
    cu-alpha equals u-alpha, and |u-alpha (gaps versus units) is undefined.
    (x)u-alpha = 1 - (216/46 / 5) (5 - 4) / (120/46) = 1 - 216/600 = 0.64;
    (y)u-alpha = 1 - (152/46 / 3) (3 - 2) / (120/46) = 1 - 152/360 = 26/45.
    """
    family = unitizing_family(
        4, {"a": [(0, 0, 2, "x"), (0, 2, 4, "y")], "b": [(0, 0, 3, "x"), (0, 3, 4, "y")]}
    )
    assert (family.u_alpha.value, family.cu_alpha.value) == pytest.approx((37 / 60, 37 / 60))
    assert family.binary_u_alpha.defined is False
    assert family.binary_u_alpha.note == "undefined: the coders marked no unit, or left no gap"
    assert {code: result.value for code, result in family.per_code.items()} == pytest.approx(
        {"x": 0.64, "y": 26 / 45}
    )


def test_coding_of_units_of_three_coders_by_hand() -> None:
    """L = 10; a codes x [0,4), y [4,8), x [8,10); b codes x [0,6); c codes y [4,8). m = 3.

    u-alpha's coincidences among codes, each ordered pair of coders counting 1/(m - 1) = 1/2:
    [0,4) a=x b=x: l*_xx 2 * 4/2 = 4; [4,6) a=y b=x c=y: six ordered pairs of 2/2 = 1 each, (y,x)
    a-b and c-b, (x,y) b-a and b-c, (y,y) a-c and c-a; [6,8) a=y c=y: l*_yy 2 * 2/2 = 2; [8,10)
    only a has a unit. So l*_xx = 4, l*_xy = l*_yx = 2, l*_yy = 4; l*.. = 12, margins x 6, y 6.
    Each unit's weight w_g = sum over the other coders of |g ∩ their units| / 2: a's x [0,4) 4/2 = 2,
    a's y [4,8) (2 + 4)/2 = 3, a's x [8,10) 0, b's x [0,6) (6 + 2)/2 = 4, c's y [4,8) (4 + 2)/2 = 3
    (margins again: x 2 + 4 = 6, y 3 + 3 = 6). Self-pairs W*_x = 4 + 0 + 16 = 20, W*_y = 9 + 9 = 18;
    l*..^2 - W* = 144 - 38 = 106. e*_xx = 12 (36 - 20)/106 = 192/106, e*_yy = 12 (36 - 18)/106 =
    216/106, e*_xy = 12 * 36/106 = 432/106.
    cu-alpha = 1 - (12 - 8)/(12 - 408/106) = 1 - 424/864 = 55/108.
    (x)u-alpha = 1 - (624/106 / 6)(6 - 4)/(432/106) = 1 - 208/432 = 14/27;
    (y)u-alpha = 1 - (648/106 / 6)(6 - 4)/(432/106) = 1 - 216/432 = 1/2.
    Coverage, l*.. over the 20 coded characters: 12/20; x 6/12, y 6/8.
    A fourth coder who marked nothing scales every coincidence and weight by (m - 1)/m = 2/3: the
    coefficients stay, the coverage falls to 8/20.
    """
    spans = {
        "a": [(0, 0, 4, "x"), (0, 4, 8, "y"), (0, 8, 10, "x")],
        "b": [(0, 0, 6, "x")],
        "c": [(0, 4, 8, "y")],
    }
    family = unitizing_family(10, spans)
    assert family.cu_alpha == UnitizingAlpha(
        "cu-alpha", None, pytest.approx(55 / 108), 4.0, pytest.approx(864 / 106), 5, True, "", 0.6
    )
    assert family.per_code == {
        "x": UnitizingAlpha(
            "(k)u-alpha",
            "x",
            pytest.approx(14 / 27),
            pytest.approx(208 / 106),
            pytest.approx(432 / 106),
            3,
            True,
            "",
            0.5,
        ),
        "y": UnitizingAlpha(
            "(k)u-alpha",
            "y",
            pytest.approx(1 / 2),
            pytest.approx(216 / 106),
            pytest.approx(432 / 106),
            2,
            True,
            "",
            0.75,
        ),
    }
    silent = unitizing_family(10, {**spans, "d": []})
    assert (silent.cu_alpha.value, silent.cu_alpha.coverage) == (pytest.approx(55 / 108), pytest.approx(0.4))
    assert {code: result.value for code, result in silent.per_code.items()} == pytest.approx(
        {"x": 14 / 27, "y": 1 / 2}
    )


def _coder_pairs() -> list[Any]:
    cases = json.loads(CASES_FILE.read_text(encoding="utf-8"))
    pairs, seen = [], set()
    for case in cases:
        key = json.dumps([case["continuum_lengths"], case["coders"], case["merge_adjacent"]])
        if key in seen:
            continue
        seen.add(key)
        for first, second in itertools.combinations(case["coders"], 2):
            pairs.append(pytest.param(case, (first, second), id=f"{case['name']}-{first}-{second}"))
    return pairs


# cu-alpha of each pair of Fig. 12.11's observers as the two-coder form gave it before the form
# for any number of coders replaced it (1 - Do/De in full precision).
TWO_CODER_VALUES = {
    ("Alex", "Paul"): 0.6939130434782609,
    ("Alex", "Suzan"): 0.6802898550724638,
    ("Paul", "Suzan"): 0.7842305115032387,
}


@pytest.mark.parametrize(("case", "pair"), _coder_pairs())
def test_every_two_coders_of_a_reference_case_keep_the_two_coder_values(
    case: dict[str, Any], pair: tuple[str, str]
) -> None:
    lengths, merge = case["continuum_lengths"], case["merge_adjacent"]
    spans = {coder: [tuple(row) for row in case["coders"][coder]] for coder in pair}
    codes = sorted({row[3] for rows in spans.values() for row in rows})
    # Where one coder's codes overlap (the 2004 example), each code is its own family.
    overlapping = case["name"].startswith("krippendorff2004")
    families = [[code] for code in codes] if overlapping else [codes]
    for family_codes in families:
        chosen = {coder: [row for row in rows if row[3] in family_codes] for coder, rows in spans.items()}
        family = unitizing_family(lengths, chosen, codes=family_codes, merge_adjacent=merge)
        inner, expected = literal.two_coder_unit_coincidences(lengths, chosen, family_codes, merge)
        printed = literal.coding_of_units(inner, expected, family_codes)
        assert family.cu_alpha.value == pytest.approx(printed.get("cu", math.nan), abs=1e-12, nan_ok=True)
        for code in family_codes:
            assert family.per_code[code].value == pytest.approx(
                printed.get(f"({code})", math.nan), abs=1e-12, nan_ok=True
            )
    if pair in TWO_CODER_VALUES:
        assert unitizing_family(lengths, spans, merge_adjacent=merge).cu_alpha.value == pytest.approx(
            TWO_CODER_VALUES[pair], abs=1e-12
        )


def test_overlapping_and_touching_spans_of_a_coder_are_one_unit() -> None:
    merged = alpha_u(20, {"a": [(0, 2, 6), (0, 4, 9), (0, 9, 12)], "b": [(0, 2, 12)]})
    assert (merged.value, merged.n_units) == (1.0, 2)
    kept_apart = alpha_u(
        20, {"a": [(0, 2, 6), (0, 4, 9), (0, 9, 12)], "b": [(0, 2, 12)]}, merge_adjacent=False
    )
    assert kept_apart.n_units == 3
    assert kept_apart.value < 1.0


def test_empty_spans_carry_nothing() -> None:
    with_empty = alpha_u(10, {"a": [(0, 1, 4), (0, 6, 6)], "b": [(0, 1, 5)]})
    without = alpha_u(10, {"a": [(0, 1, 4)], "b": [(0, 1, 5)]})
    assert with_empty == without


def test_several_continua_sum_and_units_do_not_cross_them() -> None:
    """Two continua of 10; the same data as one continuum of 20 with an extra boundary at 10."""
    split = alpha_u([10, 10], {"a": [(0, 2, 5), (1, 1, 4)], "b": [(0, 3, 5), (1, 0, 4)]})
    assert split.n_units == 4
    assert split.observed_disagreement == pytest.approx(2 * (1 + 1) / (2 * 1 * 400))
    joined = alpha_u(20, {"a": [(0, 2, 5), (0, 11, 14)], "b": [(0, 3, 5), (0, 10, 14)]})
    assert joined.observed_disagreement == pytest.approx(split.observed_disagreement)
    # The gaps differ (8..10 and 10..11 are two gaps when split, one when joined): so does De.
    assert joined.expected_disagreement != pytest.approx(split.expected_disagreement)


def test_a_code_nobody_used_is_undefined_and_left_out_of_the_overall_value() -> None:
    result = alpha_u_by_code(30, {"a": [(0, 0, 10, "x")], "b": [(0, 0, 10, "x")]}, codes=["x", "y"])
    unused = result.per_code["y"]
    assert (unused.code, unused.defined, unused.n_units) == ("y", False, 0)
    assert math.isnan(unused.value)
    assert unused.note == "undefined: no coder marked a unit of this code"
    assert (result.per_code["x"].value, result.overall.value) == (1.0, 1.0)


def test_span_outside_its_continuum_is_refused_with_its_place() -> None:
    with pytest.raises(AgreementDataError) as raised:
        alpha_u([10, 5], {"ann": [(0, 1, 4)], "bob": [(1, 2, 7)]})
    assert str(raised.value) == (
        "coder 'bob': span (2, 7) in continuum 1 is not a range 0 <= start <= end <= 5 "
        "(the continuum's length)"
    )


def test_span_in_a_missing_continuum_is_refused() -> None:
    with pytest.raises(AgreementDataError) as raised:
        alpha_u([10], {"ann": [(1, 1, 4)], "bob": []})
    assert str(raised.value) == "coder 'ann': span (1, 4) names continuum 1, but there are 1 continua (0..0)"


def test_overlapping_codes_of_one_coder_are_refused_for_the_family() -> None:
    spans = {"ann": [(0, 0, 6, "blame"), (0, 4, 9, "praise")], "bob": [(0, 0, 9, "blame")]}
    with pytest.raises(AgreementDataError) as raised:
        unitizing_family([3, 12], {coder: [(1, *row[1:]) for row in rows] for coder, rows in spans.items()})
    assert str(raised.value) == (
        "coder 'ann' applied 'blame' and 'praise' to overlapping text in continuum 1 (4..6); "
        "codes compared together must not overlap within one coder"
    )
    # Per code, overlapping codes are fine: each code is unitized on its own.
    assert set(alpha_u_by_code(12, spans).per_code) == {"blame", "praise"}


def test_one_coder_is_not_enough() -> None:
    with pytest.raises(AgreementDataError) as raised:
        alpha_u(10, {"ann": [(0, 1, 4)]})
    assert str(raised.value) == "unitizing agreement needs at least two coders; got 1"


def test_coincidence_matrices_are_read_only() -> None:
    family = unitizing_family(4, {"a": [(0, 0, 2, "x")], "b": [(0, 1, 3, "x")]})
    with pytest.raises(ValueError):
        family.observed_coincidences[0, 0] = 1.0
    assert math.isclose(float(family.observed_coincidences.sum()), 2 * 4)


def test_units_touching_across_a_continuum_end_stay_two_units() -> None:
    """a marks the last 3 characters of document 0 and the first 3 of document 1; b marks both as one.

    b cannot: its span would cross the end of document 0. Given as two spans, each is a unit of
    its own document for both coders, so the coders agree perfectly.
    """
    spans = {"a": [(0, 7, 10), (1, 0, 3)], "b": [(0, 7, 10), (1, 0, 3)]}
    result = alpha_u([10, 10], spans)
    assert (result.n_units, result.value) == (4, 1.0)


def test_spans_given_as_integer_arrays_equal_spans_given_as_tuples() -> None:
    rows = {"a": [(0, 0, 4, "x"), (0, 6, 9, "y")], "b": [(0, 1, 4, "x"), (0, 5, 9, "x")]}
    arrays = {
        "a": np.array([[0, 0, 4, 0], [0, 6, 9, 1]]),
        "b": np.array([[0, 1, 4, 0], [0, 5, 9, 0]]),
    }
    from_rows = unitizing_family(12, rows, codes=["x", "y"])
    from_arrays = unitizing_family(12, arrays, codes=["x", "y"])
    assert from_rows.observed_coincidences.tolist() == from_arrays.observed_coincidences.tolist()
    assert (from_rows.u_alpha, from_rows.cu_alpha) == (from_arrays.u_alpha, from_arrays.cu_alpha)


def test_an_unknown_code_is_refused() -> None:
    with pytest.raises(AgreementDataError) as raised:
        unitizing_family(12, {"a": [(0, 0, 4, "x")], "b": [(0, 0, 4, "q")]}, codes=["x"])
    assert str(raised.value) == "coder 'b': code 'q' is not among the codes given"
