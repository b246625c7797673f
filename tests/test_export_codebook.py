"""`qualcode codebook export|load` with REFI-QDA .qdc files, end to end through two projects."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from factories import write

from qualcode.cli.main import cli
from qualcode.service import Workbench

#: Every field a code can carry, categories and an exclusive group, accents in names and text.
RICH_CODEBOOK = """\
name: Exchange book
version: "3"
codes:
  - name: approach
    codable: false
    color: "#708090"
    definition: How a problem is approached.
    children:
      - name: relational
        key: r
        color: "#2e8b57"
        definition: Relationships and trust come first.
        when_to_use: The speaker puts people before plans.
        when_not_to_use: Trust is only mentioned in passing.
        example: "We started with listening circles."
      - name: técnico
        key: t
        color: "#4682B4"
        definition: Frameworks, metrics & plans come first — "<on paper>".
  - name: tone
    definition: The speaker's overall stance.
    exclusive: true
    children:
      - name: hopeful
        key: h
        definition: Expects change for the better.
      - name: critical
        key: c
        definition: Doubts or criticises.
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def code_table(project: str, database_url: str) -> list[tuple]:
    workbench = Workbench.open(project, database_url)
    try:
        return [
            (
                code.path,
                code.uuid,
                code.color,
                code.definition,
                code.when_to_use,
                code.when_not_to_use,
                code.example,
                code.hotkey,
                code.exclusive,
                code.codable,
            )
            for code in workbench.codes()
        ]
    finally:
        workbench.close()


def test_qdc_round_trip_through_two_projects_keeps_guids_names_colours_descriptions_and_hierarchy(
    database_url: str, tmp_path: Path
) -> None:
    db = ("--db", database_url)
    book = write(tmp_path / "book.yaml", RICH_CODEBOOK)
    assert run("init", "study", *db, "--codebook", str(book))[0] == 0
    qdc = tmp_path / "book.qdc"
    assert run("codebook", "export", "study", *db, str(qdc)) == (0, f"wrote {qdc}\n", "")
    assert run("init", "copy", *db)[0] == 0
    code, out, _ = run("codebook", "load", "copy", *db, str(qdc))
    assert code == 0
    assert out.splitlines()[0] == "loaded book.qdc: 6 added, 0 updated, 0 archived, 0 unchanged"
    original = code_table("study", database_url)
    assert [row[0] for row in original] == [
        "approach",
        "approach/relational",
        "approach/técnico",
        "tone",
        "tone/hopeful",
        "tone/critical",
    ]
    assert code_table("copy", database_url) == original


def test_loading_an_exported_qdc_back_changes_nothing(database_url: str, tmp_path: Path) -> None:
    db = ("--db", database_url)
    assert run("init", "study", *db, "--codebook", str(write(tmp_path / "book.yaml", RICH_CODEBOOK)))[0] == 0
    before = code_table("study", database_url)
    qdc = tmp_path / "book.qdc"
    run("codebook", "export", "study", *db, str(qdc))
    code, out, _ = run("codebook", "load", "study", *db, str(qdc))
    assert (code, out.splitlines()[0]) == (0, "loaded book.qdc: 0 added, 0 updated, 0 archived, 6 unchanged")
    assert code_table("study", database_url) == before


def test_qdc_export_to_an_unwritable_path_is_a_one_line_error(database_url: str, tmp_path: Path) -> None:
    db = ("--db", database_url)
    run("init", "study", *db, "--codebook", str(write(tmp_path / "book.yaml", RICH_CODEBOOK)))
    target = tmp_path / "missing" / "book.qdc"
    assert run("codebook", "export", "study", *db, str(target)) == (
        1,
        "",
        f"Error: cannot write {target}: folder {target.parent} does not exist\n",
    )
