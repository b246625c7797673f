"""Typed results of the agreement statistics: coefficients, alpha intervals and per-code bundles."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import numpy as np

Level = Literal["nominal", "ordinal", "interval", "ratio"]
"""Krippendorff's levels of measurement, each with its own difference function."""
LEVELS: tuple[Level, ...] = ("nominal", "ordinal", "interval", "ratio")

Verdict = Literal["reliable", "tentative", "unreliable", "undefined", "too few coded units to judge"]
"""Krippendorff's reading of alpha: >= 0.800 reliable, >= 0.667 tentative, below that unreliable."""

TOO_FEW_CODED_UNITS: Verdict = "too few coded units to judge"
RELIABLE = 0.800
"""Krippendorff (2004, p. 241): rely on variables with alpha >= .800."""
TENTATIVE = 0.667
"""Krippendorff (2004): alpha >= .667 allows tentative conclusions only."""

KALPHA_METHOD = "kalpha-bootstrap (Hayes & Krippendorff 2007)"
UNIT_METHOD = "unit bootstrap"


@dataclass(frozen=True)
class Coefficient:
    """One agreement coefficient with its uncertainty, or the reason it is undefined.

    A coefficient that cannot be computed (no pairable unit, chance agreement of 1) is returned
    with ``defined=False`` and ``value=nan`` rather than raising, so a table over many codes
    can show every row and say why a cell is empty.
    """

    name: str
    """Human-readable name, e.g. "Gwet's AC1"."""
    value: float
    """The estimate; ``nan`` when undefined."""
    se: float | None = None
    """Standard error where the literature gives one (see ``note`` for which formula)."""
    ci_low: float | None = None
    """Lower confidence bound, clipped to the coefficient's range."""
    ci_high: float | None = None
    """Upper confidence bound, clipped to 1."""
    defined: bool = True
    """False when the data cannot support the coefficient; ``note`` says why."""
    note: str = ""
    """Which formula was used, or why the value is undefined."""
    observed_agreement: float | None = None
    """p_a: the share of agreeing pairs of ratings."""
    chance_agreement: float | None = None
    """p_e: the agreement the coefficient's model of chance expects."""
    n_units: int = 0
    """Units that entered the calculation."""
    confidence: float = 0.95
    """Coverage of ``ci_low``..``ci_high``."""

    @classmethod
    def undefined(cls, name: str, reason: str, n_units: int = 0) -> Coefficient:
        """A coefficient that cannot be computed, carrying the reason for the reader."""
        return cls(name=name, value=float("nan"), defined=False, note=reason, n_units=n_units)


@dataclass(frozen=True)
class AlphaResult:
    """Krippendorff's alpha with the disagreements it is made of and the units it used."""

    value: float
    """1 - Do/De; ``nan`` when undefined."""
    level: str
    """Metric: nominal, ordinal, interval, ratio, or the name of a set distance."""
    observed_disagreement: float
    """Do, the mean distance between values paired within units."""
    expected_disagreement: float
    """De, the mean distance between any two pairable values."""
    n_pairable_units: int
    """Units with values from at least two coders."""
    n_pairable_values: int
    """n.., the number of values in pairable units."""
    n_dropped_units: int
    """Units with fewer than two values, which alpha ignores."""
    defined: bool = True
    """False when there is no pairable unit or no variation (De = 0)."""
    note: str = ""
    """Why the value is undefined, when it is."""


