"""The disagreement and adjudication screens show where the coders' coded parts of a segment differ."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from reliability_projects import judge, set_up
from textual.pilot import Pilot
from textual.widgets import DataTable
from tui_fixtures import app_for, screen_text, settle

from qualcode.service import Workbench
from qualcode.tui.screens.adjudicate import AdjudicateScreen
from qualcode.tui.screens.disagreements import DisagreementsScreen

SIZES = [(80, 24), (120, 40), (200, 50)]
TEXT = "This is turn number 2 of the interview."


@pytest.fixture
def study(sqlite_url: str, tmp_path: Path) -> Iterator[Workbench]:
    """alice and bob both give turn 2 `power`, on different words; turn 3 relational against nothing."""
    workbench = Workbench.create("study", sqlite_url)
    segments = set_up(workbench, tmp_path, n_segments=4)["interview-1"]
    judge(workbench, "alice", segments, range(1, 5), {"relational": [3]})
    judge(workbench, "bob", segments, range(1, 5))
    power = workbench.find_code("power").id
    assert [s.text for s in workbench.segments(workbench.documents()[0].id)][1] == TEXT
    workbench.toggle_span(segments[1], power, "alice", 0, 12)
    workbench.toggle_span(segments[1], power, "bob", 8, 21)
    workbench.toggle_span(segments[1], power, "bob", 29, 38)
    yield workbench
    workbench.close()


def table_rows(pilot: Pilot, selector: str) -> list[list[str]]:
    table = pilot.app.screen.query_one(selector, DataTable)
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_the_disagreement_browser_quotes_each_coders_parts(
    study: Workbench, width: int, height: int
) -> None:
    async with app_for(study, "lena").run_test(size=(width, height)) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        await settle(pilot)
        assert isinstance(pilot.app.screen, DisagreementsScreen)
        listed = table_rows(pilot, "#disagreements-list")
        # The ~ marks a code both coders gave, to different parts; turn 3 differs on the code itself.
        assert [row[1:4] for row in listed[:1]] == [["2", "power~", "power~"]]
        assert [(row[1], row[3]) for row in listed[1:]] == [("3", "—")]
        text = screen_text(pilot)
        assert "coded parts that differ" in text
        assert "alice  0:12 “This is turn”" in text
        assert "bob    8:21 “turn number 2”" in text
        assert "29:38 “interview”" in text


async def test_adjudication_shows_the_parts_beside_the_choice(study: Workbench) -> None:
    async with app_for(study, "lena").run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        await settle(pilot)
        assert isinstance(pilot.app.screen, AdjudicateScreen)
        text = screen_text(pilot)
        assert "Disagreement 1 of 2" in text
        assert "alice  0:12 “This is turn”" in text and "bob    8:21 “turn number 2”" in text
