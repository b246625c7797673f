"""Moving through a transcript with the keys a terminal sends: the cursor, long turns, and what is in view.

Every key goes through Textual's own `Pilot.press`, so it reaches the focused
transcript widget first, exactly as a terminal's key would.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from factories import CODEBOOK_V1, write
from sqlmodel import select
from textual.pilot import Pilot
from tui_fixtures import (
    app_for,
    coding_project,
    codings,
    cursor_position,
    long_interview,
    screen_text,
    segment_list,
    settle,
    transcript_text,
)

from qualcode.service import Workbench
from qualcode.store.models import Document
from qualcode.tui.screens.coding import CodingScreen

SIZES = [(80, 24), (120, 40), (200, 50)]
FIXTURES = Path(__file__).parent / "fixtures" / "transcripts"


@pytest.fixture
def project(sqlite_url: str, tmp_path: Path) -> Iterator[Workbench]:
    yield from coding_project(sqlite_url, tmp_path)


def long_turn(words: int, last: str) -> str:
    """A turn far taller than any pane, numbered so a line can be told from another, ending in ``last``."""
    return " ".join(f"word{index}" for index in range(1, words + 1)) + f" {last}."


@pytest.fixture
def long_project(sqlite_url: str, tmp_path: Path) -> Iterator[Workbench]:
    """One interview whose second turn is ~600 words, as real answers of 3,000 characters are."""
    transcript = "\n\n".join(
        [
            "Interviewer: Tell me about the healing circles.",
            "Kania: " + long_turn(600, "thatisallIwantedtosay"),
            "Interviewer: And after that?",
            "Kania: We kept meeting every week.",
        ]
    )
    workbench = Workbench.create("long", sqlite_url)
    workbench.load_codebook(write(tmp_path / "book.yaml", CODEBOOK_V1))
    workbench.import_files([write(tmp_path / "kania.txt", transcript)])
    workbench.add_coder("ana")
    yield workbench
    workbench.close()


async def press(pilot: Pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


def cursor_header_on_screen(pilot: Pilot) -> bool:
    """The cursor's segment shows its `#N` header in the transcript pane."""
    line = segment_list(pilot).current_line
    return line is not None and f"#{line.position} " in transcript_text(pilot) + " "


@pytest.fixture
def many_turns(sqlite_url: str, tmp_path: Path) -> Iterator[Workbench]:
    """A document longer than the pane at every size, so the pane itself could scroll."""
    workbench = Workbench.create("many", sqlite_url)
    workbench.load_codebook(write(tmp_path / "book.yaml", CODEBOOK_V1))
    workbench.import_files([write(tmp_path / "sixty.txt", long_interview(60))])
    workbench.add_coder("ana")
    yield workbench
    workbench.close()


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_arrow_keys_move_the_cursor_and_a_hotkey_codes_the_segment_in_view(
    many_turns: Workbench, size: tuple[int, int]
) -> None:
    async with app_for(many_turns).run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "down", "down", "down")
        assert cursor_position(pilot) == ("sixty", 4)
        assert "sixty · 4/60" in screen_text(pilot)
        assert cursor_header_on_screen(pilot)
        await press(pilot, "r")
        assert codings(many_turns) == [("sixty", 4, "relational", "ana")]
        await press(pilot, *["down"] * 30, "t")
        assert cursor_position(pilot) == ("sixty", 34)
        assert cursor_header_on_screen(pilot)
        await press(pilot, "up", "p")
        assert codings(many_turns) == [
            ("sixty", 4, "relational", "ana"),
            ("sixty", 33, "power", "ana"),
            ("sixty", 34, "technical", "ana"),
        ]


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_page_keys_home_and_end_move_the_cursor_and_keep_it_in_view(
    project: Workbench, size: tuple[int, int]
) -> None:
    project.mark_reviewed([project.resolve_segment(f"a-interview:{n}") for n in (1, 2, 3, 4)], "ana")
    async with app_for(project).run_test(size=size) as pilot:
        await settle(pilot)
        assert cursor_position(pilot) == ("b-second", 1)
        await press(pilot, "ctrl+o")  # leave and come back: focus returns to the transcript
        await press(pilot, "f2", "down")
        assert cursor_position(pilot) == ("b-second", 2)
        await press(pilot, "end")
        assert cursor_position(pilot) == ("b-second", 12)
        assert cursor_header_on_screen(pilot)
        await press(pilot, "home")
        assert cursor_position(pilot) == ("b-second", 1)
        seen = []
        for _ in range(4):
            await press(pilot, "pagedown")
            seen.append(cursor_position(pilot)[1])
            assert cursor_header_on_screen(pilot)
        assert seen == sorted(seen) and seen[-1] == 12, seen
        await press(pilot, "pageup")
        assert cursor_position(pilot)[1] < 12
        assert cursor_header_on_screen(pilot)
        await press(pilot, "h")
        assert codings(project) == [("b-second", cursor_position(pilot)[1], "hopeful", "ana")]


