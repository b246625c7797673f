"""Reliability data in the coders x units layout: validation, pairable units and category counts."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from qualcode.errors import AgreementDataError


def as_reliability_data(data: npt.ArrayLike) -> np.ndarray:
    """Return ``data`` as a float array of shape (n_coders, n_units), ``nan`` marking missing values.

    Every statistic goes through this one door so that ``None`` in nested lists, integer arrays and
    pandas frames all mean the same thing: a coder who did not review the unit.
    """
    try:
        array = np.asarray(data, dtype=float)
    except (TypeError, ValueError) as error:
        raise AgreementDataError(f"reliability data must be numeric (nan for missing): {error}") from error
    if array.ndim != 2:
        raise AgreementDataError(
            f"reliability data must be 2-D (coders x units); got an array of shape {array.shape}"
        )
    if np.isinf(array).any():
        raise AgreementDataError("reliability data contains an infinite value")
    return array


def units_by_coders(data: npt.ArrayLike) -> np.ndarray:
    """Convert the units x coders layout (one row per unit, as in irrCAC) to coders x units."""
    return as_reliability_data(np.asarray(data, dtype=float).T)


def values_per_unit(data: np.ndarray) -> np.ndarray:
    """How many coders gave a value to each unit."""
    return (~np.isnan(data)).sum(axis=0)


def pairable_units(data: np.ndarray) -> np.ndarray:
    """Boolean mask of the units that count for agreement: those with values from two or more coders.

    This is the single rule for which units enter an agreement figure; a unit seen by one coder
    cannot show agreement or disagreement.
    """
    return values_per_unit(data) >= 2


def observed_categories(data: np.ndarray) -> np.ndarray:
    """The sorted distinct values present in the data."""
    values = data[~np.isnan(data)]
    return np.unique(values)


def category_index(
    data: np.ndarray, categories: npt.ArrayLike | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Map each value to its position in ``categories`` (-1 for missing).

    Returns the index array (same shape as ``data``) and the categories used. Passing the value
    domain keeps categories no coder used, which matters for Brennan-Prediger and AC1.
    """
    present = observed_categories(data)
    if categories is None:
        domain = present
    else:
        domain = np.unique(np.asarray(categories, dtype=float))
        unknown = np.setdiff1d(present, domain)
        if unknown.size:
            raise AgreementDataError(
                f"the data contain values outside the given categories: {unknown.tolist()}"
            )
    index = np.full(data.shape, -1, dtype=np.int64)
    observed = ~np.isnan(data)
    index[observed] = np.searchsorted(domain, data[observed])
    return index, domain


def category_counts(
    data: np.ndarray, categories: npt.ArrayLike | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Units x categories counts (how many coders put each unit in each category).

    Units nobody rated are dropped, as in Gwet's irrCAC; units with a single rating are kept,
    because Gwet's chance-agreement terms use them. Returns the counts and the categories.
    """
    index, domain = category_index(data, categories)
    counts = _counts_per_unit(index, len(domain))
    rated = counts.sum(axis=1) > 0
    return counts[rated], domain


def value_counts_of_pairable_units(data: np.ndarray, domain: np.ndarray) -> np.ndarray:
    """Units x values counts for the pairable units only, the input of every coincidence matrix."""
    index, _ = category_index(data[:, pairable_units(data)], domain)
    return _counts_per_unit(index, len(domain))


def _counts_per_unit(index: np.ndarray, n_categories: int) -> np.ndarray:
    """Count category indices per unit (column); -1 entries are missing and not counted."""
    n_units = index.shape[1]
    observed = index >= 0
    unit_of_value = np.broadcast_to(np.arange(n_units), index.shape)[observed]
    flat = unit_of_value * n_categories + index[observed]
    counts = np.bincount(flat, minlength=n_units * n_categories)
    return counts.reshape(n_units, n_categories)


def distinct_rows(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct rows of a units x categories counts table and how many units share each.

    Every statistic here is a sum over units of a term that depends only on the unit's counts, so
    a table of 100,000 units with a handful of distinct rows can be passed as those rows with
    their frequencies (``weights``) and give the same figures.
    """
    table = np.asarray(counts, dtype=np.int64)
    if table.ndim != 2:
        raise AgreementDataError(f"category counts must be 2-D (units x categories); got shape {table.shape}")
    if table.shape[0] == 0:
        return table.copy(), np.zeros(0, dtype=np.int64)
    base = int(table.max()) + 1
    n_columns = table.shape[1]
    if base**n_columns <= 1 << 20:
        places = base ** np.arange(n_columns, dtype=np.int64)
        key = np.zeros(table.shape[0], dtype=np.int64)
        for column, place in enumerate(places.tolist()):
            key += table[:, column] * place
        frequency = np.bincount(key, minlength=base**n_columns)
        keys = np.flatnonzero(frequency)
        rows = (keys[:, None] // places[None, :]) % base
        return rows, frequency[keys]
    rows, frequency = np.unique(table, axis=0, return_counts=True)
    return rows, frequency
