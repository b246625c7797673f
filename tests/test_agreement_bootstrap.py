"""KALPHA and unit bootstraps of alpha: reproducibility, coverage of the estimate, corrections, speed."""

from __future__ import annotations

import numpy as np
import pytest

from qualcode.agreement import (
    KALPHA_METHOD,
    UNIT_METHOD,
    capped_pair_count,
    kalpha_bootstrap,
    krippendorff_alpha,
    unit_bootstrap,
)

# Hayes & Krippendorff (2007), Table 1: 40 units (rows) x 5 observers, "." = missing. The paper
# reports ordinal alpha = .7598 and a KALPHA resample of 239 pairs of judgments.
HAYES_KRIPPENDORFF_2007 = """
1 1 2 . 2 | 1 1 0 1 . | 2 3 3 3 . | . 0 0 . 0 | 0 0 0 . 0 | 0 0 0 . 0 | 1 0 2 . 1 | 1 . 2 0 .
2 2 2 . 2 | 2 1 1 1 . | . 1 0 0 . | 0 0 0 0 . | 1 2 2 2 . | 3 3 2 2 3 | 1 1 1 . 1 | 1 1 1 . 1
2 1 2 . 2 | 1 2 3 3 . | 1 1 0 1 . | 0 0 0 . 0 | 0 0 1 1 . | 0 0 . 0 0 | 2 3 3 3 . | 0 0 0 0 .
1 2 . 2 2 | 0 1 1 1 . | 0 0 0 1 0 | 1 2 1 2 . | 1 1 2 2 . | 1 1 2 . 2 | 1 1 0 . 0 | 2 1 2 1 .
2 2 . 2 2 | 3 2 2 2 . | 2 2 2 . 2 | 2 2 3 . 2 | 2 2 2 . 2 | 2 2 . 1 2 | 2 2 2 2 . | 1 1 1 . 1
"""


def _hayes_krippendorff_data() -> np.ndarray:
    units = [
        unit.split() for line in HAYES_KRIPPENDORFF_2007.strip().splitlines() for unit in line.split("|")
    ]
    return np.array([[np.nan if v == "." else float(v) for v in unit] for unit in units]).T