def panes(pilot: Pilot) -> list[list[str]]:
    """The documents, transcript and codebook panes' lines, as a person reads them off the screen."""
    columns: list[list[str]] = [[], [], []]
    for line in screen_text(pilot).splitlines()[1:]:
        parts = line.split("││")
        if len(parts) == 3:
            for column, part in zip(columns, parts, strict=True):
                column.append(part.strip("│ "))
    return columns


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_down_reads_a_long_turn_to_its_end_with_its_codes_in_view_before_moving_on(
    long_project: Workbench, size: tuple[int, int]
) -> None:
    async with app_for(long_project).run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "down", "p")
        assert codings(long_project) == [("kania", 2, "power", "ana")]
        seen_words: set[str] = set()
        for _ in range(40):
            text = transcript_text(pilot)
            seen_words |= {word.strip(".") for word in text.split() if word.startswith("word")}
            assert cursor_position(pilot) == ("kania", 2)
            assert "Kania  #2" in text and " power " in text, text
            if "thatisallIwantedtosay" in text:
                break
            await press(pilot, "down")
        else:
            pytest.fail("Down never reached the end of the long turn")
        assert seen_words == {f"word{index}" for index in range(1, 601)}
        await press(pilot, "down")
        assert cursor_position(pilot) == ("kania", 3)
        assert cursor_header_on_screen(pilot)
        await press(pilot, "up")
        assert cursor_position(pilot) == ("kania", 2)
        assert "word1 " in transcript_text(pilot)


async def test_up_scrolls_back_through_a_long_turn_before_leaving_it(long_project: Workbench) -> None:
    async with app_for(long_project).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "down", "down", "down", "down")
        assert cursor_position(pilot) == ("kania", 2)
        assert "word1 " not in transcript_text(pilot)
        for _ in range(40):
            if "word1 " in transcript_text(pilot):
                break
            await press(pilot, "up")
            assert cursor_position(pilot) == ("kania", 2)
        await press(pilot, "up")
        assert cursor_position(pilot) == ("kania", 1)


async def test_a_search_hit_deep_in_a_long_turn_is_scrolled_into_view(long_project: Workbench) -> None:
    async with app_for(long_project).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "slash")
        await pilot.press(*"word587", "enter")
        await settle(pilot)
        assert cursor_position(pilot) == ("kania", 2)
        assert "word587" in transcript_text(pilot).split()
        assert "hit 1/1" in screen_text(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_escape_after_a_search_keeps_the_hit_in_view_and_the_hotkey_codes_its_turn(
    long_project: Workbench, size: tuple[int, int]
) -> None:
    """Esc gives the keys back to the transcript (the search line takes letters): the view must not jump."""
    async with app_for(long_project).run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "slash")
        await pilot.press(*"word587", "enter")
        await settle(pilot)
        await press(pilot, "escape")
        assert cursor_position(pilot) == ("kania", 2)
        assert "word587" in transcript_text(pilot).split()
        await press(pilot, "p")
        assert codings(long_project) == [("kania", 2, "power", "ana")]
        text = transcript_text(pilot)
        assert "Kania  #2" in text and " power " in text and "word587" in text.split(), text


