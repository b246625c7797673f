"""Retrieval operations of the Workbench: segments by code across documents, and every memo and flag.

Blind coding is enforced here: a coder may retrieve only their own codings, and only a lead may
read other coders' codings, memos and flags, whichever front end asks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, select

from qualcode.errors import CodingError, NotFoundError
from qualcode.export.flags import FlagRow, flag_rows
from qualcode.export.memos import MemoRow, memo_rows
from qualcode.export.retrieval import (
    LIST_SEPARATOR,
    RETRIEVAL_COLUMNS,
    RetrievalQuery,
    RetrievedSegment,
    documents_with_attributes,
    project_speakers,
    retrieve_segments,
)
from qualcode.service.export_ops import ExportOps
from qualcode.store import codes as code_store
from qualcode.store import documents as document_store
from qualcode.store.attributes import attribute_keys, sorted_values, visible_attributes
from qualcode.store.models import CoderRole, Document

if TYPE_CHECKING:
    import pandas as pd

RETRIEVAL_TABLE_COLUMNS = (*RETRIEVAL_COLUMNS, "retrieved_code", "with_children")
"""The exported retrieval: the segment rows, then what was asked for, so the file says it itself."""


@dataclass(frozen=True)
class Retrieval:
    """The segments found and the question they answer."""

    codes: tuple[str, ...]
    """The paths of the code (or the two codes of a co-occurrence) asked for."""
    children: bool
    """Whether codes below them were rolled up."""
    scope: str
    """Whose codings: a coder's name, "consensus" or "all coders"."""
    segments: tuple[RetrievedSegment, ...]
    attributes: Mapping[int, Mapping[str, Any]] = field(default_factory=dict)
    """Each document's stored attributes by id, for the table's ``attr_KEY`` columns."""

    @property
    def description(self) -> str:
        """What was asked, as a caption says it: ``approach and its children · ana``."""
        codes = " and ".join(self.codes)
        rollup = (
            (" and the codes below" if len(self.codes) > 1 else " and its children")
            if self.children
            else " only"
        )
        return f"{codes}{rollup} · {self.scope}"

    def table(self) -> pd.DataFrame:
        import pandas as pd

        from qualcode.export.attribute_columns import DocumentAttributes

        asked = LIST_SEPARATOR.join(self.codes)
        rows = [(*segment.cells(), asked, self.children) for segment in self.segments]
        table = pd.DataFrame(rows, columns=list(RETRIEVAL_TABLE_COLUMNS))
        return DocumentAttributes(self.attributes).added_to(table)


def scope_name(coder: str | None) -> str:
    return "all coders" if coder is None else coder


