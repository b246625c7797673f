"""Document attributes in the workbench, driven through the keys: the dialog, edits, F10's filter."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from retrieval_project import retrieval_project
from textual.pilot import Pilot
from tui_fixtures import app_for, rows, screen_text, settle

from qualcode.service import Workbench
from qualcode.tui.screens.attributes import AttributesScreen
from qualcode.tui.screens.retrieval import RetrievalScreen

SIZES = [(80, 24), (120, 40), (200, 50)]


@pytest.fixture
def study(sqlite_url: str, tmp_path: Path) -> Iterator[Workbench]:
    """a-interview (site north, wave 2) and b-follow-up (site south); coders ana and ben, lead lee."""
    for workbench in retrieval_project(sqlite_url, tmp_path):
        workbench.set_document_attributes("a-interview", {"wave": "2"})
        yield workbench


def stored(workbench: Workbench) -> dict[str, dict[str, str]]:
    """Every document's attributes as the database holds them now."""
    return {
        name: json.loads(meta) if isinstance(meta, str) else meta
        for name, meta in rows(workbench, "SELECT name, meta FROM document ORDER BY position")
    }


def cells(pilot: Pilot, *keys: str) -> list[list[str]]:
    """The words of each boxed stretch of the screen that starts with one of ``keys``: a table row."""
    return [
        part.split()
        for line in screen_text(pilot).splitlines()
        for part in line.split("│")
        if part.split()[:1] and part.split()[0] in keys
    ]


def notifications(pilot: Pilot) -> list[str]:
    return [notification.message for notification in pilot.app._notifications]


async def open_attributes(pilot: Pilot) -> AttributesScreen:
    """ctrl+t on the coding screen, which opens on the coder's next segment to do (a-interview here)."""
    await settle(pilot)
    await pilot.press("ctrl+t")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, AttributesScreen)
    return screen


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_ctrl_t_shows_the_current_documents_attributes_at_every_size(
    study: Workbench, size: tuple[int, int]
) -> None:
    async with app_for(study, "lee").run_test(size=size) as pilot:
        await open_attributes(pilot)
        text = screen_text(pilot)
        assert "Attributes of a-interview" in text
        assert cells(pilot, "attribute", "site", "wave") == [
            ["attribute", "value"],
            ["site", "north"],
            ["wave", "2"],
        ]
        assert "enter edit · a add · d remove · esc close · each" in text
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, AttributesScreen)


async def test_a_lead_edits_a_value_and_it_is_saved_at_once(study: Workbench) -> None:
    async with app_for(study, "lee").run_test(size=(120, 40)) as pilot:
        await open_attributes(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        await pilot.press("ctrl+u", *"10", "enter")
        await settle(pilot)
        assert stored(study) == {
            "a-interview": {"site": "north", "wave": "10"},
            "b-follow-up": {"site": "south"},
        }
        assert "a-interview: wave = 10 · saved" in notifications(pilot)
        assert cells(pilot, "site", "wave") == [["site", "north"], ["wave", "10"]]


async def test_a_lead_adds_and_removes_attributes(study: Workbench) -> None:
    async with app_for(study, "lee").run_test(size=(80, 24)) as pilot:
        await open_attributes(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*"role=head teacher", "enter")
        await settle(pilot)
        assert stored(study)["a-interview"] == {"site": "north", "wave": "2", "role": "head teacher"}
        # Sorted by key, the new attribute is first and highlighted: d removes it.
        await pilot.press("d")
        await settle(pilot)
        assert stored(study)["a-interview"] == {"site": "north", "wave": "2"}
        await pilot.press("down", "d")
        await settle(pilot)
        assert stored(study) == {"a-interview": {"site": "north"}, "b-follow-up": {"site": "south"}}
        assert notifications(pilot)[-1] == "a-interview: removed wave · saved"


async def test_escape_in_the_value_dialog_changes_nothing(study: Workbench) -> None:
    before = stored(study)
    async with app_for(study, "lee").run_test(size=(120, 40)) as pilot:
        await open_attributes(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+u", *"east", "escape")
        await settle(pilot)
        assert isinstance(pilot.app.screen, AttributesScreen)
        assert stored(study) == before


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("=north", "an attribute needs a name: give KEY=VALUE, e.g. site=north"),
        ("site", "'site' is not KEY=VALUE, e.g. site=north"),
    ],
)
async def test_bad_input_is_a_notification_and_nothing_is_saved(
    study: Workbench, typed: str, message: str
) -> None:
    before = stored(study)
    async with app_for(study, "lee").run_test(size=(120, 40)) as pilot:
        await open_attributes(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press(*typed, "enter")
        await settle(pilot)
        assert notifications(pilot)[-1] == message
        assert stored(study) == before


async def test_a_coder_sees_the_attributes_but_cannot_edit_them(study: Workbench) -> None:
    before = stored(study)
    async with app_for(study, "ana").run_test(size=(120, 40)) as pilot:
        await open_attributes(pilot)
        text = screen_text(pilot)
        assert "esc close · only a lead edits document attributes" in text
        for key in ("enter", "a", "d"):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(pilot.app.screen, AttributesScreen)
        assert notifications(pilot)[-3:] == ["Only a lead edits document attributes"] * 3
        assert stored(study) == before


async def test_the_project_screen_opens_the_highlighted_documents_attributes(study: Workbench) -> None:
    async with app_for(study, "lee").run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        await pilot.press("down", "a")
        await settle(pilot)
        assert isinstance(pilot.app.screen, AttributesScreen)
        text = screen_text(pilot)
        assert "Attributes of b-follow-up" in text
        await pilot.press("enter", "ctrl+u", *"west", "enter")
        await settle(pilot)
        assert stored(study)["b-follow-up"] == {"site": "west"}


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
async def test_retrieval_offers_every_attribute_value_as_a_filter(
    study: Workbench, size: tuple[int, int]
) -> None:
    async with app_for(study, "ana").run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("f10")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press(*"relational", "enter")
        await settle(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, RetrievalScreen)
        hits = screen.hits
        assert [str(hits.get_row_at(row)[0]) for row in range(hits.row_count)] == [
            "a-interview",
            "b-follow-up",
        ]
        await pilot.press("a")
        await settle(pilot)
        text = screen_text(pilot)
        offered = [line.strip("│ ▊▎▌").strip() for line in text.splitlines() if "=" in line]
        assert [entry for entry in offered if entry in ("site=north", "site=south", "wave=2")] == [
            "site=north",
            "site=south",
            "wave=2",
        ]
        assert "any attribute (no filter)" in text
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert pilot.app.screen is screen
        assert screen.where_input.value == "site=south"
        assert [str(hits.get_row_at(row)[0]) for row in range(hits.row_count)] == ["b-follow-up"]
        assert "b-follow-up" in screen_text(pilot)


@pytest.mark.parametrize(
    ("coder", "row"), [("ana", ["(none", "yet)"]), ("lee", ["(none", "yet)", "a", "adds", "one"])]
)
async def test_a_document_without_attributes_offers_adding_one_only_to_a_lead(
    study: Workbench, coder: str, row: list[str]
) -> None:
    study.unset_document_attributes("a-interview", ["site", "wave"])
    async with app_for(study, coder).run_test(size=(120, 40)) as pilot:
        await open_attributes(pilot)
        assert cells(pilot, "(none") == [row]
