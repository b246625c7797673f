"""A small coding project and helpers shared by the TUI tests: drive the app, then read the database."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from pathlib import Path

from factories import CODEBOOK_V1, INTERVIEW, write
from sqlalchemy import text
from textual import events
from textual.keys import _character_to_key, _get_unicode_name_from_key
from textual.pilot import Pilot
from textual.widgets import DataTable
from textual.worker import WorkerState

from qualcode.service import Workbench
from qualcode.store.models import CoderRole, Document
from qualcode.tui.app import QualcodeApp, create_app
from qualcode.tui.screens.coding import CodingScreen
from qualcode.tui.widgets.segment_list import SegmentList

SIZE = (120, 40)


def long_interview(turns: int, name: str = "Kofi") -> str:
    """A transcript with ``turns`` alternating turns whose words are easy to search for."""
    lines = ["Second interview", ""]
    for turn in range(1, turns + 1):
        speaker = "Interviewer" if turn % 2 else name
        lines.append(f"{speaker}: Turn {turn} talks about {'funding' if turn % 5 == 0 else 'trust'} here.")
        lines.append("")
    return "\n".join(lines)


def coding_project(sqlite_url: str, tmp_path: Path) -> Iterator[Workbench]:
    """Two documents (4 and 12 turns), the test codebook, coders ana and ben and a lead."""
    workbench = Workbench.create("study", sqlite_url)
    workbench.load_codebook(write(tmp_path / "book.yaml", CODEBOOK_V1))
    workbench.import_files(
        [write(tmp_path / "a-interview.txt", INTERVIEW), write(tmp_path / "b-second.txt", long_interview(12))]
    )
    workbench.add_coder("ana")
    workbench.add_coder("ben")
    workbench.add_coder("lee", CoderRole.LEAD)
    yield workbench
    workbench.close()


def app_for(workbench: Workbench, coder: str = "ana") -> QualcodeApp:
    return create_app(workbench, coder)


async def settle(pilot: Pilot) -> None:
    """Let workers finish and their results reach the screen (a worker may start another)."""
    await pilot.pause()
    for _ in range(5):
        if not any(
            worker.state in (WorkerState.PENDING, WorkerState.RUNNING) for worker in pilot.app.workers
        ):
            return
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    await _tables_measured(pilot)


async def _tables_measured(pilot: Pilot) -> None:
    """Wait until every table on screen has sized its columns to the rows a worker just added.

    A DataTable measures new rows on its next idle event; on a busy machine a snapshot taken
    before that shows columns as narrow as their headers, which no user sees for long.
    """
    for _ in range(500):  # at most 5 s: an idle event can wait that long on a loaded machine
        pending = [
            table
            for table in pilot.app.screen.query(DataTable)
            if table._require_update_dimensions or table._updated_cells
        ]
        if not pending:
            return
        await pilot.pause(0.01)


def coding_screen(pilot: Pilot) -> CodingScreen:
    screen = pilot.app.screen
    assert isinstance(screen, CodingScreen), screen
    return screen


def segment_list(pilot: Pilot) -> SegmentList:
    return coding_screen(pilot).segments


def cursor_position(pilot: Pilot) -> tuple[str, int]:
    screen = coding_screen(pilot)
    assert screen.document is not None
    return screen.document.name, screen.segments.position_of(screen.segments.cursor)


def transcript_text(pilot: Pilot) -> str:
    """What the transcript pane shows, as plain text."""
    widget = segment_list(pilot)
    return "\n".join(widget.render_line(y).text for y in range(widget.scrollable_content_region.height))


def rows(workbench: Workbench, sql: str) -> list[tuple]:
    with workbench.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql))]


def codings(workbench: Workbench) -> list[tuple]:
    """(document, position, code, coder) for every coding, in order."""
    return rows(
        workbench,
        "SELECT document.name, segment.position, code.name, coder.name FROM coding "
        "JOIN segment ON segment.id = coding.segment_id JOIN document ON document.id = segment.document_id "
        "JOIN code ON code.id = coding.code_id JOIN coder ON coder.id = coding.coder_id "
        "ORDER BY document.name, segment.position, code.name, coder.name",
    )


def reviews(workbench: Workbench) -> list[tuple]:
    """(document, position, coder, status, flagged) for every review row, in order."""
    return [
        (document, position, coder, status, bool(flagged))
        for document, position, coder, status, flagged in rows(
            workbench,
            "SELECT document.name, segment.position, coder.name, segment_review.status, "
            "segment_review.flagged FROM segment_review "
            "JOIN segment ON segment.id = segment_review.segment_id "
            "JOIN document ON document.id = segment.document_id "
            "JOIN coder ON coder.id = segment_review.coder_id "
            "ORDER BY document.name, segment.position, coder.name",
        )
    ]


def memos(workbench: Workbench) -> list[tuple]:
    return rows(
        workbench,
        "SELECT document.name, segment.position, coder.name, memo.text FROM memo "
        "JOIN segment ON segment.id = memo.segment_id JOIN document ON document.id = segment.document_id "
        "JOIN coder ON coder.id = memo.author_id ORDER BY document.name, segment.position",
    )


def add_empty_document(workbench: Workbench, name: str = "c-empty") -> None:
    """A document with no segments, as an import of a file with only a preamble might leave."""
    with workbench.unit() as session:
        session.add(
            Document(
                project_id=workbench.project_id,
                name=name,
                source_name=f"{name}.txt",
                sha256="0" * 64,
                position=99,
            )
        )


def screen_text(pilot: Pilot) -> str:
    """Everything the terminal shows now, as plain text lines."""
    strips = pilot.app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


OPENERS = {"ctrl+k", "ctrl+f", "m", "slash", "question_mark", "ctrl+p", "ctrl+e", "ctrl+o", "f2", "ctrl+n"}
"""Keys that open a screen or a text box: the keys after them wait until it is there, as a person would."""

PRIORITY = {"ctrl+s", "ctrl+z", "ctrl+n"}
"""Priority bindings run before keys queued in a text box: wait for the typing to land first."""


async def press(pilot: Pilot, *keys: str) -> None:
    """Press keys as a fast typist does: in bursts, without waiting for the screen between keys.

    `Pilot.press` waits for the app to go idle after every key; sending a run
    of keys at once is both quicker and a harder test of key order.
    """
    for key in keys:
        if key in PRIORITY:
            await pilot.pause()
        name, character = key, None
        if len(key) == 1:
            character = key
            name = key if key.isalnum() else _character_to_key(key)
        elif key == "space":
            character = " "
        else:
            try:
                character = unicodedata.lookup(_get_unicode_name_from_key(key))
            except KeyError:
                character = None
        pilot.app.post_message(events.Key(name, character))
        if key in OPENERS:
            await pilot.pause()
    await pilot.pause()


LONG_DOCUMENT = "interview-kania-okonkwo-community-healing-2024"
"""A document name as long as real ones get (45 characters and more)."""


def demo_project(sqlite_url: str, tmp_path: Path) -> Iterator[Workbench]:
    """The demo project (the shipped 29-code codebook, ana and ben coding, lead) on a long document name.

    The interview is imported under the long name first; the demo build then finds it by its bytes
    and codes it as ana and ben.
    """
    from qualcode.service.demo import DEMO_PROJECT, INTERVIEW, build_demo, data_file

    source = tmp_path / f"{LONG_DOCUMENT}.txt"
    source.write_bytes(data_file(INTERVIEW).read_bytes())
    workbench = Workbench.create(DEMO_PROJECT, sqlite_url)
    workbench.import_files([source], segmentation="turn")
    workbench.close()
    workbench = build_demo(sqlite_url)
    yield workbench
    workbench.close()