class RetrievalOps(ExportOps):
    """Reading across documents: what a coder and a lead look up besides coding."""

    def _require_lead(self, session: Session, viewer: str, what: str) -> None:
        role = self._coder(session, viewer).role
        if role != CoderRole.LEAD.value:
            raise CodingError(f"blind coding: {viewer} is a {role}, and only a lead may read {what}")

    def retrieve(
        self,
        code: str | int,
        viewer: str,
        coder: str | None,
        *,
        children: bool = True,
        also_code: str | int | None = None,
        documents: Sequence[str] = (),
        speakers: Sequence[str] = (),
        where: Sequence[tuple[str, str]] = (),
    ) -> Retrieval:
        """The segments with ``code`` (and ``also_code``, if given) in ``coder``'s codings.

        ``coder`` names one coder, ``consensus``, or (None) every coder and lead pooled.
        ``viewer`` is who asks: a coder may retrieve only their own codings. ``documents``,
        ``speakers`` and ``where`` (document attributes, key and value) narrow the search;
        several values of one filter are alternatives, different filters must all hold.
        """
        with self.unit() as session:
            if coder != viewer:
                whose = "every coder's codings" if coder is None else f"{coder}'s codings"
                self._require_lead(session, viewer, whose)
            coder_ids = self._counted_coder_ids(session, coder)
            refs = (code,) if also_code is None else (code, also_code)
            chosen = [self._code(session, ref) for ref in refs]
            paths = code_store.code_paths(code_store.project_codes(session, self.project_id, True))
            query = RetrievalQuery(
                self.project_id,
                tuple(dict.fromkeys(c.id for c in chosen if c.id is not None)),
                coder_ids,
                children,
                self._document_ids(session, documents, where),
                tuple(speakers),
            )
            segments = retrieve_segments(session, query)
            attributes = {
                document_id: meta
                for document_id, meta in session.exec(
                    select(Document.id, Document.meta).where(Document.project_id == self.project_id)
                )
                if document_id is not None
            }
        return Retrieval(
            tuple(dict.fromkeys(paths[c.id] for c in chosen if c.id is not None)),
            children,
            scope_name(coder),
            tuple(segments),
            attributes,
        )

    def _document_ids(
        self, session: Session, names: Sequence[str], where: Sequence[tuple[str, str]]
    ) -> tuple[int, ...] | None:
        """The documents the filters allow, or None when there are no document filters."""
        if not names and not where:
            return None
        chosen = [document_store.find_document(session, self.project_id, name) for name in names]
        if not where:
            return tuple(d.id for d in chosen if d.id is not None)
        metas = [
            (document_id, meta)
            for document_id, meta in session.exec(
                select(Document.id, Document.meta).where(Document.project_id == self.project_id)
            )
            if document_id is not None and (not names or document_id in {d.id for d in chosen})
        ]
        known = attribute_keys(meta for _id, meta in metas)
        for key, _value in where:
            if key not in known:
                raise NotFoundError(f"no document has the attribute {key!r}")
        return documents_with_attributes(metas, where)

    def speakers(self) -> list[str]:
        """Every speaker label in the project, sorted, for a speaker filter."""
        with self.unit() as session:
            return project_speakers(session, self.project_id)

    def document_attributes(self) -> dict[str, list[str]]:
        """Every document attribute and the values it takes, as text, for an attribute filter."""
        with self.unit() as session:
            values: dict[str, list[str]] = {}
            metas = session.exec(select(Document.meta).where(Document.project_id == self.project_id))
            for meta in metas:
                for key, value in visible_attributes(meta).items():
                    values.setdefault(key, []).append(value)
        return {key: sorted_values(values[key]) for key in sorted(values)}

    # -- memos and flags ---------------------------------------------------------------------

    def _author_ids(self, session: Session, coder: str | None) -> tuple[int, ...]:
        """One coder, or everyone who writes notes: coders, leads and the consensus coder alike."""
        if coder is not None:
            return self._coder_ids(session, coder)
        return tuple(row.id for row in self._coders(session) if row.id is not None)

    def _note_coder_ids(self, session: Session, viewer: str, coder: str | None) -> tuple[int, ...]:
        self._require_lead(session, viewer, "other coders' memos and flags")
        return self._author_ids(session, coder)

    def memo_rows(self, viewer: str, coder: str | None = None) -> list[MemoRow]:
        """Every memo (of one coder, or of everyone), for a lead's memo browser."""
        with self.unit() as session:
            return memo_rows(session, self.project_id, self._note_coder_ids(session, viewer, coder))

    def flag_rows(self, viewer: str, coder: str | None = None) -> list[FlagRow]:
        """Every flag (of one coder, or of everyone), for a lead's flag queue."""
        with self.unit() as session:
            return flag_rows(session, self.project_id, self._note_coder_ids(session, viewer, coder))

    def flags(self, coder: str | None = None) -> pd.DataFrame:
        """The flags table (of one coder, or of everyone) for `qualcode export flags`."""
        from qualcode.export.flags import flag_table

        with self.unit() as session:
            return flag_table(flag_rows(session, self.project_id, self._author_ids(session, coder)))
