"""Code frequencies, counted in SQL: parents roll up their children (or not) and a segment counts once."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlmodel import Session, col, select

from qualcode.export.code_sql import CLOSURE_CTE, SELF_CLOSURE_CTE, parameters, statement
from qualcode.store.attributes import MISSING, attribute_text, column_name, sorted_values
from qualcode.store.codes import code_paths, project_codes
from qualcode.store.models import Document

BY_CHOICES = ("document", "coder", "speaker")
"""The built-in groupings; any other ``--by`` names a document attribute."""

#: The group column and the join it needs, per ``--by``.
_GROUP_SQL = {
    None: ("NULL", ""),
    "document": ("document.name", "JOIN document ON document.id = segment.document_id"),
    "coder": ("coder.name", "JOIN coder ON coder.id = {table}.coder_id"),
    "speaker": ("segment.speaker", ""),
    "document_id": ("segment.document_id", ""),
}


@dataclass(frozen=True)
class FrequencyQuery:
    """Which codings count (those of ``coder_ids``, pooled) and how rows are grouped."""

    project_id: int
    coder_ids: tuple[int, ...]
    by: str | None = None
    """document, coder or speaker; or ``attribute``, grouping by the attribute ``attribute``."""
    rollup: bool = True
    """A parent counts the segments of the codes below it too; else only its own codings."""
    attribute: str | None = None
    """The document attribute whose values are the groups, when ``by`` is ``attribute``."""

    @property
    def counting(self) -> str:
        """The ``counting`` column's value, the spelling of ``--count``."""
        return "rollup" if self.rollup else "direct"


def long_columns(by: str | None) -> list[str]:
    """The long table's columns, in their fixed order."""
    return [
        *([by] if by else []),
        "code",
        "code_uuid",
        "segments",
        "documents",
        "reviewed_segments",
        "percent_of_reviewed",
        "counting",
    ]


def _counts_sql(by: str | None, rollup: bool) -> str:
    group, join = _GROUP_SQL[by]
    return f"""WITH RECURSIVE {CLOSURE_CTE if rollup else SELF_CLOSURE_CTE}
SELECT closure.ancestor_id AS code_id, {group} AS grp,
       COUNT(DISTINCT coding.segment_id) AS segments,
       COUNT(DISTINCT segment.document_id) AS documents
FROM coding
JOIN closure ON closure.descendant_id = coding.code_id
JOIN segment ON segment.id = coding.segment_id
{join.format(table="coding")}
WHERE coding.coder_id IN :coder_ids
GROUP BY closure.ancestor_id{", " + group if by else ""}
"""


def _reviewed_sql(by: str | None) -> str:
    group, join = _GROUP_SQL[by]
    return f"""
SELECT {group} AS grp, COUNT(DISTINCT segment_review.segment_id) AS reviewed
FROM segment_review
JOIN segment ON segment.id = segment_review.segment_id
{join.format(table="segment_review")}
WHERE segment_review.coder_id IN :coder_ids AND segment_review.status = 'done'
{"GROUP BY " + group if by else ""}
"""


def _groups_sql(by: str | None) -> str:
    """Every group, with or without codings, in a stable order (documents in project order)."""
    if by == "document":
        return "SELECT name FROM document WHERE project_id = :project_id ORDER BY position, id"
    if by == "coder":
        return "SELECT name FROM coder WHERE id IN :coder_ids ORDER BY id"
    return (
        "SELECT DISTINCT segment.speaker FROM segment JOIN document "
        "ON document.id = segment.document_id WHERE document.project_id = :project_id "
        "ORDER BY segment.speaker"
    )


def _groups(session: Session, query: FrequencyQuery) -> list[str | None]:
    if query.by is None:
        return [None]
    params = parameters(query.project_id, query.coder_ids)
    return [row[0] for row in session.execute(statement(_groups_sql(query.by)), params)]


