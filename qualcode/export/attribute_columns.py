"""Document attributes as table columns: one ``attr_KEY`` column per key, for the row tables."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, select

from qualcode.store.attributes import attribute_keys, column_name, visible_attributes
from qualcode.store.models import Document

if TYPE_CHECKING:
    import pandas as pd


class DocumentAttributes:
    """The documents' attributes as ``attr_KEY`` columns: every key any document has, sorted.

    A document without a key gets an empty cell (NaN in pandas, NA in R), so the columns are
    the same in every chunk and for every coder.
    """

    def __init__(self, metas: Mapping[int | None, Mapping[str, Any]]) -> None:
        self.keys = attribute_keys(metas.values())
        self.values = {document_id: visible_attributes(meta) for document_id, meta in metas.items()}

    def added_to(self, frame: pd.DataFrame, document_column: str = "document_id") -> pd.DataFrame:
        for key in self.keys:
            by_document = {document_id: values.get(key) for document_id, values in self.values.items()}
            frame[column_name(key)] = frame[document_column].map(by_document).astype(object)
        return frame

    @property
    def columns(self) -> list[str]:
        return [column_name(key) for key in self.keys]


def project_attributes(session: Session, project_id: int) -> DocumentAttributes:
    """Every document's attributes in a project, for the columns of a row table."""
    metas = session.exec(select(Document.id, Document.meta).where(Document.project_id == project_id))
    return DocumentAttributes(dict(metas.all()))
