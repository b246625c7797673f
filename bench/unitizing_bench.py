"""Unitizing benchmark: agreement on spans over 100,000 segments, fast sweep against the printed formulas.

Run:  python bench/unitizing_bench.py [--segments 100000] [--coders 3] [--codes 4] [--direct-segments 150]

Each segment is a continuum of 80-600 characters holding one to three true spans, each with one of
--codes codes; every coder finds a true span 90 % of the time, moves each of its ends by up to 6
characters, and gives it another code 10 % of the time. Printed figures (best of three runs):

* rows       - validating and merging the spans into units (``unitization``), from int arrays
* tuples     - the same from Python tuples (continuum, start, end, code), as a caller might pass them
* alpha-u    - Krippendorff's alpha-u per code and over all codes (``alpha_u_by_code``)
* family     - u-alpha, |u-alpha, cu-alpha and each (k)u-alpha (``unitizing_family``)
* direct     - the printed double sums over every pair of sections (tests/unitizing_literal.py) on
               the first --direct-segments segments, next to the fast functions on the same
               segments; the direct time for all segments is extrapolated quadratically (the
               printed sums pair every section with every other), and said so
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import numpy as np

from qualcode.agreement import alpha_u_by_code, unitizing_family
from qualcode.agreement.unitizing import alpha_u_of, family_of, unitization

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import unitizing_literal as literal  # noqa: E402

T = TypeVar("T")


def timed(function: Callable[[], T], repeat: int = 3) -> tuple[float, T]:
    """Best wall time of ``repeat`` runs, and the last result."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def generate(
    rng: np.random.Generator, n_segments: int, n_coders: int, n_codes: int
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Segment lengths and per coder an (n, 4) array of (segment, start, end, code), codes not overlapping."""
    lengths = rng.integers(80, 601, n_segments)
    per_segment = rng.integers(1, 4, n_segments)
    segment = np.repeat(np.arange(n_segments), per_segment)
    # Cut each segment into equal slots and put one true span well inside each slot.
    slot = np.arange(segment.size) - np.repeat(np.cumsum(per_segment) - per_segment, per_segment)
    width = lengths[segment] // per_segment[segment]
    low, high = slot * width, (slot + 1) * width
    start = low + rng.integers(2, width // 4, segment.size)
    end = high - rng.integers(2, width // 4, segment.size)
    code = rng.integers(0, n_codes, segment.size)
    spans = {}
    for coder in range(n_coders):
        found = rng.random(segment.size) < 0.9
        jitter_start = rng.integers(-6, 7, segment.size)
        jitter_end = rng.integers(-6, 7, segment.size)
        other = np.where(
            rng.random(segment.size) < 0.1, (code + rng.integers(1, n_codes, code.size)) % n_codes, code
        )
        # Jittered ends stay inside the slot, so one coder's codes never overlap.
        begin = np.clip(start + jitter_start, low, high - 1)
        finish = np.clip(end + jitter_end, begin + 1, high)
        rows = np.column_stack([segment, begin, finish, other])[found]
        spans[f"coder{coder}"] = rows.astype(np.int64)
    return lengths, spans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=100_000)
    parser.add_argument("--coders", type=int, default=3)
    parser.add_argument("--codes", type=int, default=4)
    parser.add_argument("--direct-segments", type=int, default=150)
    parser.add_argument("--seed", type=int, default=2016)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    lengths, spans = generate(rng, args.segments, args.coders, args.codes)
    codes = [f"code{i}" for i in range(args.codes)]
    n_spans = sum(len(rows) for rows in spans.values())
    print(
        f"{args.segments:,} segments, {int(lengths.sum()):,} characters, {args.coders} coders, "
        f"{args.codes} codes, {n_spans:,} spans"
    )

    rows_time, data = timed(lambda: unitization(lengths, spans, codes=codes))
    tuples = {coder: [(s, b, e, codes[c]) for s, b, e, c in rows.tolist()] for coder, rows in spans.items()}
    tuples_time, _ = timed(lambda: unitization(lengths, tuples, codes=codes))
    per_code_time, by_code = timed(lambda: [alpha_u_of(data.only(i), code) for i, code in enumerate(codes)])
    family_time, family = timed(lambda: family_of(data))
    total_time, _ = timed(
        lambda: (alpha_u_by_code(lengths, spans, codes=codes), unitizing_family(lengths, spans, codes=codes))
    )
    print(f"rows      {rows_time:8.3f} s   validate and merge spans from int arrays")
    print(f"tuples    {tuples_time:8.3f} s   the same from Python tuples")
    print(f"alpha-u   {per_code_time:8.3f} s   per code: " + ", ".join(f"{r.value:.3f}" for r in by_code))
    print(
        f"family    {family_time:8.3f} s   u-alpha {family.u_alpha.value:.3f}, |u-alpha "
        f"{family.binary_u_alpha.value:.3f}, cu-alpha {family.cu_alpha.value:.3f}"
    )
    print(f"both      {total_time:8.3f} s   alpha_u_by_code + unitizing_family from int arrays, end to end")

    n = args.direct_segments
    sub_lengths = lengths[:n]
    sub_spans = {coder: rows[rows[:, 0] < n] for coder, rows in spans.items()}
    sub_tuples = {
        coder: [(s, b, e, codes[c]) for s, b, e, c in rows.tolist()] for coder, rows in sub_spans.items()
    }
    fast_time, fast = timed(
        lambda: (
            alpha_u_by_code(sub_lengths, sub_spans, codes=codes),
            unitizing_family(sub_lengths, sub_spans, codes=codes),
        )
    )
    direct_time, direct = timed(
        lambda: (
            [literal.alpha_u(sub_lengths.tolist(), sub_tuples, code) for code in codes],
            literal.family(sub_lengths.tolist(), sub_tuples, codes),
        ),
        repeat=1,
    )
    agree = max(
        abs(fast[0].per_code[code].observed_disagreement - direct[0][i][0]) for i, code in enumerate(codes)
    )
    agree = max(
        agree, abs(fast[1].u_alpha.value - direct[1]["u"]), abs(fast[1].cu_alpha.value - direct[1]["cu"])
    )
    scale = (args.segments / n) ** 2
    print(
        f"direct    {direct_time:8.3f} s   printed sums on {n} segments; fast on the same {fast_time:.4f} s "
        f"(x{direct_time / fast_time:,.0f}); largest difference {agree:.1e}"
    )
    print(
        f"          extrapolated to {args.segments:,} segments (quadratic in sections): "
        f"{direct_time * scale:,.0f} s, x{direct_time * scale / total_time:,.0f} the fast run measured above"
    )


if __name__ == "__main__":
    main()
