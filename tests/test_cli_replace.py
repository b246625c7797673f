"""`qualcode import --replace`: a corrected transcript keeps the work on every unchanged segment."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from factories import CODEBOOK_V1, write

from qualcode.cli.main import cli
from qualcode.service import Workbench
from qualcode.store.engine import projects_dir

ORIGINAL = """\
Interview with P03
Recorded 3 March 2025

Interviewer: How did the coalition start?

Maria: We started with listening circles. Nobody had a plan.

It took a year before we wrote anything down.

Interviewer: Did it work?

Maria: Yes.

Interviewer: And the funders?

Maria: They wanted metrics [laughs] from day one.

Interviewer: Were they right?

Maria: Yes.

Interviewer: Thank you.
"""

#: Turn 2 re-wrapped, turns 3-4 cut, turn 6 corrected, a closing turn added.
CORRECTED = """\
Interview with P03 (corrected)
Recorded 3 March 2025

Interviewer: How did the coalition start?

Maria: We started with listening circles.
Nobody had a plan.

It took a year before we wrote anything down.

Interviewer: And the funders?

Maria: They wanted metrics from day one.

Interviewer: Were they right?

Maria: Yes.

Interviewer: Thank you.

Maria: You're welcome.
"""


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def database() -> Path:
    return projects_dir() / "study" / "project.db"


def backups() -> list[Path]:
    folder = database().parent / "backups"
    return sorted(folder.iterdir()) if folder.exists() else []


def rows(path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(path) as connection:
        found = list(connection.execute(sql))
    connection.close()
    return found


WORK_TABLES = ("coding", "segment_review", "memo", "decision", "assignment")


def work_by_position(path: Path) -> dict[str, list[tuple]]:
    """Every column of every work table, with the segment id swapped for that segment's position."""
    tables = {}
    with sqlite3.connect(path) as connection:
        for table in WORK_TABLES:
            cursor = connection.execute(
                f"SELECT segment.position, {table}.* FROM {table} "
                f"JOIN segment ON segment.id = {table}.segment_id"
            )
            drop = [d[0] for d in cursor.description].index("segment_id")
            tables[table] = sorted((row[:drop] + row[drop + 1 :] for row in cursor), key=repr)
    connection.close()
    return tables


