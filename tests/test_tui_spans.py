"""Coding part of a turn from the keyboard: select text, code it with the hotkeys, move, resize, remove, undo.

Keys go through the same path a terminal's keys take (see `tui_fixtures.press`),
and every test reads the codings table afterwards, offsets included.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from factories import CODEBOOK_V1, write
from textual.pilot import Pilot
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
        assert "selected 16–33" in coding_screen(pilot).status.place
        assert "“power”" in transcript_text(pilot)


async def test_shift_arrows_select_by_character_and_shift_end_by_sentence(project: Workbench) -> None:
    async with app_for(project).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "j", "shift+right", "shift+right", "r")
        await press(pilot, "escape", "shift+end", "t", "shift+end", "p")
        await press(pilot, "escape", *["shift+left"] * 5, "h")
        assert coding_rows(project) == [
            ("a-interview", 2, "relational", "ana", 0, 2),
            ("a-interview", 2, "technical", "ana", 0, 34),
            ("a-interview", 2, "power", "ana", 0, 53),
            ("a-interview", 2, "hopeful", "ana", len(SECOND) - 5, len(SECOND)),
        ]
        assert SECOND[:34] == "We started with listening circles."
        assert SECOND[-5:] == "down."


async def test_esc_goes_back_to_coding_the_whole_segment(project: Workbench) -> None:
    async with app_for(project).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "j", "ctrl+shift+right", "p", "escape", "p")
        assert coding_rows(project) == [
            ("a-interview", 2, "power", "ana", 0, 2),
            ("a-interview", 2, "power", "ana", 0, len(SECOND)),
        ]
        assert "span" not in coding_screen(pilot).status.place
        await press(pilot, "j", "ctrl+shift+right", "j", "r")
        assert coding_rows(project)[-1] == ("a-interview", 4, "relational", "ana", 0, 42)


async def test_a_hotkey_on_the_same_selection_again_removes_that_span(project: Workbench) -> None:
    async with app_for(project).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "j", "ctrl+shift+right", "ctrl+shift+right", "p", "r")
        assert coding_rows(project) == [
            ("a-interview", 2, "power", "ana", 0, 10),
            ("a-interview", 2, "relational", "ana", 0, 10),
        ]
        await press(pilot, "p")
        assert coding_rows(project) == [("a-interview", 2, "relational", "ana", 0, 10)]


async def test_tab_moves_between_spans_and_shift_arrows_resize_the_one_reached(project: Workbench) -> None:
    segment = project.resolve_segment("a-interview:2")
    project.toggle_span(segment, project.find_code("power").id, "ana", 16, 33)
    project.toggle_span(segment, project.find_code("relational").id, "ana", 35, 53)
    async with app_for(project).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "j", "tab")
        assert "span 1/2 power 16–33" in coding_screen(pilot).status.place
        await press(pilot, "tab", "shift+left", "ctrl+shift+left")
        assert coding_rows(project) == [
            ("a-interview", 2, "power", "ana", 16, 33),
            ("a-interview", 2, "relational", "ana", 35, 48),
        ]
        await press(pilot, "shift+tab", "ctrl+x", "ctrl+shift+left", "ctrl+shift+left")
        assert coding_rows(project) == [
            ("a-interview", 2, "power", "ana", 3, 33),
            ("a-interview", 2, "relational", "ana", 35, 48),
        ]
        assert "span 1/2 power 3–33" in coding_screen(pilot).status.place
        await press(pilot, "u", "u")
        assert coding_rows(project) == [
            ("a-interview", 2, "power", "ana", 16, 33),
            ("a-interview", 2, "relational", "ana", 35, 48),
        ]


async def test_delete_removes_the_span_reached_with_tab_and_u_brings_it_back(project: Workbench) -> None:
    segment = project.resolve_segment("a-interview:2")
    project.toggle_span(segment, project.find_code("power").id, "ana", 16, 33)
    async with app_for(project).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "j", "tab", "delete")
        assert coding_rows(project) == []
        assert "“power”" not in transcript_text(pilot)
        await press(pilot, "u")
        assert coding_rows(project) == [("a-interview", 2, "power", "ana", 16, 33)]
        assert "“power”" in transcript_text(pilot)


async def test_tab_without_spans_still_moves_the_focus(project: Workbench) -> None:
    async with app_for(project).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = coding_screen(pilot)
        assert screen.focused is screen.segments
        await press(pilot, "tab")
        assert screen.focused is screen.code_tree
        await press(pilot, "right", "shift+right", "p")
        assert screen.segments.part_selection is None
        assert coding_rows(project) == [("a-interview", 1, "power", "ana", 0, 28)]


async def test_a_span_of_an_exclusive_code_replaces_the_sibling_on_the_same_words(project: Workbench) -> None:
    async with app_for(project).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "j", "shift+end", "h", "escape", "ctrl+shift+right", "c")
        assert coding_rows(project) == [("a-interview", 2, "critical", "ana", 0, 2)]
        await press(pilot, "u")
        assert coding_rows(project) == [("a-interview", 2, "hopeful", "ana", 0, 34)]


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_the_selection_and_coded_parts_show_at_every_size(
    project: Workbench, width: int, height: int
) -> None:
    segment = project.resolve_segment("a-interview:2")
    project.toggle_code([segment], project.find_code("technical").id, "ana")
    project.toggle_span(segment, project.find_code("power").id, "ana", 16, 33)
    project.toggle_span(segment, project.find_code("power").id, "ana", 35, 53)
    async with app_for(project).run_test(size=(width, height)) as pilot:
        await settle(pilot)
        await press(pilot, "j", "tab")
        segments = coding_screen(pilot).segments
        text = transcript_text(pilot)
        assert " technical   “power”×2 " in text
        assert "listening" in text
        assert "span 1/2 power 16–33" in coding_screen(pilot).status.place
        assert "span 1/2" in screen_text(pilot)
        layout = segments._layout_of(segments.cursor)
        marked = [
            segment.text
            for strip in layout.strips[layout.head :]
            for segment in strip
            if segment.style is not None and segment.style.underline
        ]
        assert "".join(marked).replace(" ", "") == "listeningcircles"


async def test_the_key_help_lists_the_keys_for_part_of_a_turn(project: Workbench) -> None:
    async with app_for(project).run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        await settle(pilot)
        text = screen_text(pilot)
        for phrase in (
            "CODE PART OF A TURN",
            "⇧→       Select a character on (from the start)",
            "^⇧→      Select to a word's end",
            "⇧End     Select to the sentence's end",
            "^x       Caret to the other end (move a start)",
            "Tab      Next coded part of the segment",
            "Del      Remove the part reached with tab",
        ):
            assert phrase in text, phrase


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_snapshot_of_a_selection_beside_coded_parts(  # type: ignore[no-untyped-def]
    project: Workbench, snap_compare, width: int, height: int
) -> None:
    """Segment 2 with a whole-segment code, two coded parts in their colours, and a selection."""
    segment = project.resolve_segment("a-interview:2")
    project.toggle_code([segment], project.find_code("technical").id, "ana")
    project.toggle_span(segment, project.find_code("power").id, "ana", 16, 33)
    project.toggle_span(segment, project.find_code("relational").id, "ana", 55, 69)

    async def select(pilot: Pilot) -> None:
        await settle(pilot)
        await press(pilot, "j", "shift+end", "ctrl+shift+left")
        await settle(pilot)

    assert snap_compare(app_for(project), terminal_size=(width, height), run_before=select)


async def test_tab_past_the_last_coded_part_goes_on_to_the_next_pane(project: Workbench) -> None:
    segment = project.resolve_segment("a-interview:2")
    project.toggle_span(segment, project.find_code("power").id, "ana", 16, 33)
    project.toggle_span(segment, project.find_code("relational").id, "ana", 35, 53)
    async with app_for(project).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = coding_screen(pilot)
        await press(pilot, "j", "tab", "tab")
        assert "span 2/2 relational 35–53" in screen.status.place
        await press(pilot, "tab")
        assert screen.focused is screen.code_tree
        assert screen.segments.part_selection is None
        await press(pilot, "shift+tab")
        assert screen.focused is screen.segments
        await press(pilot, "shift+tab")
        assert "span 2/2 relational 35–53" in screen.status.place


@pytest.fixture
def long_turn(sqlite_url: str, tmp_path: Path) -> Iterator[Workbench]:
    """A 1,500-word turn, far taller than the pane at every size, between two short ones."""
    words = " ".join(f"word{index}" for index in range(1, 1501))
    transcript = f"Interviewer: Tell me.\n\nKania: {words} thatisallIwantedtosay.\n\nInterviewer: Thanks."
    workbench = Workbench.create("long", sqlite_url)
    workbench.load_codebook(write(tmp_path / "book.yaml", CODEBOOK_V1))
    workbench.import_files([write(tmp_path / "kania.txt", transcript)])
    workbench.add_coder("ana")
    yield workbench
    workbench.close()


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_a_selection_in_a_long_turn_keeps_its_caret_in_view(
    long_turn: Workbench, width: int, height: int
) -> None:
    async with app_for(long_turn).run_test(size=(width, height)) as pilot:
        await settle(pilot)
        await press(pilot, "j")
        assert "thatisallIwantedtosay" not in transcript_text(pilot)
        await press(pilot, "shift+end")
        assert "thatisallIwantedtosay" in transcript_text(pilot)
        assert "Kania  #2" in transcript_text(pilot)  # the head stays pinned while the text scrolls
        await press(pilot, "p", "ctrl+x")
        assert "word1 " in transcript_text(pilot)
        assert "thatisallIwantedtosay" not in transcript_text(pilot)
        await press(pilot, "ctrl+x")
        assert "thatisallIwantedtosay" in transcript_text(pilot)
    length = len(" ".join(f"word{index}" for index in range(1, 1501)) + " thatisallIwantedtosay.")
    assert coding_rows(long_turn) == [("kania", 2, "power", "ana", 0, length)]


async def test_another_coders_spans_are_neither_shown_nor_reached(project: Workbench) -> None:
    segment = project.resolve_segment("a-interview:2")
    project.toggle_span(segment, project.find_code("power").id, "ben", 16, 33)
    async with app_for(project, "ana").run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = coding_screen(pilot)
        await press(pilot, "j")
        assert "power" not in transcript_text(pilot)
        await press(pilot, "tab")
        assert screen.focused is screen.code_tree
        assert screen.segments.part_selection is None


async def test_the_search_line_keeps_the_selection_keys_to_itself(project: Workbench) -> None:
    async with app_for(project).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = coding_screen(pilot)
        await press(pilot, "slash", *"plan", "shift+left", "ctrl+shift+left")
        assert screen.segments.part_selection is None
        assert screen.search_bar.query_one("#search-input").value == "plan"
        await press(pilot, "escape")
        await press(pilot, "shift+right", "shift+right", "p")
        assert coding_rows(project) == [("a-interview", 1, "power", "ana", 0, 2)]
