"""The documents pane of a project with more documents than fit: counts stay right after each key."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from factories import CODEBOOK_V1, write
from tui_fixtures import SIZE, app_for, coding_screen, press, screen_text, settle

from qualcode.service import Workbench
from qualcode.tui.widgets.document_list import REDRAW_DELAY

DOCUMENTS = 60


@pytest.fixture
def many_documents(sqlite_url: str, tmp_path: Path) -> Iterator[Workbench]:
    """60 interviews of three turns each, more than the documents pane shows at once."""
    workbench = Workbench.create("study", sqlite_url)
    workbench.load_codebook(write(tmp_path / "book.yaml", CODEBOOK_V1))
    turns = "\n\n".join(f"{'Interviewer' if turn % 2 else 'Maria'}: Turn {turn}." for turn in range(1, 4))
    files = [write(tmp_path / f"doc-{i:02d}.txt", f"Interview {i}\n\n{turns}\n") for i in range(DOCUMENTS)]
    workbench.import_files(files)
    workbench.add_coder("ana")
    yield workbench
    workbench.close()


def listed(pilot: object) -> list[str]:
    """Each option of the documents pane as its words: name and reviewed/total."""
    return [" ".join(option.prompt.plain.split()) for option in coding_screen(pilot).document_list.options]


async def test_a_toggle_updates_the_count_of_its_document_and_no_other(many_documents: Workbench) -> None:
    async with app_for(many_documents).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert listed(pilot) == [f"doc-{index:02d} 0/3" for index in range(DOCUMENTS)]
        await press(pilot, "r", "j", "t")
        await pilot.pause(REDRAW_DELAY + 0.2)
        assert listed(pilot) == ["doc-00 2/3"] + [f"doc-{index:02d} 0/3" for index in range(1, DOCUMENTS)]
        await press(pilot, "j", "space")
        await pilot.pause(REDRAW_DELAY + 0.2)
        assert listed(pilot) == ["doc-00 3/3 ✓"] + [f"doc-{index:02d} 0/3" for index in range(1, DOCUMENTS)]
        lines = screen_text(pilot).splitlines()
        name_line = next(index for index, line in enumerate(lines) if "│ doc-00" in line)
        assert "3/3 ✓" in lines[name_line + 1], lines[name_line + 1]


async def test_each_count_ends_at_the_right_edge_beside_the_scrollbar(many_documents: Workbench) -> None:
    async with app_for(many_documents).run_test(size=SIZE) as pilot:
        await settle(pilot)
        document_list = coding_screen(pilot).document_list
        assert document_list.show_vertical_scrollbar
        width = document_list.scrollable_content_region.width
        padding = document_list.get_component_styles("option-list--option").padding.width
        count_lines = {option.prompt.plain.split("\n")[1] for option in document_list.options}
        assert count_lines == {" " * (width - padding - 3) + "0/3"}


async def test_counts_read_again_on_return_from_another_screen_show_the_other_sessions_work(
    many_documents: Workbench,
) -> None:
    async with app_for(many_documents).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "r")
        many_documents.mark_reviewed([many_documents.resolve_segment("doc-07:2")], "ana")
        await press(pilot, "question_mark")
        await settle(pilot)
        await press(pilot, "escape")
        await settle(pilot)
        await pilot.pause(REDRAW_DELAY + 0.2)
        expected = [f"doc-{index:02d} 0/3" for index in range(DOCUMENTS)]
        expected[0], expected[7] = "doc-00 1/3", "doc-07 1/3"
        assert listed(pilot) == expected
