"""Upgrading a project made at revision 0005: everything kept, and an empty table of exchange GUIDs."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import Engine, inspect, text
from test_refi_foreign_layouts import zipped
from test_store_migration_spans import _project_at_0002

from qualcode.service import Workbench
from qualcode.store.engine import create_project_engine
from qualcode.store.schema import alembic_config, current_revision, head_revision

TABLES = ["project", "document", "segment", "code", "coder", "coding", "segment_review", "memo", "decision"]


def _tables(engine: Engine) -> dict[str, list[tuple]]:
    with engine.connect() as connection:
        return {
            table: [tuple(row) for row in connection.execute(text(f"SELECT * FROM {table} ORDER BY id"))]
            for table in TABLES
        }


def test_upgrading_a_0005_project_keeps_every_row_and_adds_the_guid_table(
    database_url: str, tmp_path: Path
) -> None:
    (tmp_path / "store").mkdir(exist_ok=True)
    engine = create_project_engine(database_url)
    _project_at_0002(engine)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0005")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO memo (id, project_id, segment_id, document_id, author_id, text, created_at, "
                "updated_at) VALUES (7, 1, 11, 5, 41, 'Trust first.', '2026-11-30 09:15:00', "
                "'2026-11-30 09:15:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO segment_review (id, segment_id, coder_id, status, flagged, updated_at) "
                "VALUES (3, 12, 41, 'done', true, '2026-11-30 09:15:00')"
            )
        )
    before = _tables(engine)
    assert "exchange_guid" not in inspect(engine).get_table_names()
    engine.dispose()

    workbench = Workbench.open("study", database_url)
    try:
        assert current_revision(workbench.engine) == head_revision() == "0006"
        assert _tables(workbench.engine) == before
        with workbench.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM exchange_guid")).scalar_one() == 0
        # The upgraded project takes a REFI-QDA file and records the GUIDs it brings.
        assert workbench.import_files([zipped("atlas-ti", tmp_path)]).failed == ()
        with workbench.engine.connect() as connection:
            kinds = connection.execute(
                text("SELECT kind, count(*) FROM exchange_guid GROUP BY kind ORDER BY kind")
            ).all()
        assert [tuple(row) for row in kinds] == [
            ("code", 2),
            ("coding", 2),
            ("selection", 2),
            ("source", 1),
            ("user", 2),
        ]
    finally:
        workbench.close()
