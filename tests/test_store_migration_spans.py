"""Upgrading a project made before span codings: every coding becomes its whole segment's span."""

from __future__ import annotations

import hashlib
from pathlib import Path

from alembic import command
from sqlalchemy import Engine, text

from qualcode.service import Workbench
from qualcode.store.engine import create_project_engine
from qualcode.store.schema import alembic_config, current_revision, head_revision

WHEN = "2026-11-30 09:15:00+00:00"
SEGMENTS = [(11, 1, "Maria", "We started with trust."), (12, 2, "Lee", "Ça a pris un an — enfin.")]
CODINGS = [  # (id, segment, code, coder)
    (101, 11, 31, 41),
    (102, 11, 32, 41),
    (103, 11, 31, 42),
    (104, 12, 32, 42),
]


def _project_at_0002(engine: Engine) -> None:
    """The tables exactly as the 0002 schema made them, filled by plain SQL."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0002")
    with engine.begin() as connection:
        run = connection.execute
        run(
            text(
                "INSERT INTO project (id, name, description, codebook_name, codebook_version, "
                "codebook_description, created_at) VALUES (1, 'study', '', '', '', '', :when)"
            ),
            {"when": WHEN},
        )
        run(
            text(
                "INSERT INTO document (id, project_id, name, source_name, sha256, position, segmentation, "
                "preamble, text, meta, imported_at) VALUES (5, 1, 'interview', 'interview.txt', 'abc', 1, "
                "'turn', '', :text, '{}', :when)"
            ),
            {"text": "\n\n".join(s[3] for s in SEGMENTS), "when": WHEN},
        )
        for segment_id, position, speaker, segment_text in SEGMENTS:
            run(
                text(
                    "INSERT INTO segment (id, document_id, position, speaker, text, start_char, end_char) "
                    "VALUES (:id, 5, :position, :speaker, :text, 0, 0)"
                ),
                {"id": segment_id, "position": position, "speaker": speaker, "text": segment_text},
            )
        for code_id, name in [(31, "trust"), (32, "time")]:
            run(
                text(
                    "INSERT INTO code (id, project_id, uuid, name, definition, when_to_use, when_not_to_use, "
                    "example, color, hotkey, position, exclusive, codable, archived) VALUES "
                    "(:id, 1, :uuid, :name, '', '', '', '', '', '', 0, false, true, false)"
                ),
                {"id": code_id, "uuid": f"uuid-{code_id}", "name": name},
            )
        for coder_id, name in [(41, "ana"), (42, "ben")]:
            run(
                text(
                    "INSERT INTO coder (id, project_id, name, role, created_at) "
                    "VALUES (:id, 1, :name, 'coder', :when)"
                ),
                {"id": coder_id, "name": name, "when": WHEN},
            )
        for coding_id, segment_id, code_id, coder_id in CODINGS:
            run(
                text(
                    "INSERT INTO coding (id, segment_id, code_id, coder_id, created_at, updated_at) "
                    "VALUES (:id, :segment, :code, :coder, :when, :when)"
                ),
                {"id": coding_id, "segment": segment_id, "code": code_id, "coder": coder_id, "when": WHEN},
            )


def _coding_rows(engine: Engine, columns: str) -> list[tuple]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(f"SELECT {columns} FROM coding ORDER BY id"))]


def test_upgrading_a_0002_project_keeps_every_coding_as_its_whole_segment(
    database_url: str, tmp_path: Path
) -> None:
    (tmp_path / "store").mkdir(exist_ok=True)
    engine = create_project_engine(database_url)
    _project_at_0002(engine)
    before = _coding_rows(engine, "id, segment_id, code_id, coder_id, created_at, updated_at")
    engine.dispose()

    workbench = Workbench.open("study", database_url)
    assert current_revision(workbench.engine) == head_revision()
    texts = {segment_id: segment_text for segment_id, _p, _s, segment_text in SEGMENTS}
    after = _coding_rows(
        workbench.engine,
        "id, segment_id, code_id, coder_id, created_at, updated_at, span_start, span_end, quote_hash",
    )
    assert after == [
        (*row, 0, len(texts[row[1]]), hashlib.sha256(texts[row[1]].encode("utf-8")).hexdigest())
        for row in before
    ]
    assert len(texts[12]) == 24  # characters, not UTF-8 bytes
    segment = workbench.resolve_segment("interview:1")
    assert [line.code_ids for line in workbench.segment_lines([segment], "ana")] == [(31, 32)]
    assert workbench.segment_spans(segment, "ana") == []
    workbench.toggle_code([segment], 31, "ana")
    assert _coding_rows(workbench.engine, "id") == [(102,), (103,), (104,)]
    workbench.close()
