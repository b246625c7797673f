"""Per-code agreement bundles, their verdicts and diagnostics, pooled alpha, groups, confusion and drift."""

from __future__ import annotations

import numpy as np
import pytest

from qualcode.agreement import (
    NONE_LABEL,
    AgreementDataError,
    agreement_by_batch,
    agreement_for_binary_code,
    alpha_verdict,
    confusion_table,
    group_alpha,
    group_values,
    krippendorff_alpha,
    pooled_alpha,
)


def _two_coder_code(both: int, only_first: int, only_second: int, neither: int) -> np.ndarray:
    """Coders x units 0/1 data with the given counts of each (coder 1, coder 2) pattern."""
    patterns = [(1, 1)] * both + [(1, 0)] * only_first + [(0, 1)] * only_second + [(0, 0)] * neither
    return np.array(patterns, dtype=float).T


def test_bundle_for_a_tentatively_reliable_code_by_hand() -> None:
    # 6 units both coders applied the code, 2 only coder 1, 12 neither: n.. = 40, n_1 = 14, n_0 = 26.
    data = _two_coder_code(6, 2, 0, 12)
    result = agreement_for_binary_code(data, coder_names=["ann", "bob"], code="emotion/anger")
    assert (result.code, result.coder_names) == ("emotion/anger", ("ann", "bob"))
    assert (result.n_units, result.n_dropped_units, result.n_pairable_values) == (20, 0, 40)
    assert result.prevalence == pytest.approx(14 / 40)
    # Agreement on 18 of 20 units; among the 8 units anyone coded, on 6.
    assert result.percent_agreement.value == pytest.approx(0.9)
    assert (result.n_coded_units, result.percent_agreement_coded_units.value) == (8, pytest.approx(0.75))
    # alpha = 1 - (n.. - 1)(o_01 + o_10)/(2 n_0 n_1) = 1 - 39 x 4/(2 x 26 x 14) = 1 - 156/728.
    assert result.alpha.value == pytest.approx(1 - 156 / 728)
    # Cohen: p_1. = .4, p_.1 = .3, p_e = .12 + .42 = .54; kappa = (.9 - .54)/.46.
    assert result.cohen_kappa is not None and result.cohen_kappa.value == pytest.approx(0.36 / 0.46)
    assert result.scott_pi is not None and result.scott_pi.value == pytest.approx(result.fleiss_kappa.value)
    assert result.brennan_prediger.value == pytest.approx(0.8)
    assert result.verdict == "tentative"
    assert result.diagnostics == ()
    assert result.alpha_interval is None and result.alpha.ci_low is None


def test_prevalence_paradox_is_flagged() -> None:
    # 100 units, 6 coded (2 by both): agreement .96 but n_1 = 8, n_0 = 192, o_01 + o_10 = 8,
    # alpha = 1 - 199 x 8/(2 x 192 x 8) = 0.482.
    result = agreement_for_binary_code(_two_coder_code(2, 2, 2, 94))
    assert result.percent_agreement.value == pytest.approx(0.96)
    assert result.alpha.value == pytest.approx(1 - 199 * 8 / (2 * 192 * 8))
    assert result.verdict == "unreliable"
    assert result.diagnostics == (
        "prevalence paradox: high agreement driven by units where the code is absent",
    )
    # AC1 does not share alpha's sensitivity to prevalence.
    assert result.gwet_ac1.value > 0.9


def test_too_few_coded_units_replace_the_number() -> None:
    result = agreement_for_binary_code(_two_coder_code(2, 1, 0, 30))
    assert result.n_coded_units == 3
    assert result.verdict == "too few coded units to judge"
    assert result.diagnostics == (
        "too few coded units to judge: the code was applied to 3 unit(s) (at least 5 are needed)",
    )


def test_a_code_nobody_applied_has_no_alpha() -> None:
    result = agreement_for_binary_code(np.zeros((3, 12)))
    assert not result.alpha.defined and result.verdict == "too few coded units to judge"
    assert result.percent_agreement.value == 1.0
    assert result.cohen_kappa is None and result.scott_pi is None


def test_a_code_everyone_applied_everywhere_is_undefined() -> None:
    result = agreement_for_binary_code(np.ones((2, 12)))
    assert result.verdict == "undefined"
    assert result.diagnostics == (
        "every coder applied the code to every unit: no variation, so alpha is undefined",
    )


def test_units_reviewed_by_one_coder_are_left_out_and_counted() -> None:
    data = _two_coder_code(6, 2, 0, 12)
    data = np.hstack([data, [[1.0, np.nan, 0.0], [np.nan, np.nan, np.nan]]])
    result = agreement_for_binary_code(data)
    assert (result.n_units, result.n_dropped_units) == (20, 3)
    assert result.alpha.value == pytest.approx(1 - 156 / 728)
    assert result.diagnostics == ("3 unit(s) reviewed by fewer than two coders are left out",)


def test_no_unit_reviewed_twice_is_undefined() -> None:
    result = agreement_for_binary_code([[1, np.nan], [np.nan, 0]])
    assert result.verdict == "undefined" and result.n_units == 0
    assert "no unit was reviewed by two or more coders" in result.diagnostics


