"""Coding part of a turn from the keyboard: select text, code it with the hotkeys, move, resize, remove, undo.

Keys go through the same path a terminal's keys take (see `tui_fixtures.press`),
and every test reads the codings table afterwards, offsets included.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tui_fixtures import (
    SIZE,
    app_for,
    coding_project,
    coding_screen,
    press,
    reviews,
    rows,
    screen_text,
    settle,
    transcript_text,
)

from qualcode.service import Workbench

SECOND = (
    "We started with listening circles. Nobody had a plan.\n\nIt took a year before we wrote anything down."
)
SIZES = [(80, 24), (120, 40), (200, 50)]


@pytest.fixture
def project(sqlite_url: str, tmp_path: Path) -> Iterator[Workbench]:
    yield from coding_project(sqlite_url, tmp_path)


def coding_rows(workbench: Workbench) -> list[tuple]:
    """Every row of the codings table as a reader sees it: place, code, coder, start, end."""
    return rows(
        workbench,
        "SELECT document.name, segment.position, code.name, coder.name, coding.span_start, coding.span_end "
        "FROM coding JOIN segment ON segment.id = coding.segment_id "
        "JOIN document ON document.id = segment.document_id "
        "JOIN code ON code.id = coding.code_id JOIN coder ON coder.id = coding.coder_id "
        "ORDER BY document.name, segment.position, coding.span_start, coding.span_end, code.name",
    )


async def test_word_selection_and_a_hotkey_code_just_those_words(project: Workbench) -> None:
    async with app_for(project).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "j", "ctrl+right", "ctrl+right", "ctrl+right")
        await press(pilot, "right", "ctrl+shift+right", "ctrl+shift+right", "p")
        assert coding_rows(project) == [("a-interview", 2, "power", "ana", 16, 33)]
        assert reviews(project) == [("a-interview", 2, "ana", "done", False)]
        assert "span 1/1 power 16–33" in coding_screen(pilot).status.place
        assert "“power”" in transcript_text(pilot)
