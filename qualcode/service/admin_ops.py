"""Renaming and removing coders and documents, with a backup before anything coded is deleted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError

from qualcode.errors import ProjectError
from qualcode.service.backup_ops import BackupOps
from qualcode.store import documents as document_store
from qualcode.store import progress, removals, team_roles
from qualcode.store.removals import Holdings
from qualcode.text_checks import check_name


@dataclass(frozen=True)
class Removal:
    """What a removal deleted, and the backup taken before it (None when nothing was coded)."""

    held: Holdings
    backup: Path | None


@dataclass(frozen=True)
class DocumentDetails:
    """One document as `qualcode document show` prints it: what it is, and what is kept but not coded."""

    name: str
    source_name: str
    segmentation: str
    segments: int
    imported_at: datetime
    meta: dict[str, Any]
    preamble: str
    postamble: str


class AdminOps(BackupOps):
    """A lead's housekeeping on coders and documents."""

    # -- coders ------------------------------------------------------------------------------

    def rename_coder(self, old: str, new: str) -> None:
        new = new.strip()
        if not new:
            raise ProjectError("a coder needs a name")
        check_name(new, "coder name")
        try:
            with self.unit() as session:
                self._coder(session, old).name = new
        except IntegrityError:
            raise ProjectError(f"coder {new!r} already exists in project {self.name!r}") from None

    def coder_holdings(self, name: str) -> Holdings:
        with self.unit() as session:
            return removals.coder_holdings(session, self._coder(session, name).id)  # type: ignore[arg-type]

    def remove_coder(self, name: str) -> Removal:
        """Delete a coder and all their work in one transaction, backing up first if they coded anything.

        A coder with a team login is refused: the login's policies name the coder's row, so
        the login goes first (`qualcode team revoke`).
        """
        if not self.location.is_sqlite:
            with self.unit() as session:
                coder_id = self._coder(session, name).id
                grant = next(
                    (g for g in team_roles.granted_roles(session.connection()) if g.coder_id == coder_id),
                    None,
                )
            if grant is not None:
                raise ProjectError(
                    f"coder {name!r} logs in as database role {grant.role!r}: "
                    f"revoke it first with `qualcode team revoke {self.name} {name}`"
                )
        backup = self.backup() if self.coder_holdings(name).any else None
        with self.unit() as session:
            held = removals.delete_coder(session, self._coder(session, name).id)  # type: ignore[arg-type]
        return Removal(held, backup)

    # -- documents ---------------------------------------------------------------------------

    def rename_document(self, old: str, new: str) -> None:
        new = new.strip()
        if not new:
            raise ProjectError("a document needs a name")
        try:
            with self.unit() as session:
                document_store.find_document(session, self.project_id, old).name = new
        except IntegrityError:
            raise ProjectError(f"document {new!r} already exists in project {self.name!r}") from None

    def document_details(self, name: str) -> DocumentDetails:
        with self.unit() as session:
            document = document_store.find_document(session, self.project_id, name)
            segments = progress.segment_counts(session, self.project_id).get(document.id, 0)  # type: ignore[arg-type]
            return DocumentDetails(
                name=document.name,
                source_name=document.source_name,
                segmentation=document.segmentation,
                segments=segments,
                imported_at=document.imported_at,
                meta=dict(document.meta),
                preamble=document.preamble,
                postamble=document.postamble,
            )

    def document_holdings(self, name: str) -> Holdings:
        with self.unit() as session:
            document = document_store.find_document(session, self.project_id, name)
            return removals.document_holdings(session, document.id)  # type: ignore[arg-type]

    def remove_document(self, name: str) -> Removal:
        """Delete a document, its segments and all work on them, backing up first if any was coded."""
        backup = self.backup() if self.document_holdings(name).any else None
        with self.unit() as session:
            document = document_store.find_document(session, self.project_id, name)
            held = removals.delete_document(session, document.id)  # type: ignore[arg-type]
        return Removal(held, backup)
