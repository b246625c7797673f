"""Every screen of the workbench at 80×24, 120×40 and 200×50, on the demo study with a long document name.

The lead opens each screen with its own key, pressed through the terminal as a user would; the
snapshots are what a lead and a coder see on a laptop, a half screen and a wide monitor.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.pilot import Pilot
from tui_fixtures import app_for, demo_project, settle

from qualcode.service import Workbench
from qualcode.service.demo import LEAD

SIZES = {"80x24": (80, 24), "120x40": (120, 40), "200x50": (200, 50)}
SCREENS = {
    "coding": "f2",
    "codebook": "ctrl+e",
    "project": "ctrl+o",
    "analysis": "f4",
    "agreement": "f5",
    "disagreements": "f6",
    "adjudication": "f7",
    "training": "f8",
    "drift": "f9",
    "retrieval": "f10",
    "notes": "f11",
}


@pytest.fixture(scope="module")
def study(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workbench]:
    """One demo study for every snapshot: opening a screen writes nothing, so they can share it."""
    folder = tmp_path_factory.mktemp("sizes")
    yield from demo_project(f"sqlite:///{folder / 'project.db'}", folder)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("screen", SCREENS)
def test_screen_fits(study: Workbench, snap_compare, screen: str, size: str) -> None:  # type: ignore[no-untyped-def]
    async def open_it(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press(SCREENS[screen])
        await settle(pilot)
        await settle(pilot)

    assert snap_compare(app_for(study, LEAD), terminal_size=SIZES[size], run_before=open_it)
