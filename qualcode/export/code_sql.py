"""SQL shared by the code tables: which codes are live, how parents roll up, and dialect details."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import TextClause, bindparam, text
from sqlmodel import Session

#: Every live code paired with itself and each live code below it: a parent "has" a segment when
#: any of its descendants does. Archived codes (removed from the codebook) count nowhere, not even
#: through a live parent. Used by frequencies, the matrix and co-occurrence alike.
CLOSURE_CTE = """
closure(ancestor_id, descendant_id) AS (
    SELECT id, id FROM code WHERE project_id = :project_id AND archived = :no
    UNION ALL
    SELECT closure.ancestor_id, code.id
    FROM closure JOIN code ON code.parent_id = closure.descendant_id
    WHERE code.archived = :no
)"""

#: CLOSURE_CTE without the descendants: every live code paired with itself only, so that a parent
#: counts its own codings and not its children's (``--count direct``).
SELF_CLOSURE_CTE = """
closure(ancestor_id, descendant_id) AS (
    SELECT id, id FROM code WHERE project_id = :project_id AND archived = :no
)"""

#: (segment, code) for every segment a counted coder coded with the code or one below it.
TAGGED_CTE = """
tagged(segment_id, code_id) AS (
    SELECT DISTINCT coding.segment_id, closure.ancestor_id
    FROM coding JOIN closure ON closure.descendant_id = coding.code_id
    WHERE coding.coder_id IN :coder_ids
)"""


def statement(sql: str) -> TextClause:
    """A text statement whose ``:coder_ids`` (if any) expands to an IN list."""
    clause = text(sql)
    if ":coder_ids" in sql:
        clause = clause.bindparams(bindparam("coder_ids", expanding=True))
    return clause


def parameters(project_id: int, coder_ids: tuple[int, ...]) -> Mapping[str, Any]:
    return {"project_id": project_id, "coder_ids": list(coder_ids), "no": False}


def utc_timestamp_sql(session: Session, column: str) -> str:
    """An SQL expression spelling a stored UTC timestamp as ISO 8601, e.g. ``2025-03-03T10:15:00Z``.

    Done in SQL so that a million rows need no per-row Python formatting. On
    SQLite the column holds SQLAlchemy's ``YYYY-MM-DD HH:MM:SS.ffffff`` text in
    UTC, so cutting and joining it is exact, and several times faster than
    ``strftime``, which parses every value.
    """
    if session.get_bind().dialect.name == "postgresql":
        return f"""to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')"""
    return f"substr({column}, 1, 10) || 'T' || substr({column}, 12, 8) || 'Z'"
