"""`qualcode coder|document rename|remove`: coded work is deleted only after a confirmation and a backup."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from factories import CODEBOOK_V1, INTERVIEW, write

from qualcode.cli.main import cli
from qualcode.service import Workbench
from qualcode.store.engine import projects_dir


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


WORK = (
    "SELECT 'coding', coder.name, document.name, segment.position FROM coding "
    "JOIN coder ON coder.id = coding.coder_id JOIN segment ON segment.id = coding.segment_id "
    "JOIN document ON document.id = segment.document_id "
    "UNION ALL SELECT 'review', coder.name, document.name, segment.position FROM segment_review "
    "JOIN coder ON coder.id = segment_review.coder_id JOIN segment ON segment.id = segment_review.segment_id "
    "JOIN document ON document.id = segment.document_id "
    "UNION ALL SELECT 'memo', coder.name, document.name, segment.position FROM memo "
    "JOIN coder ON coder.id = memo.author_id JOIN segment ON segment.id = memo.segment_id "
    "JOIN document ON document.id = segment.document_id ORDER BY 1, 2, 3, 4"
)


@pytest.fixture
def study(tmp_path: Path) -> Workbench:
    """Two interviews; ana coded both (two codings, a memo), ben reviewed one segment, zoe nothing."""
    workbench = Workbench.create("study")
    workbench.load_codebook(write(tmp_path / "book.yaml", CODEBOOK_V1))
    workbench.import_files(
        [
            write(tmp_path / "interview.txt", INTERVIEW),
            write(tmp_path / "other.txt", INTERVIEW.replace("Maria", "Kofi")),
        ]
    )
    for name in ("ana", "ben", "zoe"):
        workbench.add_coder(name)
    workbench.apply_code(workbench.resolve_segment("interview:2"), "relational", "ana")
    workbench.apply_code(workbench.resolve_segment("other:2"), "power", "ana")
    workbench.save_memo(workbench.resolve_segment("interview:2"), "ana", "listening first")
    workbench.mark_reviewed([workbench.resolve_segment("interview:1")], "ben")
    return workbench


ALL_WORK = [
    ("coding", "ana", "interview", 2),
    ("coding", "ana", "other", 2),
    ("memo", "ana", "interview", 2),
    ("review", "ana", "interview", 2),
    ("review", "ana", "other", 2),
    ("review", "ben", "interview", 1),
]


def test_removing_a_coder_who_coded_asks_and_defaults_to_keeping_them(study: Workbench) -> None:
    code, out, err = run("coder", "remove", "study", "ana", input="\n")
    assert code == 1
    assert out == (
        "remove coder 'ana' with 2 codings, 2 reviews and 1 memo? (the project is backed up first) [y/N]: \n"
    )
    assert err == "Aborted!\n"
    assert rows(database(), WORK) == ALL_WORK
    assert backups() == []


def test_removing_a_coder_backs_up_then_deletes_all_their_work(study: Workbench) -> None:
    code, out, err = run("coder", "remove", "study", "ana", "--yes")
    assert (code, err) == (0, "")
    [backup] = backups()
    assert out == f"backed up project to {backup}\nremoved coder 'ana' (2 codings, 2 reviews and 1 memo)\n"
    assert rows(database(), WORK) == [("review", "ben", "interview", 1)]
    assert rows(database(), "SELECT name FROM coder ORDER BY id") == [("ben",), ("zoe",)]
    assert rows(backup, WORK) == ALL_WORK


def test_a_coder_who_coded_nothing_goes_without_a_question_or_a_backup(study: Workbench) -> None:
    assert run("coder", "remove", "study", "zoe") == (0, "removed coder 'zoe' (nothing coded)\n", "")
    assert rows(database(), "SELECT name FROM coder ORDER BY id") == [("ana",), ("ben",)]
    assert backups() == []


def test_renaming_a_coder_keeps_their_work(study: Workbench) -> None:
    assert run("coder", "rename", "study", "ana", "Ana") == (0, "renamed coder 'ana' to 'Ana'\n", "")
    assert rows(database(), WORK) == sorted(
        [(kind, "Ana" if who == "ana" else who, doc, pos) for kind, who, doc, pos in ALL_WORK]
    )
    assert run("coder", "rename", "study", "Ana", "ben") == (
        1,
        "",
        "Error: coder 'ben' already exists in project 'study'\n",
    )
    assert run("coder", "rename", "study", "anna", "x") == (
        1,
        "",
        "Error: no coder 'anna' in project 'study': did you mean 'Ana'?\n",
    )


def test_removing_a_document_deletes_its_segments_and_work_after_a_backup(study: Workbench) -> None:
    code, out, _ = run("document", "remove", "study", "interview", input="y\n")
    assert code == 0
    [backup] = backups()
    assert out == (
        "remove document 'interview' with 1 coding, 2 reviews and 1 memo? (the project is backed up first) "
        f"[y/N]: y\nbacked up project to {backup}\n"
        "removed document 'interview' (1 coding, 2 reviews and 1 memo)\n"
    )
    assert rows(database(), WORK) == [("coding", "ana", "other", 2), ("review", "ana", "other", 2)]
    assert rows(database(), "SELECT name FROM document") == [("other",)]
    assert rows(database(), "SELECT count(*) FROM segment") == [(4,)]
    assert rows(backup, WORK) == ALL_WORK


def test_renaming_a_document_renames_its_segment_references(study: Workbench) -> None:
    assert run("document", "rename", "study", "interview", "maria") == (
        0,
        "renamed document 'interview' to 'maria'\n",
        "",
    )
    assert rows(database(), WORK)[0] == ("coding", "ana", "maria", 2)
    assert run("apply", "study", "--coder", "ben", "--segment", "maria:4", "--code", "power")[0] == 0
    assert run("document", "rename", "study", "maria", "other") == (
        1,
        "",
        "Error: document 'other' already exists in project 'study'\n",
    )
    assert run("document", "remove", "study", "interview", "--yes") == (
        1,
        "",
        "Error: no document 'interview' in this project\n",
    )