def test_bootstrap_interval_is_attached_to_alpha() -> None:
    data = _two_coder_code(20, 3, 2, 75)
    result = agreement_for_binary_code(data, bootstrap="unit", seed=4, n_boot=500)
    assert result.alpha_interval is not None and result.alpha_interval.method == "unit bootstrap"
    assert (result.alpha.ci_low, result.alpha.ci_high) == (
        result.alpha_interval.ci_low,
        result.alpha_interval.ci_high,
    )
    assert result.alpha.ci_low is not None and result.alpha.ci_high is not None
    assert result.alpha.ci_low < result.alpha.value < result.alpha.ci_high
    assert "unit bootstrap, 500 replicates, seed 4" in result.alpha.note


def test_bundle_refuses_non_binary_data_and_wrong_coder_names() -> None:
    with pytest.raises(AgreementDataError, match="only 0"):
        agreement_for_binary_code([[0, 2], [1, 1]])
    with pytest.raises(AgreementDataError, match="coder names"):
        agreement_for_binary_code([[0, 1], [1, 1]], coder_names=["only one"])


@pytest.mark.parametrize(
    ("alpha", "verdict"),
    [
        (0.8, "reliable"),
        (0.95, "reliable"),
        (0.667, "tentative"),
        (0.6669, "unreliable"),
        (float("nan"), "undefined"),
    ],
)
def test_alpha_verdict_thresholds(alpha: float, verdict: str) -> None:
    assert alpha_verdict(alpha) == verdict


def test_pooled_alpha_treats_each_unit_and_code_as_a_unit() -> None:
    first, second, unused = _two_coder_code(6, 2, 0, 12), _two_coder_code(3, 0, 3, 14), np.zeros((2, 20))
    result = pooled_alpha({"a": first, "b": second, "c": unused})
    assert result.pooled_alpha.value == pytest.approx(krippendorff_alpha(np.hstack([first, second, unused])))
    assert result.pooled_alpha.n_pairable_units == 60
    assert (result.n_codes, result.n_codes_defined) == (3, 2)
    assert result.mean_alpha == pytest.approx((krippendorff_alpha(first) + krippendorff_alpha(second)) / 2)


def test_pooled_alpha_needs_the_same_coders_for_every_code() -> None:
    with pytest.raises(AgreementDataError, match="same coders"):
        pooled_alpha([np.zeros((2, 3)), np.zeros((3, 3))])


def test_group_values_encode_the_code_applied_or_none_of_the_group() -> None:
    yes, no, other = frozenset({"tone/positive"}), frozenset({"tone/negative"}), frozenset({"topic"})
    units: list[list[frozenset[str] | None]] = [[yes, yes], [no, other], [frozenset(), no], [None, yes]]
    values = group_values(units, ["tone/positive", "tone/negative"])
    assert np.array_equal(values, np.array([[0, 1, 2, np.nan], [0, 2, 1, 0]]), equal_nan=True)
    # Pairable values 0,0 | 1,2 | 2,1: n.. = 6, n_0 = 2, n_1 = 2, n_2 = 2; four disagreeing ordered
    # pairs weigh 1 each: Do = 4/6, De = (36 - 12)/(6 x 5) = 4/5, alpha = 1 - (2/3)/(4/5) = 1/6.
    assert group_alpha(values).value == pytest.approx(1 / 6)


def test_group_values_refuse_two_codes_of_an_exclusive_group() -> None:
    with pytest.raises(AgreementDataError, match="mutually exclusive"):
        group_values([[frozenset({"x", "y"}), frozenset({"x"})]], ["x", "y"])


def test_confusion_table_counts_code_pairs_on_units_both_reviewed() -> None:
    a_sets = [frozenset({"x"}), frozenset({"x", "y"}), None, frozenset(), frozenset({"z"})]
    b_sets = [frozenset({"y"}), frozenset({"x"}), frozenset({"x"}), frozenset(), frozenset({"x"})]
    table = confusion_table(a_sets, b_sets, ["x", "y"], row_coder="ann", column_coder="bob")
    assert table.labels == ("x", "y", NONE_LABEL)
    assert (table.row_coder, table.column_coder, table.n_units) == ("ann", "bob", 4)
    # unit 1: (x, y); unit 2: (x, x), (y, x); unit 4: (none, none); unit 5: z is not listed -> (none, x).
    assert table.counts.tolist() == [[1, 1, 0], [1, 0, 0], [1, 0, 1]]
    assert not table.counts.flags.writeable


def test_agreement_by_batch_follows_the_order_batches_appear_in() -> None:
    early, late = _two_coder_code(6, 0, 0, 14), _two_coder_code(3, 3, 3, 11)
    data = np.hstack([early, late, [[1.0], [np.nan]]])
    labels = ["week 1"] * 20 + ["week 2"] * 20 + ["week 1"]
    batches = agreement_by_batch(data, labels)
    assert [b.batch for b in batches] == ["week 1", "week 2"]
    assert [(b.n_units, b.n_pairable_units) for b in batches] == [(21, 20), (20, 20)]
    assert batches[0].alpha.value == pytest.approx(1.0)
    assert batches[1].alpha.value == pytest.approx(krippendorff_alpha(late))


def test_agreement_by_batch_needs_a_label_per_unit() -> None:
    with pytest.raises(AgreementDataError, match="batch labels"):
        agreement_by_batch(np.zeros((2, 3)), ["a", "b"])
