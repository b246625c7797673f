"""Agreement across codes: alpha of a mutually exclusive group and a two-coder confusion table."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt

from qualcode.agreement.alpha import krippendorff_alpha_result
from qualcode.agreement.reliability_data import AgreementDataError, as_reliability_data
from qualcode.agreement.results import AlphaResult, ConfusionTable
from qualcode.agreement.set_valued import CodeSet

NONE_LABEL = "(none)"


def group_values(units: Sequence[Sequence[CodeSet | None]], group_codes: Sequence[Hashable]) -> np.ndarray:
    """Coders x units values for a mutually exclusive group of codes.

    Each review becomes the index of the group's code the coder applied, ``len(group_codes)`` when
    the coder applied none of them ("none of the group"), and ``nan`` when the coder did not review
    the unit. ``units`` has one entry per unit and, in it, one set (or None) per coder.
    """
    position = {code: i for i, code in enumerate(group_codes)}
    n_coders = max((len(unit) for unit in units), default=0)
    values = np.full((n_coders, len(units)), np.nan)
    for u, unit in enumerate(units):
        for coder, codes in enumerate(unit):
            if codes is None:
                continue
            applied = [position[code] for code in codes if code in position]
            if len(applied) > 1:
                raise AgreementDataError(
                    f"unit {u}: coder {coder + 1} applied {len(applied)} codes of a mutually exclusive group"
                )
            values[coder, u] = applied[0] if applied else len(group_codes)
    return values


def _stacked_codes(code_data: Sequence[npt.ArrayLike]) -> tuple[np.ndarray, np.ndarray]:
    """(codes, coders, units) 0/1 array of a group's codes and the coders x units missing mask."""
    if not code_data:
        raise AgreementDataError("a group needs at least one code")
    stack = np.stack([as_reliability_data(data) for data in code_data])
    missing = np.isnan(stack)
    if (missing != missing[0]).any():
        raise AgreementDataError("every code of a group must be missing for the same coders and units")
    applied = np.where(missing, 0.0, stack)
    if not np.isin(applied, (0.0, 1.0)).all():
        raise AgreementDataError("a code's data may hold only 0 (not applied), 1 (applied) and nan")
    return applied, missing[0]


def multiple_code_reviews(code_data: Sequence[npt.ArrayLike]) -> np.ndarray:
    """Coders x units mask of the reviews that applied more than one code of the group."""
    applied, missing = _stacked_codes(code_data)
    return (applied.sum(axis=0) > 1) & ~missing


def group_values_from_codes(
    code_data: Sequence[npt.ArrayLike], conflicts: Literal["raise", "missing"] = "raise"
) -> np.ndarray:
    """``group_values`` from the group's per-code coders x units 0/1/nan arrays, without a loop over units.

    The encoding is the same: the index of the code the coder applied, ``len(code_data)`` for none
    of them, ``nan`` for a unit the coder did not review. A review with several of the group's codes
    raises, or with ``conflicts="missing"`` is treated as not reviewed (count such reviews with
    ``multiple_code_reviews`` to report them).
    """
    applied, missing = _stacked_codes(code_data)
    n_applied = applied.sum(axis=0)
    several = (n_applied > 1) & ~missing
    if several.any() and conflicts == "raise":
        coder, unit = (int(i) for i in np.argwhere(several)[0])
        raise AgreementDataError(
            f"unit {unit}: coder {coder + 1} applied {int(n_applied[coder, unit])} codes of a mutually "
            "exclusive group"
        )
    values = np.where(n_applied == 0, float(len(code_data)), applied.argmax(axis=0).astype(float))
    values[missing | several] = np.nan
    return values


def group_alpha(values: npt.ArrayLike) -> AlphaResult:
    """Nominal alpha of a mutually exclusive group, from ``group_values``' coders x units array.

    The group is one nominal variable whose categories are its codes plus "none of the group", so
    confusing two codes of the group counts as disagreement, unlike in per-code binary alphas.
    """
    return krippendorff_alpha_result(values, "nominal")


def confusion_table(
    a_sets: Sequence[CodeSet | None],
    b_sets: Sequence[CodeSet | None],
    codes: Sequence[str],
    row_coder: str = "A",
    column_coder: str = "B",
) -> ConfusionTable:
    """For units both coders reviewed: when A applied X, which codes did B apply.

    Every unit adds one count for each pair (code A applied, code B applied), with "(none)" standing
    in when a coder applied none of ``codes``; codes outside ``codes`` are ignored. The diagonal is
    agreement, off-diagonal cells show which codes are confused with which.
    """
    if len(a_sets) != len(b_sets):
        raise AgreementDataError(f"{len(a_sets)} units for {row_coder} but {len(b_sets)} for {column_coder}")
    labels = (*codes, NONE_LABEL)
    position = {code: i for i, code in enumerate(codes)}
    none = len(codes)
    counts = np.zeros((len(labels), len(labels)), dtype=np.int64)
    n_units = 0
    for a, b in zip(a_sets, b_sets, strict=True):
        if a is None or b is None:
            continue
        n_units += 1
        rows = [position[code] for code in a if code in position] or [none]
        columns = [position[code] for code in b if code in position] or [none]
        counts[np.ix_(rows, columns)] += 1
    counts.setflags(write=False)
    return ConfusionTable(row_coder, column_coder, labels, counts, n_units)


def confusion_table_from_codes(
    a_applied: npt.ArrayLike,
    b_applied: npt.ArrayLike,
    codes: Sequence[str],
    row_coder: str = "A",
    column_coder: str = "B",
) -> ConfusionTable:
    """``confusion_table`` from units x codes applied/not-applied matrices, as one matrix product.

    Both matrices hold the units both coders reviewed, one column per code in ``codes``; a unit
    adds one count to each (code A applied, code B applied) cell, "(none)" when a coder applied
    none of ``codes``.
    """
    a = np.asarray(a_applied, dtype=bool)
    b = np.asarray(b_applied, dtype=bool)
    if a.shape != b.shape or a.ndim != 2 or a.shape[1] != len(codes):
        raise AgreementDataError(
            f"applied matrices must both be units x {len(codes)} codes; got {a.shape} and {b.shape}"
        )
    rows = np.hstack([a, ~a.any(axis=1, keepdims=True)]).astype(float)
    columns = np.hstack([b, ~b.any(axis=1, keepdims=True)]).astype(float)
    counts = np.rint(rows.T @ columns).astype(np.int64)
    counts.setflags(write=False)
    return ConfusionTable(row_coder, column_coder, (*codes, NONE_LABEL), counts, int(a.shape[0]))
