"""The codebook editor's one-key edits: category, exclusive group, order and level, each saved at once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Input
from tui_fixtures import SIZE, app_for, coding_project, press, rows, screen_text, settle

from qualcode.service import Workbench
from qualcode.tui.screens.codebook import CodebookScreen


@pytest.fixture
def project(sqlite_url: str, tmp_path: Path) -> Iterator[Workbench]:
    yield from coding_project(sqlite_url, tmp_path)


def code_flags(workbench: Workbench, name: str) -> tuple:
    return rows(workbench, f"SELECT codable, exclusive, parent_id FROM code WHERE name = '{name}'")[0]


def tree_line(pilot, name: str) -> str:  # type: ignore[no-untyped-def]
    return next(line for line in screen_text(pilot).splitlines() if f"● {name}" in line)


async def open_editor(pilot) -> CodebookScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await press(pilot, "ctrl+e")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CodebookScreen)
    return screen


async def test_c_makes_a_category_and_x_an_exclusive_group_shown_in_words_and_undone(
    project: Workbench,
) -> None:
    async with app_for(project).run_test(size=SIZE) as pilot:
        await open_editor(pilot)
        assert "category" not in tree_line(pilot, "approach")
        await press(pilot, "c")
        await settle(pilot)
        assert code_flags(project, "approach") == (0, 0, None)
        assert "approach  category" in tree_line(pilot, "approach")
        await press(pilot, "x")
        await settle(pilot)
        assert code_flags(project, "approach") == (0, 1, None)
        assert "approach  category  pick one" in tree_line(pilot, "approach")
        await press(pilot, "ctrl+z", "ctrl+z")
        await settle(pilot)
        assert code_flags(project, "approach") == (1, 0, None)
        assert "category" not in tree_line(pilot, "approach")


async def test_a_category_with_codings_is_saved_with_a_warning_counting_them(project: Workbench) -> None:
    segment = rows(project, "SELECT id FROM segment ORDER BY document_id, position LIMIT 1")[0][0]
    project.toggle_code([segment], project.find_code("power").id, "ana")
    async with app_for(project).run_test(size=SIZE) as pilot:
        screen = await open_editor(pilot)
        await press(pilot, *["down"] * 6, "c")
        await settle(pilot)
        assert code_flags(project, "power") == (0, 0, None)
        assert str(screen.form.query_one("#code-message").render()) == (
            "power is a category (not applied itself). "
            "'power' is now a category: its 1 coding stays, but it can no longer be applied"
        )


async def test_ctrl_arrows_reorder_and_re_parent_and_refuse_at_the_top(project: Workbench) -> None:
    top = "SELECT name FROM code WHERE parent_id IS NULL ORDER BY position, id"
    async with app_for(project).run_test(size=SIZE) as pilot:
        screen = await open_editor(pilot)
        await press(pilot, *["down"] * 6, "ctrl+up")
        await settle(pilot)
        assert rows(project, top) == [("approach",), ("power",), ("tone",)]
        await press(pilot, "ctrl+right")
        await settle(pilot)
        assert code_flags(project, "power")[2] == project.find_code("approach").id
        await press(pilot, "ctrl+left")
        await settle(pilot)
        assert code_flags(project, "power")[2] is None
        await press(pilot, "ctrl+left")
        await settle(pilot)
        assert str(screen.form.query_one("#code-message").render()) == "power is already at the top level"


async def test_a_new_codes_saved_hotkey_and_colour_show_in_their_boxes(project: Workbench) -> None:
    async with app_for(project).run_test(size=SIZE) as pilot:
        screen = await open_editor(pilot)
        await press(pilot, "ctrl+n")
        await settle(pilot)
        await press(pilot, *"resigned")
        await pilot.press("tab", "x", "tab", *"#aa3300")
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert rows(project, "SELECT hotkey, color FROM code WHERE name = 'resigned'") == [("x", "#AA3300")]
        assert screen.form.query_one("#code-hotkey", Input).value == "x"
        boxes = next(line for line in screen_text(pilot).splitlines() if "Colour" in line)
        assert "▊  x   ▎Colour ▊  #AA3300   ▎" in boxes
