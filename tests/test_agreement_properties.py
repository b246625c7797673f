"""Invariances and bounds of the agreement coefficients, checked on generated reliability data."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from qualcode.agreement import (
    brennan_prediger,
    cohen_kappa,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    percent_agreement,
    set_alpha,
)

FAST = settings(max_examples=50, deadline=None)

values = st.sampled_from([0.0, 1.0, 2.0, np.nan])


@st.composite
def reliability_data(draw: st.DrawFn, min_coders: int = 2, max_coders: int = 4) -> np.ndarray:
    n_coders = draw(st.integers(min_coders, max_coders))
    n_units = draw(st.integers(2, 12))
    return draw(arrays(float, (n_coders, n_units), elements=values))


def _kappa_family(data: np.ndarray) -> dict[str, float]:
    return {
        "percent": percent_agreement(data).value,
        "fleiss": fleiss_kappa(data).value,
        "ac1": gwet_ac1(data).value,
        "bp": brennan_prediger(data).value,
    }


def _all_coefficients(data: np.ndarray) -> dict[str, float]:
    return {"alpha": krippendorff_alpha(data), **_kappa_family(data)}


def _same(a: dict[str, float], b: dict[str, float]) -> bool:
    return all((np.isnan(a[k]) and np.isnan(b[k])) or np.isclose(a[k], b[k], atol=1e-12) for k in a)


@FAST
@given(st.integers(2, 4), arrays(float, st.integers(2, 12), elements=values))
def test_identical_coders_agree_perfectly_where_defined(n_coders: int, row: np.ndarray) -> None:
    data = np.tile(row, (n_coders, 1))
    for name, value in _all_coefficients(data).items():
        assert np.isnan(value) or np.isclose(value, 1.0), name
    if n_coders == 2:
        kappa = cohen_kappa(data).value
        assert np.isnan(kappa) or np.isclose(kappa, 1.0)


@FAST
@given(reliability_data(), st.randoms(use_true_random=False))
def test_order_of_units_and_coders_does_not_matter(data: np.ndarray, random: object) -> None:
    rng = np.random.default_rng(random.randint(0, 2**32 - 1))  # type: ignore[attr-defined]
    shuffled = data[rng.permutation(data.shape[0])][:, rng.permutation(data.shape[1])]
    assert _same(_all_coefficients(data), _all_coefficients(shuffled))


@FAST
@given(reliability_data())
def test_a_coder_with_no_values_changes_nothing(data: np.ndarray) -> None:
    widened = np.vstack([data, np.full(data.shape[1], np.nan)])
    assert _same(_all_coefficients(data), _all_coefficients(widened))


@FAST
@given(reliability_data())
def test_coefficients_never_exceed_one(data: np.ndarray) -> None:
    coefficients = _all_coefficients(data)
    for name, value in coefficients.items():
        assert np.isnan(value) or value <= 1.0 + 1e-12, name
    percent = coefficients["percent"]
    assert np.isnan(percent) or 0.0 <= percent <= 1.0


@FAST
@given(reliability_data(min_coders=2, max_coders=2))
def test_cohen_kappa_is_symmetric_in_the_two_coders(data: np.ndarray) -> None:
    forward, backward = cohen_kappa(data).value, cohen_kappa(data[::-1]).value
    assert (np.isnan(forward) and np.isnan(backward)) or np.isclose(forward, backward)


code_sets = st.one_of(st.none(), st.frozensets(st.sampled_from("abcd"), max_size=3))


@FAST
@given(st.lists(st.lists(code_sets, min_size=2, max_size=3), min_size=2, max_size=12))
def test_set_alpha_is_at_most_one_and_one_for_identical_coders(
    units: list[list[frozenset[str] | None]],
) -> None:
    for distance in ("masi", "jaccard"):
        value = set_alpha(units, distance).value
        assert np.isnan(value) or value <= 1.0 + 1e-12
    copied = [[unit[0], unit[0]] for unit in units]
    same = set_alpha(copied).value
    assert np.isnan(same) or np.isclose(same, 1.0)


@FAST
@given(st.lists(st.lists(code_sets, min_size=2, max_size=3), min_size=2, max_size=12))
def test_set_alpha_does_not_depend_on_unit_order(units: list[list[frozenset[str] | None]]) -> None:
    forward, backward = set_alpha(units).value, set_alpha(units[::-1]).value
    assert (np.isnan(forward) and np.isnan(backward)) or np.isclose(forward, backward)
