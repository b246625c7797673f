"""Bootstrap intervals for Krippendorff's alpha: Hayes & Krippendorff's KALPHA and a unit bootstrap.

KALPHA (Hayes & Krippendorff 2007, "Answering the call for a standard reliability measure for
coding data", Communication Methods and Measures 1(1):77-89; the algorithm is written out in
Krippendorff, "Algorithm for bootstrapping a distribution of alpha", 2006, revised 2011/2013):

1. Build the observed coincidence matrix o_ck of the pairable values (n.. = sum o_ck) and keep the
   expected disagreement De of the data fixed.
2. Each replicate draws M pairs of values with replacement from the unordered cells of o: cell
   {c, k} with probability o_cc/n.. on the diagonal and 2 o_ck/n.. off it. M is the number of
   pairs of values that can be formed within units, sum_u m_u (m_u - 1)/2 (the paper's example:
   "a random sample of 239 pairs of judgments", its 40 units giving 239 such pairs).
3. alpha_b = 1 - (sum of delta^2 over the M drawn pairs) / (M De), so E[Do_b] = Do.
4. Krippendorff's corrections: alpha_b < -1 is set to -1; a replicate that drew only matching
   pairs (alpha_b = 1) has no variation when the data have one matching value only, and is set
   to 0; with several matching values, round(X sum_c (o_cc/n..)^M) such replicates (the expected
   number drawn from a single diagonal cell) are set to 0.
5. The interval is the percentile interval of the X replicates; q = P(alpha_b < alpha_min).

Krippendorff's 2011/2013 revision caps M at min(25 Q, n..(m - 1)/2), Q the number of non-zero
cells of o and m the number of coders, as the Stata ``kalpha`` and R ``kripp.boot`` ports do;
``capped_pair_count`` gives that number to pass as ``n_pairs``. Replicates are drawn as one
multinomial over the cells, which is the same distribution as M separate draws.

KALPHA treats the M pairs as independent, ignoring that pairs from one unit share its values;
Gwet (2015) and Zapf et al. (2016, BMC Med Res Methodol 16:93) found its intervals too narrow.
``unit_bootstrap`` resamples units instead (Efron's nonparametric bootstrap), recomputing both Do
and De, and is the better guide when units carry several coders' values.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

from qualcode.agreement.alpha import (
    Level,
    coincidence_matrix,
    distance_matrix,
    krippendorff_alpha_result,
    value_domain_of,
)
from qualcode.agreement.reliability_data import (
    as_reliability_data,
    observed_categories,
    value_counts_of_pairable_units,
)
from qualcode.agreement.results import KALPHA_METHOD, UNIT_METHOD, AlphaInterval, AlphaResult

DEFAULT_MIN_ALPHAS = (0.667, 0.800)
_CHUNK_CELLS = 4_000_000


def _resolve_seed(seed: int | None) -> int:
    """A seed is always recorded, so any interval can be reproduced even when none was given."""
    if seed is not None:
        return int(seed)
    return int(np.random.SeedSequence().generate_state(1)[0])


def _summarise(
    point: AlphaResult,
    alphas: np.ndarray,
    method: str,
    seed: int,
    confidence: float,
    min_alphas: Sequence[float],
    n_pairs: int | None,
    n_degenerate: int,
) -> AlphaInterval:
    low, high = np.quantile(alphas, [(1.0 - confidence) / 2.0, (1.0 + confidence) / 2.0])
    p_below = {float(threshold): float((alphas < threshold).mean()) for threshold in min_alphas}
    return AlphaInterval(
        point=point.value,
        ci_low=float(low),
        ci_high=float(high),
        confidence=confidence,
        method=method,
        n_boot=int(alphas.size),
        seed=seed,
        p_below=p_below,
        n_pairs_drawn=n_pairs,
        n_degenerate=n_degenerate,
    )


def _undefined(point: AlphaResult, method: str, n_boot: int, seed: int, confidence: float) -> AlphaInterval:
    nan = float("nan")
    return AlphaInterval(nan, nan, nan, confidence, method, n_boot, seed, {}, defined=False, note=point.note)


def capped_pair_count(data: npt.ArrayLike) -> int:
    """M of Krippendorff's revised algorithm: min(25 Q, n..(m - 1)/2), Q = non-zero cells of o."""
    reliability = as_reliability_data(data)
    counts = value_counts_of_pairable_units(reliability, observed_categories(reliability))
    coincidences = coincidence_matrix(counts)
    n_coders = reliability.shape[0]
    return int(min(25 * int((coincidences > 0).sum()), round(coincidences.sum() * (n_coders - 1) / 2.0)))


