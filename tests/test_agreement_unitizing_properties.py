"""Properties of the unitizing coefficients, and the fast sweep against the printed formulas."""

from __future__ import annotations

import math
from typing import Any

import krippendorff
import numpy as np
import unitizing_literal as literal
from hypothesis import given, settings
from hypothesis import strategies as st

from qualcode.agreement import UnitizingAlpha, UnitizingFamily, alpha_u_by_code, unitizing_family

CODES = ("x", "y", "z")
Spans = dict[str, list[tuple[int, int, int, str]]]


@st.composite
def partitions(draw: Any) -> tuple[list[int], Spans]:
    """Continua and coders who cut each continuum into pieces, each a code or left as gap.

    Pieces never overlap within a coder, so the same data serve the per-code and the
    several-code coefficients; neighbouring pieces of one code become one unit.
    """
    lengths = draw(st.lists(st.integers(1, 25), min_size=1, max_size=3))
    n_coders = draw(st.integers(2, 4))
    spans: Spans = {}
    for coder in range(n_coders):
        rows = []
        for continuum, length in enumerate(lengths):
            cuts = sorted(draw(st.sets(st.integers(1, length - 1), max_size=6)) if length > 1 else set())
            edges = [0, *cuts, length]
            for start, end in zip(edges, edges[1:], strict=False):
                value = draw(st.sampled_from((*CODES, None)))
                if value is not None:
                    rows.append((continuum, start, end, value))
        spans[f"coder{coder}"] = rows
    return lengths, spans


def close(fast: float, printed: float) -> bool:
    if math.isnan(printed):
        return math.isnan(fast)
    return math.isclose(fast, printed, rel_tol=1e-12, abs_tol=1e-12)


def used_codes(spans: Spans) -> list[str]:
    return sorted({row[3] for rows in spans.values() for row in rows})


@settings(max_examples=150, deadline=None)
@given(partitions(), st.booleans())
def test_alpha_u_sweep_equals_the_printed_double_sum(data: tuple[list[int], Spans], merge: bool) -> None:
    lengths, spans = data
    result = alpha_u_by_code(lengths, spans, merge_adjacent=merge)
    for code in used_codes(spans):
        observed, expected = literal.alpha_u(lengths, spans, code, merge)
        fast = result.per_code[code]
        assert close(fast.observed_disagreement, observed)
        assert close(fast.expected_disagreement, expected)


@settings(max_examples=150, deadline=None)
@given(partitions(), st.booleans())
def test_family_sweep_equals_the_printed_sums_over_section_pairs(
    data: tuple[list[int], Spans], merge: bool
) -> None:
    lengths, spans = data
    codes = used_codes(spans)
    family = unitizing_family(lengths, spans, codes=codes, merge_adjacent=merge)
    printed = literal.family(lengths, spans, codes, merge)
    assert close(family.u_alpha.value, printed["u"])
    assert close(family.binary_u_alpha.value, printed["binary"])
    assert close(family.cu_alpha.value, printed.get("cu", float("nan")))
    for code in codes:
        assert close(family.per_code[code].value, printed.get(f"({code})", float("nan")))


@settings(max_examples=60, deadline=None)
@given(partitions(), st.integers(1, 10**6))
def test_printed_formulas_ignore_where_the_continuum_starts(
    data: tuple[list[int], Spans], origin: int
) -> None:
    lengths, spans = data
    codes = used_codes(spans)
    shifted = literal.family(lengths, spans, codes, origin=origin)
    family = unitizing_family(lengths, spans, codes=codes)
    assert close(family.u_alpha.value, shifted["u"])
    assert close(family.binary_u_alpha.value, shifted["binary"])
    for code in codes:
        observed, expected = literal.alpha_u(lengths, spans, code, origin=origin)
        assert close(alpha_u_by_code(lengths, spans).per_code[code].observed_disagreement, observed)
        assert close(alpha_u_by_code(lengths, spans).per_code[code].expected_disagreement, expected)


