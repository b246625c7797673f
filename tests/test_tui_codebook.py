"""The codebook screen: browsing and editing codes, saved to the project at once, refusals explained."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.pilot import Pilot
from textual.widgets import Input, TextArea
from tui_fixtures import (
    SIZE,
    app_for,
    coding_project,
    codings,
    press,
    rows,
    settle,
)

from qualcode.cli.main import cli
from qualcode.service import Workbench
from qualcode.tui.screens.codebook import CodebookScreen

CODE_COLUMNS = "name, definition, color, hotkey, archived, parent_id"


@pytest.fixture
def project(sqlite_url: str, tmp_path: Path) -> Iterator[Workbench]:
    yield from coding_project(sqlite_url, tmp_path)


def code_row(workbench: Workbench, name: str) -> tuple:
    return rows(workbench, f"SELECT {CODE_COLUMNS} FROM code WHERE name = '{name}'")[0]


async def open_codebook(pilot: Pilot, code: str | None = None) -> CodebookScreen:
    await settle(pilot)
    await press(pilot, "ctrl+e")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, CodebookScreen)
    if code is not None:
        screen.code_tree.show_code(
            pilot.app.codebook.by_id[next(c.id for c in pilot.app.codebook.codes if c.name == code)].id
        )
        await settle(pilot)
    return screen


async def type_into(pilot: Pilot, screen: CodebookScreen, field: str, text: str) -> None:
    widget = screen.form.query_one(f"#code-{field}")
    if isinstance(widget, TextArea):
        widget.load_text(text)
    else:
        assert isinstance(widget, Input)
        widget.focus()
        await pilot.pause()
        widget.value = ""
        await press(pilot, *text)
    await pilot.pause()


async def test_an_edit_is_saved_at_once_and_its_new_hotkey_codes_straight_away(project: Workbench) -> None:
    async with app_for(project).run_test(size=SIZE) as pilot:
        screen = await open_codebook(pilot, "power")
        await type_into(pilot, screen, "definition", "Who decides, and who is left out.")
        await type_into(pilot, screen, "color", "#aa3300")
        await type_into(pilot, screen, "hotkey", "w")
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert code_row(project, "power") == (
            "power",
            "Who decides, and who is left out.",
            "#AA3300",
            "w",
            0,
            None,
        )
        assert "Saved power" in str(screen.form.query_one("#code-message").render())
        await press(pilot, "f2")
        await settle(pilot)
        await press(pilot, "w", "p")
        assert codings(project) == [("a-interview", 1, "power", "ana")]


async def test_a_duplicate_hotkey_is_refused_with_a_message(project: Workbench) -> None:
    before = code_row(project, "technical")
    async with app_for(project).run_test(size=SIZE) as pilot:
        screen = await open_codebook(pilot, "technical")
        await type_into(pilot, screen, "hotkey", "r")
        await press(pilot, "ctrl+s")
        await settle(pilot)
        message = str(screen.form.query_one("#code-message").render())
        assert "hotkey 'r' is already used by 'approach/relational'" in message
        assert code_row(project, "technical") == before
        assert pilot.app.is_running


async def test_a_reserved_key_a_bad_colour_and_an_empty_name_are_refused(project: Workbench) -> None:
    before = code_row(project, "technical")
    async with app_for(project).run_test(size=SIZE) as pilot:
        screen = await open_codebook(pilot, "technical")
        for field, value, complaint in (
            ("hotkey", "j", "reserved"),
            ("color", "teal-ish", "hex colour"),
            ("name", " ", "needs a name"),
        ):
            await type_into(pilot, screen, field, value)
            await press(pilot, "ctrl+s")
            await settle(pilot)
            assert complaint in str(screen.form.query_one("#code-message").render())
            await press(pilot, "escape")
            await settle(pilot)
        assert code_row(project, "technical") == before


async def test_archiving_hides_a_code_from_coding_and_frees_its_hotkey(project: Workbench) -> None:
    async with app_for(project).run_test(size=SIZE) as pilot:
        screen = await open_codebook(pilot, "power")
        screen.form.archived_box.value = True
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert code_row(project, "power") == (
            "power",
            "Who decides, and how power is shared.",
            "#B22222",
            "",
            1,
            None,
        )
        await press(pilot, "escape")
        await settle(pilot)
        assert pilot.app.current_mode == "coding"
        await press(pilot, "p")
        assert codings(project) == []
        assert "power" not in [code.name for code in pilot.app.codebook.live]


async def test_moving_a_code_under_another_and_refusing_a_cycle(project: Workbench) -> None:
    approach = project.find_code("approach").id
    relational = project.find_code("relational").id
    async with app_for(project).run_test(size=SIZE) as pilot:
        screen = await open_codebook(pilot, "power")
        screen.form.parent_select.value = approach
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert code_row(project, "power")[5] == approach
        screen.code_tree.show_code(approach)
        await settle(pilot)
        screen.form.parent_select.value = relational
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert "under itself" in str(screen.form.query_one("#code-message").render())
        assert code_row(project, "approach")[5] is None


async def test_ctrl_z_undoes_the_last_edit_and_ctrl_n_adds_a_code(project: Workbench) -> None:
    before = code_row(project, "hopeful")
    async with app_for(project).run_test(size=SIZE) as pilot:
        screen = await open_codebook(pilot, "hopeful")
        await type_into(pilot, screen, "name", "optimistic")
        await press(pilot, "ctrl+s")
        await settle(pilot)
        assert rows(project, "SELECT name FROM code WHERE id = (SELECT id FROM code WHERE name='optimistic')")
        await press(pilot, "ctrl+z")
        await settle(pilot)
        assert code_row(project, "hopeful") == before
        await press(pilot, "ctrl+n")
        await settle(pilot)
        await type_into(pilot, screen, "name", "resigned")
        await type_into(pilot, screen, "hotkey", "x")
        await press(pilot, "ctrl+s")
        await settle(pilot)
        tone = project.find_code("tone").id
        assert code_row(project, "resigned") == ("resigned", "", "", "x", 0, tone)


async def test_edits_are_what_codebook_export_writes(project: Workbench, tmp_path: Path) -> None:
    async with app_for(project).run_test(size=SIZE) as pilot:
        screen = await open_codebook(pilot, "relational")
        await type_into(pilot, screen, "example", "We ate together for a year.")
        await press(pilot, "ctrl+s")
        await settle(pilot)
    out = tmp_path / "book.yaml"
    result = CliRunner().invoke(
        cli, ["codebook", "export", "study", str(out), "--db", str(project.engine.url)]
    )
    assert result.exit_code == 0, result.output
    assert "We ate together for a year." in out.read_text(encoding="utf-8")
