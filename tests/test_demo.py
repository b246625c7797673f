"""The demo project: built from package data, unchanged by a second build, its coders mostly agreeing."""

from __future__ import annotations

from collections.abc import Iterator
from importlib.resources import as_file
from pathlib import Path

import pytest
import yaml
from sqlalchemy import inspect, text

from qualcode.codebook import load_codebook
from qualcode.service import Workbench
from qualcode.service.demo import INTENDED_CODING, INTERVIEW, SHIPPED_CODEBOOK, build_demo, data_file

PREAMBLE = """\
Lowfield Valley Oral History of Collective Change
Interview 12 — relational organising, power and collective healing
Date: 14 March 2024
Location: community room, Lowfield Public Library (also recorded on Zoom)
Transcribed by: R. Alvarez
Transcribed by: checked against audio by the research team, 2 April 2024
Note: Rafael Mendonça joins part-way through (about 00:41:00). Names used with permission."""


#: Every turn on which ana's and ben's code sets differ: (turn, ana's codes, ben's codes).
DISAGREEMENTS = [
    (2, ("collaboration", "technical"), ("collaboration", "critical", "technical")),
    (6, ("relational",), ("relational", "technical")),
    (8, ("critical", "technical"), ("critical", "relational")),
    (10, ("relational",), ("relational", "technical")),
    (12, ("ambivalent", "relational", "technical"), ("ambivalent", "relational")),
    (16, ("hopeful", "shared power", "zero-sum power"), ("hopeful", "shared power")),
    (
        26,
        ("collective healing", "collective trauma", "historical trauma", "hopeful"),
        ("ambivalent", "collective healing", "collective trauma"),
    ),
    (28, ("intergenerational trauma",), ("historical trauma", "intergenerational trauma")),
    (30, ("historical trauma", "trauma-informed practice"), ("trauma-informed practice",)),
    (
        32,
        ("collective healing", "power", "trauma-informed practice"),
        ("collective healing", "intergenerational trauma", "trauma-informed practice"),
    ),
    (42, ("ambivalent", "collective impact", "power"), ("collective impact", "hopeful", "power")),
    (
        45,
        ("collective impact", "critical", "power"),
        ("collective impact", "critical", "power", "shared power"),
    ),
    (49, ("ambivalent", "single hero", "system story"), ("critical", "single hero", "system story")),
    (54, (), ("evaluation",)),
    (56, ("evaluation",), ("system story",)),
    (61, ("relational",), ("critique of scaling", "relational")),
    (63, ("collective healing", "relational", "shared power"), ("relational", "shared power", "technical")),
]


@pytest.fixture
def demo(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Workbench]:
    """The demo as `qualcode demo` builds it: under projects/ in the current folder."""
    monkeypatch.chdir(tmp_path)
    workbench = build_demo()
    yield workbench
    workbench.close()


def _rows(workbench: Workbench, sql: str, **params: str) -> list[tuple]:
    with workbench.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql), params)]


def _every_table(workbench: Workbench) -> dict[str, list[tuple]]:
    """Every row of every table, ids and timestamps included: "the same database" means all of it."""
    tables = inspect(workbench.engine).get_table_names()
    return {table: sorted(_rows(workbench, f"SELECT * FROM {table}"), key=repr) for table in tables}


def _codes_by_turn(workbench: Workbench, coder: str) -> dict[int, tuple[str, ...]]:
    """Each turn the coder judged, with the codes they gave it (none for "no code applies")."""
    rows = _rows(
        workbench,
        "SELECT segment.position, code.name FROM segment "
        "JOIN segment_review ON segment_review.segment_id = segment.id "
        "JOIN coder ON coder.id = segment_review.coder_id "
        "LEFT JOIN coding ON coding.segment_id = segment.id AND coding.coder_id = coder.id "
        "LEFT JOIN code ON code.id = coding.code_id "
        "WHERE coder.name = :coder AND segment_review.status = 'done' "
        "ORDER BY segment.position",
        coder=coder,
    )
    by_turn: dict[int, list[str]] = {}
    for position, code in rows:
        by_turn.setdefault(position, []).extend([code] if code else [])
    # Sorted here, not in SQL, so PostgreSQL's collation cannot reorder names with spaces.
    return {position: tuple(sorted(codes)) for position, codes in by_turn.items()}


