"""The Alembic migrations build exactly the schema the models describe, on every backend."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

from qualcode.service import Workbench
from qualcode.store.schema import SCHEMA_REVISION, alembic_config, current_revision, head_revision


def test_migrated_schema_matches_the_models(workbench: Workbench) -> None:
    with workbench.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert compare_metadata(context, SQLModel.metadata) == []


def test_the_schema_revision_constant_is_the_newest_migration() -> None:
    assert head_revision() == SCHEMA_REVISION


def test_new_project_is_at_the_newest_revision_and_reopens(workbench: Workbench, database_url: str) -> None:
    assert current_revision(workbench.engine) == head_revision()
    reopened = Workbench.open("study", database_url)
    assert reopened.project_id == workbench.project_id
    tables = set(inspect(reopened.engine).get_table_names())
    assert {
        "project",
        "document",
        "segment",
        "code",
        "coder",
        "coding",
        "segment_review",
        "memo",
        "decision",
        "assignment",
        "alembic_version",
    } <= tables
    reopened.close()


def test_sqlite_store_uses_wal_and_foreign_keys(sqlite_url: str) -> None:
    bench = Workbench.create("study", sqlite_url)
    with bench.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10000
    bench.close()


def test_a_project_at_the_first_revision_upgrades_in_place_without_loss(
    database_url: str, tmp_path: Path
) -> None:
    """A project made before a schema change opens in this version with its documents intact."""
    workbench = Workbench.create("study", database_url)
    transcript = tmp_path / "interview.txt"
    transcript.write_text("Maria: We started with trust.\n\nLee: And then?\n", encoding="utf-8")
    workbench.import_files([transcript])
    config = alembic_config()
    with workbench.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
    assert current_revision(workbench.engine) == "0001"
    workbench.close()

    reopened = Workbench.open("study", database_url)
    assert current_revision(reopened.engine) == head_revision()
    indexes = {index["name"] for index in inspect(reopened.engine).get_indexes("document")}
    assert "ix_document_project_position" in indexes
    assert [(s.position, s.speaker, s.text) for s in reopened.segments(reopened.documents()[0].id)] == [
        (1, "Maria", "We started with trust."),
        (2, "Lee", "And then?"),
    ]
    reopened.close()
