"""Every published reference case in agreement-cases.json is reproduced to its tolerance."""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from qualcode.agreement import (
    Coefficient,
    alpha_coefficient,
    brennan_prediger,
    brennan_prediger_from_counts,
    cohen_kappa,
    cohen_kappa_from_table,
    fleiss_kappa,
    fleiss_kappa_from_counts,
    gwet_ac1,
    gwet_ac1_from_counts,
    krippendorff_alpha_result,
    percent_agreement,
    percent_agreement_from_counts,
)

REFERENCE_DIR_ENV = "QUALCODE_REFERENCE_DIR"
CASES_FILE = "agreement-cases.json"


BUNDLED_DIR = Path(__file__).parent / "fixtures" / "reference"
"""A copy of the published cases, so that every checkout (CI's too) runs them."""
SHARED_DIR = Path(__file__).resolve().parents[2] / "shared" / "reference"
"""The team's shared reference folder beside the checkout, preferred when present: new
published cases land there first."""


def _reference_file() -> Path:
    configured = os.environ.get(REFERENCE_DIR_ENV)
    if configured:
        return Path(configured) / CASES_FILE
    shared = SHARED_DIR / CASES_FILE
    return shared if shared.is_file() else BUNDLED_DIR / CASES_FILE


def _cases(published_se_only: bool = False) -> list[Any]:
    """The cases as test parameters; with ``published_se_only``, those publishing an SE we compute.

    Alpha has no analytic SE here (its interval comes from the bootstrap), so alpha's published
    SE is not compared.
    """
    path = _reference_file()
    if not path.is_file():
        reason = (
            f"reference cases not found at {path} "
            f"(set {REFERENCE_DIR_ENV} to the folder holding {CASES_FILE})"
        )
        return [pytest.param(None, marks=pytest.mark.skip(reason=reason), id="reference-file-missing")]
    cases = json.loads(path.read_text(encoding="utf-8"))
    if published_se_only:
        cases = [case for case in cases if "expected_se" in case and case["metric"] != "krippendorff_alpha"]
    return [pytest.param(case, id=case["name"]) for case in cases]


def _coders_by_units(case: dict[str, Any]) -> np.ndarray:
    """Raw data as a float coders x units array; labels like "a", "b" are coded by sorted order."""
    rows = case["data"]
    if case["data_orientation"].startswith("units x coders"):
        rows = [list(column) for column in zip(*rows, strict=True)]
    labels = sorted({value for row in rows for value in row if isinstance(value, str)})
    code = {label: float(i) for i, label in enumerate(labels)}
    return np.array([[np.nan if v is None else code.get(v, v) for v in row] for row in rows], dtype=float)


RAW_METRICS: dict[str, Callable[..., Coefficient]] = {
    "percent_agreement": percent_agreement,
    "gwet_ac1": gwet_ac1,
    "fleiss_kappa": fleiss_kappa,
    "brennan_prediger": brennan_prediger,
    "cohen_kappa": cohen_kappa,
}
COUNT_METRICS: dict[str, Callable[..., Coefficient]] = {
    "percent_agreement": percent_agreement_from_counts,
    "gwet_ac1": gwet_ac1_from_counts,
    "fleiss_kappa": fleiss_kappa_from_counts,
    "brennan_prediger": brennan_prediger_from_counts,
}


def _reproduce(case: dict[str, Any]) -> Coefficient:
    metric, orientation = case["metric"], case["data_orientation"]
    if orientation.startswith("contingency table"):
        assert metric == "cohen_kappa", f"no contingency-table route for {metric}"
        return cohen_kappa_from_table(case["data"])
    if orientation.startswith("units x categories"):
        return COUNT_METRICS[metric](case["data"])
    data = _coders_by_units(case)
    if metric == "krippendorff_alpha":
        level = case["level"].split()[0]
        return alpha_coefficient(krippendorff_alpha_result(data, level))
    return RAW_METRICS[metric](data)


def _parse_interval(text: str) -> tuple[float, float]:
    low, high = re.findall(r"-?\d+(?:\.\d+)?", text)
    return float(low), float(high)


@pytest.mark.parametrize("case", _cases())
def test_reference_case_is_reproduced(case: dict[str, Any]) -> None:
    result = _reproduce(case)
    assert result.defined, result.note
    assert abs(result.value - case["expected"]) <= case["tolerance"], (result.value, case["expected"])
    for exact_key in ("expected_exact", "expected_full_precision"):
        if exact_key in case:
            assert math.isclose(result.value, case[exact_key], rel_tol=0, abs_tol=1e-9), exact_key


@pytest.mark.parametrize("case", _cases(published_se_only=True))
def test_reference_standard_error_and_interval_are_reproduced(case: dict[str, Any]) -> None:
    """SEs are published to 5 decimals and intervals to 3 (R irrCAC 1.0, t(n-1) intervals)."""
    result = _reproduce(case)
    assert result.se is not None
    assert abs(result.se - case["expected_se"]) <= 5e-6 + 1e-12, (result.se, case["expected_se"])
    if "expected_ci95_R" in case:
        low, high = _parse_interval(case["expected_ci95_R"])
        assert result.ci_low is not None and result.ci_high is not None
        assert abs(result.ci_low - low) <= 5e-4 + 1e-12
        assert abs(result.ci_high - high) <= 5e-4 + 1e-12


def test_reference_file_location_honours_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(REFERENCE_DIR_ENV, str(tmp_path))
    assert _reference_file() == tmp_path / CASES_FILE
