"""The unit bootstrap of set-valued alpha, checked replicate by replicate against resampling by hand."""

from __future__ import annotations

import numpy as np
import pytest

from qualcode.agreement import UNIT_METHOD, krippendorff_alpha, set_alpha, set_unit_bootstrap


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


@pytest.mark.parametrize("distance", ["masi", "jaccard"])
def test_each_replicate_is_set_alpha_of_the_units_drawn(distance: str) -> None:
    reviewed, coder, unit, code = _codings(60, 3, seed=4)
    units = _sets(reviewed, coder, unit, code)
    pairable = [u for u in units if sum(v is not None for v in u) >= 2]
    result = set_unit_bootstrap(reviewed, coder, unit, code, 5, distance, n_boot=300, seed=9, confidence=0.9)  # type: ignore[arg-type]
    picks = np.random.default_rng(9).multinomial(
        len(pairable), np.full(len(pairable), 1 / len(pairable)), size=300
    )
    by_hand = [
        set_alpha(
            [u for u, times in zip(pairable, row.tolist(), strict=True) for _ in range(times)], distance
        ).value  # type: ignore[arg-type]
        for row in picks
    ]
    low, high = np.quantile(by_hand, [0.05, 0.95])
    assert (result.method, result.n_boot, result.seed, result.n_degenerate) == (UNIT_METHOD, 300, 9, 0)
    assert result.point == pytest.approx(set_alpha(units, distance).value, abs=1e-12)  # type: ignore[arg-type]
    assert (result.ci_low, result.ci_high) == (pytest.approx(low, abs=1e-12), pytest.approx(high, abs=1e-12))


def test_on_single_codes_it_is_the_unit_bootstrap_of_nominal_alpha() -> None:
    # One code per review: Jaccard between singletons is the nominal distance, replicate by replicate.
    rng = np.random.default_rng(3)
    values = rng.integers(0, 3, size=(4, 80))
    values[1:] = np.where(rng.random((3, 80)) < 0.6, values[0], values[1:])
    reviewed = np.ones((4, 80), dtype=bool)
    coder, unit = np.nonzero(reviewed)
    result = set_unit_bootstrap(reviewed, coder, unit, values[coder, unit], 3, "jaccard", n_boot=200, seed=5)
    picks = np.random.default_rng(5).multinomial(80, np.full(80, 1 / 80), size=200)
    by_hand = [krippendorff_alpha(np.repeat(values, row, axis=1).astype(float), "nominal") for row in picks]
    assert (result.ci_low, result.ci_high) == tuple(
        pytest.approx(q, abs=1e-12) for q in np.quantile(by_hand, [0.025, 0.975])
    )


def test_undefined_set_alpha_gives_an_undefined_unit_interval() -> None:
    reviewed = np.ones((2, 5), dtype=bool)
    result = set_unit_bootstrap(
        reviewed, np.array([], int), np.array([], int), np.array([], int), 2, n_boot=50, seed=1
    )
    assert (result.defined, result.method) == (False, UNIT_METHOD)
    assert "expected disagreement is 0" in result.note