def every_row(path: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as connection:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        found = {name: sorted(connection.execute(f'SELECT * FROM "{name}"'), key=repr) for name in names}
    connection.close()
    return found


@pytest.fixture
def study(tmp_path: Path) -> Workbench:
    """ana and ben coded p03: work on turns that survive the correction and on turns that do not."""
    workbench = Workbench.create("study")
    workbench.load_codebook(write(tmp_path / "book.yaml", CODEBOOK_V1))
    workbench.import_files([write(tmp_path / "p03.txt", ORIGINAL)])
    workbench.add_coder("ana")
    workbench.add_coder("ben")

    def at(position: int) -> int:
        return workbench.resolve_segment(f"p03:{position}")

    workbench.apply_code(at(2), "relational", "ana")
    workbench.save_memo(at(2), "ana", "listening first")
    workbench.mark_reviewed([at(4)], "ana")
    workbench.apply_code(at(6), "technical", "ana")
    workbench.toggle_flag([at(6)], "ana")
    workbench.save_memo(at(6), "ana", "metrics first, people later")
    workbench.apply_code(at(8), "hopeful", "ana")
    workbench.apply_code(at(4), "power", "ben")
    workbench.apply_code(at(8), "critical", "ben")
    workbench.mark_reviewed([at(9)], "ben")
    return workbench


#: The work on the cut "Yes." (old turn 4) and the corrected turn 6, in the order it is listed.
OLD_6 = "They wanted metrics [laughs] from day one."
UNPLACED = [
    ("p03", "4", "Maria", "coding", "ben", "power", "", "Yes."),
    ("p03", "4", "Maria", "review", "ana", "", "done", "Yes."),
    ("p03", "4", "Maria", "review", "ben", "", "done", "Yes."),
    ("p03", "6", "Maria", "coding", "ana", "approach/technical", "", OLD_6),
    ("p03", "6", "Maria", "memo", "ana", "", "metrics first, people later", OLD_6),
    ("p03", "6", "Maria", "review", "ana", "", "done, flagged", OLD_6),
]


#: Old position to new: turns 3-4 were cut, 6 changed, the rest kept (2 only re-wrapped).
PLACED = {1: 1, 2: 2, 5: 3, 7: 5, 8: 6, 9: 7}


def test_replace_keeps_every_row_on_unchanged_text_whole_and_drops_only_the_rest(
    study: Workbench, tmp_path: Path
) -> None:
    before = work_by_position(database())
    corrected = write(tmp_path / "new" / "p03.txt", CORRECTED)
    code, out, err = run("import", "study", str(corrected), "--replace", "--yes")
    assert (code, err) == (0, "")
    expected = {
        table: sorted(((PLACED[row[0]], *row[1:]) for row in table_rows if row[0] in PLACED), key=repr)
        for table, table_rows in before.items()
    }
    assert work_by_position(database()) == expected
    assert rows(database(), "SELECT position, speaker, text FROM segment ORDER BY position") == [
        (1, "Interviewer", "How did the coalition start?"),
        (
            2,
            "Maria",
            "We started with listening circles.\nNobody had a plan.\n\n"
            "It took a year before we wrote anything down.",
        ),
        (3, "Interviewer", "And the funders?"),
        (4, "Maria", "They wanted metrics from day one."),
        (5, "Interviewer", "Were they right?"),
        (6, "Maria", "Yes."),
        (7, "Interviewer", "Thank you."),
        (8, "Maria", "You're welcome."),
    ]
    assert rows(database(), "SELECT name, source_name, preamble, text FROM document") == [
        ("p03", "p03.txt", "Interview with P03 (corrected)\nRecorded 3 March 2025", CORRECTED)
    ]
    [listing, backup] = backups()  # "-p03-unplaced.csv" sorts before ".db"
    assert work_by_position(backup) == before
    with listing.open(newline="", encoding="utf-8") as handle:
        assert list(csv.reader(handle)) == [list(replacement_columns()), *map(list, UNPLACED)]
    assert out == (
        f"backed up project to {backup}\n"
        "p03: 8 segments (Interviewer 4, Maria 4)\n"
        "  last turn 15 chars; longest 100 chars (p03:2)\n"
        "kept 3 codings, 4 reviews and 1 memo on unchanged text\n"
        "cannot place 6 on the new text (their segments' text changed):\n"
        "  p03:4 ben: coding power on Maria: 'Yes.'\n"
        "  p03:4 ana: review [done] on Maria: 'Yes.'\n"
        "  p03:4 ben: review [done] on Maria: 'Yes.'\n"
        f"  p03:6 ana: coding approach/technical on Maria: {OLD_6!r}\n"
        f"  p03:6 ana: memo 'metrics first, people later' on Maria: {OLD_6!r}\n"
        f"  p03:6 ana: review [done, flagged] on Maria: {OLD_6!r}\n"
        f"dropped 6 that could not be placed; listed in {listing}\n"
    )


def replacement_columns() -> tuple[str, ...]:
    from qualcode.service.replace_ops import UNPLACED_COLUMNS

    return UNPLACED_COLUMNS


def test_replace_lists_what_it_cannot_place_and_asks_with_no_as_the_default(
    study: Workbench, tmp_path: Path
) -> None:
    before = every_row(database())
    corrected = write(tmp_path / "new" / "p03.txt", CORRECTED)
    code, out, err = run("import", "study", str(corrected), "--replace", "p03", input="\n")
    assert (code, err) == (1, "Aborted!\n")
    assert out.startswith(
        "cannot place 6 on the new text (their segments' text changed):\n  p03:4 ben: coding power"
    )
    assert out.endswith(
        "replace document 'p03', dropping 2 codings, 3 reviews and 1 memo? "
        "(the project is backed up first) [y/N]: \n"
    )
    assert every_row(database()) == before
    assert backups() == []


def test_replace_confirmed_goes_ahead(study: Workbench, tmp_path: Path) -> None:
    corrected = write(tmp_path / "new" / "p03.txt", CORRECTED)
    code, out, _ = run("import", "study", str(corrected), "--replace", "p03", input="y\n")
    assert code == 0
    assert out.count("p03:6 ana: coding approach/technical") == 1
    assert "[y/N]: y\nbacked up project to " in out
    assert rows(database(), "SELECT count(*) FROM segment") == [(8,)]


def test_replace_that_places_everything_asks_nothing(study: Workbench, tmp_path: Path) -> None:
    retyped = ORIGINAL.replace("Recorded 3 March", "Recorded 4 March").replace(
        "Nobody had a plan.", "Nobody had  a plan."
    )
    before = work_by_position(database())
    code, out, err = run("import", "study", str(write(tmp_path / "new" / "p03.txt", retyped)), "--replace")
    assert (code, err) == (0, "")
    [backup] = backups()
    assert out == (
        f"backed up project to {backup}\n"
        "p03: 9 segments (Interviewer 5, Maria 4)\n"
        "  last turn 10 chars; longest 101 chars (p03:2)\n"
        "kept 5 codings, 7 reviews and 2 memos on unchanged text\n"
    )
    assert work_by_position(database()) == before


def test_a_failure_part_way_leaves_the_old_document_and_its_work_intact(
    study: Workbench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = every_row(database())

    def fail(*_args: object) -> None:
        raise RuntimeError("disk full")

    # After the new segments are in and the work has moved onto them, before the old ones go.
    monkeypatch.setattr("qualcode.store.replacement.removals.delete_segment_work", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        study.replace_document(write(tmp_path / "new" / "p03.txt", CORRECTED))
    assert every_row(database()) == before


def test_without_replace_a_corrected_file_is_added_beside_the_old_one(
    study: Workbench, tmp_path: Path
) -> None:
    before = work_by_position(database())
    code, out, _ = run("import", "study", str(write(tmp_path / "new" / "p03.txt", CORRECTED)))
    assert code == 0
    assert "p03 (2): 8 segments (Interviewer 4, Maria 4)\n" in out
    assert rows(database(), "SELECT name FROM document ORDER BY position") == [("p03",), ("p03 (2)",)]
    assert work_by_position(database()) == before
    assert backups() == []


def test_bad_replacements_are_refused_in_one_line(study: Workbench, tmp_path: Path) -> None:
    original = write(tmp_path / "again" / "p03.txt", ORIGINAL)
    corrected = write(tmp_path / "new" / "p03.txt", CORRECTED)
    before = every_row(database())
    assert run("import", "study", str(original), "--replace") == (
        1,
        "",
        "Error: p03.txt: same content as document 'p03'; nothing to replace\n",
    )
    assert run("import", "study", str(corrected), "--replace", "p04") == (
        1,
        "",
        "Error: no document 'p04' in this project\n",
    )
    code, _, err = run("import", "study", str(corrected), str(original), "--replace", "p03")
    assert (code, err.splitlines()[-1]) == (2, "Error: --replace takes exactly one FILE")
    assert run("import", "study", str(write(tmp_path / "p03.qdpx", "")), "--replace", "p03") == (
        1,
        "",
        "Error: p03.qdpx: --replace takes one transcript, not a REFI-QDA project\n",
    )
    assert every_row(database()) == before
    assert backups() == []


def test_a_footer_left_in_the_last_turn_can_be_replaced_away(tmp_path: Path) -> None:
    """Imported before footers were recognised, the last turn held one; the re-import moves it out.

    The last turn's text changed (it lost the footer), so the work on it is listed, not carried.
    """
    workbench = Workbench.create("study")
    workbench.add_coder("ana")
    footer = "Jane Okafor is a staff writer who covers housing.\n\nRelated:\nHow One Block Won\n"
    page = write(tmp_path / "p03.txt", ORIGINAL + "\n" + footer)
    workbench.import_files([page])
    with sqlite3.connect(database()) as connection:
        # As an older qualcode stored it: the footer glued to the last turn, no postamble.
        connection.execute(
            "UPDATE segment SET text = text || :tail, end_char = end_char + length(:tail) WHERE position = 9",
            {"tail": "\n\n" + footer.strip()},
        )
        connection.execute("UPDATE document SET postamble = '', sha256 = 'older'")
    connection.close()
    workbench.mark_reviewed([workbench.resolve_segment("p03:8")], "ana")
    workbench.mark_reviewed([workbench.resolve_segment("p03:9")], "ana")
    code, out, _ = run("import", "study", str(page), "--replace", "--yes")
    assert code == 0
    assert "  postamble: 77 chars after the last turn, kept but not coded\n" in out
    assert "  p03:9 ana: review [done] on Interviewer: 'Thank you. Jane Okafor is a staff writer" in out
    assert rows(database(), "SELECT postamble FROM document") == [(footer.strip(),)]
    assert rows(database(), "SELECT position, text FROM segment WHERE position >= 8") == [
        (8, "Yes."),
        (9, "Thank you."),
    ]
    assert rows(
        database(), "SELECT segment.position FROM segment_review JOIN segment ON segment.id = segment_id"
    ) == [(8,)]


def test_replace_cuts_as_the_document_was_cut_unless_told(study: Workbench, tmp_path: Path) -> None:
    corrected = write(tmp_path / "new" / "p03.txt", CORRECTED)
    code, out, _ = run("import", "study", str(corrected), "--replace", "--yes", "--segment", "paragraph")
    assert code == 0
    assert out.splitlines()[1] == "p03: 9 segments (Interviewer 4, Maria 5)"
    assert rows(database(), "SELECT segmentation FROM document") == [("paragraph",)]
    # The turn that was two paragraphs is now two segments: neither has the old turn's text.
    assert rows(database(), "SELECT text FROM segment WHERE position IN (2, 3) ORDER BY position") == [
        ("We started with listening circles.\nNobody had a plan.",),
        ("It took a year before we wrote anything down.",),
    ]
    assert ("ana", "coding", "approach/relational") in [
        (coder, kind, code) for _, _, _, kind, coder, code, _, _ in _listed()
    ]


def _listed() -> list[tuple[str, ...]]:
    [listing] = [path for path in backups() if path.suffix == ".csv"]
    with listing.open(newline="", encoding="utf-8") as handle:
        return [tuple(row) for row in list(csv.reader(handle))[1:]]


def test_replace_keeps_the_documents_metadata_and_refuses_meta(study: Workbench, tmp_path: Path) -> None:
    corrected = write(tmp_path / "new" / "p03.txt", CORRECTED)
    code, _, err = run("import", "study", str(corrected), "--replace", "--meta", "wave=2")
    assert (code, err.splitlines()[-1]) == (
        2,
        "Error: --replace keeps the document's metadata; --meta cannot be used with it",
    )