def test_building_the_demo_twice_leaves_the_same_database(demo: Workbench, tmp_path: Path) -> None:
    first = _every_table(demo)
    build_demo().close()
    assert _every_table(demo) == first
    assert (tmp_path / "projects" / "demo" / "project.db").is_file()
    assert _rows(demo, "SELECT name, source_name, segmentation FROM document") == [
        ("demo-interview", INTERVIEW, "turn")
    ]
    assert _rows(demo, "SELECT speaker, COUNT(*) FROM segment GROUP BY speaker ORDER BY speaker") == [
        ("Dr. Amara Goodchild", 26),
        ("Interviewer", 30),
        ("Rafael Mendonça", 12),
    ]
    assert _rows(demo, "SELECT name, role FROM coder ORDER BY id") == [
        ("ana", "coder"),
        ("ben", "coder"),
        ("lead", "lead"),
    ]
    assert _rows(
        demo,
        "SELECT coder.name, segment_review.status, COUNT(*) FROM segment_review "
        "JOIN coder ON coder.id = segment_review.coder_id GROUP BY coder.name, segment_review.status "
        "ORDER BY coder.name",
    ) == [("ana", "done", 68), ("ben", "done", 68)]
    assert _rows(
        demo,
        "SELECT coder.name, COUNT(*) FROM coding JOIN coder ON coder.id = coding.coder_id "
        "GROUP BY coder.name ORDER BY coder.name",
    ) == [("ana", 70), ("ben", 73)]


def test_demo_builds_the_same_codings_on_every_database(database_url: str) -> None:
    for _build in range(2):
        workbench = build_demo(database_url)
        workbench.close()
    workbench = Workbench.open("demo", database_url)
    try:
        ana, ben = _codes_by_turn(workbench, "ana"), _codes_by_turn(workbench, "ben")
    finally:
        workbench.close()
    assert [(turn, ana[turn], ben[turn]) for turn in ana if ana[turn] != ben[turn]] == DISAGREEMENTS


def test_rebuilding_keeps_what_a_user_changed_in_the_demo(demo: Workbench) -> None:
    [document] = demo.documents()
    first_turn = demo.segments(document.id, limit=1)[0].id
    demo.apply_code(first_turn, "sacred", "ana")
    before = _every_table(demo)
    build_demo().close()
    assert _every_table(demo) == before


def test_demo_interview_imports_with_its_preamble_kept_out_of_the_turns(demo: Workbench) -> None:
    [(preamble,)] = _rows(demo, "SELECT preamble FROM document")
    assert preamble == PREAMBLE
    [document] = demo.documents()
    segments = demo.segments(document.id)
    assert (len(segments), segments[0].speaker, segments[-1].speaker) == (68, "Interviewer", "Interviewer")
    assert segments[0].text.startswith("Thank you for making the time, Amara.")
    assert [row.position for row in segments if "Transcribed by" in row.text or "Date:" in row.text] == []
    assert (segments[10].speaker, segments[10].text) == (
        "Interviewer",  # labelled "Interviewer :" in the file
        "So is the technical approach simply wrong?",
    )


def test_demo_coders_agree_on_most_but_not_all_turns(demo: Workbench) -> None:
    ana, ben = _codes_by_turn(demo, "ana"), _codes_by_turn(demo, "ben")
    assert list(ana) == list(ben) == list(range(1, 69))
    same = [turn for turn in ana if ana[turn] == ben[turn]]
    different = [(turn, ana[turn], ben[turn]) for turn in ana if ana[turn] != ben[turn]]
    assert (len(same), len(different)) == (51, 17)
    assert different == DISAGREEMENTS


def test_intended_coding_covers_every_turn_with_codes_of_the_shipped_codebook() -> None:
    intended = yaml.safe_load(data_file(INTENDED_CODING).read_text(encoding="utf-8"))["turns"]
    with as_file(data_file(SHIPPED_CODEBOOK)) as path:
        codebook, _warnings = load_codebook(path)
    codable = {spec.name for _path, spec, _parent in codebook.walk() if spec.codable}
    assert sorted(intended) == list(range(1, 69))
    assert sorted({code for codes in intended.values() for code in codes} - codable) == []
