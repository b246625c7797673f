"""`qualcode restore` on PostgreSQL: a pg_dump archive put back with pg_restore, or refused in one line."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import POSTGRES_ENV
from factories import CODEBOOK_V1, INTERVIEW, write
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from qualcode.cli.main import cli
from qualcode.errors import BackupError
from qualcode.service import Workbench
from qualcode.store import pg_archive
from qualcode.store.engine import projects_dir


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_without_pg_restore_the_exact_command_is_shown_with_the_password_masked(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(pg_archive.shutil, "which", lambda name: None)
    dump = tmp_path / "team.dump"
    with pytest.raises(BackupError) as raised:
        Workbench.restore("study", "postgresql://ana:s3cret@db.example.org:5433/team", dump, replace=False)
    assert str(raised.value) == (
        "pg_restore is not on PATH; install the PostgreSQL client and run: PGPASSWORD=*** pg_restore "
        f"--clean --if-exists --dbname=postgresql://ana@db.example.org:5433/team {dump}"
    )


@pytest.fixture
def schema_url() -> Iterator[str]:
    """A PostgreSQL schema of its own, with a superuser-free owner: the test's database."""
    base = os.environ.get(POSTGRES_ENV)
    if not base:
        pytest.skip(f"PostgreSQL leg skipped: {POSTGRES_ENV} is not set")
    if shutil.which("pg_restore") is None:
        pytest.skip("pg_restore is not installed")
    schema = f"qc_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield (
            make_url(base)
            .update_query_dict({"options": f"-csearch_path={schema}"})
            .render_as_string(hide_password=False)
        )
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def every_row(url: str) -> dict[str, list[tuple]]:
    """Every table's rows in a stable order: what a restore has to give back exactly."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            tables = sorted(inspect(connection).get_table_names())
            return {
                table: sorted(
                    (tuple(row) for row in connection.execute(text(f'SELECT * FROM "{table}"'))), key=repr
                )
                for table in tables
            }
    finally:
        engine.dispose()


def coded_study(url: str, tmp_path: Path) -> Workbench:
    workbench = Workbench.create("study", url)
    workbench.load_codebook(write(tmp_path / "book.yaml", CODEBOOK_V1))
    workbench.import_files([write(tmp_path / "interview.txt", INTERVIEW)])
    workbench.add_coder("ana")
    workbench.apply_code(workbench.resolve_segment("interview:2"), "relational", "ana")
    workbench.save_memo(workbench.resolve_segment("interview:2"), "ana", "listening first")
    return workbench


@pytest.mark.postgres
def test_restore_over_projects_takes_force_then_gives_back_every_row(schema_url: str, tmp_path: Path) -> None:
    study = coded_study(schema_url, tmp_path)
    dump = tmp_path / "study.dump"
    assert run("backup", "study", "--db", schema_url, "--out", str(dump))[0] == 0
    backed_up = every_row(schema_url)
    study.apply_code(study.resolve_segment("interview:3"), "power", "ana")
    study.add_coder("ben")
    study.close()
    Workbench.create("pilot", schema_url).close()
    changed = every_row(schema_url)

    code, out, err = run("restore", "study", str(dump), "--db", schema_url)
    shown = make_url(schema_url).render_as_string(hide_password=True)
    assert (code, out, err) == (
        1,
        "",
        f"Error: {shown} already holds 'pilot', 'study': a pg_dump backup holds the whole database, "
        f"so restoring {dump} replaces every project in it; add --force to go ahead "
        "(its current state is backed up first)\n",
    )
    assert every_row(schema_url) == changed

    code, out, err = run("restore", "study", str(dump), "--db", schema_url, "--force")
    assert (code, err) == (0, "")
    first, second = out.splitlines()
    previous = Path(first.removeprefix("backed up the current state to "))
    assert (previous.parent, second) == (projects_dir() / "study" / "backups", f"restored {dump}")
    assert every_row(schema_url) == backed_up
    # The state it replaced is itself a backup that restores.
    assert run("restore", "study", str(previous), "--db", schema_url, "--force")[0] == 0
    assert every_row(schema_url) == changed


@pytest.mark.postgres
def test_restore_into_a_database_without_projects_needs_no_force(schema_url: str, tmp_path: Path) -> None:
    coded_study(schema_url, tmp_path).close()
    dump = tmp_path / "study.dump"
    assert run("backup", "study", "--db", schema_url, "--out", str(dump))[0] == 0
    backed_up = every_row(schema_url)
    engine = create_engine(schema_url)
    with engine.begin() as connection:
        for table in inspect(connection).get_table_names():
            connection.execute(text(f'DROP TABLE "{table}" CASCADE'))
    engine.dispose()
    assert run("restore", "study", str(dump), "--db", schema_url) == (0, f"restored {dump}\n", "")
    assert every_row(schema_url) == backed_up


@pytest.mark.postgres
def test_restore_refuses_what_is_not_a_backup_of_this_project(schema_url: str, tmp_path: Path) -> None:
    Workbench.create("pilot", schema_url).close()
    dump = tmp_path / "pilot.dump"
    assert run("backup", "pilot", "--db", schema_url, "--out", str(dump))[0] == 0
    before = every_row(schema_url)
    text_file = write(tmp_path / "notes.dump", "not a dump")
    cases = [
        (text_file, f"Error: {text_file} is neither a SQLite project nor a pg_dump archive\n"),
        (dump, f"Error: {dump} holds 'pilot', not project 'study'\n"),
        (tmp_path / "gone.dump", f"Error: no backup file {tmp_path / 'gone.dump'}\n"),
    ]
    for source, message in cases:
        assert run("restore", "study", str(source), "--db", schema_url, "--force") == (1, "", message)
    assert every_row(schema_url) == before


@pytest.mark.postgres
def test_team_roles_work_again_after_a_restore(schema_url: str, tmp_path: Path) -> None:
    import psycopg

    study = coded_study(schema_url, tmp_path)
    study.add_coder("ben")
    study.apply_code(study.resolve_segment("interview:1"), "power", "ben")
    role = f"qc_t{uuid.uuid4().hex[:8]}_ana"
    granted = study.grant_team_role("ana", role=role)
    dump = tmp_path / "study.dump"
    try:
        study.backup(dump)
        study.apply_code(study.resolve_segment("interview:4"), "power", "ana")
        study.close()
        assert run("restore", "study", str(dump), "--db", schema_url, "--force")[0] == 0
        parsed = make_url(schema_url)
        with psycopg.connect(
            host=parsed.host,
            port=parsed.port,
            dbname=parsed.database,
            user=role,
            password=granted.password,
            options=parsed.query["options"],
        ) as connection:
            rows = connection.execute(
                "SELECT coder.name, segment.position FROM coding JOIN coder ON coder.id = coding.coder_id "
                "JOIN segment ON segment.id = coding.segment_id ORDER BY 2"
            ).fetchall()
        assert rows == [("ana", 2)]
    finally:
        owner = Workbench.open("study", schema_url)
        owner.revoke_team_role("ana")
        owner.close()


@pytest.mark.postgres
def test_a_restore_that_needs_a_missing_login_fails_whole(schema_url: str, tmp_path: Path) -> None:
    study = coded_study(schema_url, tmp_path)
    role = f"qc_t{uuid.uuid4().hex[:8]}_ana"
    study.grant_team_role("ana", role=role)
    dump = tmp_path / "study.dump"
    study.backup(dump)
    study.revoke_team_role("ana")
    study.apply_code(study.resolve_segment("interview:4"), "power", "ana")
    study.close()
    before = every_row(schema_url)
    code, out, err = run("restore", "study", str(dump), "--db", schema_url, "--force")
    assert (code, out) == (1, "")
    assert err.startswith(
        "Error: pg_restore failed: pg_restore: error: could not execute query: ERROR:  role "
    )
    assert err.endswith(f'"{role}" does not exist (nothing was restored: the database is as it was)\n')
    assert every_row(schema_url) == before
