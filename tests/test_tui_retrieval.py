"""The retrieval screen and the memos and flags screen, driven from the keyboard."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from retrieval_project import retrieval_project
from textual.pilot import Pilot
from tui_fixtures import SIZE, app_for, cursor_position, screen_text, settle

from qualcode.service import Workbench
from qualcode.tui.screens.coding import CodingScreen
from qualcode.tui.screens.hits import HitsScreen
from qualcode.tui.screens.notes import NotesScreen
from qualcode.tui.screens.retrieval import RetrievalScreen


@pytest.fixture
def study(sqlite_url: str, tmp_path: Path) -> Iterator[Workbench]:
    yield from retrieval_project(sqlite_url, tmp_path)


def listed(pilot: Pilot) -> list[tuple[str, ...]]:
    """The rows of the list on screen, cell by cell."""
    screen = pilot.app.screen
    selector = {RetrievalScreen: "#retrieval-hits", HitsScreen: "#hits-list"}.get(type(screen), "#notes-list")
    table = screen.query_one(selector)
    return [tuple(str(cell) for cell in table.get_row_at(row)) for row in range(table.row_count)]  # type: ignore[attr-defined]


async def retrieve(pilot: Pilot, code: str) -> None:
    await settle(pilot)
    await pilot.press("f10")
    await settle(pilot)
    await pilot.press("c")
    await settle(pilot)
    await pilot.press(*code, "enter")
    await settle(pilot)


async def test_a_coder_retrieves_a_code_and_enter_opens_the_segment(study: Workbench) -> None:
    async with app_for(study, "ana").run_test(size=SIZE) as pilot:
        await retrieve(pilot, "approach")
        assert isinstance(pilot.app.screen, RetrievalScreen)
        assert listed(pilot) == [
            (
                "a-interview",
                "2",
                "Maria",
                "approach/relational",
                "ana",
                "We started with listening circles. Nobody had a plan. It…",
            ),
            (
                "a-interview",
                "4",
                "Maria",
                "approach/technical",
                "ana",
                "They wanted metrics [laughs] from day one.",
            ),
            ("b-follow-up", "2", "Kofi", "approach/relational", "ana", "Trust grew between the groups."),
        ]
        assert "approach and its children · ana · 3 segments" in screen_text(pilot)
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, CodingScreen)
        assert cursor_position(pilot) == ("b-follow-up", 2)


async def test_the_rollup_toggle_is_said_on_screen(study: Workbench) -> None:
    async with app_for(study, "ana").run_test(size=SIZE) as pilot:
        await retrieve(pilot, "approach")
        await pilot.press("t")
        await settle(pilot)
        assert listed(pilot) == []
        assert "approach only · ana · 0 segments" in screen_text(pilot)


async def test_a_coder_is_offered_only_their_own_codings(study: Workbench) -> None:
    async with app_for(study, "ana").run_test(size=SIZE) as pilot:
        await retrieve(pilot, "approach")
        select = pilot.app.screen.query_one("#retrieval-coder")
        assert select.disabled  # type: ignore[attr-defined]


async def test_a_lead_retrieves_every_coder_pooled_and_opens_a_hit(study: Workbench) -> None:
    async with app_for(study, "lee").run_test(size=SIZE) as pilot:
        await retrieve(pilot, "approach")
        assert listed(pilot) == []
        pilot.app.screen.query_one("#retrieval-coder").value = ""  # type: ignore[attr-defined]
        await settle(pilot)
        assert [row[:5] for row in listed(pilot)] == [
            ("a-interview", "2", "Maria", "approach/relational; approach/technical", "ana; ben"),
            ("a-interview", "4", "Maria", "approach/technical", "ana"),
            ("b-follow-up", "2", "Kofi", "approach/relational", "ana; ben"),
        ]
        await pilot.press("down", "enter")
        await settle(pilot)
        assert cursor_position(pilot) == ("a-interview", 4)


async def test_a_lead_works_through_memos_and_flags(study: Workbench) -> None:
    async with app_for(study, "lee").run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f11")
        await settle(pilot)
        assert isinstance(pilot.app.screen, NotesScreen)
        assert listed(pilot) == [
            (
                "flag",
                "ben",
                "a-interview",
                "2",
                "Maria",
                "flagged, reviewed",
                "We started with listening circles. Nobody had a…",
            ),
            (
                "memo",
                "ana",
                "a-interview",
                "4",
                "Maria",
                "Metrics as control, not learning?",
                "They wanted metrics [laughs] from day one.",
            ),
            (
                "memo",
                "ben",
                "b-follow-up",
                "2",
                "Kofi",
                "Trust: relational or outcome?",
                "Trust grew between the groups.",
            ),
            ("flag", "ana", "b-follow-up", "3", "Interviewer", "flagged, not reviewed", "And the money?"),
        ]
        await pilot.press("tab", "tab", "tab", "tab", *"money")
        await settle(pilot)
        assert [row[:4] for row in listed(pilot)] == [("flag", "ana", "b-follow-up", "3")]
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, CodingScreen)
        assert cursor_position(pilot) == ("b-follow-up", 3)


async def test_a_coder_cannot_open_the_memos_and_flags_screen(study: Workbench) -> None:
    async with app_for(study, "ana").run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f11")
        await settle(pilot)
        assert isinstance(pilot.app.screen, CodingScreen)
        assert [n.message for n in pilot.app._notifications] == [
            "Memos and flags shows other coders' work: only a lead can open it. Start the workbench"
            " as a lead (this project's lead: lee): qualcode code study --coder lee"
        ]


async def focus(pilot: Pilot, selector: str) -> None:
    """Tab until the widget has focus, as a user does; fails if tab never reaches it."""
    for _ in range(8):
        if pilot.app.focused is pilot.app.screen.query_one(selector):
            return
        await pilot.press("tab")
    raise AssertionError(f"tab never reached {selector}")


async def test_enter_on_a_frequency_bar_lists_its_segments_and_opens_one(study: Workbench) -> None:
    async with app_for(study, "ana").run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await focus(pilot, "#analysis-chart")
        await pilot.press("down", "up")
        assert "▸approach 3" in screen_text(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HitsScreen)
        assert "approach and its children · ana · 3 segments" in screen_text(pilot)
        assert [row[:4] for row in listed(pilot)] == [
            ("a-interview", "2", "Maria", "approach/relational"),
            ("a-interview", "4", "Maria", "approach/technical"),
            ("b-follow-up", "2", "Kofi", "approach/relational"),
        ]
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, CodingScreen)
        assert cursor_position(pilot) == ("a-interview", 4)


async def test_enter_on_a_heat_map_cell_lists_the_segments_with_both_codes(study: Workbench) -> None:
    async with app_for(study, "ana").run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f4", "v")
        await settle(pilot)
        await focus(pilot, "#analysis-heatmap")
        # approach is the first row; tone the fourth column.
        await pilot.press("right", "right", "right", "enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HitsScreen)
        assert "approach and tone and the codes below · ana · 2 segments" in screen_text(pilot)
        assert [row[:5] for row in listed(pilot)] == [
            ("a-interview", "2", "Maria", "approach/relational; tone/hopeful", "ana"),
            ("a-interview", "4", "Maria", "approach/technical; tone/critical", "ana"),
        ]
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, HitsScreen)
