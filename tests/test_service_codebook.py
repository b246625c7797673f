"""Loading codebooks into a project: identities kept, codings kept, removed codes archived."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import CODEBOOK_V1, CODEBOOK_V2, INTERVIEW, write

from qualcode.errors import CodebookError
from qualcode.service import Workbench


def _code_table(workbench: Workbench, include_archived: bool = True) -> list[tuple]:
    return [
        (code.path, code.hotkey, code.exclusive, code.archived)
        for code in workbench.codes(include_archived=include_archived)
    ]


def test_first_load_adds_every_code_in_codebook_order(workbench: Workbench, tmp_path: Path) -> None:
    sync, warnings = workbench.load_codebook(write(tmp_path / "book.yaml", CODEBOOK_V1))
    assert warnings == []
    assert sync.added == (
        "approach",
        "approach/relational",
        "approach/technical",
        "tone",
        "tone/hopeful",
        "tone/critical",
        "power",
    )
    assert (sync.updated, sync.archived, sync.unchanged) == ((), (), 0)
    assert _code_table(workbench) == [
        ("approach", "", False, False),
        ("approach/relational", "r", False, False),
        ("approach/technical", "t", False, False),
        ("tone", "", True, False),
        ("tone/hopeful", "h", False, False),
        ("tone/critical", "c", False, False),
        ("power", "p", False, False),
    ]


def test_reloading_the_same_file_changes_nothing(workbench: Workbench, tmp_path: Path) -> None:
    book = write(tmp_path / "book.yaml", CODEBOOK_V1)
    workbench.load_codebook(book)
    before = workbench.codes()
    sync, _ = workbench.load_codebook(book)
    assert (sync.added, sync.updated, sync.archived, sync.unchanged) == ((), (), (), 7)
    assert workbench.codes() == before


def test_changed_codebook_keeps_identities_and_codings_and_archives_removed_codes(
    workbench: Workbench, tmp_path: Path
) -> None:
    workbench.load_codebook(write(tmp_path / "v1.yaml", CODEBOOK_V1))
    workbench.import_files([write(tmp_path / "interview.txt", INTERVIEW)])
    workbench.add_coder("ana")
    technical = workbench.find_code("technical")
    power = workbench.find_code("power")
    segment = workbench.resolve_segment("interview:2")
    workbench.apply_code(segment, "technical", "ana")
    workbench.apply_code(segment, "power", "ana")

    text = CODEBOOK_V2.format(technical_uuid=technical.uuid)
    sync, _ = workbench.load_codebook(write(tmp_path / "v2.yaml", text))

    assert sync.added == ("healing",)
    assert sync.updated == ("approach/technocratic",)
    assert sync.archived == ("power",)
    renamed = workbench.find_code("technocratic")
    assert (renamed.id, renamed.uuid) == (technical.id, technical.uuid)
    archived = [code for code in workbench.codes(include_archived=True) if code.archived]
    assert [(code.id, code.uuid, code.path) for code in archived] == [(power.id, power.uuid, "power")]
    frequencies = workbench.frequencies(coder="ana")
    assert frequencies[["code", "segments"]].values.tolist() == [
        ["approach", 1],
        ["approach/relational", 0],
        ["approach/technocratic", 1],
        ["tone", 0],
        ["tone/hopeful", 0],
        ["tone/critical", 0],
        ["healing", 0],
    ]


def test_invalid_codebook_is_refused_and_nothing_changes(workbench: Workbench, tmp_path: Path) -> None:
    workbench.load_codebook(write(tmp_path / "v1.yaml", CODEBOOK_V1))
    before = workbench.codes()
    broken = CODEBOOK_V1.replace("        key: t\n", "        key: r\n")
    with pytest.raises(CodebookError, match="key"):
        workbench.load_codebook(write(tmp_path / "broken.yaml", broken))
    assert workbench.codes() == before


def test_codebook_round_trips_through_the_store(workbench: Workbench, tmp_path: Path) -> None:
    workbench.load_codebook(write(tmp_path / "v1.yaml", CODEBOOK_V1))
    exported = workbench.codebook()
    assert [(path, spec.name, spec.key, spec.exclusive) for path, spec, _ in exported.walk()] == [
        (("approach",), "approach", "", False),
        (("approach", "relational"), "relational", "r", False),
        (("approach", "technical"), "technical", "t", False),
        (("tone",), "tone", "", True),
        (("tone", "hopeful"), "hopeful", "h", False),
        (("tone", "critical"), "critical", "c", False),
        (("power",), "power", "p", False),
    ]
    assert all(spec.uuid for _, spec, _ in exported.walk())


def test_an_ordered_group_keeps_its_flag_through_the_store_and_a_reload_that_drops_it(
    workbench: Workbench, tmp_path: Path
) -> None:
    ordered = CODEBOOK_V1.replace("    exclusive: true\n", "    exclusive: true\n    ordered: true\n")
    workbench.load_codebook(write(tmp_path / "ordered.yaml", ordered))
    assert [path for path, spec, _ in workbench.codebook().walk() if spec.ordered] == [("tone",)]
    sync, _warnings = workbench.load_codebook(write(tmp_path / "v1.yaml", CODEBOOK_V1))
    assert sync.updated == ("tone",)
    assert [path for path, spec, _ in workbench.codebook().walk() if spec.ordered] == []
