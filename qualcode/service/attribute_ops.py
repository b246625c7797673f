"""Document attribute operations of the Workbench: list, set and unset, each edit one transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlmodel import Session, col, select

from qualcode.errors import CodingError, DocumentAttributeError, NotFoundError
from qualcode.service.base import WorkbenchBase, near_name
from qualcode.store.attributes import check_key, check_value, typed_like, visible_attributes
from qualcode.store.models import CoderRole, Document


@dataclass(frozen=True)
class DocumentAttribute:
    """One attribute of one document: a row of `qualcode document attributes`."""

    document: str
    attribute: str
    value: str


@dataclass(frozen=True)
class AttributeChange:
    """What one key of an edit did: the value before (None: it was not set) and after (None: removed)."""

    attribute: str
    before: str | None
    after: str | None


ATTRIBUTE_COLUMNS = ("document", "attribute", "value")
"""The columns of the attributes table, in their documented order."""


class AttributeOps(WorkbenchBase):
    """Attributes of documents (site, wave, age…): what exports group by and retrieval filters on."""

    def _documents(self, session: Session) -> list[Document]:
        return list(
            session.exec(
                select(Document)
                .where(Document.project_id == self.project_id)
                .order_by(col(Document.position), col(Document.id))
            )
        )

    def _attributed_document(self, session: Session, ref: str | int) -> Document:
        """A document by name (the CLI) or id (the TUI); a mistyped name gets the near one."""
        if isinstance(ref, int):
            document = session.get(Document, ref)
            if document is None or document.project_id != self.project_id:
                raise NotFoundError(f"no document with id {ref} in project {self.name!r}")
            return document
        document = session.exec(
            select(Document).where(Document.project_id == self.project_id, Document.name == ref)
        ).first()
        if document is None:
            near = near_name(ref, [row.name for row in self._documents(session)])
            hint = f": did you mean {near!r}?" if near else ""
            raise NotFoundError(f"no document {ref!r} in project {self.name!r}{hint}")
        return document

    def _require_editor(self, session: Session, editor: str | None) -> None:
        """The workbench lets a lead edit attributes; the CLI (``editor`` None) is the lead's own tool."""
        if editor is None:
            return
        role = self._coder(session, editor).role
        if role != CoderRole.LEAD.value:
            raise CodingError(f"{editor} is a {role}: only a lead may edit document attributes")

    def document_attribute_rows(self, document: str | int | None = None) -> list[DocumentAttribute]:
        """Every attribute of one document, or of every document in project order; keys sorted."""
        with self.unit() as session:
            documents = (
                self._documents(session)
                if document is None
                else [self._attributed_document(session, document)]
            )
            return [
                DocumentAttribute(row.name, key, value)
                for row in documents
                for key, value in visible_attributes(row.meta).items()
            ]

    def attributes_of(self, document: str | int) -> dict[str, str]:
        """One document's attributes as text, sorted by key."""
        with self.unit() as session:
            return visible_attributes(self._attributed_document(session, document).meta)

    def set_document_attributes(
        self, document: str | int, values: Mapping[str, str], editor: str | None = None
    ) -> list[AttributeChange]:
        """Set every KEY=VALUE on the document in one transaction: all of them or, on a bad one, none.

        Values are stored as text, as the importers store them, unless the project already gives
        the attribute numbers or booleans and the new value reads as one (`typed_like`).
        """
        checked = {}
        for key, value in values.items():
            key = check_key(key)
            checked[key] = check_value(key, value)
        if not checked:
            raise DocumentAttributeError("nothing to set: give KEY=VALUE, e.g. site=north")
        with self.unit() as session:
            self._require_editor(session, editor)
            row = self._attributed_document(session, document)
            before = visible_attributes(row.meta)
            others = [other.meta for other in self._documents(session) if other.id != row.id]
            typed = {
                key: typed_like([meta[key] for meta in [*others, row.meta] if key in meta], value)
                for key, value in checked.items()
            }
            # A new dict, not an edit in place: the JSON column is saved only when it is replaced.
            row.meta = {**row.meta, **typed}
            session.add(row)
        return [AttributeChange(key, before.get(key), value) for key, value in checked.items()]

    def unset_document_attributes(
        self, document: str | int, keys: Iterable[str], editor: str | None = None
    ) -> list[AttributeChange]:
        """Remove the keys from the document in one transaction; a key it does not have is an error."""
        wanted = [check_key(key) for key in keys]
        if not wanted:
            raise DocumentAttributeError("nothing to unset: name the attribute, e.g. site")
        with self.unit() as session:
            self._require_editor(session, editor)
            row = self._attributed_document(session, document)
            before = visible_attributes(row.meta)
            for key in wanted:
                if key not in before:
                    has = ", ".join(before) if before else "none"
                    raise NotFoundError(
                        f"document {row.name!r} has no attribute {key!r} (its attributes: {has})"
                    )
            row.meta = {key: value for key, value in row.meta.items() if key not in wanted}
            session.add(row)
        return [AttributeChange(key, before[key], None) for key in dict.fromkeys(wanted)]
