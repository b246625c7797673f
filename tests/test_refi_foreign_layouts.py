"""Projects as ATLAS.ti, MAXQDA, NVivo and QualCoder write them: what comes in, and what is reported."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_export_qdpx import memos_table, query
from test_export_qdpx_foreign import spans_table

from qualcode.service import Workbench

FIXTURES = Path(__file__).parent / "fixtures" / "refi"


def zipped(name: str, folder: Path) -> Path:
    """The fixture folder as a ``.qdpx``, its member names exactly as in the folder."""
    path = folder / f"{name}.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        for file in sorted((FIXTURES / name).rglob("*")):
            if file.is_file():
                archive.write(file, file.relative_to(FIXTURES / name).as_posix())
    return path


@pytest.fixture
def fresh(database_url: str) -> Iterator[Workbench]:
    bench = Workbench.create("copy", database_url)
    yield bench
    bench.close()


def documents(workbench: Workbench) -> list[tuple]:
    return [
        (name, segmentation, json.loads(meta) if isinstance(meta, str) else meta)
        for name, segmentation, meta in query(
            workbench,
            "SELECT name, segmentation, meta FROM document WHERE project_id = :project_id ORDER BY position",
        )
    ]


def missing_definitions(file: str, codes: str, count: int) -> str:
    plural = "codable codes have" if count > 1 else "codable code has"
    return f"{file} (project.qde): {count} {plural} no definition, which a YAML codebook requires: {codes}"


CASES = [
    (
        "atlas-ti",
        {
            "documents": [
                ("Interview Dana", "turn", {"refi_qda_guid": "a1c3e5f7-1111-4222-8333-944455566601"})
            ],
            "coders": [("ATLAS.ti", "tool"), ("Dana", "coder")],
            "spans": [
                ("ATLAS.ti", "Conflict", "Interview Dana", 4, 8, 26, "argued for a month"),
                ("Dana", "Trust", "Interview Dana", 2, 28, 55, "Nobody trusted the landlord"),
            ],
            "memos": [
                ("Interview Dana", 2, "Dana", "Key quote on distrust."),
                ("Interview Dana", 4, "Dana", "Turning point."),
            ],
            "description": "Pilot study of tenant organising.",
            "notes": (
                missing_definitions("atlas-ti.qdpx", "Conflict", 1),
                "atlas-ti.qdpx: users 'ATLAS.ti' (a program, not a coder) are kept as role 'tool' and left "
                "out of agreement unless named with --coders",
                "atlas-ti.qdpx: not imported (qualcode has no place for them): 1 links, 1 graphs",
            ),
        },
    ),
    (
        "maxqda",
        {
            "documents": [
                (
                    "Paper 2023",
                    "paragraph",
                    {"refi_qda_guid": "2e0a7a4d-453b-4a1b-9784-4fc5b8430001", "sets": "Publications; Wave 1"},
                ),
                (
                    "Field notes",
                    "paragraph",
                    {"refi_qda_guid": "2e0a7a4d-453b-4a1b-9784-4fc5b8430002", "sets": "Wave 1"},
                ),
            ],
            "coders": [("JK", "coder")],
            "spans": [
                ("JK", "Method", "Paper 2023", 2, 0, 28, "We interviewed forty members"),
                ("JK", "Finding", "Paper 2023", 3, 0, 41, "Unions that met weekly kept their members"),
            ],
            "memos": [
                ("Field notes", 2, "JK", "Check who proposed it."),
                ("Paper 2023", None, "JK", "Published version, checked against the PDF."),
            ],
            "description": "",
            "notes": (
                missing_definitions("maxqda.qdpx", "Method, Finding", 2),
                "maxqda.qdpx: not imported (qualcode has no place for them): 1 variable values, 1 variables, "
                "1 sets of codes",
            ),
        },
    ),
    (
        "nvivo",
        {
            "documents": [
                ("Focus group 1", "turn", {"refi_qda_guid": "f0a1b2c3-0000-4000-8000-00000000f001"})
            ],
            "coders": [("Sam", "coder"), ("Lin", "coder"), ("Administrator", "tool")],
            "spans": [
                ("Lin", "Care", "Focus group 1", 2, 0, 46, "Looking after each other, and paying the rent."),
                ("Lin", "Money", "Focus group 1", 2, 0, 46, "Looking after each other, and paying the rent."),
                ("Sam", "Care", "Focus group 1", 2, 0, 24, "Looking after each other"),
                ("Sam", "Money", "Focus group 1", 4, 0, 20, "Money, always money."),
            ],
            "memos": [
                ("Focus group 1", 2, "Sam", "Remember consent forms."),
                ("Focus group 1", None, "Sam", "Recorded at the community centre."),
            ],
            "description": "",
            "notes": (
                missing_definitions("nvivo.qdpx", "Care, Money", 2),
                "nvivo.qdpx: users 'Administrator' (no codings) are kept as role 'tool' and left out of "
                "agreement unless named with --coders",
                "nvivo.qdpx: not imported (qualcode has no place for them): 1 codings of whole sources, "
                "1 external text sources (outside the project file), 1 cases",
            ),
        },
    ),
    (
        "qualcoder",
        {
            "documents": [("kim.txt", "turn", {"refi_qda_guid": "08cbced0-d736-44c8-8fd6-eb4d29fe0001"})],
            "coders": [("colin", "coder"), ("jane", "coder")],
            "spans": [
                (
                    "colin",
                    "hopeful",
                    "kim.txt",
                    2,
                    0,
                    66,
                    "I think it could work. But I am not sure the council will fund it.",
                ),
                (
                    "jane",
                    "hopeful",
                    "kim.txt",
                    2,
                    0,
                    66,
                    "I think it could work. But I am not sure the council will fund it.",
                ),
                (
                    "jane",
                    "doubtful",
                    "kim.txt",
                    2,
                    0,
                    66,
                    "I think it could work. But I am not sure the council will fund it.",
                ),
                ("jane", "doubtful", "kim.txt", 4, 0, 16, "They never have."),
            ],
            "memos": [
                ("kim.txt", 2, "colin", "Mixed: hope, then doubt."),
                ("kim.txt", 2, "jane", "Council funding comes up again later."),
                ("kim.txt", None, "colin", "Second interview of the pilot."),
            ],
            "description": "",
            "notes": (
                missing_definitions("qualcoder.qdpx", "tone/hopeful, tone/doubtful", 2),
                "qualcoder.qdpx: not imported (qualcode has no place for them): "
                "1 notes not on a text source or selection",
            ),
        },
    ),
]


@pytest.mark.parametrize(("name", "expected"), CASES, ids=[name for name, _ in CASES])
def test_a_project_from_another_tool_comes_in_whole_and_what_cannot_is_reported(
    fresh: Workbench, tmp_path: Path, name: str, expected: dict
) -> None:
    report = fresh.import_files([zipped(name, tmp_path)])
    assert report.failed == ()
    assert report.notes == expected["notes"]
    assert documents(fresh) == expected["documents"]
    assert [(coder.name, coder.role) for coder in fresh.coders()] == expected["coders"]
    assert spans_table(fresh) == sorted(expected["spans"], key=lambda row: (row[3], row[0]))
    assert memos_table(fresh) == sorted(expected["memos"], key=repr)
    assert query(fresh, "SELECT description FROM project WHERE id = :project_id") == [
        (expected["description"],)
    ]
