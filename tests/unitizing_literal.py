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


Matrix = dict[tuple[object, object], float]


def coincidences(
    lengths: Sequence[int],
    spans: Mapping[str, Sequence[Sequence[object]]],
    codes: Sequence[object],
    merge_adjacent: bool = True,
    origin: int = 0,
) -> tuple[Matrix, Matrix]:
    """u-alpha's observed l_ck and expected e_ck (Krippendorff et al. 2016), gaps as a value."""
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
    return observed, expected


def chance(observed: Matrix, self_pairs: dict[object, float], codes: Sequence[object]) -> Matrix:
    """e*_ck = l*.. (l*_c. l*_.k - [c = k] W*_c) / (l*..^2 - sum W*); empty when the denominator is 0."""
    margin = {c: sum(observed[c, k] for k in codes) for c in codes}
    total = sum(margin.values())
    denominator = total**2 - sum(self_pairs.values())
    if denominator <= 0:
        return {}
    return {
        (c, k): total * (margin[c] * margin[k] - (self_pairs[c] if c == k else 0.0)) / denominator
        for c in codes
        for k in codes
    }


def unit_coincidences(
    lengths: Sequence[int],
    spans: Mapping[str, Sequence[Sequence[object]]],
    codes: Sequence[object],
    merge_adjacent: bool = True,
    origin: int = 0,
) -> tuple[Matrix, Matrix]:
    """cu-alpha's observed l*_ck and expected e*_ck for any number of coders, as printed.

    l*_ck is u-alpha's l_ck for two codes (gaps left out). A unit g of coder i carries
    w_g = sum_{j != i} sum_{h of j, not a gap} |g ∩ h| / (m - 1) into the margins and cannot pair
    with itself: W*_c sums w_g^2 over the units of c.
    """
    coders = [sections(lengths, rows, codes, merge_adjacent, origin) for rows in spans.values()]
    m = len(coders)
    observed, _ = coincidences(lengths, spans, codes, merge_adjacent, origin)
    inner = {(c, k): observed[c, k] for c in codes for k in codes}
    self_pairs = {c: 0.0 for c in codes}
    for i, own in enumerate(coders):
        for bg, eg, vg in own:
            if vg is GAP:
                continue
            weight = 0.0
            for j, other in enumerate(coders):
                if j != i:
                    for bh, eh, vh in other:
                        if vh is not GAP:
                            weight += max(0, min(eg, eh) - max(bg, bh)) / (m - 1)
            self_pairs[vg] += weight**2
    return inner, chance(inner, self_pairs, codes)


def two_coder_unit_coincidences(
    lengths: Sequence[int],
    spans: Mapping[str, Sequence[Sequence[object]]],
    codes: Sequence[object],
    merge_adjacent: bool = True,
) -> tuple[Matrix, Matrix]:
    """The two-coder form as printed: u-alpha's l_ck among codes, W*_c = sum_g |g ∩ other's units|^2."""
    first, second = (sections(lengths, rows, codes, merge_adjacent) for rows in spans.values())
    observed, _ = coincidences(lengths, spans, codes, merge_adjacent)
    inner = {(c, k): observed[c, k] for c in codes for k in codes}
    self_pairs = {c: 0.0 for c in codes}
    for own, other in ((first, second), (second, first)):
        for bg, eg, vg in own:
            if vg is not GAP:
                shared = sum(max(0, min(eg, eh) - max(bg, bh)) for bh, eh, vh in other if vh is not GAP)
                self_pairs[vg] += shared**2
    return inner, chance(inner, self_pairs, codes)


def ratio(do: float, de: float) -> float:
    """1 - Do/De, ``nan`` where De is not positive."""
    return 1 - do / de if de > 0 else float("nan")


def coding_of_units(inner: Matrix, inner_expected: Matrix, codes: Sequence[object]) -> dict[str, float]:
    """cu-alpha ("cu") and each (k)u-alpha ("(k)") from l*_ck and e*_ck."""
    if not inner_expected:
        return {}
    if sum(1 for c in codes if sum(inner[c, k] for k in codes) > 0) < 2:
        return {"cu": float("nan")}  # one code among the intersecting units: De is 0 exactly
    inner_total = sum(inner.values())
    result = {
        "cu": ratio(
            inner_total - sum(inner[c, c] for c in codes),
            inner_total - sum(inner_expected[c, c] for c in codes),
        )
    }
    for k in codes:
        l_k = sum(inner[k, c] for c in codes)
        e_k = sum(inner_expected[k, c] for c in codes)
        if l_k > 0:
            result[f"({k})"] = ratio(e_k / l_k * (l_k - inner[k, k]), e_k - inner_expected[k, k])
    return result


def family(
    lengths: Sequence[int],
    spans: Mapping[str, Sequence[Sequence[object]]],
    codes: Sequence[object],
    merge_adjacent: bool = True,
    origin: int = 0,
) -> dict[str, float]:
    """u-alpha, |u-alpha, cu-alpha and each (k)u-alpha as printed; ``nan`` where a denominator is 0."""
    observed, expected = coincidences(lengths, spans, codes, merge_adjacent, origin)
    values = [*codes, GAP]
    total = sum(observed.values())
    result = {
        "u": ratio(total - sum(observed[c, c] for c in values), total - sum(expected[c, c] for c in values)),
        "binary": ratio(sum(observed[GAP, k] for k in codes), sum(expected[GAP, k] for k in codes)),
    }
    result.update(coding_of_units(*unit_coincidences(lengths, spans, codes, merge_adjacent, origin), codes))
    return result
