"""Categories, exclusive groups and the order of codes: saved, undone, warned about, written to YAML."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from tui_fixtures import coding_project, rows

from qualcode.codebook import Codebook
from qualcode.errors import CodebookError
from qualcode.export.codebook_file import write_codebook
from qualcode.service import Workbench
from qualcode.service.coding_ops import CodeFields


@pytest.fixture
def project(sqlite_url: str, tmp_path: Path) -> Iterator[Workbench]:
    yield from coding_project(sqlite_url, tmp_path)


def first_segments(workbench: Workbench, count: int) -> list[int]:
    return [
        row[0]
        for row in rows(workbench, f"SELECT id FROM segment ORDER BY document_id, position LIMIT {count}")
    ]


def flags(workbench: Workbench) -> list[tuple]:
    return rows(
        workbench, "SELECT name, codable, exclusive FROM code ORDER BY parent_id IS NOT NULL, position, id"
    )


def with_flag(workbench: Workbench, name: str, **changes: bool | int) -> CodeFields:
    code_id = workbench.find_code(name).id
    return replace(workbench.code_fields(code_id), **changes)


def test_a_category_keeps_its_codings_and_says_how_many(project: Workbench) -> None:
    power = project.find_code("power").id
    project.toggle_code(first_segments(project, 2), power, "ana")
    edit = project.edit_code(power, with_flag(project, "power", codable=False))
    assert edit.warning == "'power' is now a category: its 2 codings stay, but it can no longer be applied"
    assert rows(project, "SELECT count(*) FROM coding")[0] == (2,)
    project.undo_code_edit(edit)
    assert rows(project, "SELECT codable FROM code WHERE name = 'power'") == [(1,)]


def test_making_a_group_exclusive_counts_segments_with_two_of_its_codes(project: Workbench) -> None:
    segment = first_segments(project, 1)
    project.toggle_code(segment, project.find_code("relational").id, "ana")
    project.toggle_code(segment, project.find_code("technical").id, "ana")
    project.toggle_code(segment, project.find_code("relational").id, "ben")
    edit = project.edit_code(project.find_code("approach").id, with_flag(project, "approach", exclusive=True))
    assert edit.warning == (
        "'approach' is now exclusive, but 1 segment already carries two or more of its codes "
        "from one coder: settle them in adjudication"
    )


def test_a_flag_without_codings_to_worry_about_warns_of_nothing(project: Workbench) -> None:
    edit = project.edit_code(project.find_code("approach").id, with_flag(project, "approach", codable=False))
    assert edit.warning == ""


def test_moving_a_code_swaps_it_with_its_sibling_and_undo_puts_it_back(project: Workbench) -> None:
    order = "SELECT name FROM code WHERE parent_id IS NULL ORDER BY position, id"
    edit = project.move_code(project.find_code("power").id, -1)
    assert rows(project, order) == [("approach",), ("power",), ("tone",)]
    project.undo_code_edit(edit)
    assert rows(project, order) == [("approach",), ("tone",), ("power",)]


def test_moving_past_either_end_is_refused(project: Workbench) -> None:
    with pytest.raises(CodebookError) as error:
        project.move_code(project.find_code("power").id, 1)
    assert str(error.value) == "'power' is already the last code at its level"
    with pytest.raises(CodebookError) as error:
        project.move_code(project.find_code("relational").id, -1)
    assert str(error.value) == "'relational' is already the first code at its level"


def test_re_parenting_under_its_own_child_is_refused(project: Workbench) -> None:
    relational = project.find_code("relational").id
    with pytest.raises(CodebookError) as error:
        project.edit_code(
            project.find_code("approach").id, with_flag(project, "approach", parent_id=relational)
        )
    assert str(error.value) == "a code cannot be moved under itself or one of its own codes"


def test_flags_and_order_edited_in_the_project_round_trip_through_yaml(
    project: Workbench, tmp_path: Path, sqlite_url: str
) -> None:
    project.edit_code(
        project.find_code("approach").id, with_flag(project, "approach", codable=False, exclusive=True)
    )
    project.edit_code(project.find_code("tone").id, with_flag(project, "tone", exclusive=False))
    project.move_code(project.find_code("power").id, -1)
    out = tmp_path / "edited.yaml"
    write_codebook(project.codebook(), out)
    text = out.read_text(encoding="utf-8")
    assert "    codable: false\n    exclusive: true\n" in text
    book = Codebook.from_yaml(out)
    assert [("/".join(path), spec.codable, spec.exclusive) for path, spec, _parent in book.walk()] == [
        ("approach", False, True),
        ("approach/relational", True, False),
        ("approach/technical", True, False),
        ("power", True, False),
        ("tone", True, False),
        ("tone/hopeful", True, False),
        ("tone/critical", True, False),
    ]
    other = Workbench.create("copy", sqlite_url)
    try:
        other.load_codebook(out)
        assert flags(other) == flags(project)
    finally:
        other.close()
