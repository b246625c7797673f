"""Agreement benchmark: the per-code reliability report of a generated project, read from its database.

Run:  python bench/agreement_bench.py [--segments 100000] [--coders 3] [--codes 30] [--peer-units 100000]
                                     [--span-share 0.3] [--direct-segments 150]

The project is written with bulk inserts (not the per-action API): segments in documents of 1,000,
every coder reviewing every segment, codes applied with prevalences from 1 % to 15 %, each coder
finding a true code 85 % of the time with 1 % false alarms; six parents of five codes, one of them
a mutually exclusive group. Printed figures:

* read      - the store's two queries into index arrays (reviews, codings)
* report    - `Workbench.agreement_report` with method per-code: every code's CodeAgreement (alpha,
              percent agreement both ways, kappa family, verdict, diagnostics) plus the mean and the
              pooled alpha, from the database, best of three runs
* spans     - --span-share of the coded (segment, code) pairs are spans (each coder moving each
              end by up to five characters), so the report includes the unitizing section (alpha-u
              per code and overall, |u-alpha per code, the family of the exclusive group)
* direct    - alpha-u by the printed double sums (tests/unitizing_literal.py) on the first
              --direct-segments segments, next to `alpha_u_by_code` on the same spans
* floor     - `krippendorff.alpha` called directly on prebuilt arrays of the same data, per code
* peer      - irrCAC's Krippendorff alpha and NLTK's AnnotationTask on the same data (NLTK on
              --peer-units units, scaled up when fewer than all)
* all       - the default report (per-code, group and set methods), then with 1,000-replicate intervals
              (the unit bootstrap, the default, and KALPHA)
* bootstrap - 1,000 KALPHA and unit-bootstrap replicates of one code's alpha over every unit
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
from sqlalchemy import Connection, insert

from qualcode.agreement import alpha_u_by_code, kalpha_bootstrap, unit_bootstrap
from qualcode.service import Workbench
from qualcode.service.reliability.report import ReliabilityOptions
from qualcode.store.models import Code, Coder, Document, ReviewStatus
from qualcode.store.reliability_data import CodingArrays, coding_arrays

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import unitizing_literal as literal  # noqa: E402

T = TypeVar("T")
SEGMENTS_PER_DOCUMENT = 1000
SEGMENT_LENGTH = 200
CODES_PER_PARENT = 5


def timed(function: Callable[[], T], repeat: int = 1) -> tuple[float, T]:
    """Best wall time of ``repeat`` runs, and the last result."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def generate_truth(rng: np.random.Generator, n_segments: int, n_codes: int, n_coders: int) -> np.ndarray:
    """Coders x segments x codes applied (bool): one true code set per segment, seen imperfectly."""
    prevalence = np.linspace(0.01, 0.15, n_codes)
    truth = rng.random((n_segments, n_codes)) < prevalence
    exclusive = slice(0, CODES_PER_PARENT)
    choice = rng.integers(0, CODES_PER_PARENT + 3, n_segments)
    truth[:, exclusive] = choice[:, None] == np.arange(CODES_PER_PARENT)[None, :]
    applied = np.empty((n_coders, n_segments, n_codes), dtype=bool)
    for coder in range(n_coders):
        seen = truth & (rng.random(truth.shape) < 0.85)
        alarms = rng.random(truth.shape) < 0.01
        applied[coder] = seen | (alarms & ~truth)
        group = applied[coder][:, exclusive]
        keep_first = np.cumsum(group, axis=1) == 1
        applied[coder][:, exclusive] = group & keep_first
    return applied


def _insert(connection: Connection, model: Any, **values: Any) -> int:
    """One row through SQLAlchemy Core; returns its id."""
    return int(connection.execute(insert(model.__table__).values(**values)).inserted_primary_key[0])  # type: ignore[index]


