"""Replacing a corrected transcript in place, keeping the work on every segment whose text is unchanged."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from qualcode.errors import ImportFileError
from qualcode.service.backup_ops import BackupOps
from qualcode.service.results import ImportedDocument
from qualcode.store import documents as document_store
from qualcode.store import removals
from qualcode.store.removals import Holdings
from qualcode.store.replacement import UnplacedWork, plan_replacement, replace_document_text

if TYPE_CHECKING:
    import pandas as pd

    from qualcode.ingest import ParsedDocument

UNPLACED_COLUMNS = ("document", "position", "speaker", "kind", "coder", "code", "detail", "old_text")
"""The columns of the unplaced-work file, one row per coding, review, memo, decision or assignment."""


@dataclass(frozen=True)
class ReplacementPreview:
    """What a replacement would do, computed without changing anything, for the lead to confirm."""

    document: str
    unplaced: tuple[UnplacedWork, ...]
    unplaced_holdings: Holdings


@dataclass(frozen=True)
class Replacement:
    """What a replacement did: the new document, the work kept and lost, and where to find the lost."""

    imported: ImportedDocument
    kept: Holdings
    unplaced: tuple[UnplacedWork, ...]
    unplaced_holdings: Holdings
    backup: Path | None
    unplaced_file: Path | None
    """A CSV beside the backup listing ``unplaced``; None when everything found its place."""


class ReplaceOps(BackupOps):
    """``import --replace``: a corrected transcript takes the place of the stored one."""

    def replacement_preview(
        self, path: Path, document: str | None = None, segmentation: str | None = None
    ) -> ReplacementPreview:
        name = document or path.stem
        with self.unit() as session:
            stored = document_store.find_document(session, self.project_id, name)
            parsed = self._replacement_text(path, name, stored.sha256, segmentation or stored.segmentation)
            plan = plan_replacement(session, stored.id, parsed)  # type: ignore[arg-type]
            return ReplacementPreview(name, plan.unplaced, plan.unplaced_holdings)

    def replace_document(
        self, path: Path, document: str | None = None, segmentation: str | None = None
    ) -> Replacement:
        """Back up the project if the document holds any work, then swap the text in one transaction.

        Nothing is written until the whole replacement is done: a failure part-way leaves
        the old text, segments and work as they were. The unplaced work is then listed in a
        file beside the backup, which still holds it.
        """
        name = document or path.stem
        with self.unit() as session:
            stored = document_store.find_document(session, self.project_id, name)
            held = removals.document_holdings(session, stored.id)  # type: ignore[arg-type]
        backup = self.backup() if held.any else None
        with self.unit() as session:
            stored = document_store.find_document(session, self.project_id, name)
            parsed = self._replacement_text(path, name, stored.sha256, segmentation or stored.segmentation)
            plan = replace_document_text(session, stored, parsed)
            kept = removals.document_holdings(session, stored.id)  # type: ignore[arg-type]
        unplaced_file = None
        if plan.unplaced and backup is not None:
            unplaced_file = backup.with_name(f"{backup.stem}-{_file_safe(name)}-unplaced.csv")
            from qualcode.export.writers import write_table

            write_table(_unplaced_table(name, plan.unplaced), unplaced_file)
        return Replacement(
            imported=ImportedDocument.from_parsed(name, path.name, parsed),
            kept=kept,
            unplaced=plan.unplaced,
            unplaced_holdings=plan.unplaced_holdings,
            backup=backup,
            unplaced_file=unplaced_file,
        )

    @staticmethod
    def _replacement_text(path: Path, name: str, stored_sha: str, segmentation: str) -> ParsedDocument:
        from qualcode.ingest import read_document
        from qualcode.refi.model import QDPX_SUFFIX  # the readers load on replace, not on open

        if path.suffix.lower() == QDPX_SUFFIX:
            raise ImportFileError(f"{path.name}: --replace takes one transcript, not a REFI-QDA project")
        parsed = read_document(path, segmentation)
        if parsed.sha256 == stored_sha:
            raise ImportFileError(f"{path.name}: same content as document {name!r}; nothing to replace")
        return parsed


def _unplaced_table(document: str, unplaced: tuple[UnplacedWork, ...]) -> pd.DataFrame:
    rows = [
        (document, w.position, w.speaker, w.kind, w.coder, w.code, w.detail, w.old_text) for w in unplaced
    ]
    import pandas as pd

    return pd.DataFrame(rows, columns=list(UNPLACED_COLUMNS))


def _file_safe(name: str) -> str:
    return "".join(char if char.isalnum() or char in "-_." else "_" for char in name)