def _binary_data(n_units: int, n_coders: int, seed: int, error: float = 0.1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    truth = rng.random(n_units) < 0.3
    flips = rng.random((n_coders, n_units)) < error
    return np.where(flips, ~truth, truth).astype(float)


def test_hayes_krippendorff_example_draws_239_pairs_per_replicate() -> None:
    data = _hayes_krippendorff_data()
    assert data.shape == (5, 40)
    assert round(krippendorff_alpha(data, "ordinal"), 4) == 0.7598
    result = kalpha_bootstrap(data, "ordinal", n_boot=2000, seed=3)
    assert result.n_pairs_drawn == 239
    assert result.method == KALPHA_METHOD
    assert result.ci_low < 0.7598 < result.ci_high


@pytest.mark.parametrize("bootstrap", [kalpha_bootstrap, unit_bootstrap])
def test_same_seed_gives_the_same_interval(bootstrap) -> None:  # type: ignore[no-untyped-def]
    data = _binary_data(200, 3, seed=1)
    first, second = bootstrap(data, n_boot=500, seed=42), bootstrap(data, n_boot=500, seed=42)
    assert first == second
    assert bootstrap(data, n_boot=500, seed=43).ci_low != first.ci_low


@pytest.mark.parametrize("bootstrap", [kalpha_bootstrap, unit_bootstrap])
def test_seed_is_recorded_when_none_is_given(bootstrap) -> None:  # type: ignore[no-untyped-def]
    data = _binary_data(100, 2, seed=2)
    result = bootstrap(data, n_boot=200)
    assert isinstance(result.seed, int)
    assert bootstrap(data, n_boot=200, seed=result.seed) == result


@pytest.mark.parametrize("bootstrap", [kalpha_bootstrap, unit_bootstrap])
@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_interval_contains_the_point_estimate(bootstrap, level: str) -> None:  # type: ignore[no-untyped-def]
    data = _hayes_krippendorff_data() + 1.0
    result = bootstrap(data, level, n_boot=1000, seed=5)
    assert result.point == pytest.approx(krippendorff_alpha(data, level))
    assert result.ci_low <= result.point <= result.ci_high
    assert result.ci_high <= 1.0 and result.ci_low >= -1.0


@pytest.mark.parametrize("bootstrap", [kalpha_bootstrap, unit_bootstrap])
def test_probability_below_a_minimum_grows_with_the_minimum(bootstrap) -> None:  # type: ignore[no-untyped-def]
    data = _binary_data(60, 3, seed=4, error=0.15)
    thresholds = (0.2, 0.4, 0.5, 0.6, 0.667, 0.8, 0.9)
    result = bootstrap(data, n_boot=2000, seed=9, min_alphas=thresholds)
    shares = [result.p_below[t] for t in thresholds]
    assert shares == sorted(shares)
    assert shares[0] >= 0.0 and shares[-1] <= 1.0
    assert shares[-1] > shares[0]


def test_unit_bootstrap_is_wider_than_kalpha_when_disagreement_clusters_in_units() -> None:
    # Eight coders: 30 units on which all agree, 10 units split 4 against 4. KALPHA treats the
    # 28 pairs of each unit as independent draws; resampling units keeps them together.
    agreed = np.tile(np.array([0.0, 1.0, 1.0] * 10), (8, 1))
    split = np.tile(np.array([0.0, 1.0]).repeat(4)[:, None], (1, 10))
    data = np.hstack([agreed, split])
    kalpha = kalpha_bootstrap(data, n_boot=2000, seed=1)
    units = unit_bootstrap(data, n_boot=2000, seed=1)
    assert kalpha.point == units.point
    assert kalpha.n_pairs_drawn == 40 * 28
    assert (units.ci_high - units.ci_low) > 1.5 * (kalpha.ci_high - kalpha.ci_low)
    assert units.method == UNIT_METHOD


def test_kalpha_replicates_are_centred_on_alpha() -> None:
    # E[Do_b] = sum p_ck delta_ck = Do and De is fixed, so the replicates average to alpha.
    data = _binary_data(300, 2, seed=6)
    result = kalpha_bootstrap(data, n_boot=4000, seed=2)
    assert (result.ci_low + result.ci_high) / 2 == pytest.approx(result.point, abs=0.02)


def test_kalpha_corrections_clip_below_minus_one_and_zero_replicates_without_variation() -> None:
    # Units (1,1) and (0,1): o_11 = 2, o_01 = o_10 = 1, n.. = 4, De = 2 x 3 x 1/(4 x 3) = 1/2,
    # alpha = 0; M = 2 pairs. Drawing {1,1} twice (p = 1/4) gives alpha_b = 1 but holds the single
    # value 1, so it becomes 0; drawing {0,1} twice gives 1 - 2/(2 x 1/2) = -1. So every
    # replicate is -1 or 0.
    data = np.array([[1.0, 0.0], [1.0, 1.0]])
    result = kalpha_bootstrap(data, n_boot=4000, seed=8, min_alphas=(-0.5, 0.5))
    assert result.point == pytest.approx(0.0)
    assert result.ci_high == 0.0 and result.ci_low == -1.0
    assert result.n_degenerate == pytest.approx(1000, abs=120)
    assert result.p_below[0.5] == 1.0
    assert result.p_below[-0.5] == pytest.approx(0.25, abs=0.03)


def test_unit_bootstrap_agrees_with_resampling_columns_explicitly() -> None:
    data = _hayes_krippendorff_data()
    pairable = data[:, (~np.isnan(data)).sum(axis=0) >= 2]
    rng = np.random.default_rng(0)
    explicit = [
        krippendorff_alpha(pairable[:, rng.integers(0, pairable.shape[1], pairable.shape[1])], "ordinal")
        for _ in range(1500)
    ]
    vectorised = unit_bootstrap(data, "ordinal", n_boot=4000, seed=0, confidence=0.8)
    low, high = np.quantile(np.nan_to_num(explicit), [0.1, 0.9])
    assert vectorised.ci_low == pytest.approx(low, abs=0.03)
    assert vectorised.ci_high == pytest.approx(high, abs=0.03)


def test_undefined_alpha_gives_an_undefined_interval() -> None:
    result = kalpha_bootstrap(np.zeros((2, 10)), n_boot=100, seed=1)
    assert not result.defined and np.isnan(result.ci_low)
    assert "expected disagreement is 0" in result.note


def test_capped_pair_count_follows_krippendorffs_revision() -> None:
    # Binary, 3 coders, 1,000 units: 4 non-zero cells, so M = min(25 x 4, 3000 x 2/2) = 100.
    data = _binary_data(1000, 3, seed=3)
    assert capped_pair_count(data) == 100
    assert kalpha_bootstrap(data, n_boot=50, seed=1, n_pairs=100).n_pairs_drawn == 100


@pytest.mark.parametrize("bootstrap", [kalpha_bootstrap, unit_bootstrap])
def test_a_thousand_replicates_on_100000_units_bracket_the_point_estimate(bootstrap) -> None:  # type: ignore[no-untyped-def]
    data = _binary_data(100_000, 3, seed=10)
    result = bootstrap(data, n_boot=1000, seed=1)
    assert result.ci_low < result.point < result.ci_high
