"""Load benchmark: several coder processes toggling codes on one project at once, and every row accounted for.

Run:  python bench/load_bench.py [--postgres URL] [--pg-coders 8] [--sqlite-coders 4]
      [--toggles 500] [--no-roles] [--seed 1]

Builds one project on PostgreSQL (in a throw-away schema of the database URL given,
or of QUALCODE_TEST_POSTGRES_URL; skipped when neither is set) and one on SQLite,
then starts one process per coder. Each process opens the project as its coder
(on PostgreSQL, through the login role `qualcode team grant` made for it, unless
--no-roles) and toggles a random code on a random segment TOGGLES times, each a
committed transaction as a key press in the workbench is, remembering what it
expects its codings to be. When all are done, the project's codings are read as
the owner and compared with what each process expected.

Prints, per database: toggles per second over the wall time of the run, median and
p95 latency of one toggle, the errors by kind (`database is locked` counted apart),
and the rows lost (expected but missing) and rows extra (present but not expected).
The goal is 0 lost, 0 extra and no unhandled `database is locked`.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

from words import WORDS

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # this checkout's qualcode, not whichever one is installed

CODEBOOK = """\
name: Load book
version: "1"
codes:
  - name: relational
    key: r
    definition: A code to toggle.
  - name: technical
    key: t
    definition: A code to toggle.
  - name: power
    key: p
    definition: A code to toggle.
  - name: trust
    key: s
    definition: A code to toggle.
