"""Project operations of the Workbench: documents, codebook, coders, codings and status."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.exc import IntegrityError

from qualcode.codebook import Codebook, load_codebook
from qualcode.errors import ImportFileError, NotFoundError, ProjectError, QualcodeError
from qualcode.service.base import WorkbenchBase
from qualcode.service.results import (
    CodeInfo,
    ImportedDocument,
    ImportFailure,
    ImportReport,
    ProjectStatus,
)
from qualcode.store import codes as code_store
from qualcode.store import codings as coding_store
from qualcode.store import documents as document_store
from qualcode.store import progress
from qualcode.store.codes import CodebookSync
from qualcode.store.models import Coder, CoderRole, ReviewStatus
from qualcode.text_checks import check_name

if TYPE_CHECKING:
    from qualcode.ingest import ParsedDocument

ProgressCallback = Callable[[int, int, str], None]


class ProjectOps(WorkbenchBase):
    """Importing, codebook loading, coders, recording codings and progress."""

    # -- documents ---------------------------------------------------------------------------

    def import_files(
        self,
        paths: Sequence[Path],
        segmentation: str | None = None,
        force: bool = False,
        meta: dict[str, str] | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> ImportReport:
        """Import each file in its own transaction; one bad file does not stop the others.

        ``segmentation`` None cuts text files into turns and lets each REFI-QDA
        source be cut as `qualcode.refi.segments.segment_source` chooses.

        Files are read one at a time, so memory holds one parsed document, whatever
        the size of the corpus.
        """
        from qualcode.ingest import read_document
        from qualcode.refi.model import QDPX_SUFFIX  # the readers load on import, not on open

        imported: list[ImportedDocument] = []
        failed: list[ImportFailure] = []
        notes: list[str] = []
        for index, path in enumerate(paths):
            if on_progress:
                on_progress(index, len(paths), path.name)
            try:
                if path.suffix.lower() == QDPX_SUFFIX:
                    imported.extend(self._import_project_file(path, force, meta or {}, segmentation, notes))
                else:
                    parsed = read_document(path, segmentation or "turn")
                    imported.append(self._store_parsed(path, parsed, force, meta or {}))
            except QualcodeError as error:
                failed.append(ImportFailure(source=str(path), message=str(error)))
        if on_progress:
            on_progress(len(paths), len(paths), "")
        return ImportReport(tuple(imported), tuple(failed), tuple(notes))

    def _store_parsed(
        self, path: Path, parsed: ParsedDocument, force: bool, meta: dict[str, str]
    ) -> ImportedDocument:
        parsed.meta.update(meta)
        with self.unit() as session:
            if not force:
                same = document_store.documents_with_sha(session, self.project_id, parsed.sha256)
                if same:
                    raise ImportFileError(
                        f"{path.name}: already imported as {same[0].name!r} (same content); "
                        "use --force to import it again"
                    )
            document = document_store.insert_document(session, self.project_id, parsed)
        return ImportedDocument.from_parsed(document.name, path.name, parsed)

    def _import_project_file(
        self, path: Path, force: bool, meta: dict[str, str], segmentation: str | None, notes: list[str]
    ) -> list[ImportedDocument]:
        """A REFI-QDA project: its text sources, users, codes, codings and memos, in one transaction."""
        from qualcode.refi.read import read_qdpx
        from qualcode.refi.store import store_exchange_project

        exchange = read_qdpx(path)
        with self.unit() as session:
            stored = store_exchange_project(
                session, self._project(session), exchange, path.name, force, meta, segmentation
            )
        notes.extend(stored.notes)
        return [
            ImportedDocument.from_parsed(source.document_name, path.name, source.parsed)
            for source in stored.sources
        ]

    def documents(self) -> list[progress.DocumentProgress]:
        with self.unit() as session:
            return progress.document_progress(session, self.project_id, self._coders(session))

    def segments(
        self, document_id: int, offset: int = 0, limit: int | None = None
    ) -> list[document_store.SegmentRow]:
        with self.unit() as session:
            return document_store.document_segments(session, document_id, offset, limit)

    def resolve_segment(self, ref: str) -> int:
        """A segment id from ``42`` (its id) or ``DOCUMENT:POSITION`` (1-based position)."""
        ref = ref.strip()
        if ref.isdigit():
            return int(ref)
        document_name, _, position = ref.rpartition(":")
        if not document_name or not position.isdigit():
            raise NotFoundError(f"bad segment {ref!r}: give its id (42) or DOCUMENT:POSITION (interview-1:7)")
        with self.unit() as session:
            document = document_store.find_document(session, self.project_id, document_name)
            assert document.id is not None
            segment = document_store.segment_by_position(session, document.id, int(position))
            assert segment.id is not None
            return segment.id

    # -- codebook ----------------------------------------------------------------------------

    def load_codebook(self, path: Path) -> tuple[CodebookSync, list[str]]:
        """Load a YAML or REFI-QDA codebook; warnings name deviations that still loaded."""
        codebook, warnings = load_codebook(path)
        with self.unit() as session:
            sync = code_store.sync_codebook(session, self._project(session), codebook)
        return sync, warnings

    def codebook(self) -> Codebook:
        with self.unit() as session:
            return code_store.codebook_from_store(session, self._project(session))

    def codes(self, include_archived: bool = False) -> list[CodeInfo]:
        with self.unit() as session:
            codes = code_store.project_codes(session, self.project_id, include_archived)
            paths = code_store.code_paths(
                code_store.project_codes(session, self.project_id, include_archived=True)
            )
            return [CodeInfo.from_code(code, paths[code.id]) for code in codes]  # type: ignore[index]

    def find_code(self, ref: str) -> CodeInfo:
        with self.unit() as session:
            code = code_store.find_code(session, self.project_id, ref)
            paths = code_store.code_paths(code_store.project_codes(session, self.project_id))
            return CodeInfo.from_code(code, paths[code.id])  # type: ignore[index]

    # -- coders ------------------------------------------------------------------------------

    def coders(self) -> list[Coder]:
        with self.unit() as session:
            return self._coders(session)

    def add_coder(self, name: str, role: CoderRole = CoderRole.CODER) -> Coder:
        name = name.strip()
        if not name:
            raise ProjectError("a coder needs a name")
        check_name(name, "coder name")
        try:
            with self.unit() as session:
                coder = Coder(project_id=self.project_id, name=name, role=role.value)
                session.add(coder)
            return coder
        except IntegrityError:
            raise ProjectError(f"coder {name!r} already exists in project {self.name!r}") from None

    def coder(self, name: str) -> Coder:
        with self.unit() as session:
            return self._coder(session, name)

    # -- coding ------------------------------------------------------------------------------

    def apply_code(
        self, segment_id: int, code_ref: str | int, coder: str, span: tuple[int, int] | None = None
    ) -> bool:
        """Apply a code (by id, name, path or UUID) to the segment or to its characters ``span``.

        True when it was not there before. A span is (start, end), end exclusive.
        """
        with self.unit() as session:
            code = self._code(session, code_ref)
            if span is not None:
                return coding_store.apply_span(session, segment_id, code, self._coder(session, coder), *span)
            return coding_store.apply_code(session, segment_id, code, self._coder(session, coder))

    def remove_code(
        self, segment_id: int, code_ref: str | int, coder: str, span: tuple[int, int] | None = None
    ) -> bool:
        """Remove the whole-segment coding, or with ``span`` exactly that span."""
        with self.unit() as session:
            code = self._code(session, code_ref)
            if span is not None:
                return coding_store.remove_span(session, segment_id, code, self._coder(session, coder), *span)
            return coding_store.remove_code(session, segment_id, code, self._coder(session, coder))

    def set_review(self, segment_id: int, coder: str, status: ReviewStatus) -> None:
        with self.unit() as session:
            coder_row = self._coder(session, coder)
            coding_store.mark_reviewed(session, segment_id, coder_row.id, status)  # type: ignore[arg-type]

    def set_flag(self, segment_id: int, coder: str, flagged: bool) -> None:
        with self.unit() as session:
            coder_row = self._coder(session, coder)
            coding_store.set_flag(session, segment_id, coder_row.id, flagged)  # type: ignore[arg-type]

    # -- status ------------------------------------------------------------------------------

    def status(self) -> ProjectStatus:
        with self.unit() as session:
            project = self._project(session)
            coders = self._coders(session)
            documents = progress.document_progress(session, self.project_id, coders)
            return ProjectStatus(
                name=project.name,
                location=self.location.shown_url,
                codebook=project.codebook_name,
                codebook_version=project.codebook_version,
                codes=len(code_store.project_codes(session, self.project_id)),
                documents=tuple(documents),
                coders=tuple(progress.coder_progress(session, self.project_id, coders, documents)),
            )