def build_project(
    folder: Path, n_segments: int, n_coders: int, n_codes: int, span_share: float
) -> tuple[Workbench, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(20261125)
    workbench = Workbench.create("agreement-bench", f"sqlite:///{folder / 'bench.db'}")
    applied = generate_truth(rng, n_segments, n_codes, n_coders)
    with workbench.unit() as session:
        connection = session.connection()
        project_id = workbench.project_id
        code_ids: list[int] = []
        for parent_index in range(-(-n_codes // CODES_PER_PARENT)):
            parent_id = _insert(
                connection, Code, project_id=project_id, uuid=f"parent-{parent_index}",
                name=f"theme-{parent_index + 1}", codable=False, exclusive=parent_index == 0,
                position=len(code_ids) + parent_index,
            )  # fmt: skip
            for _ in range(min(CODES_PER_PARENT, n_codes - len(code_ids))):
                code_ids.append(
                    _insert(
                        connection,
                        Code,
                        project_id=project_id,
                        uuid=f"code-{len(code_ids)}",
                        parent_id=parent_id,
                        name=f"code-{len(code_ids) + 1:02d}",
                        position=len(code_ids) + parent_index + 1,
                    )  # fmt: skip
                )
        coder_ids = [
            _insert(connection, Coder, project_id=project_id, name=f"coder-{i + 1}", role="coder")
            for i in range(n_coders)
        ]
        segment_rows = []
        for document_index in range(-(-n_segments // SEGMENTS_PER_DOCUMENT)):
            document_id = _insert(
                connection, Document, project_id=project_id, name=f"doc-{document_index + 1:03d}",
                source_name="generated", sha256=f"{document_index:064d}", position=document_index + 1,
                meta={},
            )  # fmt: skip
            count = min(SEGMENTS_PER_DOCUMENT, n_segments - document_index * SEGMENTS_PER_DOCUMENT)
            segment_rows += [
                (document_id, p + 1, "", f"segment {p + 1} ".ljust(SEGMENT_LENGTH, "x"), 0, 0)
                for p in range(count)
            ]
        connection.exec_driver_sql(
            "INSERT INTO segment (document_id, position, speaker, text, start_char, end_char) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            segment_rows,
        )
        segment_ids = np.array(
            [row[0] for row in connection.exec_driver_sql("SELECT id FROM segment ORDER BY id")]
        )
        now = "2026-01-05 10:00:00"
        connection.exec_driver_sql(
            "INSERT INTO segment_review (segment_id, coder_id, status, flagged, updated_at) "
            "VALUES (?, ?, ?, 0, ?)",
            [(int(s), c, ReviewStatus.DONE.value, now) for c in coder_ids for s in segment_ids],
        )
        coder_index, segment_index, code_index = np.nonzero(applied)
        starts, ends = coded_extents(rng, coder_index, segment_index, code_index, span_share)
        connection.exec_driver_sql(
            "INSERT INTO coding (segment_id, code_id, coder_id, span_start, span_end, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (int(segment_ids[s]), code_ids[k], coder_ids[c], start, end, now, now)
                for c, s, k, start, end in zip(
                    coder_index.tolist(),
                    segment_index.tolist(),
                    code_index.tolist(),
                    starts.tolist(),
                    ends.tolist(),
                    strict=True,
                )
            ],
        )
    floor_arrays = [np.where(applied[:, :, k], 1.0, 0.0) for k in range(n_codes)]
    spans = np.column_stack([coder_index, segment_index, code_index, starts, ends])
    return workbench, np.stack(floor_arrays), spans


def coded_extents(
    rng: np.random.Generator,
    coder: np.ndarray,
    segment: np.ndarray,
    code: np.ndarray,
    span_share: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Each coding's (start, end): a share of (segment, code) pairs are spans, the rest whole segments.

    A span's true extent is drawn once per segment and code; each coder moves each end by up to
    five characters, as coders marking the same phrase do.
    """
    key = segment * 1_000 + code
    pairs, pair = np.unique(key, return_inverse=True)
    partial = rng.random(len(pairs)) < span_share
    true_start = rng.integers(10, 100, len(pairs))
    true_end = true_start + rng.integers(20, 80, len(pairs))
    start = np.clip(true_start[pair] + rng.integers(-5, 6, len(key)), 0, SEGMENT_LENGTH - 1)
    end = np.clip(true_end[pair] + rng.integers(-5, 6, len(key)), start + 1, SEGMENT_LENGTH)
    whole = ~partial[pair]
    start[whole], end[whole] = 0, SEGMENT_LENGTH
    del coder
    return start, end


def direct_alpha_u(
    spans: np.ndarray, n_coders: int, n_codes: int, n_segments: int
) -> tuple[float, float, float]:
    """alpha-u of every code on the first ``n_segments`` segments: fast, and the printed sums.

    Returns (fast seconds, direct seconds, largest difference of a defined alpha-u).
    """
    inside = spans[spans[:, 1] < n_segments]
    rows = {
        f"coder-{c + 1}": [
            (0, int(s) * SEGMENT_LENGTH + int(b), int(s) * SEGMENT_LENGTH + int(e), int(k))
            for _c, s, k, b, e in inside[inside[:, 0] == c].tolist()
        ]
        for c in range(n_coders)
    }
    length = [n_segments * SEGMENT_LENGTH]
    fast_s, fast = timed(lambda: alpha_u_by_code(length, rows, codes=list(range(n_codes))), 3)
    direct_s, direct = timed(lambda: [literal.alpha_u(length, rows, k) for k in range(n_codes)])
    worst = 0.0
    for k, (observed, expected) in enumerate(direct):
        value = fast.per_code[str(k)].value
        if expected > 0 and not np.isnan(value):
            worst = max(worst, abs(value - (1 - observed / expected)))
    return fast_s, direct_s, worst


def peer_figures(arrays: np.ndarray, peer_units: int) -> list[str]:
    lines = []
    try:
        import pandas as pd
        from irrCAC.raw import CAC
    except ImportError:
        lines.append("peer      irrCAC not installed (pip install -e '.[bench]')")
    else:
        seconds, _ = timed(lambda: [CAC(pd.DataFrame(a.T)).krippendorff() for a in arrays])
        lines.append(f"peer      irrCAC krippendorff(), {len(arrays)} codes: {seconds:8.3f} s")
    try:
        from nltk.metrics.agreement import AnnotationTask
    except ImportError:
        lines.append("peer      NLTK not installed")
        return lines
    units = min(peer_units, arrays.shape[2])
    sample = arrays[0][:, :units]
    triples = [(str(c), str(u), int(sample[c, u])) for c in range(sample.shape[0]) for u in range(units)]
    seconds, _ = timed(lambda: AnnotationTask(data=triples).alpha())
    scaled = seconds * arrays.shape[2] / units * len(arrays)
    lines.append(
        f"peer      NLTK AnnotationTask.alpha(), 1 code x {units} units: {seconds:8.3f} s "
        f"(x {len(arrays)} codes{'' if units == arrays.shape[2] else ', scaled to all units'}: "
        f"{scaled:8.1f} s)"
    )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--segments", type=int, default=100_000)
    parser.add_argument("--coders", type=int, default=3)
    parser.add_argument("--codes", type=int, default=30)
    parser.add_argument("--peer-units", type=int, default=100_000, help="units for NLTK (slow, pure Python)")
    parser.add_argument(
        "--span-share", type=float, default=0.3, help="share of coded (segment, code) pairs coded as spans"
    )
    parser.add_argument("--direct-segments", type=int, default=150, help="segments for the printed sums")
    args = parser.parse_args()
    import krippendorff

    with tempfile.TemporaryDirectory() as folder:
        print(f"project   {args.segments} segments x {args.coders} coders x {args.codes} codes (SQLite)")
        seconds, (workbench, arrays, spans) = timed(
            lambda: build_project(Path(folder), args.segments, args.coders, args.codes, args.span_share)
        )
        print(f"generate  {seconds:8.3f} s (bulk inserts, not measured below)")

        def read() -> CodingArrays:
            with workbench.unit() as session:
                return coding_arrays(session, [c.id for c in workbench.coders() if c.id is not None])

        read_s, read_result = timed(read, 3)
        n_reviews, n_codings = int(read_result.reviewed.sum()), len(read_result.coding_code)
        print(f"read      {read_s:8.3f} s ({n_reviews} reviews, {n_codings} codings)")
        options = ReliabilityOptions(methods=("per-code",))
        report_s, report = timed(lambda: workbench.agreement_report(options), 3)
        floor_s, _ = timed(
            lambda: [krippendorff.alpha(reliability_data=a, level_of_measurement="nominal") for a in arrays],
            3,
        )
        per_code = report.per_code
        assert per_code is not None
        print(
            f"report    {report_s:8.3f} s (per-code: {len(per_code.codes)} codes, mean alpha "
            f"{per_code.mean_alpha:.3f}, pooled alpha {per_code.pooled.pooled_alpha.value:.3f})"
        )
        print(f"floor     {floor_s:8.3f} s (krippendorff.alpha on prebuilt arrays, {len(arrays)} codes)")
        print(
            f"ratio     report / floor = {report_s / floor_s:.2f}; report / (floor + read) = "
            f"{report_s / (floor_s + read_s):.2f}; report - read = {report_s - read_s:.3f} s "
            f"= {(report_s - read_s) / floor_s:.2f} x floor"
        )
        target = 1.5 * floor_s + read_s
        print(
            f"target    report < 2 s: {'yes' if report_s < 2 else 'NO'}; "
            f"report < 1.5 x floor + read ({target:.3f} s): {'yes' if report_s < target else 'NO'}"
        )
        unitizing = report.unitizing
        if unitizing is None:
            print("spans     none (--span-share 0): the report above has no unitizing section")
        else:
            overall = unitizing.alpha_u.overall
            print(
                f"spans     {args.span_share:.0%} of coded (segment, code) pairs are spans; the report above "
                f"includes alpha-u over {unitizing.total_length} characters: overall {overall.value:.3f}, "
                f"{overall.n_units} units; report < 3 s: {'yes' if report_s < 3 else 'NO'}"
            )
            fast_s, direct_s, worst = direct_alpha_u(spans, args.coders, args.codes, args.direct_segments)
            scale = (args.segments / args.direct_segments) ** 2
            print(
                f"direct    {direct_s:8.3f} s printed alpha-u sums (tests/unitizing_literal.py), "
                f"{args.codes} codes on {args.direct_segments} segments; alpha_u_by_code on the same "
                f"{fast_s:.4f} s (direct / fast {direct_s / fast_s:.1f}); largest difference {worst:.1e}; "
                f"direct on all segments ~{direct_s * scale:,.0f} s (extrapolated, quadratic)"
            )
        whole_s, _ = timed(lambda: workbench.agreement_report(ReliabilityOptions()), 1)
        print(f"all       {whole_s:8.3f} s (per-code, group and set methods together, no bootstrap)")
        boot_s, _ = timed(lambda: workbench.agreement_report(ReliabilityOptions(n_boot=1000, seed=1)), 1)
        print(f"all+CI    {boot_s:8.3f} s (the same with 1,000 unit-bootstrap replicates for every alpha)")
        kalpha_options = ReliabilityOptions(n_boot=1000, seed=1, ci="kalpha")
        kboot_s, _ = timed(lambda: workbench.agreement_report(kalpha_options), 1)
        print(f"all+CI    {kboot_s:8.3f} s (the same with 1,000 KALPHA replicates, --interval kalpha)")
        for line in peer_figures(arrays, args.peer_units):
            print(line)
        one = arrays[-1]
        kalpha_s, kalpha = timed(lambda: kalpha_bootstrap(one, n_boot=1000, seed=1), 3)
        unit_s, unit = timed(lambda: unit_bootstrap(one, n_boot=1000, seed=1), 3)
        print(
            f"bootstrap {kalpha_s:8.3f} s KALPHA 1000 draws, {one.shape[1]} units "
            f"[{kalpha.ci_low:.3f}, {kalpha.ci_high:.3f}]"
        )
        print(
            f"bootstrap {unit_s:8.3f} s unit bootstrap 1000 draws, {one.shape[1]} units "
            f"[{unit.ci_low:.3f}, {unit.ci_high:.3f}]"
        )
        workbench.close()


if __name__ == "__main__":
    main()