def kalpha_bootstrap(
    data: npt.ArrayLike,
    level: Level = "nominal",
    n_boot: int = 1000,
    seed: int | None = None,
    min_alphas: Sequence[float] = DEFAULT_MIN_ALPHAS,
    confidence: float = 0.95,
    value_domain: Sequence[float] | None = None,
    n_pairs: int | None = None,
) -> AlphaInterval:
    """Hayes & Krippendorff's (2007) KALPHA bootstrap of alpha; see the module docstring for the steps.

    ``n_pairs`` overrides M, the pairs drawn per replicate (default: all pairs formable within units).
    """
    reliability = as_reliability_data(data)
    used_seed = _resolve_seed(seed)
    point = krippendorff_alpha_result(reliability, level, value_domain)
    if not point.defined:
        return _undefined(point, KALPHA_METHOD, n_boot, used_seed, confidence)
    domain = value_domain_of(reliability, value_domain)
    counts = value_counts_of_pairable_units(reliability, domain)
    coincidences = coincidence_matrix(counts)
    n_values = coincidences.sum()
    delta = distance_matrix(level, domain, coincidences.sum(axis=0))
    per_unit = counts.sum(axis=1)
    draws_per_replicate = int(n_pairs) if n_pairs is not None else int((per_unit * (per_unit - 1) // 2).sum())

    rows, columns = np.triu_indices(len(domain))
    cell_probability = np.where(rows == columns, 1.0, 2.0) * coincidences[rows, columns] / n_values
    return kalpha_replicates(
        point,
        cell_probability / cell_probability.sum(),
        delta[rows, columns],
        np.diag(coincidences) / n_values,
        draws_per_replicate,
        n_boot,
        used_seed,
        confidence,
        min_alphas,
    )


def kalpha_replicates(
    point: AlphaResult,
    probability: np.ndarray,
    distance: np.ndarray,
    diagonal: np.ndarray,
    draws_per_replicate: int,
    n_boot: int,
    seed: int,
    confidence: float,
    min_alphas: Sequence[float],
) -> AlphaInterval:
    """Steps 3–5 of KALPHA, shared by single values and sets: draw M pairs per replicate.

    ``probability`` (summing to 1) and ``distance`` describe the kinds of pair that can be
    drawn — cells of the coincidence matrix, or any grouping of them whose pairs share one
    distance; ``diagonal`` holds the shares p_cc of the matching cells. Each replicate's
    alpha is 1 - D_b / (M De) with De held fixed; Krippendorff's corrections follow.
    """
    rng = np.random.default_rng(seed)
    drawn = rng.multinomial(draws_per_replicate, probability, size=n_boot)
    drawn_disagreement = drawn @ distance
    alphas = 1.0 - drawn_disagreement / (draws_per_replicate * point.expected_disagreement)

    below_minus_one = alphas < -1.0
    alphas[below_minus_one] = -1.0
    no_variation = no_variation_from_diagonal(drawn_disagreement == 0.0, diagonal, draws_per_replicate)
    alphas[no_variation] = 0.0
    n_degenerate = int(below_minus_one.sum() + no_variation.sum())
    return _summarise(
        point, alphas, KALPHA_METHOD, seed, confidence, min_alphas, draws_per_replicate, n_degenerate
    )


def no_variation_from_diagonal(all_matching: np.ndarray, diagonal: np.ndarray, m: int) -> np.ndarray:
    """Which all-matching replicates Krippendorff's step 4 treats as lacking variation (alpha = 0).

    A replicate of only matching pairs gives alpha_b = 1, but if all its pairs came from one
    diagonal cell its data hold a single value and alpha is 0/0; Krippendorff sets the expected
    number of such replicates, round(X sum_c p_cc^M), to 0. ``diagonal`` holds the diagonal
    cells' shares p_cc of the coincidences.
    """
    if int((diagonal > 0).sum()) == 1:
        return all_matching
    expected = int(round(all_matching.size * float((diagonal**m).sum())))
    chosen = np.zeros_like(all_matching)
    chosen[np.flatnonzero(all_matching)[:expected]] = True
    return chosen


def unit_bootstrap(
    data: npt.ArrayLike,
    level: Level = "nominal",
    n_boot: int = 1000,
    seed: int | None = None,
    min_alphas: Sequence[float] = DEFAULT_MIN_ALPHAS,
    confidence: float = 0.95,
    value_domain: Sequence[float] | None = None,
) -> AlphaInterval:
    """Resample pairable units with replacement and recompute alpha (Do and De) in each replicate.

    Units with the same value counts contribute the same coincidences, so the units are grouped
    into distinct profiles once; a replicate is then a multinomial draw of how often each profile
    is picked, and its coincidence matrix a weighted sum of the profiles' matrices. A replicate
    without variation (De = 0) gets alpha = 0, Krippendorff's convention, and is counted in
    ``n_degenerate``.
    """
    reliability = as_reliability_data(data)
    used_seed = _resolve_seed(seed)
    point = krippendorff_alpha_result(reliability, level, value_domain)
    if not point.defined:
        return _undefined(point, UNIT_METHOD, n_boot, used_seed, confidence)
    domain = value_domain_of(reliability, value_domain)
    counts = value_counts_of_pairable_units(reliability, domain)
    profiles, frequency = np.unique(counts, axis=0, return_counts=True)
    size = len(domain)
    profile_counts = profiles.astype(float)
    per_profile = profile_counts.sum(axis=1)
    outer = profile_counts[:, :, None] * profile_counts[:, None, :]
    outer[:, np.arange(size), np.arange(size)] -= profile_counts
    profile_coincidences = (outer / (per_profile - 1.0)[:, None, None]).reshape(len(profiles), size * size)

    fixed_delta = None if level == "ordinal" else distance_matrix(level, domain, np.zeros(size))

    def disagreements(picks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        coincidences = (picks @ profile_coincidences).reshape(-1, size, size)
        totals = coincidences.sum(axis=1)
        n = totals.sum(axis=1)
        delta = distance_matrix("ordinal", domain, totals) if fixed_delta is None else fixed_delta
        observed = (coincidences * delta).sum(axis=(1, 2)) / n
        pattern = "bi,bij,bj->b" if delta.ndim == 3 else "bi,ij,bj->b"
        return observed, np.einsum(pattern, totals, delta, totals) / (n * (n - 1.0))

    chunk = max(1, _CHUNK_CELLS // max(len(profiles), size * size * (2 if fixed_delta is None else 1)))
    return unit_replicates(point, frequency, disagreements, chunk, n_boot, used_seed, confidence, min_alphas)


def unit_replicates(
    point: AlphaResult,
    frequency: np.ndarray,
    disagreements: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]],
    chunk: int,
    n_boot: int,
    seed: int,
    confidence: float,
    min_alphas: Sequence[float],
) -> AlphaInterval:
    """The unit bootstrap's draw, shared by single values and sets, in chunks of ``chunk`` replicates.

    Each replicate picks the pairable units with replacement as a multinomial over their
    profiles (``frequency`` units each); ``disagreements`` turns a chunk of picks (replicates x
    profiles) into each replicate's observed and expected disagreement. A replicate without
    variation (De = 0) gets alpha = 0, Krippendorff's convention, and is counted as degenerate.
    """
    n_units = int(frequency.sum())
    probability = frequency / n_units
    rng = np.random.default_rng(seed)
    alphas = np.empty(n_boot)
    degenerate = np.zeros(n_boot, dtype=bool)
    for start in range(0, n_boot, chunk):
        stop = min(n_boot, start + chunk)
        picks = rng.multinomial(n_units, probability, size=stop - start).astype(float)
        observed, expected = disagreements(picks)
        no_variation = expected <= 0.0
        alphas[start:stop] = np.where(
            no_variation, 0.0, 1.0 - observed / np.where(no_variation, 1.0, expected)
        )
        degenerate[start:stop] = no_variation
    return _summarise(point, alphas, UNIT_METHOD, seed, confidence, min_alphas, None, int(degenerate.sum()))