def every_value(lengths: list[int], spans: Spans) -> list[float]:
    by_code = alpha_u_by_code(lengths, spans, codes=list(CODES))
    family = unitizing_family(lengths, spans, codes=list(CODES))
    results: list[UnitizingAlpha] = [
        *by_code.per_code.values(),
        by_code.overall,
        family.u_alpha,
        family.binary_u_alpha,
        family.cu_alpha,
        *family.per_code.values(),
    ]
    return [result.value for result in results]


def same_values(first: list[float], second: list[float]) -> bool:
    return all(
        (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
        for a, b in zip(first, second, strict=True)
    )


@settings(max_examples=100, deadline=None)
@given(partitions(), st.randoms(use_true_random=False))
def test_coder_order_does_not_matter(data: tuple[list[int], Spans], random: Any) -> None:
    lengths, spans = data
    names = list(spans)
    random.shuffle(names)
    assert same_values(
        every_value(lengths, spans), every_value(lengths, {name: spans[name] for name in names})
    )


@settings(max_examples=100, deadline=None)
@given(partitions(), st.randoms(use_true_random=False))
def test_continuum_order_does_not_matter(data: tuple[list[int], Spans], random: Any) -> None:
    """Moving whole continua along the concatenation (here: reordering them) changes nothing."""
    lengths, spans = data
    order = list(range(len(lengths)))
    random.shuffle(order)
    new_index = {old: new for new, old in enumerate(order)}
    moved = {coder: [(new_index[c], s, e, v) for c, s, e, v in rows] for coder, rows in spans.items()}
    assert same_values(every_value(lengths, spans), every_value([lengths[i] for i in order], moved))


@settings(max_examples=100, deadline=None)
@given(partitions())
def test_identical_coders_agree_perfectly_wherever_alpha_is_defined(data: tuple[list[int], Spans]) -> None:
    lengths, spans = data
    first = next(iter(spans.values()))
    copies = {coder: first for coder in spans}
    values = every_value(lengths, copies)
    assert all(value == 1.0 or math.isnan(value) for value in values)
    assert any(value == 1.0 for value in values) or all(math.isnan(value) for value in values)


@settings(max_examples=150, deadline=None)
@given(partitions())
def test_no_coefficient_exceeds_one(data: tuple[list[int], Spans]) -> None:
    values = np.array(every_value(*data))
    assert (values[~np.isnan(values)] <= 1.0 + 1e-12).all()


def coding_of_units(family: UnitizingFamily) -> list[float]:
    return [family.cu_alpha.value, *(result.value for result in family.per_code.values())]


@settings(max_examples=150, deadline=None)
@given(partitions(), st.booleans())
def test_with_two_coders_cu_alpha_is_the_printed_two_coder_form(
    data: tuple[list[int], Spans], merge: bool
) -> None:
    """For m = 2 the multi-coder definition is the two-coder one: u-alpha's l_ck among codes, and
    sum_g |g ∩ the other coder's units|^2 as the self-pairs."""
    lengths, spans = data
    two = dict(list(spans.items())[:2])
    codes = used_codes(two)
    printed = literal.coding_of_units(*literal.two_coder_unit_coincidences(lengths, two, codes, merge), codes)
    family = unitizing_family(lengths, two, codes=codes, merge_adjacent=merge)
    assert close(family.cu_alpha.value, printed.get("cu", float("nan")))
    for code in codes:
        assert close(family.per_code[code].value, printed.get(f"({code})", float("nan")))


@st.composite
def one_character_units(draw: Any) -> tuple[int, Spans, np.ndarray]:
    """Coders who each give every character one of the codes: each character a unit of analysis."""
    length = draw(st.integers(1, 30))
    n_coders = draw(st.integers(2, 6))
    matrix = np.array(
        [[draw(st.sampled_from((0, 1, 2))) for _ in range(length)] for _ in range(n_coders)], dtype=float
    )
    spans: Spans = {
        f"coder{coder}": [(0, x, x + 1, CODES[int(matrix[coder, x])]) for x in range(length)]
        for coder in range(n_coders)
    }
    return length, spans, matrix


@settings(max_examples=150, deadline=None)
@given(one_character_units())
def test_on_one_character_units_without_gaps_cu_alpha_is_nominal_alpha(
    data: tuple[int, Spans, np.ndarray],
) -> None:
    """Units one character long, every character coded by everyone, are the units of analysis of
    alpha for coding: cu-alpha then is Krippendorff's nominal alpha of the coders x characters
    table, as the independent ``krippendorff`` package computes it (pairs within a character
    weighted 1/(m - 1), no value paired with itself)."""
    length, spans, matrix = data
    family = unitizing_family(length, spans, codes=list(CODES), merge_adjacent=False)
    if len(set(matrix.ravel().tolist())) < 2:
        assert not family.cu_alpha.defined
        return
    expected = krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal")
    assert math.isclose(family.cu_alpha.value, expected, rel_tol=1e-9, abs_tol=1e-12)


@st.composite
def many_coders(draw: Any) -> tuple[list[int], Spans]:
    """Like ``partitions``, with up to seven coders."""
    lengths = draw(st.lists(st.integers(1, 20), min_size=1, max_size=2))
    spans: Spans = {}
    for coder in range(draw(st.integers(3, 7))):
        rows = []
        for continuum, length in enumerate(lengths):
            cuts = sorted(draw(st.sets(st.integers(1, length - 1), max_size=5)) if length > 1 else set())
            edges = [0, *cuts, length]
            for start, end in zip(edges, edges[1:], strict=False):
                value = draw(st.sampled_from((*CODES, None, None)))
                if value is not None:
                    rows.append((continuum, start, end, value))
        spans[f"coder{coder}"] = rows
    return lengths, spans


@settings(max_examples=150, deadline=None)
@given(many_coders())
def test_cu_alpha_and_per_code_never_exceed_one_for_any_number_of_coders(
    data: tuple[list[int], Spans],
) -> None:
    lengths, spans = data
    family = unitizing_family(*data, codes=list(CODES))
    for result in [family.cu_alpha, *family.per_code.values()]:
        if result.defined:
            assert result.value <= 1.0 + 1e-12
            assert result.expected_disagreement > 0.0
    printed = literal.family(lengths, spans, list(CODES))
    assert close(family.cu_alpha.value, printed.get("cu", float("nan")))


@settings(max_examples=100, deadline=None)
@given(partitions(), st.integers(1, 3))
def test_coders_who_marked_nothing_change_no_coding_of_units(
    data: tuple[list[int], Spans], extra: int
) -> None:
    """A coder without units adds only pairs with gaps, which cu-alpha leaves out: every coincidence
    and every unit's weight shrink by (m - 1)/m alike, and the ratios stay."""
    lengths, spans = data
    silent = {**spans, **{f"silent{n}": [] for n in range(extra)}}
    assert same_values(
        coding_of_units(unitizing_family(lengths, spans, codes=list(CODES))),
        coding_of_units(unitizing_family(lengths, silent, codes=list(CODES))),
    )


@settings(max_examples=100, deadline=None)
@given(partitions(), st.integers(2, 5))
def test_stretching_every_position_changes_no_coding_of_units(
    data: tuple[list[int], Spans], factor: int
) -> None:
    """Every length scales by the factor, every self-pair by its square: the ratios stay."""
    lengths, spans = data
    stretched = {
        coder: [(c, s * factor, e * factor, v) for c, s, e, v in rows] for coder, rows in spans.items()
    }
    assert same_values(
        coding_of_units(unitizing_family(lengths, spans, codes=list(CODES))),
        coding_of_units(unitizing_family([n * factor for n in lengths], stretched, codes=list(CODES))),
    )
