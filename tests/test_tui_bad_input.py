"""Bad input in the workbench: empty projects and documents, too many codes for the keys, clashing keys."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from factories import INTERVIEW, write
from tui_fixtures import (
    SIZE,
    add_empty_document,
    app_for,
    coding_project,
    coding_screen,
    codings,
    cursor_position,
    memos,
    press,
    reviews,
    screen_text,
    settle,
    transcript_text,
)

from qualcode.service import Workbench

EVERY_KEY = (
    "r",
    "j",
    "k",
    "n",
    "f",
    "m",
    "escape",
    "u",
    "space",
    "enter",
    "shift+down",
    "pagedown",
    "end",
    "home",
    "f3",
    "ctrl+l",
)


@pytest.fixture
def project(sqlite_url: str, tmp_path: Path) -> Iterator[Workbench]:
    yield from coding_project(sqlite_url, tmp_path)


def big_codebook(coded_with_keys: int, without_keys: int) -> str:
    """A codebook whose first codes have hotkeys (one of them a workbench key) and the rest none."""
    lines = ["name: Big book", 'version: "1"', "codes:"]
    keys = "abcdeghilorstvwxyz"[:coded_with_keys]
    for index, key in enumerate(keys):
        lines += [f"  - name: keyed-{index:02d}", f"    key: {key}", f"    definition: Keyed code {index}."]
    lines += ["  - name: clashing", "    key: j", "    definition: Its key is the workbench's down key."]
    for index in range(without_keys):
        lines += [f"  - name: theme-{index:02d}", f"    definition: Theme number {index}."]
    return "\n".join(lines) + "\n"


async def test_an_empty_project_opens_says_so_and_takes_every_key(sqlite_url: str) -> None:
    workbench = Workbench.create("empty", sqlite_url)
    workbench.add_coder("ana")
    async with app_for(workbench).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "This project has no documents yet" in transcript_text(pilot)
        await press(pilot, *EVERY_KEY)
        await settle(pilot)
        for key in ("ctrl+k", "ctrl+f", "question_mark"):
            await press(pilot, key)
            await settle(pilot)
            await press(pilot, "escape")
            await settle(pilot)
        await press(pilot, "slash", *"x", "enter", "escape")
        await settle(pilot)
        assert pilot.app.is_running
        assert coding_screen(pilot).status.place == "no documents"
    workbench.close()


async def test_a_document_without_segments_says_so_and_n_moves_on(project: Workbench) -> None:
    add_empty_document(project)
    for position in range(1, 5):
        project.mark_reviewed([project.resolve_segment(f"a-interview:{position}")], "ana")
    async with app_for(project).run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = coding_screen(pilot)
        empty = next(document for document in screen.documents_by_id.values() if document.name == "c-empty")
        screen.open_document(empty.id)
        await settle(pilot)
        assert "c-empty has no segments." in transcript_text(pilot)
        await press(pilot, "r", "space", "f", "m", "u", "shift+down", "p")
        await settle(pilot)
        assert (codings(project), memos(project)) == ([], [])
        assert len(reviews(project)) == 4
        await press(pilot, "n")
        await settle(pilot)
        assert cursor_position(pilot) == ("b-second", 1)


async def test_codes_beyond_the_hotkeys_are_reached_by_typing_their_name(
    sqlite_url: str, tmp_path: Path
) -> None:
    workbench = Workbench.create("big", sqlite_url)
    workbench.load_codebook(write(tmp_path / "big.yaml", big_codebook(18, 40)))
    workbench.import_files([write(tmp_path / "one.txt", INTERVIEW)])
    workbench.add_coder("ana")
    async with app_for(workbench).run_test(size=SIZE) as pilot:
        await settle(pilot)
        messages = [notification.message for notification in pilot.app._notifications]
        assert any("clashing: hotkey 'j' is a workbench key" in message for message in messages)
        await press(pilot, "j")
        assert cursor_position(pilot) == ("one", 2)
        assert codings(workbench) == []
        await press(pilot, "ctrl+k", *"theme-37", "enter")
        await settle(pilot)
        await press(pilot, "ctrl+k", *"clash", "enter")
        await settle(pilot)
        await press(pilot, "z")
        assert codings(workbench) == [
            ("one", 2, "clashing", "ana"),
            ("one", 2, "keyed-17", "ana"),
            ("one", 2, "theme-37", "ana"),
        ]
        await press(pilot, "question_mark")
        await settle(pilot)
        assert "^k ● theme-00" in screen_text(pilot)
    workbench.close()


async def test_a_refused_action_is_one_line_not_a_crash(project: Workbench) -> None:
    async with app_for(project).run_test(size=SIZE) as pilot:
        await settle(pilot)
        power = project.find_code("power").id
        fields = project.code_fields(power)
        project.edit_code(power, replace(fields, archived=True))
        await press(pilot, "p")
        await settle(pilot)
        screen = coding_screen(pilot)
        assert "archived" in screen.status.error
        assert "✗" in screen_text(pilot)
        assert codings(project) == []
        await press(pilot, "r")
        assert screen.status.error == ""
        assert codings(project) == [("a-interview", 1, "relational", "ana")]
