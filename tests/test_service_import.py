"""Importing transcripts into a project: whole files or nothing, duplicates refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import INTERVIEW, write
from sqlalchemy import text

from qualcode.service import Workbench
from qualcode.store import documents as document_store


def _documents(workbench: Workbench) -> list[tuple]:
    with workbench.engine.connect() as connection:
        return [
            tuple(row)
            for row in connection.execute(
                text(
                    "SELECT document.name, document.source_name, document.position, COUNT(segment.id) "
                    "FROM document LEFT JOIN segment ON segment.document_id = document.id "
                    "GROUP BY document.id, document.name, document.source_name, document.position "
                    "ORDER BY document.position"
                )
            )
        ]


def test_import_stores_turns_with_speakers_offsets_and_preamble(workbench: Workbench, tmp_path: Path) -> None:
    report = workbench.import_files([write(tmp_path / "interview.txt", INTERVIEW)])
    assert report.failed == ()
    [document] = report.imported
    assert (document.name, document.source, document.segments) == ("interview", "interview.txt", 4)
    assert document.speakers == (("Interviewer", 2), ("Maria", 2))
    [progress] = workbench.documents()
    rows = workbench.segments(progress.id)
    assert [(row.position, row.speaker, row.text) for row in rows] == [
        (1, "Interviewer", "How did the coalition start?"),
        (
            2,
            "Maria",
            "We started with listening circles. Nobody had a plan.\n\n"
            "It took a year before we wrote anything down.",
        ),
        (3, "Interviewer", "And the funders?"),
        (4, "Maria", "They wanted metrics [laughs] from day one."),
    ]
    with workbench.engine.connect() as connection:
        stored_text, preamble = connection.execute(text("SELECT text, preamble FROM document")).one()
        offsets = connection.execute(
            text("SELECT start_char, end_char, text FROM segment ORDER BY position")
        ).all()
    assert preamble == "Interview with a community organiser\nRecorded 3 March 2025"
    assert all(stored_text[start:end] == segment_text for start, end, segment_text in offsets)


def test_reimporting_the_same_content_is_refused_unless_forced(workbench: Workbench, tmp_path: Path) -> None:
    first = write(tmp_path / "interview.txt", INTERVIEW)
    copy = write(tmp_path / "copy.txt", INTERVIEW)
    workbench.import_files([first])
    report = workbench.import_files([copy])
    assert report.imported == ()
    assert [(Path(f.source).name, f.message) for f in report.failed] == [
        (
            "copy.txt",
            "copy.txt: already imported as 'interview' (same content); use --force to import it again",
        )
    ]
    forced = workbench.import_files([first], force=True)
    assert [d.name for d in forced.imported] == ["interview (2)"]
    assert _documents(workbench) == [
        ("interview", "interview.txt", 1, 4),
        ("interview (2)", "interview.txt", 2, 4),
    ]


def test_a_bad_file_fails_alone_and_the_others_import(workbench: Workbench, tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", INTERVIEW)
    empty = write(tmp_path / "empty.txt", "")
    also_good = write(tmp_path / "second.txt", INTERVIEW.replace("Maria", "Kofi"))
    report = workbench.import_files([good, empty, also_good])
    assert [d.name for d in report.imported] == ["good", "second"]
    assert [Path(f.source).name for f in report.failed] == ["empty.txt"]
    assert "empty.txt" in report.failed[0].message and "empty" in report.failed[0].message
    assert _documents(workbench) == [("good", "good.txt", 1, 4), ("second", "second.txt", 2, 4)]


def test_a_failure_while_storing_leaves_nothing_half_imported(
    workbench: Workbench, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = document_store.insert_document

    def insert_then_fail(session, project_id, parsed):  # type: ignore[no-untyped-def]
        original(session, project_id, parsed)
        raise OSError("disk full")

    monkeypatch.setattr(document_store, "insert_document", insert_then_fail)
    with pytest.raises(OSError):
        workbench.import_files([write(tmp_path / "interview.txt", INTERVIEW)])
    assert _documents(workbench) == []
    with workbench.engine.connect() as connection:
        assert connection.execute(text("SELECT COUNT(*) FROM segment")).scalar() == 0
