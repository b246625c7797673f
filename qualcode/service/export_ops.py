"""Export operations of the Workbench: code tables as DataFrames and the project as REFI-QDA data."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from sqlmodel import Session, select

from qualcode.errors import NotFoundError
from qualcode.service.base import WorkbenchBase
from qualcode.store import documents as document_store
from qualcode.store.consensus import CONSENSUS_NAME, consensus_coder
from qualcode.store.models import Document

if TYPE_CHECKING:
    import pandas as pd

    from qualcode.refi.model import ExchangeProject

# The export modules (and pandas with them) are imported where they are used:
# the coding workbench never exports, and pandas alone is a fifth of its start-up.


class ExportOps(WorkbenchBase):
    """Tables for pandas, R and spreadsheets, computed in SQL; the front ends only write them."""

    def _counted_coder_ids(self, session: Session, coder: str | None) -> tuple[int, ...]:
        """The coders whose codings count: one named coder, the consensus, or (None) every coder and lead.

        ``consensus`` names the consensus coder by its role, made on the first adjudication.
        """
        if coder == CONSENSUS_NAME:
            consensus = consensus_coder(session, self.project_id)
            if consensus is None or consensus.id is None:
                raise NotFoundError("no consensus coding yet: adjudicate first")
            return (consensus.id,)
        return self._coder_ids(session, coder)

    def frequencies(
        self, by: str | None = None, coder: str | None = None, wide: bool = False, count: str = "rollup"
    ) -> pd.DataFrame:
        """Per code: segments coded, documents, percent of reviewed segments; ``wide``: codes × groups.

        ``wide`` without ``by`` groups by document. ``count`` is "rollup" (a parent counts the
        segments of the codes below it) or "direct" (only its own), as `agreement_report` counts.
        """
        from qualcode.export.frequencies import BY_CHOICES, FrequencyQuery, code_frequencies, wide_frequencies
        from qualcode.store.attributes import column_name

        if wide and by is None:
            by = "document"
        with self.unit() as session:
            attribute = None if by is None or by in BY_CHOICES else self._grouping_attribute(session, by)
            query = FrequencyQuery(
                self.project_id,
                self._counted_coder_ids(session, coder),
                "attribute" if attribute else by,
                count == "rollup",
                attribute,
            )
            table = code_frequencies(session, query)
        group_column = column_name(attribute) if attribute else by
        return wide_frequencies(table, group_column) if wide and group_column else table

    def _grouping_attribute(self, session: Session, by: str) -> str:
        """The attribute ``--by`` names: its key, or ``attr_KEY`` as its column is called."""
        from qualcode.export.frequencies import BY_CHOICES
        from qualcode.store.attributes import COLUMN_PREFIX, attribute_keys

        keys = attribute_keys(
            session.exec(select(Document.meta).where(Document.project_id == self.project_id))
        )
        for key in (by, by.removeprefix(COLUMN_PREFIX) if by.startswith(COLUMN_PREFIX) else None):
            if key in keys:
                return key
        choices = ", ".join([*BY_CHOICES, *keys])
        raise NotFoundError(f"--by {by}: no document has the attribute {by!r}; group by one of: {choices}")

    def codings(self, coder: str | None = None, chunk_rows: int | None = None) -> Iterator[pd.DataFrame]:
        """The tidy codings table in chunks; the coder is checked before the first chunk is asked for."""
        with self.unit() as session:
            coder_ids = self._counted_coder_ids(session, coder)
        return self._coding_chunks(coder_ids, chunk_rows)

    def _coding_chunks(self, coder_ids: tuple[int, ...], chunk_rows: int | None) -> Iterator[pd.DataFrame]:
        from qualcode.export.codings import CHUNK_ROWS, coding_chunks

        with self.unit() as session:
            yield from coding_chunks(session, self.project_id, coder_ids, chunk_rows or CHUNK_ROWS)

    def code_matrix(self, coder: str | None = None, all_segments: bool = False) -> pd.DataFrame:
        """One row per segment the coder judged, one 0/1 column per code (parents roll up children)."""
        from qualcode.export.matrix import code_matrix

        with self.unit() as session:
            return code_matrix(
                session, self.project_id, self._counted_coder_ids(session, coder), all_segments
            )

    def memos(self, coder: str | None = None) -> pd.DataFrame:
        """Every memo (of one coder, or of everyone), with its document, segment and author."""
        from qualcode.export.memos import memo_table

        with self.unit() as session:
            if coder is not None:
                coder_ids = self._coder_ids(session, coder)
            else:
                coder_ids = tuple(row.id for row in self._coders(session) if row.id is not None)
            return memo_table(session, self.project_id, coder_ids)

    def cooccurrence(
        self, coder: str | None = None, wide: bool = False, document: str | None = None
    ) -> pd.DataFrame:
        """Segments where both codes apply, for every pair of codes; the diagonal is each code's total.

        ``document`` (a document's name) counts that document's segments only.
        """
        from qualcode.export.cooccurrence import code_cooccurrence, wide_cooccurrence

        with self.unit() as session:
            document_id = None
            if document is not None:
                document_id = document_store.find_document(session, self.project_id, document).id
            coder_ids = self._counted_coder_ids(session, coder)
            table = code_cooccurrence(session, self.project_id, coder_ids, document_id)
        return wide_cooccurrence(table) if wide else table

    def exchange_project(self) -> ExchangeProject:
        """The project as a REFI-QDA project: every coder a user, their codings on coded segments."""
        from qualcode.refi.collect import exchange_project

        with self.unit() as session:
            return exchange_project(session, self._project(session), self._coders(session))
