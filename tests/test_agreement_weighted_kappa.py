"""Cohen's weighted kappa and Conger's kappa: hand-computed tables and irrCAC run beside them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from irrCAC.raw import CAC as RawCAC
from irrCAC.table import CAC as TableCAC

from qualcode.agreement import (
    AgreementDataError,
    agreement_weights,
    cohen_kappa,
    cohen_kappa_from_table,
    conger_kappa,
    contingency_table,
    weighted_cohen_kappa,
    weighted_cohen_kappa_from_table,
)

# Coder 1 (rows) x coder 2 (columns), three ordered categories, 6 units.
TABLE = np.array([[2, 1, 0], [0, 1, 1], [0, 0, 1]])

# Gwet's cac.raw4raters (Gwet 2014; irrCAC's dataset), units x coders, as in the reference cases.
RAW_4_RATERS = [
    [1, 1, None, 1],
    [2, 2, 3, 2],
    [3, 3, 3, 3],
    [3, 3, 3, 3],
    [2, 2, 2, 2],
    [1, 2, 3, 4],
    [4, 4, 4, 4],
    [1, 1, 2, 1],
    [2, 2, 2, 2],
    [None, 5, 5, 5],
    [None, None, 1, 1],
    [None, None, 3, None],
]


def _ordinal_pair(seed: int, n: int = 60) -> np.ndarray:
    rng = np.random.default_rng(seed)
    data = rng.integers(1, 6, size=(2, n)).astype(float)
    data[1] = np.where(rng.random(n) < 0.6, data[0], np.clip(data[0] + rng.integers(-1, 2, n), 1, 5))
    return data


def test_linear_and_quadratic_weights_by_hand() -> None:
    assert agreement_weights("linear", 3).tolist() == [[1.0, 0.5, 0.0], [0.5, 1.0, 0.5], [0.0, 0.5, 1.0]]
    assert agreement_weights("quadratic", 3).tolist() == [
        [1.0, 0.75, 0.0],
        [0.75, 1.0, 0.75],
        [0.0, 0.75, 1.0],
    ]


@pytest.mark.parametrize(
    ("weights", "observed", "chance", "kappa"),
    [
        # p_o = (2 + .5 + 1 + .5 + 1)/6; margins a = (3, 2, 1)/6, b = (2, 2, 2)/6: p_e = a W b = 20/36.
        ("linear", 5 / 6, 5 / 9, 5 / 8),
        # p_o = (2 + .75 + 1 + .75 + 1)/6; p_e = (3 x 3.5 + 2 x 5 + 3.5)/36.
        ("quadratic", 11 / 12, 2 / 3, 3 / 4),
        ("identity", 4 / 6, 1 / 3, 1 / 2),
    ],
)
def test_weighted_kappa_of_a_table_by_hand(
    weights: str, observed: float, chance: float, kappa: float
) -> None:
    result = weighted_cohen_kappa_from_table(TABLE, weights)  # type: ignore[arg-type]
    assert (result.observed_agreement, result.chance_agreement, result.value, result.n_units) == (
        pytest.approx(observed, abs=1e-12),
        pytest.approx(chance, abs=1e-12),
        pytest.approx(kappa, abs=1e-12),
        6,
    )


def test_identity_weights_give_cohens_kappa_and_its_standard_error() -> None:
    weighted = weighted_cohen_kappa_from_table(TABLE, "identity")
    plain = cohen_kappa_from_table(TABLE)
    assert (weighted.value, weighted.se, weighted.ci_low, weighted.ci_high) == (
        pytest.approx(plain.value, abs=1e-12),
        pytest.approx(plain.se, abs=1e-12),
        pytest.approx(plain.ci_low, abs=1e-12),
        pytest.approx(plain.ci_high, abs=1e-12),
    )


@pytest.mark.parametrize("weights", ["linear", "quadratic"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_weighted_kappa_matches_irrcac(weights: str, seed: int) -> None:
    data = _ordinal_pair(seed)
    table, _ = contingency_table(data, categories=[1, 2, 3, 4, 5])
    ours = weighted_cohen_kappa(data, weights, categories=[1, 2, 3, 4, 5])  # type: ignore[arg-type]
    theirs = TableCAC(pd.DataFrame(table), weights=weights, digits=12).cohen()["est"]
    assert (ours.value, ours.se, ours.ci_low, ours.ci_high) == (
        pytest.approx(theirs["coefficient_value"], abs=1e-9),
        pytest.approx(theirs["se"], abs=1e-9),
        pytest.approx(theirs["confidence_interval"][0], abs=1e-9),
        pytest.approx(theirs["confidence_interval"][1], abs=1e-9),
    )


@pytest.mark.parametrize("weights", ["identity", "linear", "quadratic"])
def test_conger_kappa_on_gwets_four_raters_matches_irrcac(weights: str) -> None:
    frame = pd.DataFrame(RAW_4_RATERS, dtype=float)
    ours = conger_kappa(frame.to_numpy().T, weights)  # type: ignore[arg-type]
    theirs = RawCAC(frame, weights=weights, digits=12).conger()["est"]
    assert (ours.value, ours.se, ours.ci_low, ours.ci_high, ours.n_units) == (
        pytest.approx(theirs["coefficient_value"], abs=1e-9),
        pytest.approx(theirs["se"], abs=1e-9),
        pytest.approx(theirs["confidence_interval"][0], abs=1e-9),
        pytest.approx(theirs["confidence_interval"][1], abs=1e-9),
        12,
    )


def test_conger_kappa_of_gwets_four_raters_is_0_76282_with_se_0_14917() -> None:
    # The figures irrCAC 0.4.4 prints for cac.raw4raters, pinned so that a change is seen at once.
    frame = pd.DataFrame(RAW_4_RATERS, dtype=float)
    result = conger_kappa(frame.to_numpy().T)
    assert (round(result.value, 5), round(result.se, 5)) == (0.76282, 0.14917)  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", [4, 5])
def test_conger_kappa_of_two_complete_coders_is_cohens_kappa(seed: int) -> None:
    data = _ordinal_pair(seed)
    assert conger_kappa(data).value == pytest.approx(cohen_kappa(data).value, abs=1e-12)


@pytest.mark.parametrize("seed", [6, 7])
def test_conger_kappa_with_missing_ratings_matches_irrcac(seed: int) -> None:
    rng = np.random.default_rng(seed)
    data = rng.integers(0, 3, size=(3, 50)).astype(float)
    data[1:] = np.where(rng.random((2, 50)) < 0.7, data[0], data[1:])
    data[rng.random((3, 50)) < 0.2] = np.nan
    ours = conger_kappa(data)
    theirs = RawCAC(pd.DataFrame(data.T), digits=12).conger()["est"]
    assert (ours.value, ours.se) == (
        pytest.approx(theirs["coefficient_value"], abs=1e-9),
        pytest.approx(theirs["se"], abs=1e-9),
    )


def test_a_weight_matrix_of_the_wrong_size_is_refused() -> None:
    with pytest.raises(AgreementDataError, match="a weight matrix for 3 categories must be 3 x 3; got"):
        weighted_cohen_kappa_from_table(TABLE, np.eye(2))


def test_conger_kappa_without_a_unit_rated_twice_is_undefined() -> None:
    result = conger_kappa(np.array([[1.0, np.nan], [np.nan, 2.0]]))
    assert (result.defined, result.note) == (False, "undefined: no unit was rated by two or more coders")
