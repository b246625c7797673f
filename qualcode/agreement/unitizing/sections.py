"""Coders' spans on several continua, validated, merged and laid end to end as sorted unit arrays."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from qualcode.agreement.reliability_data import AgreementDataError

SpanRows = Iterable[Sequence[int]] | npt.NDArray[np.int64]
"""One coder's spans for one code: rows (continuum, start, end), end exclusive."""
CodedSpanRows = Iterable[Sequence[object]]
"""One coder's spans of several codes: rows (continuum, start, end, code), end exclusive."""


@dataclass(frozen=True, eq=False)
class CoderUnits:
    """One coder's units over all continua, sorted, at positions in the concatenated continuum."""

    starts: np.ndarray
    """Start of each unit (int64): the continuum's offset plus the start within it."""
    ends: np.ndarray
    """End of each unit, exclusive."""
    values: np.ndarray
    """Index of each unit's code in ``Unitization.codes``."""

    @property
    def lengths(self) -> np.ndarray:
        """Lengths of the units."""
        return self.ends - self.starts


@dataclass(frozen=True, eq=False)
class Unitization:
    """Every coder's units over the same continua: the input of every unitizing coefficient.

    Continua (documents) are laid end to end; ``offsets[d]`` is where continuum d begins. A unit
    never crosses a continuum's end, and a gap ends where its continuum ends.
    """

    coder_names: tuple[str, ...]
    """Coders in the order given."""
    codes: tuple[str, ...]
    """The codes (values) the units carry, sorted."""
    offsets: np.ndarray
    """Start of each continuum in the concatenation, plus the total length at the end."""
    units: tuple[CoderUnits, ...]
    """Per coder, in the order of ``coder_names``."""

    @property
    def total_length(self) -> int:
        """L: the summed length of all continua."""
        return int(self.offsets[-1])

    @property
    def n_coders(self) -> int:
        """m: the number of coders."""
        return len(self.coder_names)

    def only(self, code_index: int) -> Unitization:
        """The same continua with only the units of one code (for the per-code coefficients)."""
        kept = []
        for coder in self.units:
            keep = coder.values == code_index
            kept.append(CoderUnits(coder.starts[keep], coder.ends[keep], np.zeros(int(keep.sum()), np.int64)))
        return Unitization(self.coder_names, (self.codes[code_index],), self.offsets, tuple(kept))

    def gap_lengths(self, coder: CoderUnits) -> np.ndarray:
        """Lengths of one coder's gaps: the stretches of each continuum outside the coder's units.

        Gaps are maximal (a gap runs from one unit, or a continuum's start, to the next unit or the
        continuum's end), so two adjacent units have no gap between them.
        """
        inner = self.offsets[1:-1]
        starts = np.concatenate([coder.starts, inner])
        ends = np.concatenate([coder.ends, inner])
        order = np.lexsort((ends, starts))
        starts, ends = starts[order], ends[order]
        gap_starts = np.concatenate([[0], ends])
        gap_ends = np.concatenate([starts, [self.total_length]])
        lengths = gap_ends - gap_starts
        return lengths[lengths > 0]


def _continuum_offsets(lengths: int | Sequence[int] | npt.ArrayLike) -> np.ndarray:
    sizes = np.atleast_1d(np.asarray(lengths))
    if sizes.ndim != 1 or not np.issubdtype(sizes.dtype, np.integer):
        raise AgreementDataError("continuum lengths must be whole numbers of characters, one per continuum")
    if (sizes < 0).any():
        bad = int(np.flatnonzero(sizes < 0)[0])
        raise AgreementDataError(f"continuum {bad} has a negative length ({int(sizes[bad])})")
    return np.concatenate([[0], np.cumsum(sizes, dtype=np.int64)])


def _as_int_rows(rows: Iterable[Sequence[object]] | np.ndarray, columns: int, coder: str) -> np.ndarray:
    if isinstance(rows, np.ndarray):
        array = rows
    else:
        listed = [tuple(row)[:columns] for row in rows]
        array = np.array(listed, dtype=np.int64) if listed else np.zeros((0, columns), np.int64)
    if array.ndim != 2 or array.shape[1] != columns or not np.issubdtype(array.dtype, np.integer):
        raise AgreementDataError(
            f"coder {coder!r}: spans must be rows of whole numbers (continuum, start, end); "
            f"got an array of shape {array.shape}"
        )
    return array.astype(np.int64, copy=False)


def _check_spans(rows: np.ndarray, offsets: np.ndarray, coder: str) -> None:
    n_continua = len(offsets) - 1
    continuum, start, end = rows[:, 0], rows[:, 1], rows[:, 2]
    outside = (continuum < 0) | (continuum >= n_continua)
    if outside.any():
        row = rows[np.flatnonzero(outside)[0]]
        raise AgreementDataError(
            f"coder {coder!r}: span ({row[1]}, {row[2]}) names continuum {row[0]}, "
            f"but there are {n_continua} continua (0..{n_continua - 1})"
        )
    size = offsets[np.clip(continuum, 0, n_continua - 1) + 1] - offsets[np.clip(continuum, 0, n_continua - 1)]
    wrong = (start < 0) | (end < start) | (end > size)
    if wrong.any():
        index = np.flatnonzero(wrong)[0]
        row = rows[index]
        raise AgreementDataError(
            f"coder {coder!r}: span ({row[1]}, {row[2]}) in continuum {row[0]} is not a range "
            f"0 <= start <= end <= {int(size[index])} (the continuum's length)"
        )


