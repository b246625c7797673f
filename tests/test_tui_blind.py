"""Blind coding: a coder never sees another coder's codings; a lead may switch on a side-by-side view."""

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
    screen_text,
    segment_list,
    settle,
    transcript_text,
)

from qualcode.errors import CodingError
from qualcode.service import Workbench


@pytest.fixture
def project(sqlite_url: str, tmp_path: Path) -> Iterator[Workbench]:
    yield from coding_project(sqlite_url, tmp_path)


def _ben_codes_everything(workbench: Workbench) -> None:
    power = workbench.find_code("power").id
    for position in range(1, 5):
        segment = workbench.resolve_segment(f"a-interview:{position}")
        workbench.toggle_code([segment], power, "ben")
        workbench.toggle_flag([segment], "ben")
        workbench.save_memo(segment, "ben", "ben's private note")


async def test_another_coders_codings_never_appear_on_a_coders_screen(project: Workbench) -> None:
    _ben_codes_everything(project)
    async with app_for(project, "ana").run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = coding_screen(pilot)
        segments = segment_list(pilot)
        for _ in range(4):
            line = segments.current_line
            assert line is not None
            assert (line.code_ids, line.status, line.flagged, line.has_memo) == ((), None, False, False)
            await press(pilot, "j")
        text = transcript_text(pilot)
        assert " power " not in text and "⚑" not in text and "✎" not in text and "✓" not in text
        assert screen.status.reviewed == 0
        assert screen.document_list.documents[screen.document.id].reviewed == 0
        await press(pilot, "ctrl+l")
        await settle(pilot)
        assert not screen.show_all_coders
        assert not screen.coders_panel.display


async def test_a_coders_search_and_filter_see_only_their_own_codes(project: Workbench) -> None:
    _ben_codes_everything(project)
    async with app_for(project, "ana").run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+f", *"power", "enter")
        await settle(pilot)
        assert segment_list(pilot).row_count == 0


def test_the_service_refuses_a_coder_the_side_by_side_view(project: Workbench) -> None:
    with pytest.raises(CodingError, match="only a lead"):
        project.coders_on_segment(project.resolve_segment("a-interview:1"), "ana")


async def test_a_lead_sees_every_coders_codes_side_by_side(project: Workbench) -> None:
    _ben_codes_everything(project)
    project.toggle_code([project.resolve_segment("a-interview:1")], project.find_code("hopeful").id, "ana")
    async with app_for(project, "lee").run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = coding_screen(pilot)
        assert " power " not in transcript_text(pilot)
        await press(pilot, "ctrl+l")
        await settle(pilot)
        assert screen.show_all_coders and screen.coders_panel.display
        shown = screen_text(pilot)
        assert "ana" in shown and "hopeful" in shown
        assert "ben" in shown and "power" in shown
        assert "lee (lead)" in shown
        await press(pilot, "ctrl+l")
        await settle(pilot)
        assert not screen.coders_panel.display
