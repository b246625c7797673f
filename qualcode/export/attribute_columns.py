"""Document attributes as table columns: one ``attr_KEY`` column per key, for the row tables."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from qualcode.store.attributes import attribute_keys, column_name, visible_attributes

if TYPE_CHECKING:
    import pandas as pd


class DocumentAttributes:
    """The documents' attributes as ``attr_KEY`` columns: every key any document has, sorted.

    A document without a key gets an empty cell (NaN in pandas, NA in R), so the columns are
    the same in every chunk and for every coder.
    """

    def __init__(self, metas: Mapping[Any, Mapping[str, Any]]) -> None:
        """``metas``: each document's stored ``meta`` by document id."""
        self.keys = attribute_keys(metas.values())
        self.values = {document_id: visible_attributes(meta) for document_id, meta in metas.items()}

    def added_to(self, frame: pd.DataFrame, document_column: str = "document_id") -> pd.DataFrame:
        for key in self.keys:
            by_document = {document_id: values.get(key) for document_id, values in self.values.items()}
            frame[column_name(key)] = frame[document_column].map(by_document).astype(object)
        return frame