"""


def build_project(url: str, coders: int, folder: Path, documents: int = 5, turns: int = 60) -> None:
    from qualcode.service import Workbench

    rng = random.Random(20261206)
    paths = []
    for index in range(documents):
        lines = [f"Interview {index + 1}", ""]
        for turn in range(turns):
            speaker = "Interviewer" if turn % 2 == 0 else "Participant"
            lines += [f"{speaker}: {' '.join(rng.choice(WORDS) for _ in range(20)).capitalize()}.", ""]
        path = folder / f"interview-{index + 1}.txt"
        path.write_text("\n".join(lines), encoding="utf-8")
        paths.append(path)
    (folder / "book.yaml").write_text(CODEBOOK, encoding="utf-8")
    workbench = Workbench.create("load", url)
    workbench.load_codebook(folder / "book.yaml")
    workbench.import_files(paths)
    for index in range(coders):
        workbench.add_coder(f"coder{index + 1}")
    workbench.close()


def coder_process(url: str, coder: str, toggles: int, seed: int, start, results) -> None:  # type: ignore[no-untyped-def]
    """One coder at the keyboard: TOGGLES toggles as fast as the database takes them."""
    from qualcode.service import Workbench

    workbench = Workbench.open("load", url)
    with workbench.unit() as session:
        from sqlmodel import select

        from qualcode.store.models import Code, Document, Segment

        segments = list(
            session.exec(select(Segment.id).join(Document).where(Document.project_id == workbench.project_id))
        )
        codes = list(session.exec(select(Code.id).where(Code.project_id == workbench.project_id)))
    rng = random.Random(seed)
    expected: set[tuple[int, int]] = set()
    errors: Counter[str] = Counter()
    latencies: list[float] = []
    start.wait()
    for _ in range(toggles):
        segment, code = rng.choice(segments), rng.choice(codes)
        began = time.perf_counter()
        try:
            workbench.toggle_code([segment], code, coder)
        except Exception as error:  # every failure is counted and reported, none ends the run
            kind = "database is locked" if "database is locked" in str(error) else type(error).__name__
            errors[kind] += 1
            continue
        finally:
            latencies.append(time.perf_counter() - began)
        expected ^= {(segment, code)}
    workbench.close()
    results.put((coder, sorted(expected), dict(errors), latencies))


def stored_codings(url: str) -> dict[str, set[tuple[int, int]]]:
    from sqlalchemy import text

    from qualcode.service import Workbench

    workbench = Workbench.open("load", url)
    with workbench.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT coder.name, coding.segment_id, coding.code_id FROM coding "
                "JOIN coder ON coder.id = coding.coder_id WHERE coder.project_id = :p"
            ),
            {"p": workbench.project_id},
        )
        stored: dict[str, set[tuple[int, int]]] = {}
        for name, segment, code in rows:
            stored.setdefault(name, set()).add((segment, code))
    workbench.close()
    return stored


def run_load(label: str, url: str, coder_urls: dict[str, str], toggles: int, seed: int) -> None:
    context = multiprocessing.get_context("spawn")
    start, results = context.Event(), context.Queue()
    processes = [
        context.Process(target=coder_process, args=(coder_url, coder, toggles, seed + index, start, results))
        for index, (coder, coder_url) in enumerate(coder_urls.items())
    ]
    for process in processes:
        process.start()
    time.sleep(2.0)  # let every process import and open the project before the clock starts
    began = time.perf_counter()
    start.set()
    outcomes = [results.get() for _ in processes]
    wall = time.perf_counter() - began
    for process in processes:
        process.join()
    stored = stored_codings(url)
    lost = extra = 0
    errors: Counter[str] = Counter()
    latencies: list[float] = []
    done = 0
    for coder, expected, coder_errors, coder_latencies in outcomes:
        want = set(map(tuple, expected))
        have = stored.get(coder, set())
        lost += len(want - have)
        extra += len(have - want)
        errors.update(coder_errors)
        latencies += coder_latencies
        done += len(coder_latencies) - sum(coder_errors.values())
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(
        f"{label}: {len(processes)} coders x {toggles} toggles: {done} committed in {wall:.1f} s, "
        f"{done / wall:.0f} toggles/s; latency median {statistics.median(latencies) * 1000:.1f} ms, "
        f"p95 {p95 * 1000:.1f} ms"
    )
    locked = errors.pop("database is locked", 0)
    listed = ", ".join(f"{kind} {count}" for kind, count in errors.most_common()) or "none"
    print(f"  errors: {listed}; 'database is locked': {locked}; rows lost: {lost}; rows extra: {extra}")


def postgres_leg(base: str, coders: int, toggles: int, roles: bool, seed: int) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from qualcode.service import Workbench

    schema = f"qc_load_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    owner_url = url.render_as_string(hide_password=False)
    granted: list[str] = []
    try:
        with tempfile.TemporaryDirectory() as folder:
            build_project(owner_url, coders, Path(folder))
        names = [f"coder{index + 1}" for index in range(coders)]
        coder_urls = {name: owner_url for name in names}
        if roles:
            owner = Workbench.open("load", owner_url)
            for name in names:
                grant = owner.grant_team_role(name, role=f"{schema}_{name}")
                granted.append(name)
                coder_urls[name] = url.set(username=grant.role, password=grant.password).render_as_string(
                    hide_password=False
                )
            owner.close()
        label = "PostgreSQL" + (" (each coder through its own team role)" if roles else "")
        run_load(label, owner_url, coder_urls, toggles, seed)
    finally:
        if granted:
            owner = Workbench.open("load", owner_url)
            for name in granted:
                owner.revoke_team_role(name)
            owner.close()
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def sqlite_leg(coders: int, toggles: int, seed: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'load' / 'project.db'}"
        build_project(url, coders, Path(folder))
        run_load("SQLite", url, {f"coder{index + 1}": url for index in range(coders)}, toggles, seed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default=os.environ.get("QUALCODE_TEST_POSTGRES_URL"), metavar="URL")
    parser.add_argument("--pg-coders", type=int, default=8)
    parser.add_argument("--sqlite-coders", type=int, default=4)
    parser.add_argument("--toggles", type=int, default=500)
    parser.add_argument(
        "--no-roles", action="store_true", help="On PostgreSQL, every coder logs in as the owner."
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.postgres:
        postgres_leg(args.postgres, args.pg_coders, args.toggles, not args.no_roles, args.seed)
    else:
        print("PostgreSQL: skipped (give --postgres URL or set QUALCODE_TEST_POSTGRES_URL)")
    sqlite_leg(args.sqlite_coders, args.toggles, args.seed)


if __name__ == "__main__":
    main()
