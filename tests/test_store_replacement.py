"""Replacing a document's text in the store, on SQLite and PostgreSQL: rows move whole, positions renumber."""

from __future__ import annotations

from pathlib import Path

from factories import CODEBOOK_V1, write
from sqlalchemy import text
from test_cli_replace import CORRECTED, ORIGINAL

from qualcode.ingest import read_document
from qualcode.service import Workbench
from qualcode.store import documents as document_store
from qualcode.store.replacement import replace_document_text


def query(workbench: Workbench, sql: str) -> list[tuple]:
    with workbench.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql))]


CODINGS = (
    "SELECT coding.id, segment.position, coding.code_id, coding.coder_id, coding.created_at, "
    "coding.updated_at "
    "FROM coding JOIN segment ON segment.id = coding.segment_id ORDER BY coding.id"
)


def test_the_rows_on_kept_segments_move_with_every_column(workbench: Workbench, tmp_path: Path) -> None:
    workbench.load_codebook(write(tmp_path / "book.yaml", CODEBOOK_V1))
    workbench.import_files([write(tmp_path / "p03.txt", ORIGINAL)])
    workbench.add_coder("ana")
    for position, code in ((2, "relational"), (6, "technical"), (8, "hopeful"), (9, "power")):
        workbench.apply_code(workbench.resolve_segment(f"p03:{position}"), code, "ana")
    before = query(workbench, CODINGS)
    parsed = read_document(write(tmp_path / "new" / "p03.txt", CORRECTED))
    with workbench.unit() as session:
        document = document_store.find_document(session, workbench.project_id, "p03")
        plan = replace_document_text(session, document, parsed)
    new_position = {2: 2, 8: 6, 9: 7}
    assert query(workbench, CODINGS) == [
        (row[0], new_position[row[1]], *row[2:]) for row in before if row[1] in new_position
    ]
    assert [(item.kind, item.position, item.code) for item in plan.unplaced] == [
        ("coding", 6, "approach/technical"),
        ("review", 6, ""),
    ]
    assert query(workbench, "SELECT position, text FROM segment ORDER BY position") == [
        (index, segment.text) for index, segment in enumerate(parsed.segments, start=1)
    ]
