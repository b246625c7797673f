"""Coefficients from a contingency table, weighted multi-coder forms, kappa per category, sample sizes.

Each figure is checked against a published value where one exists and against irrCAC (Gwet's own
implementation) run beside it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from irrCAC.raw import CAC as RawCAC
from irrCAC.table import CAC as TableCAC

from qualcode.agreement import AgreementDataError
from qualcode.agreement.category_kappa import fleiss_kappa_per_category
from qualcode.agreement.kappa_family import brennan_prediger, fleiss_kappa, gwet_ac1, percent_agreement
from qualcode.agreement.sample_size import required_units, required_units_for_codes
from qualcode.agreement.table_agreement import table_coefficients

# irrCAC's cont3x3abstractors (Gwet 2014): two abstractors, 100 pregnancies, 3 diagnoses.
ABSTRACTORS = np.array([[13, 0, 0], [0, 20, 7], [0, 4, 56]])

# Fleiss (1971), Table 1: 30 patients, 6 psychiatrists each, diagnoses 1-5 (R irr's `diagnoses`).
DIAGNOSES = np.array(
    [
        [4, 4, 4, 4, 4, 4], [2, 2, 2, 5, 5, 5], [2, 3, 3, 3, 3, 5], [5, 5, 5, 5, 5, 5],
        [2, 2, 2, 4, 4, 4], [1, 1, 3, 3, 3, 3], [3, 3, 3, 3, 5, 5], [1, 1, 3, 3, 3, 4],
        [1, 1, 4, 4, 4, 4], [5, 5, 5, 5, 5, 5], [1, 4, 4, 4, 4, 4], [1, 2, 4, 4, 4, 4],
        [2, 2, 2, 3, 3, 3], [1, 4, 4, 4, 4, 4], [2, 2, 4, 4, 4, 5], [3, 3, 3, 3, 3, 5],
        [1, 1, 1, 4, 5, 5], [1, 1, 1, 1, 1, 2], [2, 2, 4, 4, 4, 4], [1, 3, 3, 5, 5, 5],
        [5, 5, 5, 5, 5, 5], [2, 4, 4, 4, 4, 4], [2, 2, 4, 5, 5, 5], [1, 1, 4, 4, 4, 4],
        [1, 4, 4, 4, 4, 5], [2, 2, 2, 2, 2, 4], [1, 1, 1, 1, 5, 5], [2, 2, 4, 4, 4, 4],
        [1, 3, 3, 3, 3, 3], [5, 5, 5, 5, 5, 5],
    ]
)  # fmt: skip
DIAGNOSIS_NAMES = ["Depression", "Personality Disorder", "Schizophrenia", "Neurosis", "Other"]


def _figures(coefficient) -> tuple:  # type: ignore[no-untyped-def]
    return (coefficient.value, coefficient.se, coefficient.ci_low, coefficient.ci_high)


def _irrcac_figures(result: dict) -> tuple:  # type: ignore[type-arg]
    est = result["est"]
    low, high = est["confidence_interval"]
    return tuple(float(np.ravel(x)[0]) for x in (est["coefficient_value"], est["se"], low, high))


def test_table_coefficients_of_gwets_abstractors_match_the_published_ac1() -> None:
    """irrCAC's documentation prints AC1 = 0.84933, 95 % CI (0.76358, 0.93508) for this table."""
    rows = [
        (c.name, round(c.value, 5), round(c.ci_low, 5), round(c.ci_high, 5))
        for c in table_coefficients(ABSTRACTORS)
    ]
    assert rows[3] == ("Gwet's AC1", 0.84933, 0.76358, 0.93508)
    assert [row[0] for row in rows] == [
        "percent agreement",
        "Cohen's kappa",
        "Scott's pi (Fleiss' kappa)",
        "Gwet's AC1",
        "Brennan-Prediger",
    ]
    assert rows[0][1] == 0.89


