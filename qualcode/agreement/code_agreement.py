"""Agreement for one binary code (applied / not applied) with verdict and diagnostics, and pooled figures."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt

from qualcode.agreement.alpha import alpha_coefficient, alpha_result_from_counts
from qualcode.agreement.bootstrap import DEFAULT_MIN_ALPHAS, kalpha_bootstrap, unit_bootstrap
from qualcode.agreement.kappa_family import (
    brennan_prediger_from_counts,
    fleiss_kappa_from_counts,
    gwet_ac1_from_counts,
    percent_agreement_from_counts,
)
from qualcode.agreement.reliability_data import (
    AgreementDataError,
    as_reliability_data,
    distinct_rows,
    pairable_units,
)
from qualcode.agreement.results import (
    RELIABLE,
    TENTATIVE,
    TOO_FEW_CODED_UNITS,
    AlphaInterval,
    AlphaResult,
    CodeAgreement,
    Coefficient,
    PooledAgreement,
    Verdict,
)
from qualcode.agreement.two_coder import cohen_kappa_from_table, scott_pi_from_table

MIN_CODED_UNITS = 5
"""Below this many units with the code applied, alpha swings on one unit and is not reported."""
HIGH_AGREEMENT = 0.85
"""Percent agreement this high alongside a low alpha is the prevalence paradox's signature."""
BINARY = (0.0, 1.0)

Bootstrap = Literal["kalpha", "unit"]


def alpha_verdict(alpha: float) -> Verdict:
    """Krippendorff's thresholds: >= 0.800 reliable, >= 0.667 tentative, else unreliable."""
    if not np.isfinite(alpha):
        return "undefined"
    if alpha >= RELIABLE:
        return "reliable"
    if alpha >= TENTATIVE:
        return "tentative"
    return "unreliable"


def _binary_reliability_data(data: npt.ArrayLike) -> np.ndarray:
    reliability = as_reliability_data(data)
    values = reliability[~np.isnan(reliability)]
    if not np.isin(values, BINARY).all():
        raise AgreementDataError("a binary code's data may hold only 0 (not applied), 1 (applied) and nan")
    return reliability


def _binary_counts(reviewed: np.ndarray) -> np.ndarray:
    """Units x (not applied, applied) counts of 0/1/nan data, accumulated coder by coder."""
    counts = np.zeros((reviewed.shape[1], 2), dtype=np.int64)
    rated, applied = np.zeros(reviewed.shape[1], dtype=np.int64), np.zeros(reviewed.shape[1], dtype=np.int64)
    for row in reviewed:
        rated += ~np.isnan(row)
        applied += row == 1.0
    counts[:, 0] = rated - applied
    counts[:, 1] = applied
    return counts


def _two_coder_table(reviewed: np.ndarray) -> np.ndarray:
    """Coder 1 x coder 2 counts over the units both reviewed (rows and columns: 0, 1)."""
    both = ~np.isnan(reviewed).any(axis=0)
    first, second = reviewed[0, both].astype(np.int64), reviewed[1, both].astype(np.int64)
    return np.bincount(first * 2 + second, minlength=4).reshape(2, 2)


def _with_interval(alpha: Coefficient, interval: AlphaInterval | None) -> Coefficient:
    if interval is None or not interval.defined or not alpha.defined:
        return alpha
    return dataclasses.replace(
        alpha,
        ci_low=interval.ci_low,
        ci_high=interval.ci_high,
        confidence=interval.confidence,
        note=f"CI: {interval.method}, {interval.n_boot} replicates, seed {interval.seed}",
    )


def agreement_for_binary_code(
    data: npt.ArrayLike,
    coder_names: Sequence[str] | None = None,
    bootstrap: Bootstrap | None = None,
    seed: int | None = None,
    code: str = "",
    n_boot: int = 1000,
    confidence: float = 0.95,
    min_alphas: Sequence[float] = DEFAULT_MIN_ALPHAS,
) -> CodeAgreement:
    """Every agreement figure for one code from its coders x units 0/1/nan data.

    All figures use the pairable units only (reviewed by two or more coders), so that they can be
    compared with one another; ``bootstrap`` adds an interval to alpha ("kalpha" or "unit"), whose
    ``p_below`` holds the share of replicates under each of ``min_alphas``.
    """
    reliability = _binary_reliability_data(data)
    n_coders = reliability.shape[0]
    names = (
        tuple(coder_names) if coder_names is not None else tuple(f"coder {i + 1}" for i in range(n_coders))
    )
    if len(names) != n_coders:
        raise AgreementDataError(f"{len(names)} coder names for {n_coders} rows of data")
    pairable = pairable_units(reliability)
    n_dropped = int((~pairable).sum())
    reviewed = reliability if n_dropped == 0 else reliability[:, pairable]
    # The figures below depend on a unit only through its (not applied, applied) counts, and a
    # binary code has few distinct count rows: compute on those rows with their frequencies.
    rows, weights = distinct_rows(_binary_counts(reviewed))
    n_values = int(weights @ rows.sum(axis=1)) if rows.size else 0
    prevalence = float(weights @ rows[:, 1] / n_values) if n_values else float("nan")
    coded = rows[:, 1] > 0 if rows.size else np.zeros(0, dtype=bool)

    alpha_result = alpha_result_from_counts(rows, "nominal", BINARY, n_dropped, weights)
    interval = None
    if bootstrap is not None:
        run = kalpha_bootstrap if bootstrap == "kalpha" else unit_bootstrap
        interval = run(
            reviewed, "nominal", n_boot=n_boot, seed=seed, confidence=confidence, min_alphas=min_alphas
        )
    alpha = _with_interval(alpha_coefficient(alpha_result), interval)
    two_coders = n_coders == 2
    percent = percent_agreement_from_counts(rows, confidence, weights)
    table = _two_coder_table(reviewed) if two_coders else None
    cohen = cohen_kappa_from_table(table, confidence) if table is not None else None
    n_coded = int(weights[coded].sum())
    verdict, diagnostics = _verdict_and_diagnostics(
        alpha_result, percent, cohen, prevalence, n_coded, n_dropped, interval
    )
    return CodeAgreement(
        code=code,
        coder_names=names,
        n_units=int(pairable.sum()),
        n_dropped_units=n_dropped,
        n_pairable_values=n_values,
        prevalence=prevalence,
        percent_agreement=percent,
        percent_agreement_coded_units=dataclasses.replace(
            percent_agreement_from_counts(rows[coded], confidence, weights[coded]),
            name="percent agreement (coded units)",
        ),
        n_coded_units=n_coded,
        alpha=alpha,
        alpha_interval=interval,
        cohen_kappa=cohen,
        scott_pi=scott_pi_from_table(table, confidence) if table is not None else None,
        fleiss_kappa=fleiss_kappa_from_counts(rows, confidence, weights),
        gwet_ac1=gwet_ac1_from_counts(rows, 2, confidence, weights),
        brennan_prediger=brennan_prediger_from_counts(rows, 2, confidence, weights),
        verdict=verdict,
        diagnostics=diagnostics,
    )


