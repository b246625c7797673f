"""The other screens: help, command palette, project progress, and the project picker."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from factories import CODEBOOK_V1, INTERVIEW, write
from textual.command import CommandPalette
from textual.widgets import DataTable
from tui_fixtures import (
    SIZE,
    app_for,
    coding_project,
    coding_screen,
    codings,
    cursor_position,
    press,
    screen_text,
    settle,
)

from qualcode.service import Workbench
from qualcode.tui.app import create_app
from qualcode.tui.commands import WorkbenchCommands
from qualcode.tui.screens.help import HelpScreen
from qualcode.tui.screens.picker import ProjectPickerScreen
from qualcode.tui.screens.project import ProjectScreen
from qualcode.tui.screens.registry import SCREENS


@pytest.fixture
def project(sqlite_url: str, tmp_path: Path) -> Iterator[Workbench]:
    yield from coding_project(sqlite_url, tmp_path)


async def test_question_mark_lists_every_key_and_every_hotkey(project: Workbench) -> None:
    async with app_for(project).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        await settle(pilot)
        assert isinstance(pilot.app.screen, HelpScreen)
        text = screen_text(pilot)
        for phrase in (
            "Next segment",
            "Flag for discussion",
            "Search the text",
            "approach/relational",
            "tone/critical",
            "Command palette",
            "Codebook",
        ):
            assert phrase in text, phrase
        await press(pilot, "r")
        assert codings(project) == []
        await press(pilot, "escape")
        await settle(pilot)
        assert pilot.app.screen is coding_screen(pilot)


async def test_the_command_palette_offers_every_action_screen_and_code(project: Workbench) -> None:
    async with app_for(project).run_test(size=SIZE) as pilot:
        await settle(pilot)
        provider = WorkbenchCommands(pilot.app.screen)
        names = [name for name, _help, _callback in provider._commands()]
        for wanted in (
            "Go to Codebook",
            "Go to Project",
            "Help",
            "Flag for discussion (again to unflag)",
            "Apply code approach/relational",
            "Apply code tone/hopeful",
        ):
            assert wanted in names
        await press(pilot, "ctrl+p")
        await settle(pilot)
        assert isinstance(pilot.app.screen, CommandPalette)
        await press(pilot, *"apply code power")
        await settle(pilot)
        await press(pilot, "enter")
        await settle(pilot)
        assert codings(project) == [("a-interview", 1, "power", "ana")]


async def test_the_project_screen_shows_documents_by_coders_and_opens_a_document(project: Workbench) -> None:
    for position in (1, 2):
        project.mark_reviewed([project.resolve_segment(f"b-second:{position}")], "ben")
    project.mark_reviewed([project.resolve_segment("a-interview:1")], "ana")
    async with app_for(project).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "ctrl+o")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ProjectScreen)
        table = screen.query_one(DataTable)
        cells = [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]
        assert cells == [
            ["a-interview", "4", "1/4  25%", "0/4   0%", "0/4   0%"],
            ["b-second", "12", "0/12   0%", "2/12  17%", "0/12   0%"],
            ["all documents", "16", "1/16   6%", "2/16  12%", "0/16   0%"],
        ]
        await press(pilot, "down", "enter")
        await settle(pilot)
        assert cursor_position(pilot) == ("b-second", 1)


def test_every_registered_screen_has_a_key_and_a_mode() -> None:
    keys = [entry.key for entry in SCREENS]
    assert len(set(keys)) == len(keys)
    assert {entry.mode for entry in SCREENS} >= {"coding", "codebook", "project"}


async def test_the_picker_lists_projects_and_opens_one_as_a_chosen_coder(tmp_path: Path) -> None:
    made = Workbench.create("alpha")
    made.load_codebook(write(tmp_path / "book.yaml", CODEBOOK_V1))
    made.import_files([write(tmp_path / "one.txt", INTERVIEW)])
    made.add_coder("ana")
    made.close()
    Workbench.create("beta").close()
    app = create_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(pilot.app.screen, ProjectPickerScreen)
        text = screen_text(pilot)
        assert "alpha" in text and "beta" in text
        await press(pilot, "enter")
        await settle(pilot)
        await press(pilot, "enter")
        await settle(pilot)
        assert cursor_position(pilot) == ("one", 1)
        assert pilot.app.context.coder == "ana"
        await press(pilot, "p")
        workbench = pilot.app.context.workbench
        assert codings(workbench) == [("one", 1, "power", "ana")]


async def test_the_picker_creates_a_new_coder_only_after_confirmation(tmp_path: Path) -> None:
    Workbench.create("alpha").close()
    async with create_app().run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        await settle(pilot)
        await press(pilot, *"zoe", "enter")
        await settle(pilot)
        await press(pilot, "n")
        await settle(pilot)
        assert [coder.name for coder in Workbench.open("alpha").coders()] == []
        await press(pilot, "enter")
        await settle(pilot)
        await press(pilot, "y")
        await settle(pilot)
        assert [coder.name for coder in Workbench.open("alpha").coders()] == ["zoe"]
        assert pilot.app.context.coder == "zoe"
        assert "This project has no documents yet" in screen_text(pilot)


async def test_the_picker_says_how_to_make_a_project_when_there_is_none() -> None:
    async with create_app().run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "qualcode init NAME" in " ".join(screen_text(pilot).split())
        await press(pilot, "escape")
        await pilot.pause()
        assert not pilot.app.is_running
