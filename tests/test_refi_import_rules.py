"""Importing REFI-QDA projects: --segment, a codebook-only file, and exclusive groups broken elsewhere."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_export_qdpx import codings_table, query, run
from test_export_qdpx_foreign import spans_table
from test_export_tables import build_coded
from test_refi_foreign_layouts import zipped

from qualcode.refi.write import write_qdpx
from qualcode.service import Workbench


@pytest.fixture
def fresh(database_url: str) -> Iterator[Workbench]:
    bench = Workbench.create("copy", database_url)
    yield bench
    bench.close()


def test_segment_option_cuts_a_qdpx_source_and_keeps_each_selection_exact(
    fresh: Workbench, database_url: str, tmp_path: Path
) -> None:
    path = zipped("atlas-ti", tmp_path)
    code, out, err = run("import", "copy", str(path), "--segment", "sentence", "--db", database_url)
    assert code == 0, err
    assert out.splitlines()[0] == "Interview Dana: 5 segments (Interviewer 2, Dana 3)"
    assert spans_table(fresh) == [
        ("Dana", "Trust", "Interview Dana", 3, 0, 27, "Nobody trusted the landlord"),
        ("ATLAS.ti", "Conflict", "Interview Dana", 5, 8, 26, "argued for a month"),
    ]
    assert query(fresh, "SELECT name, segmentation FROM document WHERE project_id = :project_id") == [
        ("Interview Dana", "sentence")
    ]


def test_without_segment_a_qdpx_source_with_speakers_is_cut_into_turns(
    fresh: Workbench, database_url: str, tmp_path: Path
) -> None:
    code, out, err = run("import", "copy", str(zipped("atlas-ti", tmp_path)), "--db", database_url)
    assert code == 0, err
    assert out.splitlines()[0] == "Interview Dana: 4 segments (Interviewer 2, Dana 2)"


def test_a_codebook_only_project_loads_its_codebook(
    fresh: Workbench, database_url: str, tmp_path: Path
) -> None:
    code, out, err = run("import", "copy", str(zipped("codebook-only", tmp_path)), "--db", database_url)
    assert (code, out) == (0, "imported 1 of 1 files\n")
    assert (
        err.splitlines()[-1] == "warning: codebook-only.qdpx: no text sources; loaded its codebook (3 codes)"
    )
    assert [(code.path, code.uuid) for code in fresh.codes()] == [
        ("Method", "7a7e80ca-ed8c-4006-86b3-731e36ba0001"),
        ("Finding", "7a7e80ca-ed8c-4006-86b3-731e36ba0002"),
        ("Finding/Surprise", "7a7e80ca-ed8c-4006-86b3-731e36ba0003"),
    ]
    assert fresh.documents() == []


def test_codings_that_break_an_exclusive_group_are_kept_with_a_warning(
    workbench: Workbench, fresh: Workbench, tmp_path: Path
) -> None:
    """ana gives 'critical' beside her 'hopeful' on interview:4 in another tool; both come back."""
    coded = build_coded(workbench, tmp_path)
    path = write_qdpx(coded.exchange_project(), tmp_path / "study.qdpx")
    critical = next(code.uuid for code in coded.codes() if code.path == "tone/critical")
    hopeful = next(code.uuid for code in coded.codes() if code.path == "tone/hopeful")
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    document = members["project.qde"].decode("utf-8")
    anchor = f'<CodeRef targetGUID="{hopeful}"/>\n        </Coding>'
    assert document.count(anchor) == 1
    members["project.qde"] = document.replace(
        anchor, f'{anchor}\n        <Coding guid="{critical}"><CodeRef targetGUID="{critical}"/></Coding>'
    ).encode("utf-8")
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    report = fresh.import_files([path])
    assert report.failed == ()
    assert report.notes == (
        "study.qdpx: on 1 segments a coder gave two or more codes of exclusive group 'tone'; "
        "all are kept for adjudication",
    )
    assert codings_table(fresh) == sorted(
        [*codings_table(coded), ("ana", "coder", "tone/critical", "interview", 4)]
    )
