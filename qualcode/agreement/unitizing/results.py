"""Typed results of the unitizing coefficients: one coefficient, per-code bundles and the 2016 family."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class UnitizingAlpha:
    """One unitizing coefficient, 1 - Do/De, with the disagreements it is made of.

    Undefined values (no unit, no variation) come back as ``nan`` with ``defined=False`` and the
    reason in ``note``, so a table over many codes can show every row.
    """

    name: str
    """Which coefficient: "alpha-u (Krippendorff 2004)", "u-alpha", "|u-alpha", "cu-alpha", "(k)u-alpha"."""
    code: str | None
    """The code it is about; ``None`` for a coefficient over several codes."""
    value: float
    """The coefficient; ``nan`` when undefined."""
    observed_disagreement: float
    """Do (for the coincidence-based family: the observed off-diagonal length)."""
    expected_disagreement: float
    """De (for the coincidence-based family: the expected off-diagonal length)."""
    n_units: int
    """Units (merged spans) of all coders that entered."""
    defined: bool = True
    """False when the data cannot support the coefficient."""
    note: str = ""
    """Why the value is undefined, when it is."""
    coverage: float | None = None
    """cu-alpha and (k)u-alpha only: the share of the coded matter's pairings with other coders
    that meet their units and so enter the coefficient (with two coders, the share of the coded
    text inside the other coder's units)."""

    @classmethod
    def undefined(cls, name: str, code: str | None, reason: str, n_units: int = 0) -> UnitizingAlpha:
        """A coefficient that cannot be computed, carrying the reason for the reader."""
        return cls(name, code, float("nan"), float("nan"), float("nan"), n_units, False, reason)


@dataclass(frozen=True)
class UnitizingAlphaByCode:
    """alpha-u (Krippendorff 2004) for each code and over all codes of the same continua."""

    coder_names: tuple[str, ...]
    """Coders in the order given."""
    total_length: int
    """L: the summed length of the continua, in characters."""
    per_code: Mapping[str, UnitizingAlpha]
    """alpha-u of each code, in the order of the codes given (else sorted)."""
    overall: UnitizingAlpha
    """1 - sum of the codes' Do / sum of their De."""


@dataclass(frozen=True, eq=False)
class UnitizingFamily:
    """The coefficients of Krippendorff, Mathet, Bouvry & Widlöcher (2016) over one set of codes."""

    coder_names: tuple[str, ...]
    """Coders in the order given."""
    codes: tuple[str, ...]
    """The values units can carry (the gap is not among them)."""
    total_length: int
    """L: the summed length of the continua, in characters."""
    u_alpha: UnitizingAlpha
    """u-alpha: agreement on every section of the continuum, each code and the gaps as values."""
    binary_u_alpha: UnitizingAlpha
    """|u-alpha: agreement on relevant (any code) versus irrelevant (gap) matter."""
    cu_alpha: UnitizingAlpha
    """cu-alpha: agreement on the codes where the coders' units intersect, gaps left out."""
    per_code: Mapping[str, UnitizingAlpha]
    """(k)u-alpha: cu-alpha's agreement on each code k."""
    observed_coincidences: np.ndarray
    """Read-only (codes + 1) x (codes + 1) matrix of observed coincidences in characters; the last
    row and column are the gap."""
    expected_coincidences: np.ndarray
    """Read-only matrix of expected coincidences, same layout."""