def _merge(
    starts: np.ndarray, ends: np.ndarray, groups: np.ndarray, merge_adjacent: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Merge overlapping (and, if asked, touching) spans within each group; drop empty spans."""
    keep = ends > starts
    starts, ends, groups = starts[keep], ends[keep], groups[keep]
    if starts.size == 0:
        return starts, ends, groups
    order = np.lexsort((starts, groups))
    starts, ends, groups = starts[order], ends[order], groups[order]
    # Spans of different groups must never merge: shift each group past the previous one's range.
    span = int(ends.max()) + 1
    shifted_starts = groups * span + starts
    shifted_ends = groups * span + ends
    reach = np.maximum.accumulate(shifted_ends)
    previous = np.concatenate([[-1], reach[:-1]])
    new = shifted_starts > previous if merge_adjacent else shifted_starts >= previous
    first = np.flatnonzero(new)
    merged_ends = np.maximum.reduceat(shifted_ends, first) - groups[first] * span
    return starts[first], merged_ends, groups[first]


def unitization(
    lengths: int | Sequence[int] | npt.ArrayLike,
    spans: Mapping[str, CodedSpanRows | np.ndarray],
    *,
    codes: Sequence[Hashable] | None = None,
    merge_adjacent: bool = True,
    exclusive: bool = True,
) -> Unitization:
    """Validate coders' coded spans and merge them into units.

    ``spans`` maps each coder to rows (continuum, start, end, code); a coder with no spans is
    given an empty list, and counts as a coder who found nothing. With a NumPy integer array of
    shape (n, 4), the last column indexes ``codes``. Spans of the same coder and code that overlap
    are merged into one unit, and so are touching ones (end == next start) unless
    ``merge_adjacent`` is false (published examples keep touching units apart). Empty spans are
    dropped: they carry no length, so no coefficient can see them. With ``exclusive``, two codes
    of one coder may not overlap, because the coefficients over several codes treat each character
    as having one value per coder.
    """
    offsets = _continuum_offsets(lengths)
    if len(spans) < 2:
        raise AgreementDataError(f"unitizing agreement needs at least two coders; got {len(spans)}")
    columns: dict[str, tuple[np.ndarray, list[Hashable] | None]] = {}
    for coder, rows in spans.items():
        if isinstance(rows, np.ndarray):
            columns[coder] = (_as_int_rows(rows, 4, coder), None)
        else:
            listed = [tuple(row) for row in rows]
            if any(len(row) != 4 for row in listed):
                raise AgreementDataError(f"coder {coder!r}: each span must be (continuum, start, end, code)")
            numbers = _as_int_rows([row[:3] + (0,) for row in listed], 4, coder)
            columns[coder] = (numbers, [row[3] for row in listed])
    if codes is None:
        found = {label for _, labels in columns.values() if labels is not None for label in labels}
        known = tuple(sorted(found, key=str))
    else:
        known = tuple(codes)
    index = {label: i for i, label in enumerate(known)}
    units = []
    for coder, (rows, labels) in columns.items():
        _check_spans(rows[:, :3], offsets, coder)
        if labels is not None:
            missing = [label for label in labels if label not in index]
            if missing:
                raise AgreementDataError(f"coder {coder!r}: code {missing[0]!r} is not among the codes given")
            rows[:, 3] = np.array([index[label] for label in labels], dtype=np.int64)
        elif rows.size and ((rows[:, 3] < 0) | (rows[:, 3] >= len(known))).any():
            raise AgreementDataError(f"coder {coder!r}: a code index lies outside 0..{len(known) - 1}")
        starts = offsets[rows[:, 0]] + rows[:, 1]
        ends = offsets[rows[:, 0]] + rows[:, 2]
        # Units merge within one code and one continuum only: touching across a boundary is not touching.
        n_continua = len(offsets) - 1
        merged = _merge(starts, ends, rows[:, 3] * n_continua + rows[:, 0], merge_adjacent)
        order = np.argsort(merged[0], kind="stable")
        coder_units = CoderUnits(merged[0][order], merged[1][order], merged[2][order] // n_continua)
        if exclusive:
            _check_exclusive(coder, coder_units, offsets, known)
        units.append(coder_units)
    return Unitization(tuple(spans), tuple(str(code) for code in known), offsets, tuple(units))


def _check_exclusive(coder: str, units: CoderUnits, offsets: np.ndarray, codes: tuple[Hashable, ...]) -> None:
    clash = np.flatnonzero(units.starts[1:] < units.ends[:-1])
    if clash.size:
        first = int(clash[0])
        continuum = int(np.searchsorted(offsets, units.starts[first + 1], side="right") - 1)
        base = int(offsets[continuum])
        overlap = (
            int(units.starts[first + 1]) - base,
            int(min(units.ends[first], units.ends[first + 1])) - base,
        )
        raise AgreementDataError(
            f"coder {coder!r} applied {codes[units.values[first]]!r} and "
            f"{codes[units.values[first + 1]]!r} to overlapping text in continuum {continuum} "
            f"({overlap[0]}..{overlap[1]}); "
            "codes compared together must not overlap within one coder"
        )


def single_code_unitization(
    lengths: int | Sequence[int] | npt.ArrayLike,
    spans: Mapping[str, SpanRows],
    *,
    code: str = "code",
    merge_adjacent: bool = True,
) -> Unitization:
    """Like ``unitization`` for one code: rows (continuum, start, end), or an (n, 3) int array."""
    coded: dict[str, CodedSpanRows | np.ndarray] = {}
    for coder, rows in spans.items():
        array = _as_int_rows(rows, 3, coder)
        coded[coder] = np.column_stack([array, np.zeros(len(array), np.int64)])
    return unitization(lengths, coded, codes=[code], merge_adjacent=merge_adjacent)
