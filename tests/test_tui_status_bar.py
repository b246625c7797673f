"""The status bar keeps the position of the highlighted segment in view at every terminal size.

The hotkey codes the highlighted segment; the status bar is the one line that says
which one it is. A long document name gives way (cut in the middle) before the position does.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tui_fixtures import LONG_DOCUMENT, app_for, demo_project, screen_text, settle

from qualcode.service import Workbench

SIZES = {"80x24": (80, 24), "120x40": (120, 40), "200x50": (200, 50)}


@pytest.fixture
def study(sqlite_url: str, tmp_path: Path) -> Iterator[Workbench]:
    yield from demo_project(sqlite_url, tmp_path)


def status_line(pilot: object) -> str:
    return screen_text(pilot).splitlines()[-2]


@pytest.mark.parametrize("size", SIZES)
async def test_position_stays_on_the_status_bar_beside_a_long_name_and_the_last_change(
    study: Workbench, size: str
) -> None:
    width, _height = SIZES[size]
    async with app_for(study, "ana").run_test(size=SIZES[size]) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "down", "p")
        await settle(pilot)
        line = status_line(pilot)
    names = {
        "80x24": "intervi…ng-2024",
        "120x40": "interview-kania-okonkwo-community-healing-2024",
        "200x50": "interview-kania-okonkwo-community-healing-2024",
    }
    assert names["200x50"] == LONG_DOCUMENT
    change = "✓ applied power · 1 saved"
    left = f" ana  68/68 reviewed · 100.0% │ {names[size]} · 4/68"
    assert line == left.ljust(width - len(change)) + change
