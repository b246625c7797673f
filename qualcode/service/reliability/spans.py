"""Agreement on spans: Krippendorff's unitizing coefficients over each document, and where spans differ.

Segment-level figures read spans through one rule (`SPAN_RULE`, applied by the store): a segment
has a code for a coder when any span of that code lies in it. The unitizing figures look at the
extents themselves, over continua built by `CONTINUUM_RULE`, so that coders who marked the same
turn but different phrases are told apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sqlmodel import Session

from qualcode.agreement import AgreementDataError
from qualcode.agreement.unitizing import (
    UnitizingAlpha,
    UnitizingAlphaByCode,
    UnitizingFamily,
    alpha_u_by_code,
    unitizing_family,
)
from qualcode.service.reliability.compute import ComparedCodings
from qualcode.service.reliability.report import SPAN_RULE as SPAN_RULE
from qualcode.service.reliability.results import SpanDifference
from qualcode.service.reliability.selection import Selection
from qualcode.store.span_data import SegmentLengths, partial_codings, segment_lengths

CONTINUUM_RULE = (
    "each document is one continuum: the texts of its segments that every compared coder marked done, "
    "end to end in reading order; a span lies at its segment's place in it plus its offset in the segment; "
    "a coder's overlapping or touching spans of one code form one unit; codes count as applied, "
    "not rolled up into their parents"
)


@dataclass(frozen=True)
class UnitizingDomain:
    """The 2016 family over one mutually exclusive group (a semantic domain), or why it is missing."""

    group: str
    family: UnitizingFamily | None
    note: str = ""


@dataclass(frozen=True)
class UnitizingSection:
    """Unitizing agreement of the compared coders, shown beside the segment-level figures."""

    n_continua: int
    n_segments: int
    """Segments every compared coder marked done: the text the continua are made of."""
    total_length: int
    alpha_u: UnitizingAlphaByCode
    """alpha-u (Krippendorff 2004) per code and over all codes."""
    binary: tuple[UnitizingAlpha, ...]
    """|u-alpha per code: coded versus uncoded text (ATLAS.ti's alpha-binary)."""
    domains: tuple[UnitizingDomain, ...]
    rule: str = CONTINUUM_RULE


@dataclass(frozen=True, eq=False)
class _Continua:
    lengths: np.ndarray
    """Each continuum's length."""
    segment_ids: np.ndarray
    """Segments in the continua, sorted by id, with their continuum and offset in it."""
    continuum: np.ndarray
    offset: np.ndarray
    segment_length: np.ndarray


def _continua(lengths: SegmentLengths, segment_ids: np.ndarray) -> _Continua:
    keep = np.isin(lengths.segment_ids, segment_ids)
    documents, continuum = np.unique(lengths.document_ids[keep], return_inverse=True)
    length = lengths.lengths[keep]
    totals = np.bincount(continuum, weights=length, minlength=len(documents)).astype(np.int64)
    starts = np.concatenate([[0], np.cumsum(totals)[:-1]])
    offset = np.cumsum(length) - length - starts[continuum]
    order = np.argsort(lengths.segment_ids[keep], kind="stable")
    return _Continua(totals, lengths.segment_ids[keep][order], continuum[order], offset[order], length[order])


def _coder_spans(
    continua: _Continua, extents: np.ndarray, coder_ids: Sequence[int], code_ids: Sequence[int]
) -> list[np.ndarray]:
    """Per coder, rows (continuum, start, end, code index) of their codings inside the continua."""
    at = np.searchsorted(continua.segment_ids, extents[:, 0])
    inside = at < len(continua.segment_ids)
    inside[inside] = continua.segment_ids[at[inside]] == extents[inside, 0]
    lookup = np.full(max([*code_ids, int(extents[:, 2].max(initial=0))]) + 1, -1, dtype=np.int64)
    lookup[list(code_ids)] = np.arange(len(code_ids))
    code_index = lookup[extents[:, 2]]
    inside &= code_index >= 0
    rows, at, code_index = extents[inside], at[inside], code_index[inside]
    # A span past its segment's end (the transcript changed since) is cut at the end.
    end = np.minimum(rows[:, 4], continua.segment_length[at])
    start = np.minimum(rows[:, 3], end)
    spans = np.column_stack(
        [continua.continuum[at], continua.offset[at] + start, continua.offset[at] + end, code_index]
    )
    return [spans[rows[:, 1] == coder_id] for coder_id in coder_ids]


def span_inputs(
    session: Session, project_id: int, selection: Selection, compared: ComparedCodings
) -> tuple[SegmentLengths, np.ndarray] | None:
    """Segment lengths and every compared coding's extent; None when all of them are whole-segment.

    Extents are rows (segment id, coder id, code id, start, end). The whole-segment ones come from
    the segment-level arrays; only the partial ones are read.
    """
    coder_ids = _coder_ids(selection)
    partial = partial_codings(
        session, coder_ids, [code.id for code in selection.columns], selection.document_ids
    )
    if not len(partial):
        return None
    lengths = segment_lengths(session, project_id, selection.document_ids)
    return lengths, _extents(lengths, partial, compared, coder_ids)


def _extents(
    lengths: SegmentLengths, partial: np.ndarray, compared: ComparedCodings, coder_ids: Sequence[int]
) -> np.ndarray:
    code_ids = np.array([code.id for code in compared.codes], dtype=np.int64)
    segment = compared.segment_ids[compared.coding_unit]
    coder = np.asarray(coder_ids, dtype=np.int64)[compared.coding_coder]
    code = code_ids[compared.coding_code]
    span = max(int(code_ids.max(initial=0)), int(partial[:, 2].max())) + 1
    people = max(int(coder.max(initial=0)), int(partial[:, 1].max())) + 1

    def key(segments: np.ndarray, coders: np.ndarray, codes: np.ndarray) -> np.ndarray:
        return (segments * people + coders) * span + codes

    # A code the coder gave only as spans is not also a whole-segment coding of that segment.
    spans_only = partial[partial[:, 5] == 0]
    whole = ~np.isin(key(segment, coder, code), key(spans_only[:, 0], spans_only[:, 1], spans_only[:, 2]))
    by_id = np.argsort(lengths.segment_ids, kind="stable")
    length = lengths.lengths[by_id[np.searchsorted(lengths.segment_ids, segment[whole], sorter=by_id)]]
    whole_rows = np.column_stack([segment[whole], coder[whole], code[whole], np.zeros_like(length), length])
    return np.concatenate([whole_rows, partial[:, :5]])


def _coder_ids(selection: Selection) -> list[int]:
    ids = [coder.id for coder in selection.coders]
    assert None not in ids
    return ids  # type: ignore[return-value]


def unitizing_section(
    lengths: SegmentLengths, extents: np.ndarray, compared: ComparedCodings, selection: Selection
) -> UnitizingSection:
    """alpha-u per code and overall, |u-alpha per code, and the family per exclusive group."""
    coder_ids, codes, groups = _coder_ids(selection), selection.codes, selection.groups
    judged = compared.segment_ids[compared.reviewed.all(axis=0)]
    continua = _continua(lengths, judged)
    paths = [code.path for code in codes]
    per_coder = _coder_spans(continua, extents, coder_ids, [code.id for code in codes])
    spans = dict(zip(compared.coders, per_coder, strict=True))
    alpha_u = alpha_u_by_code(continua.lengths, spans, codes=paths)
    binary = []
    for k, path in enumerate(paths):
        only = {coder: rows[rows[:, 3] == k] * [1, 1, 1, 0] for coder, rows in spans.items()}
        binary.append(unitizing_family(continua.lengths, only, codes=[path]).binary_u_alpha)
    position = {code.id: k for k, code in enumerate(codes)}
    domains = []
    for group in groups:
        members = [position[member.id] for member in group.members if member.id in position]
        local = np.full(len(codes), -1, dtype=np.int64)
        local[members] = np.arange(len(members))
        chosen = {coder: rows[np.isin(rows[:, 3], members)] for coder, rows in spans.items()}
        relabelled = {
            coder: np.column_stack([rows[:, :3], local[rows[:, 3]]]) for coder, rows in chosen.items()
        }
        try:
            family = unitizing_family(continua.lengths, relabelled, codes=[paths[k] for k in members])
        except AgreementDataError as error:
            domains.append(UnitizingDomain(group.parent.path, None, str(error)))
            continue
        domains.append(UnitizingDomain(group.parent.path, family))
    return UnitizingSection(
        n_continua=len(continua.lengths),
        n_segments=len(continua.segment_ids),
        total_length=int(continua.lengths.sum()),
        alpha_u=alpha_u,
        binary=tuple(binary),
        domains=tuple(domains),
    )


def span_differences(
    lengths: SegmentLengths, extents: np.ndarray, compared: ComparedCodings, selection: Selection
) -> dict[int, tuple[SpanDifference, ...]]:
    """Per segment, the codes that two or more judging coders gave it with different extents.

    Only segments with a partial coding can differ: where everyone coded whole segments, the
    segment-level comparison already says everything.
    """
    length_of = dict(zip(lengths.segment_ids.tolist(), lengths.lengths.tolist(), strict=True))
    unit_of = {int(s): u for u, s in enumerate(compared.segment_ids.tolist())}
    row_of = {coder_id: row for row, coder_id in enumerate(_coder_ids(selection))}
    partial = {
        int(segment)
        for segment, start, end in extents[:, [0, 3, 4]].tolist()
        if segment in unit_of and not (start == 0 and end == length_of.get(segment))
    }
    extents_of: dict[tuple[int, int], dict[int, list[tuple[int, int]]]] = {}
    for segment, coder_id, code_id, start, end in extents.tolist():
        if segment in partial and compared.reviewed[row_of[coder_id], unit_of[segment]]:
            extents_of.setdefault((segment, code_id), {}).setdefault(row_of[coder_id], []).append(
                (start, end)
            )
    found: dict[int, list[SpanDifference]] = {}
    for (segment, code_id), by_coder in sorted(extents_of.items()):
        shapes = {tuple(sorted(spans)) for spans in by_coder.values()}
        if len(by_coder) < 2 or len(shapes) < 2:
            continue
        length = length_of[segment]
        found.setdefault(segment, []).append(
            SpanDifference(
                code_id,
                tuple((compared.coders[row], tuple(sorted(by_coder[row]))) for row in sorted(by_coder)),
                length,
            )
        )
    return {segment: tuple(differences) for segment, differences in found.items()}
