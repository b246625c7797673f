"""The code matrix: one row per reviewed segment, one 0/1 column per live code."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlmodel import Session

from qualcode.export.code_sql import CLOSURE_CTE, TAGGED_CTE, parameters, statement
from qualcode.store.codes import code_paths, project_codes

SEGMENT_COLUMNS = ("document", "segment_id", "position", "speaker")
"""The columns before the code columns, in their fixed order."""

_SEGMENTS_SQL = """
SELECT document.name AS document, segment.id AS segment_id, segment.position, segment.speaker,
       EXISTS (
           SELECT 1 FROM segment_review
           WHERE segment_review.segment_id = segment.id AND segment_review.status = 'done'
             AND segment_review.coder_id IN :coder_ids
       ) AS reviewed
FROM segment JOIN document ON document.id = segment.document_id
WHERE document.project_id = :project_id
ORDER BY document.position, document.id, segment.position
"""

_TAGGED_SQL = f"WITH RECURSIVE {CLOSURE_CTE}, {TAGGED_CTE}\nSELECT segment_id, code_id FROM tagged"


def code_matrix(
    session: Session, project_id: int, coder_ids: tuple[int, ...], all_segments: bool = False
) -> pd.DataFrame:
    """Segments judged ("done") by the counted coders, with 1 where a code (or one below it) applies.

    A segment nobody counted has judged is not a row of zeros: it is left out,
    or with ``all_segments`` kept with empty code cells, because "not coded
    yet" is not "no code applies".
    """
    codes = project_codes(session, project_id)
    paths = code_paths(project_codes(session, project_id, include_archived=True))
    params = parameters(project_id, coder_ids)
    segments = pd.DataFrame(
        session.execute(statement(_SEGMENTS_SQL), params).all(),
        columns=[*SEGMENT_COLUMNS, "reviewed"],
    )
    segments["reviewed"] = segments["reviewed"].astype(bool)
    if not all_segments:
        segments = segments[segments["reviewed"]].reset_index(drop=True)
    values = np.zeros((len(segments), len(codes)), dtype="int8")
    tagged = session.execute(statement(_TAGGED_SQL), params).all() if coder_ids else []
    if tagged and len(segments):
        pairs = np.array(tagged, dtype="int64")
        rows = pd.Index(segments["segment_id"]).get_indexer(pairs[:, 0])
        columns = pd.Index([code.id for code in codes]).get_indexer(pairs[:, 1])
        keep = (rows >= 0) & (columns >= 0)
        values[rows[keep], columns[keep]] = 1
    names = [paths[code.id] for code in codes]  # type: ignore[index]
    flags = pd.DataFrame(values, columns=names)
    if all_segments:
        unjudged = np.broadcast_to(~segments["reviewed"].to_numpy()[:, None], values.shape)
        flags = flags.astype("Int8").mask(unjudged)
    return pd.concat([segments[list(SEGMENT_COLUMNS)], flags], axis=1)
