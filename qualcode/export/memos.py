"""The memos table: every memo with where it sits and who wrote it, for reading next to the codings."""

from __future__ import annotations

from dataclasses import astuple, dataclass
from typing import TYPE_CHECKING

from sqlmodel import Session

from qualcode.export.code_sql import parameters, statement, utc_timestamp_sql

if TYPE_CHECKING:
    import pandas as pd

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


@dataclass(frozen=True)
class MemoRow:
    """One memo where it sits; a whole-document memo has no segment, position, speaker or text."""

    document: str
    segment_id: int | None
    position: int | None
    speaker: str | None
    text: str | None
    author: str
    memo: str
    written_at: str
    updated_at: str
    document_id: int
    """Last, and not a column of the table: the front ends open the document with it."""


def _memos_sql(session: Session) -> str:
    """Segment memos and whole-document memos (which come from other tools' projects) alike:
    a document memo has no segment, so its segment columns stay empty."""
    written = utc_timestamp_sql(session, "memo.created_at")
    updated = utc_timestamp_sql(session, "memo.updated_at")
    return f"""
SELECT document.name, segment.id, segment.position, segment.speaker, segment.text, coder.name,
       memo.text, {written}, {updated}, document.id
FROM memo
JOIN coder ON coder.id = memo.author_id
LEFT JOIN segment ON segment.id = memo.segment_id
JOIN document ON document.id = COALESCE(segment.document_id, memo.document_id)
WHERE memo.project_id = :project_id AND memo.author_id IN :coder_ids
ORDER BY document.position, document.id, segment.position, coder.id, memo.id
"""


def memo_rows(session: Session, project_id: int, coder_ids: tuple[int, ...]) -> list[MemoRow]:
    """Every memo by the given coders, in document and segment order."""
    if not coder_ids:
        return []
    result = session.execute(statement(_memos_sql(session)), parameters(project_id, coder_ids))
    return [MemoRow(*row) for row in result]


def memo_table(session: Session, project_id: int, coder_ids: tuple[int, ...]) -> pd.DataFrame:
    """One row per memo by the given coders, in document and segment order."""
    import pandas as pd

    rows = [astuple(row)[: len(MEMOS_COLUMNS)] for row in memo_rows(session, project_id, coder_ids)]
    table = pd.DataFrame(rows, columns=list(MEMOS_COLUMNS))
    return table.astype({"segment_id": "Int64", "position": "Int64"})
