"""The memos table: every memo with where it sits and who wrote it, for reading next to the codings."""

from __future__ import annotations

import pandas as pd
from sqlmodel import Session

from qualcode.export.code_sql import parameters, statement, utc_timestamp_sql

MEMOS_COLUMNS = (
    "document",
    "segment_id",
    "position",
    "speaker",
    "text",
    "author",
    "memo",
    "written_at",
    "updated_at",
)
"""The table's columns, in their documented, fixed order."""


def _memos_sql(session: Session) -> str:
    """Segment memos and whole-document memos (which come from other tools' projects) alike:
    a document memo has no segment, so its segment columns stay empty."""
    written = utc_timestamp_sql(session, "memo.created_at")
    updated = utc_timestamp_sql(session, "memo.updated_at")
    return f"""
SELECT document.name, segment.id, segment.position, segment.speaker, segment.text, coder.name,
       memo.text, {written}, {updated}
FROM memo
JOIN coder ON coder.id = memo.author_id
LEFT JOIN segment ON segment.id = memo.segment_id
JOIN document ON document.id = COALESCE(segment.document_id, memo.document_id)
WHERE memo.project_id = :project_id AND memo.author_id IN :coder_ids
ORDER BY document.position, document.id, segment.position, coder.id, memo.id
"""


def memo_table(session: Session, project_id: int, coder_ids: tuple[int, ...]) -> pd.DataFrame:
    """One row per memo by the given coders, in document and segment order."""
    rows = []
    if coder_ids:
        rows = [
            tuple(row)
            for row in session.execute(statement(_memos_sql(session)), parameters(project_id, coder_ids))
        ]
    table = pd.DataFrame(rows, columns=list(MEMOS_COLUMNS))
    return table.astype({"segment_id": "Int64", "position": "Int64"})
