"""Finding segments: next to do across documents, search, filter by code, hotkeys off in text boxes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import select
from tui_fixtures import (
    SIZE,
    app_for,
    coding_project,
    coding_screen,
    codings,
    cursor_position,
    press,
    reviews,
    segment_list,
    settle,
    transcript_text,
)

from qualcode.service import Workbench
from qualcode.store.models import Assignment, Coder, Segment


@pytest.fixture
def project(sqlite_url: str, tmp_path: Path) -> Iterator[Workbench]:
    yield from coding_project(sqlite_url, tmp_path)


def _review(workbench: Workbench, coder: str, *refs: str) -> None:
    for ref in refs:
        workbench.mark_reviewed([workbench.resolve_segment(ref)], coder)


async def test_n_jumps_to_the_next_unreviewed_segment_across_documents(project: Workbench) -> None:
    _review(project, "ana", "a-interview:2", "a-interview:4", "b-second:1", "b-second:2")
    _review(project, "ben", "b-second:3")
    async with app_for(project).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert cursor_position(pilot) == ("a-interview", 1)
        await press(pilot, "n")
        await settle(pilot)
        assert cursor_position(pilot) == ("a-interview", 3)
        await press(pilot, "n")
        await settle(pilot)
        assert cursor_position(pilot) == ("b-second", 3)
        await press(pilot, "space", "n")
        await settle(pilot)
        assert cursor_position(pilot) == ("b-second", 5)


async def test_n_wraps_round_and_says_when_everything_is_done(project: Workbench) -> None:
    async with app_for(project).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "end")
        await settle(pilot)
        await press(pilot, "n")
        await settle(pilot)
        assert cursor_position(pilot) == ("b-second", 1)
        all_refs = [f"a-interview:{p}" for p in range(1, 5)] + [f"b-second:{p}" for p in range(1, 13)]
        _review(project, "ana", *all_refs)
        await press(pilot, "n")
        await settle(pilot)
        assert cursor_position(pilot) == ("b-second", 1)
        assert any("Nothing left to do" in n.message for n in pilot.app._notifications)


async def test_n_follows_the_coders_assignments_when_there_are_any(project: Workbench) -> None:
    with project.unit() as session:
        ana = session.exec(select(Coder).where(Coder.name == "ana")).one()
        for segment in session.exec(select(Segment).where(Segment.position.in_([6, 9]))):  # type: ignore[attr-defined]
            if segment.document_id == 2:
                session.add(Assignment(segment_id=segment.id, coder_id=ana.id))
    async with app_for(project).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert cursor_position(pilot) == ("b-second", 6)
        assert coding_screen(pilot).status.total == 2
        await press(pilot, "space", "n")
        await settle(pilot)
        assert cursor_position(pilot) == ("b-second", 9)
        await press(pilot, "p")
        assert codings(project) == [("b-second", 9, "power", "ana")]


async def test_keys_pressed_after_n_act_on_the_segment_n_found(project: Workbench) -> None:
    _review(project, "ana", "a-interview:2", "a-interview:3", "a-interview:4")
    async with app_for(project).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert cursor_position(pilot) == ("a-interview", 1)
        await press(pilot, "n", "p", "j", "r")
        await settle(pilot)
        assert codings(project) == [("b-second", 1, "power", "ana"), ("b-second", 2, "relational", "ana")]


async def test_slash_searches_every_document_and_jumps_between_hits(project: Workbench) -> None:
    async with app_for(project).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "slash", *"FUNDING", "enter")
        await settle(pilot)
        assert cursor_position(pilot) == ("b-second", 5)
        assert "hit 1/2" in coding_screen(pilot).status.place
        await press(pilot, "enter")
        await settle(pilot)
        assert cursor_position(pilot) == ("b-second", 10)
        await press(pilot, "escape")
        await press(pilot, "f3")
        await settle(pilot)
        assert cursor_position(pilot) == ("b-second", 5)
        await press(pilot, "shift+f3")
        await settle(pilot)
        assert cursor_position(pilot) == ("b-second", 10)
        await press(pilot, "slash", *"the FUNDERS", "enter")
        await settle(pilot)
        assert cursor_position(pilot) == ("a-interview", 3)
        assert codings(project) == []


async def test_search_treats_wildcards_as_plain_text_and_reports_no_hits(project: Workbench) -> None:
    async with app_for(project).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "slash", *"100%_", "enter")
        await settle(pilot)
        assert coding_screen(pilot).search_hits == ()
        assert cursor_position(pilot) == ("a-interview", 1)


async def test_code_hotkeys_are_off_while_typing_a_search(project: Workbench) -> None:
    async with app_for(project).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "slash", "r", "t", "p", "h", "c", "j", "k", "n", "f", "m", "u", "q", "space")
        await settle(pilot)
        assert codings(project) == []
        assert reviews(project) == []
        assert pilot.app.is_running
        assert coding_screen(pilot).search_bar.input.value == "rtphcjknfmuq "


async def test_ctrl_f_shows_only_segments_with_a_code_and_clears_again(project: Workbench) -> None:
    for ref in ("b-second:2", "b-second:7"):
        project.toggle_code([project.resolve_segment(ref)], project.find_code("hopeful").id, "ana")
    project.toggle_code([project.resolve_segment("b-second:4")], project.find_code("hopeful").id, "ben")
    _review(project, "ana", "a-interview:1", "a-interview:2", "a-interview:3", "a-interview:4")
    async with app_for(project).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert cursor_position(pilot) == ("b-second", 1)
        await press(pilot, "ctrl+f", *"tone", "enter")
        await settle(pilot)
        segments = segment_list(pilot)
        assert segments.row_count == 2
        assert [segments.position_of(row) for row in range(segments.row_count)] == [2, 7]
        assert "filter tone" in coding_screen(pilot).status.place
        await press(pilot, "j", "p")
        assert ("b-second", 7, "power", "ana") in codings(project)
        await press(pilot, "ctrl+f")
        await settle(pilot)
        assert segments.row_count == 12
        assert cursor_position(pilot) == ("b-second", 7)
        assert codings(project) == [
            ("b-second", 2, "hopeful", "ana"),
            ("b-second", 4, "hopeful", "ben"),
            ("b-second", 7, "hopeful", "ana"),
            ("b-second", 7, "power", "ana"),
        ]


async def test_a_filter_nothing_matches_says_so(project: Workbench) -> None:
    async with app_for(project).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+f", *"power", "enter")
        await settle(pilot)
        assert segment_list(pilot).row_count == 0
        assert "No segment of a-interview has power" in transcript_text(pilot)
        await press(pilot, "r", "space", "f", "m", "u", "j")
        await settle(pilot)
        assert codings(project) == []
        assert reviews(project) == []
