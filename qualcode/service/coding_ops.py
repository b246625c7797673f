"""Coding operations of the Workbench: what the coding workbench reads and every change it makes.

Each write returns the `Change` (or `CodeEdit`) it made, so a front end can
keep an undo stack and undo by calling `undo`, which commits like any
other action. Reads take the coder's name and return only that coder's
codings: blind coding is enforced here, not left to the screen.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session

from qualcode.errors import CodingError
from qualcode.service.base import WorkbenchBase
from qualcode.store import code_edits, coding_changes, navigation, span_changes, spans
from qualcode.store import codes as code_store
from qualcode.store.code_edits import RESERVED_HOTKEYS, CodeEdit, CodeFields
from qualcode.store.coding_changes import Change, MemoState, ReviewState
from qualcode.store.engine import (
    check_connection,
    create_project_engine,
    normalise_database_url,
    projects_dir,
    shown_url,
)
from qualcode.store.environment import DATABASE_URL_ENV, DB_FILE_NAME
from qualcode.store.memos import segment_memo
from qualcode.store.models import Coder, CoderRole
from qualcode.store.navigation import (
    CoderCodes,
    CoderDocument,
    SearchResult,
    SegmentLine,
    SegmentLocation,
)
from qualcode.store.spans import SpanCoding, SpanKey, SpanMark
from qualcode.text_checks import check_text

__all__ = [
    "RESERVED_HOTKEYS",
    "Change",
    "CodeEdit",
    "CodeFields",
    "CoderCodes",
    "CoderDocument",
    "CodingOps",
    "MemoState",
    "ProjectEntry",
    "ReviewState",
    "SearchResult",
    "SegmentLine",
    "SegmentLocation",
    "SpanCoding",
    "SpanKey",
    "SpanMark",
]


@dataclass(frozen=True)
class ProjectEntry:
    """A project the picker can open: its name and the database URL to pass to `open`."""

    name: str
    db_url: str | None
    """None for a project under projects/, found by name alone."""
    where: str


class CodingOps(WorkbenchBase):
    """Reading segments as one coder sees them, coding them, and editing the codebook."""

    # -- finding projects --------------------------------------------------------------------

    @staticmethod
    def available_projects(db_url: str | None = None) -> list[ProjectEntry]:
        """Projects under projects/ and, when given or set in the environment, in a database."""
        entries: list[ProjectEntry] = []
        folder = projects_dir()
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                if (path / DB_FILE_NAME).is_file():
                    entries.append(ProjectEntry(path.name, None, str(path / DB_FILE_NAME)))
        url = db_url or os.environ.get(DATABASE_URL_ENV)
        if url:
            url = normalise_database_url(url)
            engine = create_project_engine(url)
            try:
                check_connection(engine)
                with Session(engine) as session:
                    names = navigation.project_names(session)
            except Exception:  # noqa: BLE001 — an empty or unmigrated database has no projects to list
                names = []
            finally:
                engine.dispose()
            shown = shown_url(url)
            entries += [ProjectEntry(name, url, shown) for name in names]
        return entries

    @staticmethod
    def projects_folder() -> Path:
        return projects_dir()

    # -- reading as one coder ----------------------------------------------------------------

    def coder_documents(self, coder: str) -> list[CoderDocument]:
        with self.unit() as session:
            coder_id = self._coder_id(session, coder)
            return navigation.coder_documents(session, self.project_id, coder_id)

    def segment_window(self, document_id: int, coder: str, positions: Sequence[int]) -> list[SegmentLine]:
        """The segments at ``positions`` of a document, with this coder's codes, review and memo."""
        with self.unit() as session:
            coder_id = self._coder_id(session, coder)
            return navigation.segment_lines(session, coder_id, document_id=document_id, positions=positions)

    def segment_lines(self, segment_ids: Sequence[int], coder: str) -> list[SegmentLine]:
        """Re-read just these segments, e.g. the ones a change touched."""
        with self.unit() as session:
            return navigation.segment_lines(session, self._coder_id(session, coder), segment_ids=segment_ids)

    def segment_ids_at(self, document_id: int, positions: Sequence[int]) -> dict[int, int]:
        """Position → segment id for a selection that reaches rows not read yet."""
        with self.unit() as session:
            return navigation.document_segment_ids(session, document_id, positions)

    def next_unreviewed(
        self, coder: str, document_id: int | None, position: int = 0
    ) -> SegmentLocation | None:
        """The coder's next segment to judge after (document, position), across documents."""
        with self.unit() as session:
            coder_id = self._coder_id(session, coder)
            return navigation.next_unreviewed(session, self.project_id, coder_id, document_id, position)

    def search_segments(self, text: str, limit: int = navigation.SEARCH_LIMIT) -> SearchResult:
        with self.unit() as session:
            return navigation.search_segments(session, self.project_id, text, limit)

    def positions_with_code(self, document_id: int, code_id: int, coder: str) -> list[int]:
        """Positions of the segments this coder gave the code or any code below it."""
        with self.unit() as session:
            coder_id = self._coder_id(session, coder)
            children: dict[int | None, list[int]] = {}
            for code in code_store.project_codes(session, self.project_id, include_archived=True):
                assert code.id is not None
                children.setdefault(code.parent_id, []).append(code.id)
            found, stack = [], [code_id]
            while stack:
                current = stack.pop()
                found.append(current)
                stack.extend(children.get(current, []))
            return navigation.positions_with_codes(session, document_id, found, coder_id)

    def segment_memo(self, segment_id: int, coder: str) -> str:
        with self.unit() as session:
            memo = segment_memo(session, segment_id, self._coder_id(session, coder))
            return memo.text if memo else ""

    def coders_on_segment(self, segment_id: int, viewer: str) -> list[CoderCodes]:
        """Every coder's codes on a segment, side by side; only a lead may look."""
        with self.unit() as session:
            if self._coder(session, viewer).role != CoderRole.LEAD.value:
                raise CodingError("only a lead can see other coders' codings")
            return navigation.codes_by_coder(session, segment_id, self._coders(session))

    # -- coding actions (each one committed, each returning what it changed) -----------------

    def toggle_code(self, segment_ids: Sequence[int], code_id: int, coder: str) -> Change:
        """Apply a code to the segments (remove it if they all have it); they end reviewed."""
        with self.unit() as session:
            coder_id = self._coder_id(session, coder)
            code = self._code(session, code_id)
            change = coding_changes.plan_toggle(session, self.project_id, segment_ids, code, coder_id)
            coding_changes.apply_change(session, self.project_id, change)
            return change

    def toggle_span(self, segment_id: int, code_id: int, coder: str, start: int, end: int) -> Change:
        """Code characters ``start:end`` (end exclusive) of the segment, or uncode exactly that span.

        Offsets outside the segment's text raise a `SpanError` naming the
        segment and its length. Whole-segment codings and other spans stay.
        """
        with self.unit() as session:
            coder_id = self._coder_id(session, coder)
            code = self._code(session, code_id)
            change = span_changes.plan_span_toggle(
                session, self.project_id, segment_id, code, coder_id, start, end
            )
            coding_changes.apply_change(session, self.project_id, change)
            return change

    def resize_span(
        self, segment_id: int, code_id: int, coder: str, span: tuple[int, int], start: int, end: int
    ) -> Change:
        """Give the coder's span ``span`` (start, end) of this code new ends ``start:end``."""
        with self.unit() as session:
            coder_id = self._coder_id(session, coder)
            code = self._code(session, code_id)
            key = SpanKey(segment_id, code_id, *span)
            change = span_changes.plan_span_resize(session, self.project_id, key, code, coder_id, start, end)
            coding_changes.apply_change(session, self.project_id, change)
            return change

    def remove_span(self, segment_id: int, code_id: int, coder: str, start: int, end: int) -> Change:
        """Remove the coder's span ``start:end`` of this code; a missing span raises `NotFoundError`."""
        with self.unit() as session:
            coder_id = self._coder_id(session, coder)
            code = self._code(session, code_id)
            key = SpanKey(segment_id, code_id, start, end)
            change = span_changes.plan_span_removal(session, self.project_id, key, code, coder_id)
            coding_changes.apply_change(session, self.project_id, change)
            return change

    def segment_spans(self, segment_id: int, coder: str) -> list[SpanCoding]:
        """The coder's spans on the segment in reading order; whole-segment codings are not spans."""
        with self.unit() as session:
            return spans.segment_spans(session, segment_id, self._coder_id(session, coder))

    def mark_reviewed(self, segment_ids: Sequence[int], coder: str) -> Change:
        with self.unit() as session:
            coder_id = self._coder_id(session, coder)
            change = coding_changes.plan_review(session, self.project_id, segment_ids, coder_id)
            coding_changes.apply_change(session, self.project_id, change)
            return change

    def toggle_flag(self, segment_ids: Sequence[int], coder: str) -> Change:
        with self.unit() as session:
            coder_id = self._coder_id(session, coder)
            change = coding_changes.plan_flag(session, self.project_id, segment_ids, coder_id)
            coding_changes.apply_change(session, self.project_id, change)
            return change

    def save_memo(self, segment_id: int, coder: str, text: str) -> Change:
        """Write the coder's memo on a segment; empty text deletes it."""
        check_text(text, "memo")
        with self.unit() as session:
            coder_id = self._coder_id(session, coder)
            change = coding_changes.plan_memo(session, self.project_id, segment_id, coder_id, text)
            coding_changes.apply_change(session, self.project_id, change)
            return change

    def undo(self, change: Change) -> Change:
        """Put back what ``change`` altered; returns the inverse, which would redo it."""
        inverse = change.inverse()
        with self.unit() as session:
            coding_changes.apply_change(session, self.project_id, inverse)
        return inverse

    # -- codebook edits ----------------------------------------------------------------------

    def edit_code(self, code_id: int, fields: CodeFields) -> CodeEdit:
        """Save a code's fields; a bad value raises a `CodebookError` naming the problem."""
        with self.unit() as session:
            return code_edits.edit_code(session, self.project_id, code_id, fields)

    def add_code(self, fields: CodeFields) -> CodeEdit:
        with self.unit() as session:
            return code_edits.add_code(session, self.project_id, fields)

    def move_code(self, code_id: int, step: int) -> CodeEdit:
        """Move a code up (-1) or down (+1) among its siblings; refused at either end."""
        with self.unit() as session:
            return code_edits.move_code(session, self.project_id, code_id, step)

    def undo_code_edit(self, edit: CodeEdit) -> CodeEdit:
        inverse = edit.inverse()
        with self.unit() as session:
            for part in (inverse, *inverse.others):
                code_edits.edit_code(session, self.project_id, part.code_id, part.after)
        return inverse

    def code_fields(self, code_id: int) -> CodeFields:
        with self.unit() as session:
            return CodeFields.of(self._code(session, code_id))

    # -- helpers -----------------------------------------------------------------------------

    def _coder_id(self, session: Session, name: str) -> int:
        coder: Coder = self._coder(session, name)
        assert coder.id is not None
        return coder.id
