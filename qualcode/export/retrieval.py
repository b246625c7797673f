"""Code retrieval: every segment carrying a code, across documents, with who applied it.

A parent code "has" a segment when a code below it does, by the same closure the frequencies and
co-occurrence tables count with, so a retrieval lists exactly the segments behind a bar or a cell.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, text
from sqlmodel import Session

from qualcode.export.code_sql import CLOSURE_CTE, parameters
from qualcode.store.attributes import attribute_text
from qualcode.store.codes import code_paths, project_codes

RETRIEVAL_COLUMNS = (
    "document",
    "document_id",
    "segment_id",
    "position",
    "speaker",
    "text",
    "codes",
    "coders",
)
"""The exported table's columns, in their documented, fixed order."""

LIST_SEPARATOR = "; "
"""How one cell spells several codes or coders."""


@dataclass(frozen=True)
class RetrievalQuery:
    """Which segments to list: those where the counted coders applied every code of ``code_ids``."""

    project_id: int
    code_ids: tuple[int, ...]
    """One code, or two for the segments behind a co-occurrence cell (both must apply)."""
    coder_ids: tuple[int, ...]
    """Pooled: with several coders a segment has a code when any of them applied it."""
    children: bool = True
    """Roll up: a code also retrieves the segments of the codes below it."""
    document_ids: tuple[int, ...] | None = None
    """None for every document; otherwise only these (an empty tuple retrieves nothing)."""
    speakers: tuple[str, ...] = ()
    """Empty for every speaker."""


@dataclass(frozen=True)
class RetrievedSegment:
    """One segment a code was found on: where it is, what it says, which codes and coders put it there."""

    document: str
    document_id: int
    segment_id: int
    position: int
    speaker: str
    text: str
    codes: tuple[str, ...]
    """The paths of the codes actually applied (the code itself or, rolled up, codes below it)."""
    coders: tuple[str, ...]
    """Who applied them, in the order coders joined the project."""

    def cells(self) -> tuple[Any, ...]:
        """The row of the exported table, in `RETRIEVAL_COLUMNS` order."""
        return (
            self.document,
            self.document_id,
            self.segment_id,
            self.position,
            self.speaker,
            self.text,
            LIST_SEPARATOR.join(self.codes),
            LIST_SEPARATOR.join(self.coders),
        )


def _retrieval_sql(query: RetrievalQuery) -> str:
    filters = "" if query.children else " AND closure.descendant_id = closure.ancestor_id"
    if query.document_ids is not None:
        filters += " AND segment.document_id IN :document_ids"
    if query.speakers:
        filters += " AND segment.speaker IN :speakers"
    return f"""WITH RECURSIVE {CLOSURE_CTE}
SELECT DISTINCT document.name AS document, segment.document_id, segment.id AS segment_id,
       segment.position, segment.speaker, segment.text, closure.ancestor_id AS wanted,
       coding.code_id, code.position AS code_position, coder.id AS coder_id, coder.name AS coder,
       document.position AS document_position
FROM coding
JOIN closure ON closure.descendant_id = coding.code_id
JOIN code ON code.id = coding.code_id
JOIN segment ON segment.id = coding.segment_id
JOIN document ON document.id = segment.document_id
JOIN coder ON coder.id = coding.coder_id
WHERE closure.ancestor_id IN :code_ids AND coding.coder_id IN :coder_ids{filters}
ORDER BY document.position, segment.document_id, segment.position, code.position, coding.code_id, coder.id
"""


def _parameters(query: RetrievalQuery) -> Mapping[str, Any]:
    params = dict(parameters(query.project_id, query.coder_ids))
    params["code_ids"] = list(query.code_ids)
    if query.document_ids is not None:
        params["document_ids"] = list(query.document_ids)
    if query.speakers:
        params["speakers"] = list(query.speakers)
    return params


def retrieve_segments(session: Session, query: RetrievalQuery) -> list[RetrievedSegment]:
    """The segments in document and segment order, each once, with every code of the query on it."""
    if not query.coder_ids or not query.code_ids or query.document_ids == ():
        return []
    sql = text(_retrieval_sql(query))
    for name in ("code_ids", "coder_ids", "document_ids", "speakers"):
        if f":{name}" in sql.text:
            sql = sql.bindparams(bindparam(name, expanding=True))
    paths = code_paths(project_codes(session, query.project_id, include_archived=True))
    found: dict[int, dict[str, Any]] = {}
    for row in session.execute(sql, _parameters(query)):
        hit = found.setdefault(
            row.segment_id,
            {"row": row, "wanted": set(), "codes": {}, "coders": {}},
        )
        hit["wanted"].add(row.wanted)
        hit["codes"][paths[row.code_id]] = None
        hit["coders"][row.coder_id] = row.coder
    wanted = set(query.code_ids)
    return [
        RetrievedSegment(
            document=hit["row"].document,
            document_id=hit["row"].document_id,
            segment_id=segment_id,
            position=hit["row"].position,
            speaker=hit["row"].speaker,
            text=hit["row"].text,
            codes=tuple(hit["codes"]),
            coders=tuple(hit["coders"][key] for key in sorted(hit["coders"])),
        )
        for segment_id, hit in found.items()
        if hit["wanted"] == wanted
    ]


def documents_with_attributes(
    metas: Sequence[tuple[int, Mapping[str, Any]]], wanted: Sequence[tuple[str, str]]
) -> tuple[int, ...]:
    """The documents whose attributes match ``wanted``: one of the values given for each key.

    Values are compared as text: attributes come from import front matter or the lead's
    edits, so a number may be stored as 34 or "34", and both match ``age=34``.
    """
    values: dict[str, set[str]] = {}
    for key, value in wanted:
        values.setdefault(key, set()).add(value)
    return tuple(
        document_id
        for document_id, meta in metas
        if all(key in meta and attribute_text(meta[key]) in allowed for key, allowed in values.items())
    )


def project_speakers(session: Session, project_id: int) -> list[str]:
    """Every speaker label in the project, sorted, for a speaker filter."""
    sql = text(
        "SELECT DISTINCT segment.speaker FROM segment JOIN document ON document.id = segment.document_id "
        "WHERE document.project_id = :project_id ORDER BY segment.speaker"
    )
    return [row[0] for row in session.execute(sql, {"project_id": project_id})]
