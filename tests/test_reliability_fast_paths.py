"""The array shortcuts the reliability report relies on give the same figures as the plain definitions."""

from __future__ import annotations

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from qualcode.agreement import (
    KALPHA_METHOD,
    agreement_for_binary_code,
    brennan_prediger,
    brennan_prediger_from_counts,
    category_counts,
    cohen_kappa,
    confusion_table,
    confusion_table_from_codes,
    distinct_rows,
    fleiss_kappa,
    fleiss_kappa_from_counts,
    group_values,
    group_values_from_codes,
    gwet_ac1,
    gwet_ac1_from_counts,
    kalpha_bootstrap,
    krippendorff_alpha,
    multiple_code_reviews,
    percent_agreement,
    percent_agreement_from_counts,
    pooled_alpha,
    scott_pi,
    set_alpha,
    set_alpha_of_codings,
    set_kalpha_bootstrap,
)
from qualcode.agreement.set_valued import _IndicatorSets

FAST = settings(max_examples=60, deadline=None)
binary = st.sampled_from([0.0, 1.0, np.nan])


@st.composite
def binary_data(draw: st.DrawFn, coders: int | None = None) -> np.ndarray:
    n_coders = coders or draw(st.integers(2, 4))
    return draw(arrays(float, (n_coders, draw(st.integers(2, 30))), elements=binary))


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_alpha_from_the_coincidence_matrix_equals_the_krippendorff_package(level: str) -> None:
    rng = np.random.default_rng(3)
    for _ in range(40):
        data = rng.integers(1, 5, size=(rng.integers(2, 5), rng.integers(3, 40))).astype(float)
        data[rng.random(data.shape) < 0.3] = np.nan
        try:
            expected = krippendorff.alpha(reliability_data=data, level_of_measurement=level)
        except ValueError:  # the package refuses data without variation
            continue
        assert krippendorff_alpha(data, level) == pytest.approx(expected, abs=1e-12)


@FAST
@given(binary_data())
def test_weighted_distinct_rows_give_the_figures_of_the_expanded_table(data: np.ndarray) -> None:
    counts, _ = category_counts(data, [0.0, 1.0])
    rows, weights = distinct_rows(counts)
    assert sorted(map(tuple, np.repeat(rows, weights, axis=0).tolist())) == sorted(
        map(tuple, counts.tolist())
    )
    for plain, weighted in [
        (percent_agreement_from_counts(counts), percent_agreement_from_counts(rows, weights=weights)),
        (fleiss_kappa_from_counts(counts), fleiss_kappa_from_counts(rows, weights=weights)),
        (gwet_ac1_from_counts(counts, 2), gwet_ac1_from_counts(rows, 2, weights=weights)),
        (brennan_prediger_from_counts(counts, 2), brennan_prediger_from_counts(rows, 2, weights=weights)),
    ]:
        assert plain.defined == weighted.defined
        if plain.defined:
            assert (weighted.value, weighted.n_units) == (
                pytest.approx(plain.value, abs=1e-12),
                plain.n_units,
            )
            assert (weighted.se is None) == (plain.se is None)
            if plain.se is not None:
                assert weighted.se == pytest.approx(plain.se, abs=1e-12)


@FAST
@given(binary_data())
def test_the_code_bundle_equals_the_coefficients_computed_one_by_one(data: np.ndarray) -> None:
    result = agreement_for_binary_code(data)
    pairable = data[:, (~np.isnan(data)).sum(axis=0) >= 2]

    def same(value: float, expected: float) -> bool:
        return (np.isnan(value) and np.isnan(expected)) or value == pytest.approx(expected, abs=1e-12)

    assert same(result.alpha.value, krippendorff_alpha(pairable, "nominal", [0.0, 1.0]))
    assert same(result.percent_agreement.value, percent_agreement(pairable).value)
    assert same(result.fleiss_kappa.value, fleiss_kappa(pairable).value)
    assert same(result.gwet_ac1.value, gwet_ac1(pairable, [0.0, 1.0]).value)
    assert same(result.brennan_prediger.value, brennan_prediger(pairable, [0.0, 1.0]).value)
    if data.shape[0] == 2:
        assert result.cohen_kappa is not None and result.scott_pi is not None
        assert same(result.cohen_kappa.value, cohen_kappa(pairable, [0.0, 1.0]).value)
        assert same(result.scott_pi.value, scott_pi(pairable, [0.0, 1.0]).value)


@FAST
@given(st.lists(binary_data(coders=3), min_size=1, max_size=4))
def test_pooled_alpha_equals_alpha_over_the_concatenated_codes(codes: list[np.ndarray]) -> None:
    pooled = pooled_alpha(codes).pooled_alpha.value
    expected = krippendorff_alpha(np.hstack(codes), "nominal", [0.0, 1.0])
    assert (np.isnan(pooled) and np.isnan(expected)) or pooled == pytest.approx(expected, abs=1e-12)


def _random_sets(rng: np.random.Generator, n_units: int, n_coders: int, n_codes: int) -> np.ndarray:
    """Coders x units x codes applied, with missing reviews marked by a separate mask."""
    return rng.random((n_coders, n_units, n_codes)) < rng.uniform(0.05, 0.6)


