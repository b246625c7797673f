"""Coefficients on hand-computed cases, degenerate data, and cross-checks against irrCAC and krippendorff."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from qualcode.agreement import (
    AgreementDataError,
    brennan_prediger,
    brennan_prediger_from_counts,
    cohen_kappa,
    cohen_kappa_from_table,
    coincidence_matrix,
    contingency_table,
    distance_matrix,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    krippendorff_alpha_result,
    percent_agreement,
    scott_pi,
    scott_pi_from_table,
    units_by_coders,
)
from qualcode.agreement.intervals import t_quantile

# Two coders, four units:            unit 1  unit 2  unit 3  unit 4
TWO_CODERS = np.array([[1.0, 1.0, 0.0, 0.0], [1.0, 0.0, 0.0, 0.0]])

# Three coders, four units; unit 4 has a single rating (kept for Gwet's propensities, not for p_a).
THREE_CODERS = np.array(
    [
        [1.0, 1.0, 0.0, 1.0],
        [1.0, 1.0, np.nan, np.nan],
        [1.0, 0.0, 0.0, np.nan],
    ]
)


def test_two_coder_hand_computed_coefficients() -> None:
    # p_o = 3 agreeing units of 4 = 0.75.
    assert percent_agreement(TWO_CODERS).value == pytest.approx(0.75)
    # Cohen: coder 1 says 1 on 2/4, coder 2 on 1/4; p_e = .5 x .25 + .5 x .75 = .5;
    # kappa = (.75 - .5)/(1 - .5) = .5.
    assert cohen_kappa(TWO_CODERS).value == pytest.approx(0.5)
    # Scott: pooled p(1) = 3/8, p(0) = 5/8; p_e = 9/64 + 25/64 = 34/64 = .53125;
    # pi = (.75 - .53125)/(.46875) = 7/15. Fleiss' kappa with two raters is Scott's pi.
    assert scott_pi(TWO_CODERS).value == pytest.approx(7 / 15)
    assert fleiss_kappa(TWO_CODERS).value == pytest.approx(7 / 15)
    # AC1: pi_1 = (1 + 1/2 + 0 + 0)/4 = .375; p_e = sum pi_k (1 - pi_k)/(q - 1) = 2 x .375 x .625
    # = .46875; AC1 = (.75 - .46875)/(.53125) = 9/17.
    assert gwet_ac1(TWO_CODERS).value == pytest.approx(9 / 17)
    # Brennan-Prediger with q = 2: p_e = 1/2; (.75 - .5)/.5 = .5.
    assert brennan_prediger(TWO_CODERS).value == pytest.approx(0.5)
    # Alpha: n.. = 8, n_0 = 5, n_1 = 3, o_01 + o_10 = 2;
    # alpha = 1 - (n.. - 1)(o_01 + o_10)/(2 n_0 n_1) = 1 - 7 x 2/30 = 8/15.
    assert krippendorff_alpha(TWO_CODERS) == pytest.approx(8 / 15)


def test_three_coder_hand_computed_coefficients_with_missing_ratings() -> None:
    # p_a per unit: unit 1 all agree = 1; unit 2 (1,1,0): 2 of 6 ordered pairs agree = 1/3;
    # unit 3 (0,0) = 1; unit 4 has one rating and is left out of p_a. p_a = (1 + 1/3 + 1)/3 = 7/9.
    assert percent_agreement(THREE_CODERS).value == pytest.approx(7 / 9)
    # Propensities over the 4 rated units: pi_1 = (1 + 2/3 + 0 + 1)/4 = 2/3, pi_0 = 1/3.
    # Fleiss: p_e = 4/9 + 1/9 = 5/9; kappa = (7/9 - 5/9)/(4/9) = 1/2.
    assert fleiss_kappa(THREE_CODERS).value == pytest.approx(0.5)
    # AC1: p_e = 2 x 2/3 x 1/3 = 4/9; AC1 = (7/9 - 4/9)/(5/9) = 3/5.
    assert gwet_ac1(THREE_CODERS).value == pytest.approx(0.6)
    # BP: (7/9 - 1/2)/(1/2) = 5/9.
    assert brennan_prediger(THREE_CODERS).value == pytest.approx(5 / 9)
    # Alpha over units 1-3 (n.. = 8): o_11 = 3 + 1 = 4, o_10 = o_01 = 1, o_00 = 2; n_1 = 5, n_0 = 3;
    # alpha = 1 - 7 x 2/(2 x 15) = 8/15.
    assert krippendorff_alpha(THREE_CODERS) == pytest.approx(8 / 15)


def test_percent_agreement_standard_error_by_hand() -> None:
    # Gwet: n = 4 rated units, n2 = 3 rated twice; v_i = (n/n2) p_a|i = (4/3, 4/9, 4/3, 0);
    # sum (v_i - 7/9)^2 = (25 + 9 + 25 + 49)/81 = 4/3; var = (4/3)/(n (n - 1)) = 1/9; SE = 1/3.
    result = percent_agreement(THREE_CODERS)
    assert result.se == pytest.approx(1 / 3)
    # CI: 7/9 -/+ t(.975, 3) x 1/3 = 7/9 -/+ 1.061, clipped to [0, 1].
    assert 7 / 9 - t_quantile(0.975, 3) / 3 < 0
    assert (result.ci_low, result.ci_high) == (0.0, 1.0)
    # Ten copies of the data give an interval that is not clipped.
    tenfold = np.tile(THREE_CODERS, 10)
    wide = percent_agreement(tenfold)
    # n = 40, n2 = 30: v_i repeat the four values above, sum of squares = 10 x 4/3; var = (40/3)/(40 x 39).
    assert wide.se == pytest.approx(np.sqrt(1 / 117))
    assert wide.ci_low == pytest.approx(7 / 9 - t_quantile(0.975, 39) * np.sqrt(1 / 117))


def test_brennan_prediger_uses_the_value_domain_when_given() -> None:
    # q = 3 (a third category nobody used): p_e = 1/3; (.75 - 1/3)/(2/3) = .625.
    assert brennan_prediger(TWO_CODERS, categories=[0, 1, 2]).value == pytest.approx(0.625)
    assert brennan_prediger_from_counts(
        [[2, 0], [1, 1], [0, 2], [0, 2]], n_categories=3
    ).value == pytest.approx(0.625)


def test_cohen_kappa_from_table_matches_the_raw_data_route() -> None:
    table, categories = contingency_table(TWO_CODERS)
    assert table.tolist() == [[2, 0], [1, 1]]
    assert categories.tolist() == [0.0, 1.0]
    assert cohen_kappa_from_table(table).value == cohen_kappa(TWO_CODERS).value
    assert scott_pi_from_table(table).value == scott_pi(TWO_CODERS).value


def test_cohen_kappa_needs_exactly_two_coders() -> None:
    with pytest.raises(AgreementDataError, match="exactly two coders"):
        cohen_kappa(THREE_CODERS)


def test_alpha_is_undefined_without_variation_or_pairable_units() -> None:
    same = krippendorff_alpha_result([[1.0, 1.0, 1.0], [1.0, 1.0, np.nan]])
    assert not same.defined and np.isnan(same.value)
    assert "expected disagreement is 0" in same.note
    lonely = krippendorff_alpha_result([[1, np.nan], [np.nan, 0]])
    assert not lonely.defined and lonely.n_dropped_units == 2
    assert "no unit" in lonely.note


def test_alpha_counts_pairable_values_and_dropped_units() -> None:
    result = krippendorff_alpha_result(THREE_CODERS)
    assert (result.n_pairable_units, result.n_pairable_values, result.n_dropped_units) == (3, 8, 1)


def test_kappa_family_is_undefined_when_chance_agreement_is_one() -> None:
    result = fleiss_kappa([[1, 1], [1, 1]])
    assert not result.defined and "chance agreement is 1" in result.note
    assert not percent_agreement([[1, np.nan], [np.nan, 1]]).defined


def test_non_numeric_or_one_dimensional_data_are_refused() -> None:
    with pytest.raises(AgreementDataError, match="2-D"):
        krippendorff_alpha([1, 0, 1])
    with pytest.raises(AgreementDataError, match="outside"):
        gwet_ac1(TWO_CODERS, categories=[0])


def test_units_by_coders_transposes_to_coders_by_units() -> None:
    assert units_by_coders(np.array([[1, None], [2, 3]], dtype=float)).tolist()[0] == [1.0, 2.0]


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_own_coincidence_alpha_equals_the_krippendorff_package(level: str) -> None:
    rng = np.random.default_rng(7)
    data = rng.integers(1, 6, size=(4, 60)).astype(float)
    data[rng.random(data.shape) < 0.25] = np.nan
    result = krippendorff_alpha_result(data, level)
    domain = np.unique(data[~np.isnan(data)])
    pairable = data[:, (~np.isnan(data)).sum(axis=0) >= 2]
    counts = np.stack([(pairable == v).sum(axis=0) for v in domain], axis=1)
    o = coincidence_matrix(counts)
    assert o.sum() == pytest.approx(result.n_pairable_values)
    delta = distance_matrix(level, domain, o.sum(axis=0))
    own = 1 - (o * delta).sum() / o.sum() / result.expected_disagreement
    assert own == pytest.approx(result.value, abs=1e-12)


def _random_ratings(seed: int, n_coders: int, n_units: int, n_categories: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, n_categories, n_units)
    data = np.where(
        rng.random((n_coders, n_units)) < 0.7, truth, rng.integers(0, n_categories, (n_coders, n_units))
    )
    data = data.astype(float) + 1.0
    data[rng.random(data.shape) < 0.2] = np.nan
    return data


@pytest.mark.parametrize(
    ("seed", "n_coders", "n_categories"), [(1, 2, 2), (2, 3, 3), (3, 4, 2), (4, 5, 4), (5, 3, 5)]
)
def test_kappa_family_matches_irrcac_values_and_standard_errors(
    seed: int, n_coders: int, n_categories: int
) -> None:
    pandas = pytest.importorskip("pandas")
    raw = pytest.importorskip("irrCAC.raw")
    data = _random_ratings(seed, n_coders, 40, n_categories)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cac = raw.CAC(pandas.DataFrame(data.T), digits=12)
        expected = {
            "ac1": cac.gwet()["est"],
            "fleiss": cac.fleiss()["est"],
            "bp": cac.bp()["est"],
            "alpha": cac.krippendorff()["est"],
        }
    ours = {"ac1": gwet_ac1(data), "fleiss": fleiss_kappa(data), "bp": brennan_prediger(data)}
    for key, coefficient in ours.items():
        assert coefficient.value == pytest.approx(expected[key]["coefficient_value"], abs=1e-10), key
        assert coefficient.se == pytest.approx(expected[key]["se"], abs=1e-10), key
        assert coefficient.ci_low == pytest.approx(expected[key]["confidence_interval"][0], abs=1e-8), key
        assert coefficient.observed_agreement == pytest.approx(expected[key]["pa"], abs=1e-10), key
    assert percent_agreement(data).value == pytest.approx(expected["ac1"]["pa"], abs=1e-10)
    # irrCAC's alpha value equals Krippendorff's; its SE (Gwet 2015) is not computed here.
    assert krippendorff_alpha(data) == pytest.approx(expected["alpha"]["coefficient_value"], abs=1e-10)


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_cohen_and_scott_match_irrcac_tables(seed: int) -> None:
    pandas = pytest.importorskip("pandas")
    table_module = pytest.importorskip("irrCAC.table")
    table = np.random.default_rng(seed).integers(1, 30, size=(3, 3))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cac = table_module.CAC(pandas.DataFrame(table), digits=12)
        cohen, scott = cac.cohen()["est"], cac.scott()["est"]
    ours_cohen, ours_scott = cohen_kappa_from_table(table), scott_pi_from_table(table)
    assert ours_cohen.value == pytest.approx(cohen["coefficient_value"], abs=1e-10)
    assert ours_cohen.se == pytest.approx(cohen["se"], abs=1e-10)
    assert ours_cohen.ci_low == pytest.approx(cohen["confidence_interval"][0], abs=1e-8)
    assert ours_scott.value == pytest.approx(scott["coefficient_value"], abs=1e-10)
    assert ours_scott.se == pytest.approx(scott["se"], abs=1e-10)


def test_t_quantile_matches_scipy() -> None:
    stats = pytest.importorskip("scipy.stats")
    for df in (1, 2, 5, 11, 39, 200, 5000):
        for p in (0.9, 0.95, 0.975, 0.995, 0.025):
            assert t_quantile(p, df) == pytest.approx(stats.t.ppf(p, df), rel=1e-7)
