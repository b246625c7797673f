"""Code co-occurrence, counted in SQL: segments where both codes (or codes below them) apply."""

from __future__ import annotations

import pandas as pd
from sqlmodel import Session

from qualcode.export.code_sql import (
    CLOSURE_CTE,
    TAGGED_CTE,
    TAGGED_IN_DOCUMENT_CTE,
    parameters,
    statement,
)
from qualcode.store.codes import code_paths, project_codes

LONG_COLUMNS = ("code_a", "code_b", "segments")

_PAIRS = """
SELECT a.code_id AS code_a, b.code_id AS code_b, COUNT(*) AS segments
FROM tagged AS a JOIN tagged AS b ON a.segment_id = b.segment_id
GROUP BY a.code_id, b.code_id
"""
_PAIRS_SQL = f"WITH RECURSIVE {CLOSURE_CTE}, {TAGGED_CTE}{_PAIRS}"
_PAIRS_IN_DOCUMENT_SQL = f"WITH RECURSIVE {CLOSURE_CTE}, {TAGGED_IN_DOCUMENT_CTE}{_PAIRS}"


def code_cooccurrence(
    session: Session, project_id: int, coder_ids: tuple[int, ...], document_id: int | None = None
) -> pd.DataFrame:
    """Every ordered pair of live codes in codebook order, zeros included.

    The diagonal (a code with itself) is the number of segments with that
    code, the same figure as ``segments`` in the frequencies table. With
    several coders pooled, a segment has a code when any of them applied it.
    With ``document_id``, only that document's segments count.
    """
    codes = project_codes(session, project_id)
    paths = code_paths(project_codes(session, project_id, include_archived=True))
    counts: dict[tuple[int, int], int] = {}
    if coder_ids:
        params = dict(parameters(project_id, coder_ids))
        sql = _PAIRS_SQL
        if document_id is not None:
            sql, params["document_id"] = _PAIRS_IN_DOCUMENT_SQL, document_id
        rows = session.execute(statement(sql), params)
        counts = {(row.code_a, row.code_b): row.segments for row in rows}
    ids = [code.id for code in codes if code.id is not None]
    table = [(paths[a], paths[b], counts.get((a, b), 0)) for a in ids for b in ids]
    return pd.DataFrame(table, columns=list(LONG_COLUMNS))


def wide_cooccurrence(long: pd.DataFrame) -> pd.DataFrame:
    """Codes × codes: a ``code`` column, then one column of counts per code, in codebook order."""
    order = list(dict.fromkeys(long["code_a"]))
    table = long.pivot(index="code_a", columns="code_b", values="segments").reindex(
        index=order, columns=order
    )
    table = table.astype("int64").reset_index(names="code")
    table.columns.name = None
    return table
