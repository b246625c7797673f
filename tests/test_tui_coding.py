"""Coding with the keyboard: every key of the coding screen, checked against the database afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tui_fixtures import (
    SIZE,
    app_for,
    coding_project,
    coding_screen,
    codings,
    cursor_position,
    memos,
    press,
    reviews,
    segment_list,
    settle,
    transcript_text,
)

from qualcode.service import Workbench


@pytest.fixture
def project(sqlite_url: str, tmp_path: Path) -> Iterator[Workbench]:
    yield from coding_project(sqlite_url, tmp_path)


async def test_the_screen_opens_on_the_coders_first_unreviewed_segment(project: Workbench) -> None:
    project.mark_reviewed([project.resolve_segment("a-interview:1")], "ana")
    async with app_for(project).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert cursor_position(pilot) == ("a-interview", 2)
        assert coding_screen(pilot).status.reviewed == 1
        assert coding_screen(pilot).status.total == 16


async def test_a_hotkey_toggles_its_code_and_marks_the_segment_reviewed(project: Workbench) -> None:
    async with app_for(project).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "r")
        assert codings(project) == [("a-interview", 1, "relational", "ana")]
        assert reviews(project) == [("a-interview", 1, "ana", "done", False)]
        assert "relational" in transcript_text(pilot)
        await press(pilot, "r")
        assert codings(project) == []
        assert reviews(project) == [("a-interview", 1, "ana", "done", False)]
        status = coding_screen(pilot).status
        assert (status.saves, status.reviewed) == (2, 1)


async def test_j_k_and_arrows_move_between_segments(project: Workbench) -> None:
    async with app_for(project).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "j", "j", "p", "k", "t", "down", "down", "down", "h", "up", "c")
        assert codings(project) == [
            ("a-interview", 2, "technical", "ana"),
            ("a-interview", 3, "critical", "ana"),
            ("a-interview", 3, "power", "ana"),
            ("a-interview", 4, "hopeful", "ana"),
        ]


async def test_space_and_enter_mark_reviewed_without_a_code_and_move_on(project: Workbench) -> None:
    async with app_for(project).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "space", "enter")
        assert cursor_position(pilot) == ("a-interview", 3)
        assert codings(project) == []
        assert reviews(project) == [
            ("a-interview", 1, "ana", "done", False),
            ("a-interview", 2, "ana", "done", False),
        ]
        assert coding_screen(pilot).document_list.documents[coding_screen(pilot).document.id].reviewed == 2


async def test_f_flags_for_discussion_without_reviewing_and_again_unflags(project: Workbench) -> None:
    async with app_for(project).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "f")
        assert reviews(project) == [("a-interview", 1, "ana", "pending", True)]
        assert "⚑" in transcript_text(pilot)
        await press(pilot, "r", "f")
        assert reviews(project) == [("a-interview", 1, "ana", "done", False)]


async def test_m_writes_a_memo_and_an_emptied_memo_is_deleted(project: Workbench) -> None:
    async with app_for(project).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "j", "m")
        await press(pilot, *"why a year? r")
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert memos(project) == [("a-interview", 2, "ana", "why a year? r")]
        assert codings(project) == []
        assert "✎" in transcript_text(pilot)
        await press(pilot, "m")
        await settle(pilot)
        assert pilot.app.screen.text_area.text == "why a year? r"
        pilot.app.screen.text_area.clear()
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert memos(project) == []


async def test_escape_leaves_the_memo_unsaved(project: Workbench) -> None:
    async with app_for(project).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "m", *"draft", "escape")
        await settle(pilot)
        assert memos(project) == []


async def test_shift_arrows_select_a_run_that_one_key_codes(project: Workbench) -> None:
    async with app_for(project).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "j", "shift+down", "shift+down", "p")
        assert codings(project) == [("a-interview", position, "power", "ana") for position in (2, 3, 4)]
        assert "3 selected" in coding_screen(pilot).status.place
        await press(pilot, "shift+up", "f")
        assert [row[1] for row in reviews(project) if row[4]] == [2, 3]
        await press(pilot, "p")
        assert codings(project) == [("a-interview", 4, "power", "ana")]
        await press(pilot, "escape", "space")
        assert len(segment_list(pilot).selected_rows) == 1


async def test_space_on_a_selection_reviews_the_run_and_moves_past_it(project: Workbench) -> None:
    async with app_for(project).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "shift+down", "shift+down", "space")
        assert [row[1] for row in reviews(project)] == [1, 2, 3]
        assert cursor_position(pilot) == ("a-interview", 4)


async def test_u_undoes_changes_one_at_a_time_in_reverse(project: Workbench) -> None:
    project.set_flag(project.resolve_segment("a-interview:2"), "ana", True)
    async with app_for(project).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "r", "j", "shift+down", "t", "f")
        await press(pilot, "u")
        assert reviews(project) == [
            ("a-interview", 1, "ana", "done", False),
            ("a-interview", 2, "ana", "done", True),
            ("a-interview", 3, "ana", "done", False),
        ]
        await press(pilot, "u")
        assert codings(project) == [("a-interview", 1, "relational", "ana")]
        assert reviews(project) == [
            ("a-interview", 1, "ana", "done", False),
            ("a-interview", 2, "ana", "pending", True),
        ]
        await press(pilot, "u")
        assert codings(project) == []
        assert reviews(project) == [("a-interview", 2, "ana", "pending", True)]
        assert cursor_position(pilot) == ("a-interview", 1)
        await press(pilot, "u")
        assert reviews(project) == [("a-interview", 2, "ana", "pending", True)]
        assert coding_screen(pilot).status.reviewed == 0


async def test_undo_of_a_memo_restores_the_previous_text(project: Workbench) -> None:
    project.save_memo(project.resolve_segment("a-interview:1"), "ana", "first thought")
    async with app_for(project).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "m")
        await settle(pilot)
        await press(pilot, *" and more", "ctrl+s")
        await settle(pilot)
        assert memos(project) == [("a-interview", 1, "ana", "first thought and more")]
        await press(pilot, "u")
        assert memos(project) == [("a-interview", 1, "ana", "first thought")]


async def test_undo_returns_to_the_document_the_change_was_made_in(project: Workbench) -> None:
    async with app_for(project).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "j", "h", "end", "space", "n")
        await settle(pilot)
        assert cursor_position(pilot) == ("b-second", 1)
        await press(pilot, "u")
        await settle(pilot)
        assert cursor_position(pilot) == ("a-interview", 4)
        assert codings(project) == [("a-interview", 2, "hopeful", "ana")]
        assert reviews(project) == [("a-interview", 2, "ana", "done", False)]


async def test_a_code_of_an_exclusive_group_replaces_its_sibling_and_undo_brings_it_back(
    project: Workbench,
) -> None:
    async with app_for(project).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "h", "r", "c")
        assert codings(project) == [
            ("a-interview", 1, "critical", "ana"),
            ("a-interview", 1, "relational", "ana"),
        ]
        await press(pilot, "u")
        assert codings(project) == [
            ("a-interview", 1, "hopeful", "ana"),
            ("a-interview", 1, "relational", "ana"),
        ]


async def test_ctrl_k_applies_a_code_chosen_by_typing_part_of_its_name(project: Workbench) -> None:
    async with app_for(project).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+k", *"crit", "enter")
        await settle(pilot)
        assert codings(project) == [("a-interview", 1, "critical", "ana")]
        await press(pilot, "ctrl+k", "escape")
        await settle(pilot)
        assert codings(project) == [("a-interview", 1, "critical", "ana")]


async def test_a_category_cannot_be_applied_and_says_why(project: Workbench) -> None:
    async with app_for(project).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = coding_screen(pilot)
        approach = next(code for code in pilot.app.codebook.codes if code.name == "approach")
        if approach.codable:
            return
        screen.action_toggle_code(approach.id)
        await settle(pilot)
        assert "category" in screen.status.error
        assert codings(project) == []


async def test_q_quits(project: Workbench) -> None:
    async with app_for(project).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "q")
        await pilot.pause()
        assert pilot.app.return_code == 0
        assert not pilot.app.is_running


async def test_clicking_a_segment_moves_the_cursor_and_clicking_a_document_opens_it(
    project: Workbench,
) -> None:
    async with app_for(project).run_test(size=SIZE) as pilot:
        await settle(pilot)
        page = segment_list(pilot)._layout()
        row_three = next(index for index, line in enumerate(page) if line.row == 2)
        await pilot.click("#segments", offset=(5, row_three))
        await press(pilot, "p")
        assert codings(project) == [("a-interview", 3, "power", "ana")]
        await pilot.click("#documents", offset=(3, 2))  # each document takes two lines: name, then count
        await settle(pilot)
        assert cursor_position(pilot) == ("b-second", 1)