@dataclass(frozen=True)
class AlphaInterval:
    """A bootstrap distribution of alpha summarised as an interval and failure probabilities."""

    point: float
    """Alpha on the observed data."""
    ci_low: float
    """Lower percentile bound of the bootstrap distribution."""
    ci_high: float
    """Upper percentile bound of the bootstrap distribution."""
    confidence: float
    """Coverage of the percentile interval."""
    method: str
    """"kalpha-bootstrap (Hayes & Krippendorff 2007)" or "unit bootstrap"."""
    n_boot: int
    """Replicates drawn."""
    seed: int | None
    """Seed of the generator; the same seed gives the same interval."""
    p_below: Mapping[float, float] = field(default_factory=dict)
    """For each minimum alpha, the share of replicates below it (KALPHA's q)."""
    n_pairs_drawn: int | None = None
    """KALPHA only: pairs of values drawn per replicate (M)."""
    n_degenerate: int = 0
    """Replicates without variation or outside [-1, 1], corrected as KALPHA does (see method)."""
    defined: bool = True
    """False when alpha itself is undefined; the bounds are then ``nan``."""
    note: str = ""
    """Why the interval is undefined, or caveats about it."""


@dataclass(frozen=True)
class CodeAgreement:
    """Everything the agreement screen shows for one binary code, computed on one set of units.

    All coefficients see the same units: those reviewed by at least two coders (pairable).
    """

    code: str
    """The code's path or name, as the caller labels it."""
    coder_names: tuple[str, ...]
    """Coders in the order of the data's rows."""
    n_units: int
    """Pairable units: reviewed by at least two coders."""
    n_dropped_units: int
    """Units reviewed by fewer than two coders, left out of every figure."""
    n_pairable_values: int
    """Reviews (coder x unit) in pairable units."""
    prevalence: float
    """Share of pairable reviews in which the code was applied."""
    percent_agreement: Coefficient
    """Pairwise agreement over every pairable unit, including units where nobody applied the code."""
    percent_agreement_coded_units: Coefficient
    """Pairwise agreement over the units at least one coder applied the code to."""
    n_coded_units: int
    """Pairable units at least one coder applied the code to."""
    alpha: Coefficient
    """Krippendorff's alpha (nominal), with a bootstrap interval when one was requested."""
    alpha_interval: AlphaInterval | None
    """The bootstrap behind ``alpha``'s interval, when one was requested."""
    cohen_kappa: Coefficient | None
    """Cohen's kappa; only for exactly two coders."""
    scott_pi: Coefficient | None
    """Scott's pi; only for exactly two coders."""
    fleiss_kappa: Coefficient
    """Fleiss' kappa in Gwet's generalisation to unequal numbers of raters."""
    gwet_ac1: Coefficient
    """Gwet's AC1 over the two categories applied / not applied."""
    brennan_prediger: Coefficient
    """Brennan-Prediger coefficient with q = 2."""
    verdict: Verdict
    """Krippendorff's reading of alpha, or why no reading is possible."""
    diagnostics: tuple[str, ...]
    """Plain-language warnings (prevalence paradox, too few coded units, ...)."""


@dataclass(frozen=True)
class PooledAgreement:
    """Agreement over a whole codebook: alpha on all codes' units together and the mean per code."""

    pooled_alpha: AlphaResult
    """Alpha over every unit x code treated as a separate unit."""
    mean_alpha: float
    """Mean of the per-code alphas that are defined; ``nan`` if none is."""
    n_codes: int
    """Codes given."""
    n_codes_defined: int
    """Codes whose alpha is defined and enters ``mean_alpha``."""


@dataclass(frozen=True, eq=False)
class ConfusionTable:
    """Code x code counts for two coders: when the row coder applied X, which codes the other applied."""

    row_coder: str
    """Coder whose codes label the rows."""
    column_coder: str
    """Coder whose codes label the columns."""
    labels: tuple[str, ...]
    """Row and column labels: the codes, then "(none)"."""
    counts: np.ndarray
    """Read-only 2-D int array, ``counts[i, j]`` = units where the row coder applied ``labels[i]``
    and the column coder ``labels[j]``."""
    n_units: int
    """Units both coders reviewed."""


@dataclass(frozen=True)
class BatchAgreement:
    """Alpha within one batch of units, to see whether agreement drifts over the coding period."""

    batch: str
    """The batch label (e.g. a week or an import)."""
    n_units: int
    """Units in the batch."""
    n_pairable_units: int
    """Units in the batch reviewed by at least two coders."""
    alpha: AlphaResult
    """Alpha within the batch."""