def code_frequencies(session: Session, query: FrequencyQuery) -> pd.DataFrame:
    """One row per code (per group when ``by`` is set), every live code listed, zeros included."""
    if query.by == "attribute":
        return _attribute_frequencies(session, query)
    columns = long_columns(query.by)
    if not query.coder_ids:
        return pd.DataFrame(columns=columns)
    params = parameters(query.project_id, query.coder_ids)
    counts = {
        (row.code_id, row.grp): (row.segments, row.documents)
        for row in session.execute(statement(_counts_sql(query.by, query.rollup)), params)
    }
    reviewed = {row.grp: row.reviewed for row in session.execute(statement(_reviewed_sql(query.by)), params)}
    return _table(session, query, columns, _groups(session, query), counts, reviewed)


def _table(
    session: Session,
    query: FrequencyQuery,
    columns: list[str],
    groups: list[str | None],
    counts: dict[tuple[int, str | None], tuple[int, int]],
    reviewed: dict[str | None, int],
) -> pd.DataFrame:
    codes = project_codes(session, query.project_id)
    paths = code_paths(project_codes(session, query.project_id, include_archived=True))
    grouped = query.by is not None
    rows = []
    for group in groups:
        group_reviewed = reviewed.get(group, 0)
        for code in codes:
            segments, documents = counts.get((code.id, group), (0, 0))  # type: ignore[arg-type]
            percent = round(100.0 * segments / group_reviewed, 2) if group_reviewed else 0.0
            rows.append(
                [
                    *([group] if grouped else []),
                    paths[code.id],  # type: ignore[index]
                    code.uuid,
                    segments,
                    documents,
                    group_reviewed,
                    percent,
                    query.counting,
                ]
            )
    return pd.DataFrame(rows, columns=columns)


def _attribute_frequencies(session: Session, query: FrequencyQuery) -> pd.DataFrame:
    """Grouped by a document attribute's value: counted per document in SQL, then summed per value.

    A segment belongs to one document, so per-document segment counts add up to the value's
    count without counting a segment twice; documents without the attribute form the group
    `MISSING`, listed last.
    """
    key = query.attribute
    assert key is not None
    columns = long_columns(column_name(key))
    if not query.coder_ids:
        return pd.DataFrame(columns=columns)
    metas = session.exec(
        select(Document.id, Document.meta)
        .where(Document.project_id == query.project_id)
        .order_by(col(Document.position), col(Document.id))
    )
    group_of = {
        document_id: attribute_text(meta[key]) if key in meta else MISSING for document_id, meta in metas
    }
    present = [value for value in group_of.values() if value != MISSING]
    groups: list[str | None] = [*sorted_values(present), *([MISSING] if MISSING in group_of.values() else [])]
    params = parameters(query.project_id, query.coder_ids)
    counts: dict[tuple[int, str | None], tuple[int, int]] = {}
    for row in session.execute(statement(_counts_sql("document_id", query.rollup)), params):
        group = group_of[row.grp]
        segments, documents = counts.get((row.code_id, group), (0, 0))
        counts[(row.code_id, group)] = (segments + row.segments, documents + 1)
    reviewed: dict[str | None, int] = {}
    for row in session.execute(statement(_reviewed_sql("document_id")), params):
        reviewed[group_of[row.grp]] = reviewed.get(group_of[row.grp], 0) + row.reviewed
    return _table(session, query, columns, groups, counts, reviewed)


def wide_frequencies(long: pd.DataFrame, by: str) -> pd.DataFrame:
    """Codes × groups: one row per code (``code``, ``code_uuid``, ``counting``), one column of segments
    per group.

    Groups keep the long table's order (documents in project order), codes the codebook's.
    """
    groups = list(dict.fromkeys(long[by]))
    codes = long.drop_duplicates("code_uuid")[["code", "code_uuid", "counting"]].reset_index(drop=True)
    table = long.pivot(index="code_uuid", columns=by, values="segments")
    table = table.reindex(index=codes["code_uuid"], columns=groups).fillna(0).astype("int64")
    table.columns = [str(group) for group in groups]
    return pd.concat([codes, table.reset_index(drop=True)], axis=1)