async def test_escape_closes_the_search_and_its_counter_and_f3_brings_the_hit_back(
    project: Workbench,
) -> None:
    async with app_for(project).run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "slash")
        await pilot.press(*"funding", "enter")
        await settle(pilot)
        assert cursor_position(pilot) == ("b-second", 5)
        assert "hit 1/2" in screen_text(pilot)
        await press(pilot, "escape")
        assert "hit 1/2" not in screen_text(pilot)
        assert "search every document" not in screen_text(pilot)
        await press(pilot, "f3")
        assert cursor_position(pilot) == ("b-second", 10)
        assert "hit 2/2" in screen_text(pilot)


async def test_ctrl_f_again_clears_the_filter_instead_of_asking_again(project: Workbench) -> None:
    project.toggle_code([project.resolve_segment("a-interview:3")], project.find_code("power").id, "ana")
    async with app_for(project).run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+f")
        await pilot.press(*"power", "enter")
        await settle(pilot)
        assert segment_list(pilot).row_count == 1
        assert cursor_position(pilot) == ("a-interview", 3)
        await press(pilot, "ctrl+f")
        assert isinstance(pilot.app.screen, CodingScreen)
        assert segment_list(pilot).row_count == 4
        assert "filter" not in screen_text(pilot).splitlines()[-2]


async def test_subtitle_times_show_beside_their_segments(sqlite_url: str, tmp_path: Path) -> None:
    workbench = Workbench.create("meeting", sqlite_url)
    workbench.load_codebook(write(tmp_path / "book.yaml", CODEBOOK_V1))
    workbench.import_files([Path(shutil.copy(FIXTURES / "organising_meeting.vtt", tmp_path))])
    workbench.add_coder("ana")
    try:
        async with app_for(workbench).run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            lines = transcript_text(pilot).splitlines()
            headers = [line.split("▍ ", 1)[1].rstrip(" ○") for line in lines if "#" in line]
            assert headers[:3] == [
                "Maria Okafor  #1  0:01–0:07",
                "Dr. Goodchild  #2  0:07–0:09",
                "Tom Price  #3  0:09–0:12",
            ]
    finally:
        workbench.close()


async def test_at_80x24_the_codebook_shows_its_first_heading_and_document_names_show_whole(
    project: Workbench,
) -> None:
    name = "interview-kania-okonkwo-community-healing-2024"
    with project.unit() as session:
        document = session.exec(select(Document).where(Document.name == "b-second")).one()
        document.name = name
        session.add(document)
    async with app_for(project).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        documents, _transcript, codebook = panes(pilot)
        assert name in "".join(documents)
        assert codebook[:8] == [
            "▼     ● approach",
            "├  r  ● relational",
            "└  t  ● technical",
            "▼     ● tone",
            "├  h  ● hopeful",
            "└  c  ● critical",
            "p  ● power",
            "",
        ]


FOOTER_KEYS = ["? Help", "n Next to do", "␣ Done", "f Flag", "m Memo", "u Undo", "^k Code", "/ Search"]
FOOTER_KEYS += ["^f Filter", "q Quit"]


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_the_footer_never_cuts_a_key_short(project: Workbench, size: tuple[int, int]) -> None:
    async with app_for(project).run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.pause(0.2)
        keys, palette = screen_text(pilot).splitlines()[-1].split("▏")
        assert palette.strip() == "^p palette"
        shown = " ".join(keys.split())
        prefixes = [" ".join(FOOTER_KEYS[:count]) for count in range(6, len(FOOTER_KEYS) + 1)]
        assert shown in prefixes
