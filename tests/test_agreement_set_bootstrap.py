"""The unit bootstrap of set-valued alpha, checked replicate by replicate against resampling by hand."""

from __future__ import annotations

import numpy as np
import pytest

from qualcode.agreement import UNIT_METHOD, set_alpha, set_bootstrap, set_unit_bootstrap, unit_bootstrap
from qualcode.agreement.set_bootstrap import _similarity_sums, _similarity_sums_by_blocks
from qualcode.agreement.set_valued import _IndicatorSets, set_index_of_codings


def _codings(n_units: int, n_coders: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Reviews (some missing) and codings of 5 codes, coders copying a first coder's set 70 % of the time."""
    rng = np.random.default_rng(seed)
    truth = rng.random((n_units, 5)) < [0.5, 0.3, 0.2, 0.2, 0.1]
    applied = np.empty((n_coders, n_units, 5), dtype=bool)
    for coder in range(n_coders):
        own = rng.random((n_units, 5)) < [0.5, 0.3, 0.2, 0.2, 0.1]
        applied[coder] = np.where((rng.random(n_units) < 0.7)[:, None], truth, own)
    reviewed = rng.random((n_coders, n_units)) < 0.85
    coder, unit, code = np.nonzero(applied)
    return reviewed, coder, unit, code


def _sets(reviewed: np.ndarray, coder: np.ndarray, unit: np.ndarray, code: np.ndarray) -> list[list]:
    units: list[list] = [
        [frozenset() if reviewed[c, u] else None for c in range(len(reviewed))]
        for u in range(reviewed.shape[1])
    ]
    for c, u, k in zip(coder.tolist(), unit.tolist(), code.tolist(), strict=True):
        if reviewed[c, u]:
            units[u][c] = units[u][c] | {k}
    return units


def _pairable_units(units: list[list]) -> list[list]:
    return [unit for unit in units if sum(value is not None for value in unit) >= 2]


@pytest.mark.parametrize("distance", ["masi", "jaccard"])
def test_each_replicate_is_set_alpha_of_the_units_drawn(distance: str) -> None:
    # Units with the same sets are drawn as one profile; expanding each replicate's profile counts
    # back into units and computing set alpha from scratch must give the replicate's alpha.
    reviewed, coder, unit, code = _codings(60, 3, seed=4)
    units = _sets(reviewed, coder, unit, code)
    index, _found = set_index_of_codings(reviewed, coder, unit, code, 5, distance)  # type: ignore[arg-type]
    pairable = (index >= 0).sum(axis=1) >= 2
    keys = np.sort(index[pairable], axis=1)
    profiles, first, frequency = np.unique(keys, axis=0, return_index=True, return_counts=True)
    representative = [_pairable_units(units)[i] for i in first.tolist()]
    result = set_unit_bootstrap(reviewed, coder, unit, code, 5, distance, n_boot=300, seed=9, confidence=0.9)  # type: ignore[arg-type]
    picks = np.random.default_rng(9).multinomial(int(frequency.sum()), frequency / frequency.sum(), size=300)
    by_hand = [
        set_alpha(
            [u for u, times in zip(representative, row.tolist(), strict=True) for _ in range(times)], distance
        ).value  # type: ignore[arg-type]
        for row in picks
    ]
    low, high = np.quantile(by_hand, [0.05, 0.95])
    assert (result.method, result.n_boot, result.seed, result.n_degenerate, len(profiles) < 60) == (
        UNIT_METHOD,
        300,
        9,
        0,
        True,
    )
    assert result.point == pytest.approx(set_alpha(units, distance).value, abs=1e-12)  # type: ignore[arg-type]
    assert (result.ci_low, result.ci_high) == (pytest.approx(low, abs=1e-12), pytest.approx(high, abs=1e-12))


def test_drawing_profiles_is_drawing_units() -> None:
    # The interval agrees with resampling the units one by one, by hand, to Monte Carlo precision.
    reviewed, coder, unit, code = _codings(80, 3, seed=6)
    pairable = _pairable_units(_sets(reviewed, coder, unit, code))
    rng = np.random.default_rng(0)
    by_hand = [
        set_alpha([pairable[i] for i in rng.integers(0, len(pairable), len(pairable)).tolist()]).value
        for _ in range(1500)
    ]
    result = set_unit_bootstrap(reviewed, coder, unit, code, 5, n_boot=4000, seed=2, confidence=0.8)
    low, high = np.quantile(by_hand, [0.1, 0.9])
    assert (result.ci_low, result.ci_high) == (pytest.approx(low, abs=0.03), pytest.approx(high, abs=0.03))


def test_on_single_codes_it_is_the_unit_bootstrap_of_nominal_alpha() -> None:
    # One code per review: Jaccard between singletons is the nominal distance, so the two unit
    # bootstraps (drawn differently) give the same distribution.
    rng = np.random.default_rng(3)
    values = rng.integers(0, 3, size=(4, 300))
    values[1:] = np.where(rng.random((3, 300)) < 0.6, values[0], values[1:])
    reviewed = rng.random((4, 300)) < 0.9
    coder, unit = np.nonzero(reviewed)
    sets = set_unit_bootstrap(reviewed, coder, unit, values[coder, unit], 3, "jaccard", n_boot=4000, seed=5)
    nominal = unit_bootstrap(np.where(reviewed, values, np.nan), "nominal", n_boot=4000, seed=5)
    assert sets.point == pytest.approx(nominal.point, abs=1e-12)
    assert (sets.ci_low, sets.ci_high) == (
        pytest.approx(nominal.ci_low, abs=0.01),
        pytest.approx(nominal.ci_high, abs=0.01),
    )


def test_undefined_set_alpha_gives_an_undefined_unit_interval() -> None:
    reviewed = np.ones((2, 5), dtype=bool)
    result = set_unit_bootstrap(
        reviewed, np.array([], int), np.array([], int), np.array([], int), 2, n_boot=50, seed=1
    )
    assert (result.defined, result.method) == (False, UNIT_METHOD)
    assert "expected disagreement is 0" in result.note


@pytest.mark.parametrize("distance", ["masi", "jaccard"])
def test_each_sets_similarity_sum_from_subsets_is_the_pairwise_sum(distance: str) -> None:
    rng = np.random.default_rng(11)
    rows = np.unique(rng.random((300, 7)) < 0.3, axis=0)
    frequency = rng.integers(0, 9, len(rows)).astype(float)
    sets = _IndicatorSets(rows, distance)
    pairwise = [
        sum(f * (1.0 - sets.pair(np.array([a]), np.array([b]))[0]) for b, f in enumerate(frequency))
        for a in range(len(rows))
    ]
    assert _similarity_sums(sets, frequency) == pytest.approx(pairwise, abs=1e-9)
    assert _similarity_sums_by_blocks(sets, frequency) == pytest.approx(pairwise, abs=1e-9)


def test_beyond_the_exact_limit_the_first_order_de_gives_the_same_interval(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reviewed, coder, unit, code = _codings(3000, 3, seed=8)
    exact = set_unit_bootstrap(reviewed, coder, unit, code, 5, n_boot=500, seed=3)
    monkeypatch.setattr(set_bootstrap, "_EXACT_SETS", 0)
    first_order = set_unit_bootstrap(reviewed, coder, unit, code, 5, n_boot=500, seed=3)
    assert first_order.point == exact.point
    assert (first_order.ci_low, first_order.ci_high) == (
        pytest.approx(exact.ci_low, abs=1e-4),
        pytest.approx(exact.ci_high, abs=1e-4),
    )