@pytest.mark.parametrize("weights", ["identity", "linear", "quadratic"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_table_coefficients_equal_irrcac_tables(weights: str, seed: int) -> None:
    table = (
        ABSTRACTORS
        if seed == 0
        else np.random.default_rng(seed).integers(0, 15, size=(4, 4)) + 6 * np.eye(4, dtype=int)
    )
    theirs = TableCAC(pd.DataFrame(table), weights=weights, digits=14)
    expected = [theirs.pa2(), theirs.cohen(), theirs.scott(), theirs.gwet(), theirs.bp()]
    mine = table_coefficients(table, weights)
    for coefficient, result in zip(mine, expected, strict=True):
        assert _figures(coefficient) == pytest.approx(_irrcac_figures(result), abs=1e-10), coefficient.name


def test_weighted_table_coefficients_are_named_by_their_weights() -> None:
    assert [c.name for c in table_coefficients(ABSTRACTORS, "quadratic")] == [
        "weighted percent agreement (quadratic)",
        "Cohen's weighted kappa (quadratic)",
        "Scott's weighted pi (Fleiss' weighted kappa) (quadratic)",
        "Gwet's AC2 (quadratic)",
        "weighted Brennan-Prediger (quadratic)",
    ]


@pytest.mark.parametrize("weights", ["identity", "linear", "quadratic"])
@pytest.mark.parametrize("seed", [3, 4, 5])
def test_weighted_multi_coder_family_equals_irrcac_raw(weights: str, seed: int) -> None:
    rng = np.random.default_rng(seed)
    data = rng.integers(1, 6, size=(4, 30)).astype(float)
    data[rng.random(data.shape) < 0.2] = np.nan
    categories = [1, 2, 3, 4, 5]
    theirs = RawCAC(pd.DataFrame(data.T), weights=weights, categories=categories, digits=14)
    pairs = [
        (fleiss_kappa(data, weights=weights, categories=categories), theirs.fleiss()),
        (gwet_ac1(data, categories, weights=weights), theirs.gwet()),
        (brennan_prediger(data, categories, weights=weights), theirs.bp()),
    ]
    for coefficient, result in pairs:
        assert _figures(coefficient) == pytest.approx(_irrcac_figures(result), abs=1e-10), coefficient.name
    assert percent_agreement(data, weights=weights, categories=categories).value == pytest.approx(
        float(theirs.fleiss()["est"]["pa"]), abs=1e-12
    )


def _diagnosis_counts() -> np.ndarray:
    return np.stack([(k == DIAGNOSES).sum(axis=1) for k in range(1, 6)], axis=1)


def test_per_category_kappa_reproduces_fleiss_1971() -> None:
    """kappa_j and z as printed for Fleiss' data (R irr::kappam.fleiss(diagnoses, detail = TRUE))."""
    rows = [
        (r.category, round(r.kappa.value, 3), round(r.z, 3), round(r.share, 4))  # type: ignore[arg-type]
        for r in fleiss_kappa_per_category(_diagnosis_counts(), DIAGNOSIS_NAMES)
    ]
    assert rows == [
        ("Depression", 0.245, 5.192, round(26 / 180, 4)),
        ("Personality Disorder", 0.245, 5.192, round(26 / 180, 4)),
        ("Schizophrenia", 0.520, 11.031, round(30 / 180, 4)),
        ("Neurosis", 0.471, 9.994, round(55 / 180, 4)),
        ("Other", 0.566, 12.009, round(43 / 180, 4)),
    ]


def test_per_category_kappa_interval_is_fleiss_kappa_of_the_collapsed_table_in_irrcac() -> None:
    """kappa_j is Fleiss' kappa of "j or not j": its SE and interval are irrCAC's for that table."""
    for j, result in enumerate(fleiss_kappa_per_category(_diagnosis_counts(), DIAGNOSIS_NAMES)):
        binary = pd.DataFrame((j + 1 == DIAGNOSES).astype(float))
        theirs = RawCAC(binary, categories=[0.0, 1.0], digits=14).fleiss()
        assert _figures(result.kappa) == pytest.approx(_irrcac_figures(theirs), abs=1e-10)
        assert result.null_se == pytest.approx((2 / (30 * 6 * 5)) ** 0.5)


def test_per_category_kappa_has_no_null_test_when_units_have_unequal_ratings() -> None:
    counts = [[2, 0], [1, 1], [3, 0], [0, 2]]
    results = fleiss_kappa_per_category(counts, ["yes", "no"])
    assert [(r.null_se, r.z, r.p_value) for r in results] == [(None, None, None)] * 2
    assert results[0].kappa.value == pytest.approx(results[1].kappa.value)


@pytest.mark.parametrize(
    ("min_alpha", "units"),
    # Krippendorff's table (as reproduced in the ATLAS.ti manual): p_c = .25, p = .05.
    [(0.800, 139), (0.667, 81)],
)
def test_sample_size_reproduces_krippendorffs_table(min_alpha: float, units: int) -> None:
    assert required_units(min_alpha, 0.05, 0.25).units == units
    assert required_units_for_codes(4, min_alpha, 0.05).units == units


def test_sample_size_grows_with_stricter_demands() -> None:
    grid = [[required_units_for_codes(k, a, 0.05).units for a in (0.667, 0.8, 0.9)] for k in (2, 4, 10)]
    assert grid == [[60, 103, 212], [81, 139, 283], [172, 294, 595]]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ((1.0, 0.05, 0.25), "the smallest acceptable alpha must lie between 0 and 1; got 1.0"),
        ((0.8, 0.6, 0.25), "the significance level must lie between 0 and 0.5; got 0.6"),
        ((0.8, 0.05, 0.7), "the probability of the least frequent category must lie in (0, 0.5]; got 0.7"),
    ],
)
def test_sample_size_refuses_impossible_settings(arguments: tuple, message: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(AgreementDataError) as raised:
        required_units(*arguments)
    assert str(raised.value) == message


def test_per_category_kappa_of_a_table_is_scotts_pi_of_its_two_by_two_collapse() -> None:
    """For two coders Fleiss' kappa is Scott's pi, so kappa_j is pi of the table "j" against the rest."""
    from qualcode.service.reliability.contingency_file import ContingencyTable, table_category_kappas

    labels = ("Ectopic", "AIU", "NIU")
    table = ContingencyTable(labels, tuple(tuple(int(c) for c in row) for row in ABSTRACTORS), "t.csv")
    for j, result in enumerate(table_category_kappas(table)):
        rest = [k for k in range(3) if k != j]
        collapsed = np.array(
            [
                [ABSTRACTORS[j, j], ABSTRACTORS[j, rest].sum()],
                [ABSTRACTORS[rest, j].sum(), ABSTRACTORS[np.ix_(rest, rest)].sum()],
            ]
        )
        pi = table_coefficients(collapsed)[2]
        assert (result.category, result.kappa.value) == (labels[j], pytest.approx(pi.value, abs=1e-12))


def test_percent_agreement_interval_of_a_small_table_stops_at_zero() -> None:
    percent = table_coefficients([[1, 2], [2, 0]])[0]
    assert (percent.value, percent.ci_low) == (0.2, 0.0)
    assert percent.ci_high == pytest.approx(0.2 + 2.776445105 * (0.2 * 0.8 / 5) ** 0.5, abs=1e-8)
