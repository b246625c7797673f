"""The lead's dialog for choosing consensus codes by hand (F7, then e), at every terminal size.

With the shipped codebook's 29 codes the list is taller than a laptop's terminal: the line that
says how to tick, save and cancel must stay on screen below it, not be pushed out of the dialog.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tui_fixtures import LONG_DOCUMENT, app_for, codings, demo_project, screen_text, settle

from qualcode.service import Workbench
from qualcode.service.demo import LEAD
from qualcode.store.consensus import CONSENSUS_NAME

SIZES = {"80x24": (80, 24), "120x40": (120, 40), "200x50": (200, 50)}
HINT = "[x] in the consensus · [ ] not · space toggles · enter saves · esc cancels"


@pytest.fixture
def study(sqlite_url: str, tmp_path: Path) -> Iterator[Workbench]:
    yield from demo_project(sqlite_url, tmp_path)


def dialog_rows(screen: str) -> list[str]:
    """The dialog's rows inside its border, as a person reads them (spaces run together)."""
    lines = screen.splitlines()
    top = next(index for index, line in enumerate(lines) if "╭─ Consensus codes" in line)
    left = lines[top].index("╭─ Consensus codes")
    right = lines[top].index("╮", left)
    bottom = next(index for index in range(top + 1, len(lines)) if lines[index][left] == "╰")
    return [" ".join(line[left + 1 : right].split()) for line in lines[top + 1 : bottom]]


@pytest.mark.parametrize("size", SIZES)
async def test_the_edit_dialog_shows_how_to_save_and_saves_what_is_ticked(
    study: Workbench, size: str
) -> None:
    async with app_for(study, LEAD).run_test(size=SIZES[size]) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        rows = dialog_rows(screen_text(pilot))
        assert rows[0].startswith("▊▔▔") and rows[1] == "▊ ▐X▌ [ ] approach/relational ▎", rows
        assert " ".join(rows[-2:]).endswith(HINT) or rows[-1] == HINT, rows
        await pilot.press("space", "enter")
        await settle(pilot)
    consensus = [row for row in codings(study) if row[3] == CONSENSUS_NAME]
    assert consensus == [
        (LONG_DOCUMENT, 2, "collaboration", CONSENSUS_NAME),
        (LONG_DOCUMENT, 2, "critical", CONSENSUS_NAME),
        (LONG_DOCUMENT, 2, "relational", CONSENSUS_NAME),
        (LONG_DOCUMENT, 2, "technical", CONSENSUS_NAME),
    ]
