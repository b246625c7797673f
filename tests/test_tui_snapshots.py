"""Snapshots of the workbench's main screens at 120×40 and at 80×24, built by the app factory users run."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from tui_fixtures import app_for, coding_project, press, settle

from qualcode.service import Workbench

SIZES = {"wide": (120, 40), "small": (80, 24)}


@pytest.fixture
def project(sqlite_url: str, tmp_path: Path) -> Iterator[Workbench]:
    """The shared project, with some coding by ana and ben so every mark has something to show."""
    for workbench in coding_project(sqlite_url, tmp_path):
        hopeful = workbench.find_code("hopeful").id
        power = workbench.find_code("power").id
        first, second = (workbench.resolve_segment(f"a-interview:{n}") for n in (1, 2))
        workbench.toggle_code([first], workbench.find_code("relational").id, "ana")
        workbench.toggle_code([first], power, "ana")
        workbench.toggle_code([second], hopeful, "ana")
        workbench.toggle_flag([second], "ana")
        workbench.save_memo(second, "ana", "Why a year without writing anything down?")
        workbench.toggle_code([first], hopeful, "ben")
        for position in (1, 2, 3):
            workbench.mark_reviewed([workbench.resolve_segment(f"b-second:{position}")], "ben")
        yield workbench


def after(*keys: str) -> Callable[[Pilot], Awaitable[None]]:
    async def run_before(pilot: Pilot) -> None:
        await settle(pilot)
        await press(pilot, *keys)
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES)
def test_coding_screen(project: Workbench, snap_compare, size: str) -> None:  # type: ignore[no-untyped-def]
    app = app_for(project, "ana")
    assert snap_compare(app, terminal_size=SIZES[size], run_before=after("k", "k", "k", "shift+down"))


@pytest.mark.parametrize("size", SIZES)
def test_help_screen(project: Workbench, snap_compare, size: str) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app_for(project, "ana"), terminal_size=SIZES[size], run_before=after("question_mark"))


@pytest.mark.parametrize("size", SIZES)
def test_codebook_screen(project: Workbench, snap_compare, size: str) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app_for(project, "ana"), terminal_size=SIZES[size], run_before=after("ctrl+e"))


@pytest.mark.parametrize("size", SIZES)
def test_project_screen(project: Workbench, snap_compare, size: str) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app_for(project, "lee"), terminal_size=SIZES[size], run_before=after("ctrl+o"))


def test_lead_view_of_every_coder_with_search_open(project: Workbench, snap_compare) -> None:  # type: ignore[no-untyped-def]
    steps = after("ctrl+l", "slash", *"listening", "enter")
    assert snap_compare(app_for(project, "lee"), terminal_size=SIZES["wide"], run_before=steps)
