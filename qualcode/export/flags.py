"""The flags table: every segment a coder flagged for discussion, and whether they judged it anyway."""

from __future__ import annotations

from dataclasses import astuple, dataclass
from typing import TYPE_CHECKING

from sqlmodel import Session

from qualcode.export.code_sql import parameters, statement
from qualcode.store.models import ReviewStatus

if TYPE_CHECKING:
    import pandas as pd

FLAGS_COLUMNS = ("document", "segment_id", "position", "speaker", "coder", "excerpt", "reviewed")
"""The table's columns, in their documented, fixed order."""

EXCERPT_CHARS = 100
"""Enough of a turn to recognise it in a list; the segment id leads to the whole text."""


@dataclass(frozen=True)
class FlagRow:
    """One coder's flag on a segment."""

    document: str
    segment_id: int
    position: int
    speaker: str
    coder: str
    excerpt: str
    reviewed: bool
    """True when the coder also marked the segment done: flagged to discuss, but judged."""
    document_id: int
    """Last, and not a column of the table: the front ends open the document with it."""


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The text on one line, cut at a word boundary within ``limit`` characters, ending in "…"."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut + "…"


_FLAGS_SQL = """
SELECT document.name, segment.id, segment.position, segment.speaker, coder.name, segment.text,
       segment_review.status, document.id
FROM segment_review
JOIN segment ON segment.id = segment_review.segment_id
JOIN document ON document.id = segment.document_id
JOIN coder ON coder.id = segment_review.coder_id
WHERE document.project_id = :project_id AND segment_review.flagged = :yes
  AND segment_review.coder_id IN :coder_ids
ORDER BY document.position, document.id, segment.position, coder.id
"""


def flag_rows(session: Session, project_id: int, coder_ids: tuple[int, ...]) -> list[FlagRow]:
    """Every flag of the given coders, in document and segment order."""
    if not coder_ids:
        return []
    params = {**parameters(project_id, coder_ids), "yes": True}
    return [
        FlagRow(
            name, segment_id, position, speaker, coder, excerpt(text), status == ReviewStatus.DONE.value, doc
        )
        for name, segment_id, position, speaker, coder, text, status, doc in session.execute(
            statement(_FLAGS_SQL), params
        )
    ]


def flag_table(rows: list[FlagRow]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame([astuple(row)[: len(FLAGS_COLUMNS)] for row in rows], columns=list(FLAGS_COLUMNS))
