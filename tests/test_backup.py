"""`qualcode backup` and `restore`: consistent copies while coders work, and putting one back safely."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from factories import CODEBOOK_V1, INTERVIEW, write

from qualcode.cli.main import cli
from qualcode.service import Workbench
from qualcode.store.backup import integrity_problem
from qualcode.store.engine import projects_dir
from qualcode.store.schema import SCHEMA_REVISION

REPO = Path(__file__).resolve().parents[1]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def every_row(database: Path) -> dict[str, list[tuple]]:
    """Every table's rows in a stable order: what a restore has to give back exactly."""
    with sqlite3.connect(database) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        rows = {table: sorted(connection.execute(f'SELECT * FROM "{table}"'), key=repr) for table in tables}
    connection.close()
    return rows


@pytest.fixture
def study(tmp_path: Path) -> Workbench:
    """A SQLite project under projects/ with codings, reviews and a memo by ana."""
    workbench = Workbench.create("study")
    workbench.load_codebook(write(tmp_path / "book.yaml", CODEBOOK_V1))
    workbench.import_files([write(tmp_path / "interview.txt", INTERVIEW)])
    workbench.add_coder("ana")
    workbench.apply_code(workbench.resolve_segment("interview:2"), "relational", "ana")
    workbench.apply_code(workbench.resolve_segment("interview:4"), "technical", "ana")
    workbench.save_memo(workbench.resolve_segment("interview:2"), "ana", "listening first")
    return workbench


def database(name: str = "study") -> Path:
    return projects_dir() / name / "project.db"


def test_backup_change_restore_gives_back_every_row(study: Workbench, tmp_path: Path) -> None:
    before = every_row(database())
    out = tmp_path / "saved.db"
    assert run("backup", "study", "--out", str(out)) == (0, f"backed up project 'study' to {out}\n", "")
    study.apply_code(study.resolve_segment("interview:3"), "power", "ana")
    study.add_coder("ben")
    study.save_memo(study.resolve_segment("interview:2"), "ana", "changed my mind")
    changed = every_row(database())
    assert changed != before

    code, out_text, err = run("restore", "study", str(out), "--yes")
    assert (code, err) == (0, "")
    first, second = out_text.splitlines()
    previous = Path(re.fullmatch(r"backed up the current state to (.+)", first).group(1))  # type: ignore[union-attr]
    assert second == f"restored {out}"
    assert every_row(database()) == before
    assert every_row(previous) == changed
    assert re.fullmatch(r"study-\d{8}T\d{6}Z\.db", previous.name)
    assert previous.parent == database().parent / "backups"
    assert [coder.name for coder in Workbench.open("study").coders()] == ["ana"]


def test_default_backups_go_to_the_projects_backups_folder_and_never_overwrite(
    study: Workbench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, first, _ = run("backup", "study")
    assert code == 0
    code, second, _ = run("backup", "projects/study")
    assert code == 0
    names = sorted(path.name for path in (database().parent / "backups").iterdir())
    assert len(names) == 2 and first != second
    assert re.fullmatch(r"study-\d{8}T\d{6}Z(-2)?\.db", names[0])
    assert all(every_row(database().parent / "backups" / name) == every_row(database()) for name in names)


def test_restore_without_yes_is_refused_and_changes_nothing(study: Workbench, tmp_path: Path) -> None:
    out = tmp_path / "saved.db"
    run("backup", "study", "--out", str(out))
    study.add_coder("ben")
    before = every_row(database())
    assert run("restore", "study", str(out)) == (
        1,
        "",
        f"Error: restoring replaces project 'study' at {database()} with {out}; "
        "add --yes to go ahead (its current state is backed up first)\n",
    )
    assert every_row(database()) == before
    assert not (database().parent / "backups").exists()


def test_restore_refuses_a_file_that_is_not_a_backup_of_this_project(
    study: Workbench, tmp_path: Path
) -> None:
    other = Workbench.create("other")
    other_backup = other.backup(tmp_path / "other.db")
    not_sqlite = write(tmp_path / "notes.db", "just text")
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    newer = study.backup(tmp_path / "newer.db")
    with sqlite3.connect(newer) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    before = every_row(database())
    cases = [
        (other_backup, f"Error: {other_backup} holds 'other', not project 'study'\n"),
        (not_sqlite, f"Error: {not_sqlite} is not a qualcode project (file is not a database)\n"),
        (empty, f"Error: {empty} is not a qualcode project (it has no schema revision)\n"),
        (
            newer,
            f"Error: {newer} has schema revision 9999, newer than this qualcode's {SCHEMA_REVISION}: "
            "upgrade qualcode to restore it\n",
        ),
        (tmp_path / "missing.db", f"Error: no backup file {tmp_path / 'missing.db'}\n"),
    ]
    for path, message in cases:
        assert run("restore", "study", str(path), "--yes") == (1, "", message)
    assert every_row(database()) == before
    assert not (database().parent / "backups").exists()


def test_restore_brings_back_a_project_whose_database_is_gone(study: Workbench, tmp_path: Path) -> None:
    out = study.backup(tmp_path / "saved.db")
    before = every_row(database())
    study.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database()}{suffix}").unlink(missing_ok=True)
    assert run("restore", "study", str(out)) == (0, f"restored {out}\n", "")
    assert every_row(database()) == before