def test_group_values_and_confusion_from_code_arrays_equal_the_set_based_functions() -> None:
    rng = np.random.default_rng(7)
    for _ in range(30):
        n_units, n_codes = int(rng.integers(1, 25)), int(rng.integers(1, 5))
        choice = rng.integers(0, n_codes + 1, size=(2, n_units))
        reviewed = rng.random((2, n_units)) < 0.8
        applied = (choice[:, :, None] == np.arange(n_codes)) & reviewed[:, :, None]
        code_data = [np.where(reviewed, applied[:, :, k].astype(float), np.nan) for k in range(n_codes)]
        sets = [
            [frozenset(np.flatnonzero(applied[c, u]).tolist()) if reviewed[c, u] else None for c in range(2)]
            for u in range(n_units)
        ]
        np.testing.assert_array_equal(
            group_values_from_codes(code_data), group_values(sets, list(range(n_codes)))
        )
        both = reviewed.all(axis=0)
        labels = [str(k) for k in range(n_codes)]
        fast = confusion_table_from_codes(applied[0][both], applied[1][both], labels)
        named = [[frozenset(str(k) for k in s) if s is not None else None for s in unit] for unit in sets]
        slow = confusion_table([u[0] for u in named], [u[1] for u in named], labels)
        assert (fast.labels, fast.counts.tolist(), fast.n_units) == (
            slow.labels,
            slow.counts.tolist(),
            slow.n_units,
        )


def test_reviews_with_two_codes_of_a_group_are_counted_and_can_be_left_out() -> None:
    hopeful = np.array([[1.0, 1.0, 0.0], [1.0, np.nan, 0.0]])
    critical = np.array([[1.0, 0.0, 0.0], [0.0, np.nan, 1.0]])
    assert multiple_code_reviews([hopeful, critical]).tolist() == [
        [True, False, False],
        [False, False, False],
    ]
    values = group_values_from_codes([hopeful, critical], conflicts="missing")
    np.testing.assert_array_equal(values, [[np.nan, 0.0, 2.0], [0.0, np.nan, 1.0]])
    with pytest.raises(ValueError, match="unit 0: coder 1 applied 2 codes"):
        group_values_from_codes([hopeful, critical])


@pytest.mark.parametrize("distance", ["masi", "jaccard"])
def test_set_alpha_from_codings_equals_set_alpha_over_python_sets(distance: str) -> None:
    rng = np.random.default_rng(11)
    for _ in range(25):
        n_coders, n_units, n_codes = (
            int(rng.integers(2, 4)),
            int(rng.integers(2, 30)),
            int(rng.integers(1, 7)),
        )
        applied = _random_sets(rng, n_units, n_coders, n_codes)
        reviewed = rng.random((n_coders, n_units)) < 0.8
        coder, unit, code = np.nonzero(applied)
        units = [
            [
                frozenset(np.flatnonzero(applied[c, u]).tolist()) if reviewed[c, u] else None
                for c in range(n_coders)
            ]
            for u in range(n_units)
        ]
        fast = set_alpha_of_codings(reviewed, coder, unit, code, n_codes, distance)  # type: ignore[arg-type]
        slow = set_alpha(units, distance)  # type: ignore[arg-type]
        assert (fast.defined, fast.n_pairable_units, fast.n_pairable_values) == (
            slow.defined,
            slow.n_pairable_units,
            slow.n_pairable_values,
        )
        if slow.defined:
            assert fast.value == pytest.approx(slow.value, abs=1e-12)


@pytest.mark.parametrize("distance", ["masi", "jaccard"])
def test_expected_disagreement_by_overlap_counts_equals_the_pairwise_sum(distance: str) -> None:
    rng = np.random.default_rng(5)
    for _ in range(40):
        rows = np.unique(
            rng.random((int(rng.integers(1, 50)), int(rng.integers(1, 9)))) < rng.random(), axis=0
        )
        frequency = rng.integers(0, 6, len(rows)).astype(float)
        sets = _IndicatorSets(rows, distance)
        pairwise = sets._expected_total_by_blocks(frequency)
        assert sets._expected_total_by_overlap(frequency) == pytest.approx(pairwise, abs=1e-9)


def test_set_kalpha_on_single_codes_matches_kalpha_on_nominal_values() -> None:
    # One code per review: MASI between singletons is the nominal distance, so the set bootstrap
    # must reproduce KALPHA's distribution (drawn differently, so compared by its quantiles).
    rng = np.random.default_rng(2)
    values = rng.integers(0, 4, size=(3, 400))
    values[1] = np.where(rng.random(400) < 0.8, values[0], values[1])
    reviewed = rng.random((3, 400)) < 0.9
    coder, unit = np.nonzero(reviewed)
    sets = set_kalpha_bootstrap(reviewed, coder, unit, values[coder, unit], 4, n_boot=4000, seed=1)
    nominal = kalpha_bootstrap(np.where(reviewed, values, np.nan), "nominal", n_boot=4000, seed=1)
    assert (sets.method, sets.n_pairs_drawn, sets.point) == (
        KALPHA_METHOD,
        nominal.n_pairs_drawn,
        pytest.approx(nominal.point, abs=1e-12),
    )
    assert sets.ci_low == pytest.approx(nominal.ci_low, abs=0.01)
    assert sets.ci_high == pytest.approx(nominal.ci_high, abs=0.01)
    again = set_kalpha_bootstrap(reviewed, coder, unit, values[coder, unit], 4, n_boot=4000, seed=1)
    assert again == sets
