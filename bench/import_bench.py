"""Import benchmark: a generated corpus imported end to end, against a raw sqlite3 executemany floor.

Run:  python bench/import_bench.py [--documents 1000] [--turns 200]

Each phase runs in its own interpreter so that its peak memory is its own.
Prints segments per second, wall time, peak RSS, the ratio to the floor, and
how long `qualcode status` takes on the imported project.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from words import LONG_WORDS

SPEAKERS = ["Interviewer", "Dr. Amara Goodchild", "Kofi Mensah", "Lucía Ortega"]


def generate_corpus(folder: Path, documents: int, turns: int) -> list[Path]:
    """Deterministic transcripts: a preamble, then `turns` speaker turns of 1–3 paragraphs."""
    rng = random.Random(20261125)
    paths = []
    for index in range(documents):
        lines = [f"Interview {index + 1:04d}", "Transcribed for the benchmark", ""]
        for turn in range(turns):
            speaker = SPEAKERS[0] if turn % 2 == 0 else SPEAKERS[1 + rng.randrange(3)]
            paragraphs = [
                " ".join(rng.choice(LONG_WORDS) for _ in range(rng.randint(8, 40))).capitalize() + "."
                for _ in range(1 if turn % 2 == 0 else rng.randint(1, 3))
            ]
            lines.append(f"{speaker}: {paragraphs[0]}")
            for paragraph in paragraphs[1:]:
                lines += ["", paragraph]
            lines.append("")
        path = folder / f"interview-{index + 1:04d}.txt"
        path.write_text("\n".join(lines), encoding="utf-8")
        paths.append(path)
    return paths


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def phase_import(corpus: Path, database: Path) -> dict:
    from qualcode.service import Workbench

    paths = sorted(corpus.glob("*.txt"))
    bench = Workbench.create("bench", f"sqlite:///{database}")
    started = time.perf_counter()
    report = bench.import_files(paths)
    elapsed = time.perf_counter() - started
    assert not report.failed, report.failed[:3]
    segments = sum(document.segments for document in report.imported)
    return {"seconds": elapsed, "segments": segments, "peak_rss_mb": peak_rss_mb()}


def phase_raw(corpus: Path, database: Path) -> dict:
    """The floor: the same segment rows, prepared in memory, one executemany, one transaction."""
    import sqlite3

    from qualcode.ingest import read_document
    from qualcode.service import Workbench

    Workbench.create("bench", f"sqlite:///{database}").close()
    rows = []
    for document_id, path in enumerate(sorted(corpus.glob("*.txt")), start=1):
        parsed = read_document(path)
        rows += [
            (document_id, position, s.speaker, s.text, s.start_char, s.end_char, None, None)
            for position, s in enumerate(parsed.segments, start=1)
        ]
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute(
        "INSERT INTO project (id, name, description, codebook_name, codebook_version, "
        "codebook_description, created_at) VALUES (2, 'raw', '', '', '', '', '2026-01-01')"
    )
    connection.executemany(
        "INSERT INTO document (id, project_id, name, source_name, sha256, position, segmentation, "
        "preamble, text, meta, imported_at) VALUES (?, 2, ?, ?, '', ?, 'turn', '', '', '{}', '2026-01-01')",
        [(i, f"d{i}", f"d{i}", i) for i in range(1, rows[-1][0] + 1)],
    )
    connection.commit()
    started = time.perf_counter()
    with connection:
        connection.executemany(
            "INSERT INTO segment (document_id, position, speaker, text, start_char, end_char, "
            "start_time, end_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    elapsed = time.perf_counter() - started
    return {"seconds": elapsed, "segments": len(rows), "peak_rss_mb": peak_rss_mb()}


def phase_status(database: Path) -> dict:
    from qualcode.service import Workbench

    started = time.perf_counter()
    bench = Workbench.open("bench", f"sqlite:///{database}")
    status = bench.status()
    elapsed = time.perf_counter() - started
    return {"seconds": elapsed, "segments": status.segments, "peak_rss_mb": peak_rss_mb()}


def run_phase(name: str, *args: Path) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, "--phase", name, *map(str, args)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--turns", type=int, default=200)
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("paths", nargs="*", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.phase:
        function = {"import": phase_import, "raw": phase_raw, "status": phase_status}[options.phase]
        print(json.dumps(function(*options.paths)))
        return
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        corpus = folder / "corpus"
        corpus.mkdir()
        started = time.perf_counter()
        generate_corpus(corpus, options.documents, options.turns)
        print(
            f"corpus: {options.documents} transcripts x {options.turns} turns "
            f"(generated in {time.perf_counter() - started:.1f} s)"
        )
        imported = run_phase("import", corpus, folder / "import.db")
        raw = run_phase("raw", corpus, folder / "raw.db")
        status = run_phase("status", folder / "import.db")
    rate = imported["segments"] / imported["seconds"]
    raw_rate = raw["segments"] / raw["seconds"]
    print(
        f"qualcode import : {imported['segments']:>8} segments in {imported['seconds']:.2f} s "
        f"= {rate:,.0f} segments/s, peak RSS {imported['peak_rss_mb']:.0f} MB"
    )
    print(
        f"raw executemany : {raw['segments']:>8} segments in {raw['seconds']:.2f} s "
        f"= {raw_rate:,.0f} segments/s (rows prepared in memory beforehand)"
    )
    print(f"ratio import/raw: {imported['seconds'] / raw['seconds']:.2f}x")
    print(f"qualcode status : {status['seconds'] * 1000:.0f} ms on {status['segments']} segments")


if __name__ == "__main__":
    main()