def test_backup_refuses_to_overwrite_an_existing_file(study: Workbench, tmp_path: Path) -> None:
    out = write(tmp_path / "taken.db", "keep me")
    assert run("backup", "study", "--out", str(out)) == (
        1,
        "",
        f"Error: {out} already exists: choose another --out\n",
    )
    assert out.read_text() == "keep me"


CODER_LOOP = """
import sys
from qualcode.service import Workbench
workbench = Workbench.open("study")
for segment in workbench.segments(int(sys.argv[1])):
    workbench.apply_code(segment.id, "relational", "ana")
    print(segment.id, flush=True)
"""


def test_a_coder_killed_during_a_backup_leaves_both_databases_whole(tmp_path: Path) -> None:
    """Everything committed before the backup began is in it; neither file is damaged by SIGKILL."""
    workbench = Workbench.create("study")
    workbench.load_codebook(write(tmp_path / "book.yaml", CODEBOOK_V1))
    turns = "".join(f"Maria: turn {n} " + "words " * 60 + "\n\n" for n in range(4000))
    workbench.import_files([write(tmp_path / "long.txt", turns)])
    workbench.add_coder("ana")
    document_id = workbench.documents()[0].id
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    coder = subprocess.Popen(
        [sys.executable, "-c", CODER_LOOP, str(document_id)], stdout=subprocess.PIPE, text=True, env=env
    )
    assert coder.stdout is not None
    committed = [int(coder.stdout.readline()) for _ in range(40)]
    out = tmp_path / "during.db"
    partial = out.with_name(out.name + ".partial")
    backup = threading.Thread(target=workbench.backup, args=(out,))
    backup.start()
    while not partial.exists() and backup.is_alive():
        time.sleep(0.0005)
    os.kill(coder.pid, signal.SIGKILL)
    killed_before_backup_was_done = not out.exists()
    backup.join()
    coder.wait()
    # Every toggle the coder reported, up to the kill, was committed before it was reported.
    committed_by_the_kill = committed + [int(line) for line in coder.stdout.read().split()]
    assert coder.returncode == -signal.SIGKILL
    assert killed_before_backup_was_done
    assert not partial.exists()
    assert integrity_problem(database()) is None
    assert integrity_problem(out) is None
    for path in (database(), out):
        Workbench.open("study", f"sqlite:///{path}").close()
        with sqlite3.connect(path) as connection:
            coded = {row[0] for row in connection.execute("SELECT segment_id FROM coding")}
        connection.close()
        assert set(committed) <= coded
    with sqlite3.connect(database()) as connection:
        coded = {row[0] for row in connection.execute("SELECT segment_id FROM coding")}
    connection.close()
    # ...and at most one more was committed and then killed before it could say so.
    assert set(committed_by_the_kill) <= coded
    assert len(coded - set(committed_by_the_kill)) <= 1


def test_without_pg_dump_the_exact_command_is_shown_with_the_password_masked(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from qualcode.service import backup_ops
    from qualcode.store import pg_archive

    monkeypatch.setattr(pg_archive.shutil, "which", lambda name: None)
    location = backup_ops.locate_project("study", "postgresql://ana:s3cret@db.example.org:5433/team")
    workbench = Workbench(location, engine=None, project_id=1)  # type: ignore[arg-type]
    out = tmp_path / "team.dump"
    with pytest.raises(backup_ops.BackupError) as raised:
        workbench.backup(out)
    assert str(raised.value) == (
        "pg_dump is not on PATH; install the PostgreSQL client and run: PGPASSWORD=*** pg_dump "
        f"--format=custom --file={out} --dbname=postgresql://ana@db.example.org:5433/team"
    )


@pytest.mark.postgres
def test_a_postgres_backup_is_a_pg_dump_and_the_password_stays_out_of_sight(
    database_url: str, tmp_path: Path
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("pg_dump backs up PostgreSQL projects only")
    if subprocess.run(["which", "pg_dump"], capture_output=True).returncode != 0:
        pytest.skip("pg_dump is not installed")
    Workbench.create("study", database_url).close()
    out = tmp_path / "team.dump"
    code, text, err = run("backup", "study", "--db", database_url, "--out", str(out))
    assert (code, text, err) == (0, f"backed up project 'study' to {out}\n", "")
    assert out.read_bytes().startswith(b"PGDMP")
    listing = subprocess.run(["pg_restore", "--list", str(out)], capture_output=True, text=True, check=True)
    assert " TABLE " in listing.stdout and " coding " in listing.stdout
