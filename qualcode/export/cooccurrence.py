"""Code co-occurrence, counted in SQL: segments where one coder applied both codes (or codes below them)."""

from __future__ import annotations

import pandas as pd
from sqlmodel import Session

from qualcode.export.code_sql import CLOSURE_CTE, parameters, statement
from qualcode.store.codes import code_paths, project_codes

LONG_COLUMNS = ("code_a", "code_b", "segments")

#: (segment, coder, code) for every code a counted coder applied to a segment, or one below it.
_TAGGED_BY_CODER = """
tagged(segment_id, coder_id, code_id) AS (
    SELECT DISTINCT coding.segment_id, coding.coder_id, closure.ancestor_id
    FROM coding JOIN closure ON closure.descendant_id = coding.code_id{join}
    WHERE coding.coder_id IN :coder_ids{where}
)"""
_IN_DOCUMENT = (
    "\n    JOIN segment ON segment.id = coding.segment_id",
    " AND segment.document_id = :document_id",
)

#: A pair counts once per coder who applied both codes to the segment: two codes that two coders
#: split between them are a disagreement, not a co-occurrence.
_PAIRS = """
SELECT a.code_id AS code_a, b.code_id AS code_b, COUNT(*) AS segments
FROM tagged AS a JOIN tagged AS b ON a.segment_id = b.segment_id AND a.coder_id = b.coder_id
GROUP BY a.code_id, b.code_id
"""
_PAIRS_SQL = f"WITH RECURSIVE {CLOSURE_CTE}, {_TAGGED_BY_CODER.format(join='', where='')}{_PAIRS}"
_PAIRS_IN_DOCUMENT_SQL = (
    f"WITH RECURSIVE {CLOSURE_CTE}, "
    f"{_TAGGED_BY_CODER.format(join=_IN_DOCUMENT[0], where=_IN_DOCUMENT[1])}{_PAIRS}"
)


def code_cooccurrence(
    session: Session, project_id: int, coder_ids: tuple[int, ...], document_id: int | None = None
) -> pd.DataFrame:
    """Every ordered pair of live codes in codebook order, zeros included.

    A pair co-occurs on a segment when one coder applied both codes to it (parents rolled
    up). With several coders, the counts are summed over the coders: a segment on which two
    coders both applied the pair counts twice, and one where a coder applied one code and
    another coder the other counts not at all. The diagonal (a code with itself) is then the
    segments each coder gave the code, summed; with one coder it is the ``segments`` of the
    frequencies table. With ``document_id``, only that document's segments count.
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
