"""Several coder processes toggling on one project at once: no 'database is locked', no row lost."""

from __future__ import annotations

import multiprocessing
import random
from pathlib import Path

from factories import CODEBOOK_V1, INTERVIEW, write
from sqlalchemy import text

from qualcode.service import Workbench
from qualcode.store.models import Code

CODERS = ("ana", "ben", "cai")
TOGGLES = 40


def toggle_many(url: str, coder: str, seed: int, start, results) -> None:  # type: ignore[no-untyped-def]
    """One coder's process: TOGGLES toggles, each its own transaction, and what it expects to remain."""
    workbench = Workbench.open("study", url)
    segments = [workbench.resolve_segment(f"interview:{position}") for position in range(1, 5)]
    with workbench.unit() as session:
        codes = [
            code.id
            for code in session.query(Code).filter(Code.name.in_(("relational", "technical", "power")))
        ]
    rng = random.Random(seed)
    expected: set[tuple[int, int]] = set()
    failures: list[str] = []
    start.wait()
    for _ in range(TOGGLES):
        segment, code = rng.choice(segments), rng.choice(codes)
        try:
            workbench.toggle_code([segment], code, coder)
        except Exception as error:  # reported to the test, which fails on any
            failures.append(f"{type(error).__name__}: {error}")
            continue
        expected ^= {(segment, code)}
    workbench.close()
    results.put((coder, sorted(expected), failures))


def test_coders_toggling_at_once_lose_nothing_and_never_see_a_lock(database_url: str, tmp_path: Path) -> None:
    workbench = Workbench.create("study", database_url)
    workbench.load_codebook(write(tmp_path / "book.yaml", CODEBOOK_V1))
    workbench.import_files([write(tmp_path / "interview.txt", INTERVIEW)])
    for coder in CODERS:
        workbench.add_coder(coder)
    context = multiprocessing.get_context("spawn")
    start, results = context.Event(), context.Queue()
    processes = [
        context.Process(target=toggle_many, args=(database_url, coder, seed, start, results))
        for seed, coder in enumerate(CODERS)
    ]
    for process in processes:
        process.start()
    start.set()
    outcomes = sorted(results.get(timeout=120) for _ in processes)
    for process in processes:
        process.join(timeout=30)
    stored: dict[str, list[tuple[int, int]]] = {coder: [] for coder in CODERS}
    with workbench.engine.connect() as connection:
        for name, segment, code in connection.execute(
            text(
                "SELECT coder.name, coding.segment_id, coding.code_id FROM coding "
                "JOIN coder ON coder.id = coding.coder_id ORDER BY 1, 2, 3"
            )
        ):
            stored[name].append((segment, code))
    workbench.close()
    assert [(coder, failures) for coder, _, failures in outcomes] == [(coder, []) for coder in CODERS]
    assert {coder: [tuple(pair) for pair in expected] for coder, expected, _ in outcomes} == stored
