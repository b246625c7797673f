"""The unitizing coefficients exactly as printed: plain loops over every pair of sections.

Quadratic and slow on purpose: an oracle for the package's sorted-sweep implementation, sharing
none of its code (not even the merging of spans into units). Positions may start at ``origin``
instead of 0, because the printed formulas only use differences and must not care.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

GAP = None

Section = tuple[int, int, object]
"""(begin, end, value): a unit carries its code, a gap carries ``GAP``."""


def merged_units(
    rows: Sequence[Sequence[object]], code: object, continuum: int, merge_adjacent: bool
) -> list[tuple[int, int]]:
    """A coder's units of one code in one continuum: overlapping (touching) spans joined."""
    spans = sorted(
        (int(row[1]), int(row[2]))
        for row in rows
        if row[0] == continuum and row[3] == code and row[2] > row[1]
    )
    units: list[list[int]] = []
    for start, end in spans:
        if units and (start < units[-1][1] or (merge_adjacent and start == units[-1][1])):
            units[-1][1] = max(units[-1][1], end)
        else:
            units.append([start, end])
    return [(start, end) for start, end in units]


def sections(
    lengths: Sequence[int],
    rows: Sequence[Sequence[object]],
    codes: Sequence[object],
    merge_adjacent: bool,
    origin: int = 0,
) -> list[Section]:
    """Every section of one coder over all continua laid end to end, units and gaps."""
    result: list[Section] = []
    offset = origin
    for continuum, length in enumerate(lengths):
        units = sorted(
            (start, end, code)
            for code in codes
            for start, end in merged_units(rows, code, continuum, merge_adjacent)
        )
        position = 0
        for start, end, code in units:
            if start > position:
                result.append((offset + position, offset + start, GAP))
            result.append((offset + start, offset + end, code))
            position = end
        if position < length:
            result.append((offset + position, offset + length, GAP))
        offset += length
    return result


def delta_squared(g: Section, h: Section) -> int:
    """Krippendorff (2004, sec. 12.4): the distance between two coders' sections for one code."""
    (bg, eg, vg), (bh, eh, vh) = g, h
    lg, lh = eg - bg, eh - bh
    if vg is not GAP and vh is not GAP and -lg < bg - bh < lh:
        return (bg - bh) ** 2 + (eg - eh) ** 2
    if vg is not GAP and vh is GAP and lh - lg >= bg - bh >= 0:
        return lg**2
    if vg is GAP and vh is not GAP and lg - lh >= bh - bg >= 0:
        return lh**2
    return 0


def alpha_u(
    lengths: Sequence[int],
    spans: Mapping[str, Sequence[Sequence[object]]],
    code: object,
    merge_adjacent: bool = True,
    origin: int = 0,
) -> tuple[float, float]:
    """(uDo, uDe) of one code, each sum written out as printed."""
    coders = [sections(lengths, rows, [code], merge_adjacent, origin) for rows in spans.values()]
    m, length = len(coders), sum(lengths)
    observed = 0
    for i in range(m):
        for j in range(m):
            if i != j:
                for g in coders[i]:
                    for h in coders[j]:
                        observed += delta_squared(g, h)
    units = [section for coder in coders for section in coder if section[2] is not GAP]
    gaps = [section for coder in coders for section in coder if section[2] is GAP]
    n = len(units)
    numerator = 0.0
    for b, e, _ in units:
        ell = e - b
        numerator += (n - 1) * (2 * ell**3 - 3 * ell**2 + ell) / 3
        for gb, ge, _ in gaps:
            if ge - gb >= ell:
                numerator += ell**2 * (ge - gb - ell + 1)
    denominator = m * length * (m * length - 1) - sum((e - b) * (e - b - 1) for b, e, _ in units)
    return observed / (m * (m - 1) * length**2), 2 / length * numerator / denominator


def coincidences(
    lengths: Sequence[int],
    spans: Mapping[str, Sequence[Sequence[object]]],
    codes: Sequence[object],
    merge_adjacent: bool = True,
    origin: int = 0,
) -> tuple[
    dict[tuple[object, object], float], dict[tuple[object, object], float], dict[tuple[object, object], float]
]:
    """Observed l_ck, expected e_ck, and cu-alpha's expected e*_ck (Krippendorff et al. 2016)."""
    coders = [sections(lengths, rows, codes, merge_adjacent, origin) for rows in spans.values()]
    m = len(coders)
    values = [*codes, GAP]
    observed = {(c, k): 0.0 for c in values for k in values}
    for i in range(m):
        for j in range(m):
            if i != j:
                for bg, eg, vg in coders[i]:
                    for bh, eh, vh in coders[j]:
                        observed[vg, vh] += max(0, min(eg, eh) - max(bg, bh)) / (m - 1)
    total = sum(observed.values())
    margin = {c: sum(observed[c, k] for k in values) for c in values}
    self_pairs = {c: 0.0 for c in values}
    for coder in coders:
        for b, e, value in coder:
            self_pairs[value] += (e - b) if value is GAP else (e - b) ** 2
    expected = {
        (c, k): total
        * (margin[c] * margin[k] - (self_pairs[c] if c == k else 0.0))
        / (total**2 - sum(self_pairs.values()))
        for c in values
        for k in values
    }
    inner = [value for value in values if value is not GAP]
    inner_margin = {c: sum(observed[c, k] for k in inner) for c in inner}
    inner_total = sum(inner_margin.values())
    pairable = {c: 0.0 for c in inner}
    for i in range(m):
        for j in range(m):
            if i != j:
                for bg, eg, vg in coders[i]:
                    if vg is GAP:
                        continue
                    shared = sum(
                        max(0, min(eg, eh) - max(bg, bh)) for bh, eh, vh in coders[j] if vh is not GAP
                    )
                    pairable[vg] += shared**2 / (m - 1)
    inner_expected = {}
    if inner_total**2 - sum(pairable.values()) > 0:
        for c in inner:
            for k in inner:
                inner_expected[c, k] = (
                    inner_total
                    * (inner_margin[c] * inner_margin[k] - (pairable[c] if c == k else 0.0))
                    / (inner_total**2 - sum(pairable.values()))
                )
    return observed, expected, inner_expected


def family(
    lengths: Sequence[int],
    spans: Mapping[str, Sequence[Sequence[object]]],
    codes: Sequence[object],
    merge_adjacent: bool = True,
    origin: int = 0,
) -> dict[str, float]:
    """u-alpha, |u-alpha, cu-alpha and each (k)u-alpha as printed; ``nan`` where a denominator is 0."""
    observed, expected, inner_expected = coincidences(lengths, spans, codes, merge_adjacent, origin)
    values = [*codes, GAP]
    total = sum(observed.values())

    def ratio(do: float, de: float) -> float:
        return 1 - do / de if de > 0 else float("nan")

    result = {
        "u": ratio(total - sum(observed[c, c] for c in values), total - sum(expected[c, c] for c in values)),
        "binary": ratio(sum(observed[GAP, k] for k in codes), sum(expected[GAP, k] for k in codes)),
    }
    inner_total = sum(observed[c, k] for c in codes for k in codes)
    if inner_expected:
        result["cu"] = ratio(
            inner_total - sum(observed[c, c] for c in codes),
            inner_total - sum(inner_expected[c, c] for c in codes),
        )
        for k in codes:
            l_k = sum(observed[k, c] for c in codes)
            e_k = sum(inner_expected[k, c] for c in codes)
            if l_k > 0:
                result[f"({k})"] = ratio(e_k / l_k * (l_k - observed[k, k]), e_k - inner_expected[k, k])
    return result