def _verdict_and_diagnostics(
    alpha: AlphaResult,
    percent: Coefficient,
    cohen: Coefficient | None,
    prevalence: float,
    n_coded: int,
    n_dropped: int,
    interval: AlphaInterval | None,
) -> tuple[Verdict, tuple[str, ...]]:
    """Read alpha the way Krippendorff recommends, and say in words what a number would hide."""
    notes: list[str] = []
    if n_dropped:
        notes.append(f"{n_dropped} unit(s) reviewed by fewer than two coders are left out")
    if alpha.n_pairable_units == 0:
        notes.append("no unit was reviewed by two or more coders")
        return "undefined", tuple(notes)
    if not alpha.defined and prevalence >= 1.0:
        notes.append("every coder applied the code to every unit: no variation, so alpha is undefined")
        return "undefined", tuple(notes)
    if not alpha.defined or n_coded < MIN_CODED_UNITS:
        notes.append(
            f"{TOO_FEW_CODED_UNITS}: the code was applied to {n_coded} unit(s) "
            f"(at least {MIN_CODED_UNITS} are needed)"
        )
        return TOO_FEW_CODED_UNITS, tuple(notes)
    low_kappa = cohen is not None and cohen.defined and cohen.value < TENTATIVE
    if percent.value >= HIGH_AGREEMENT and (alpha.value < TENTATIVE or low_kappa):
        side = "absent" if prevalence <= 0.5 else "present"
        notes.append(f"prevalence paradox: high agreement driven by units where the code is {side}")
    verdict = alpha_verdict(alpha.value)
    if interval is not None and interval.defined and verdict in ("reliable", "tentative"):
        share = interval.p_below.get(TENTATIVE, 0.0)
        if share > 0.05:
            notes.append(f"uncertain verdict: {share:.0%} of bootstrap replicates fall below {TENTATIVE}")
    return verdict, tuple(notes)


def pooled_alpha(per_code: Mapping[str, npt.ArrayLike] | Sequence[npt.ArrayLike]) -> PooledAgreement:
    """Alpha over all codes at once (each unit x code a separate unit) and the mean per-code alpha.

    Every array is one code's coders x units 0/1/nan data, with the same coders in the same rows.
    The pooled coincidence matrix is the sum of the codes' matrices, so each code is reduced to its
    distinct count rows once and the pooled figure is computed from all of them together.
    """
    arrays = [
        _binary_reliability_data(data)
        for data in (per_code.values() if isinstance(per_code, Mapping) else per_code)
    ]
    if not arrays:
        raise AgreementDataError("pooled alpha needs at least one code")
    if len({array.shape[0] for array in arrays}) > 1:
        raise AgreementDataError("every code's data must have the same coders (rows)")
    all_rows, all_weights, alphas, n_dropped = [], [], [], 0
    for array in arrays:
        pairable = pairable_units(array)
        dropped = int((~pairable).sum())
        rows, weights = distinct_rows(_binary_counts(array if dropped == 0 else array[:, pairable]))
        alphas.append(alpha_result_from_counts(rows, "nominal", BINARY, dropped, weights).value)
        all_rows.append(rows)
        all_weights.append(weights)
        n_dropped += dropped
    pooled = alpha_result_from_counts(
        np.concatenate(all_rows), "nominal", BINARY, n_dropped, np.concatenate(all_weights)
    )
    per_code_alpha = np.array(alphas)
    defined = per_code_alpha[np.isfinite(per_code_alpha)]
    mean = float(defined.mean()) if defined.size else float("nan")
    return PooledAgreement(pooled, mean, len(arrays), int(defined.size))
