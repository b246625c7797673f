"""REFI-QDA projects (.qdpx): what is written, that it reads back whole, and clear errors for bad files."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from sqlalchemy import text
from test_export_tables import add_memos, build_coded

from qualcode.cli.main import cli
from qualcode.refi.write import write_qdpx
from qualcode.service import Workbench

NS = {"p": "urn:QDA-XML:project:1.0"}


@pytest.fixture
def coded(workbench: Workbench, tmp_path: Path) -> Workbench:
    return build_coded(workbench, tmp_path)


@pytest.fixture
def fresh(database_url: str) -> Iterator[Workbench]:
    """A second, empty project in the same database, to import into."""
    bench = Workbench.create("copy", database_url)
    yield bench
    bench.close()


def export(workbench: Workbench, path: Path) -> Path:
    return write_qdpx(workbench.exchange_project(), path)


def project_document(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("project.qde"))


def query(workbench: Workbench, sql: str) -> list[tuple]:
    """Rows of ``sql`` restricted to ``workbench``'s project by ``:project_id``."""
    with workbench.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql), {"project_id": workbench.project_id})]


def documents_table(workbench: Workbench) -> list[tuple]:
    return query(
        workbench,
        "SELECT name, text, preamble, segmentation FROM document WHERE project_id = :project_id "
        "ORDER BY position",
    )


def segments_table(workbench: Workbench) -> list[tuple]:
    return query(
        workbench,
        "SELECT document.name, segment.position, segment.speaker, segment.text, segment.start_char, "
        "segment.end_char FROM segment JOIN document ON document.id = segment.document_id "
        "WHERE document.project_id = :project_id ORDER BY document.position, segment.position",
    )


def segment_rows(workbench: Workbench) -> list[tuple]:
    return query(
        workbench,
        "SELECT segment.id, segment.speaker, segment.text, segment.start_char, segment.end_char, "
        "document.name, segment.position FROM segment JOIN document ON document.id = segment.document_id "
        "WHERE document.project_id = :project_id ORDER BY document.position, segment.position",
    )


def memos_table(workbench: Workbench) -> list[tuple]:
    """Memos by document, position (None for a whole-document memo), author and text."""
    return sorted(
        query(
            workbench,
            "SELECT document.name, segment.position, coder.name, memo.text FROM memo "
            "JOIN coder ON coder.id = memo.author_id LEFT JOIN segment ON segment.id = memo.segment_id "
            "JOIN document ON document.id = memo.document_id WHERE memo.project_id = :project_id",
        ),
        key=repr,
    )


def codings_table(workbench: Workbench) -> list[tuple]:
    paths = {code.id: code.path for code in workbench.codes()}
    rows = query(
        workbench,
        "SELECT coder.name, coder.role, coding.code_id, document.name, segment.position FROM coding "
        "JOIN coder ON coder.id = coding.coder_id JOIN segment ON segment.id = coding.segment_id "
        "JOIN document ON document.id = segment.document_id WHERE document.project_id = :project_id",
    )
    return sorted(
        (coder, role, paths[code_id], document, position) for coder, role, code_id, document, position in rows
    )


def codes_table(workbench: Workbench) -> list[tuple]:
    return [
        (code.path, code.uuid, code.color, code.definition, code.exclusive, code.codable)
        for code in workbench.codes()
    ]


def test_qdpx_holds_users_codebook_sources_and_one_selection_per_coder_and_range(
    coded: Workbench, tmp_path: Path
) -> None:
    path = export(coded, tmp_path / "study.qdpx")
    root = project_document(path)
    users = {user.get("name"): user.get("guid") for user in root.iterfind("p:Users/p:User", NS)}
    assert list(users) == ["ana", "ben", "lee", "consensus"]
    assert [code.get("guid") for code in root.iter("{urn:QDA-XML:project:1.0}Code")] == [
        code.uuid for code in coded.codes()
    ]
    sources = root.findall("p:Sources/p:TextSource", NS)
    assert [source.get("name") for source in sources] == ["interview", "other"]
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == sorted(
            [
                "project.qde",
                "qualcode-extension.json",
                *(f"sources/{source.get('guid')}.txt" for source in sources),
            ]
        )
        texts = {
            source.get("name"): archive.read(f"sources/{source.get('guid')}.txt").decode("utf-8")
            for source in sources
        }
    assert [source.get("plainTextPath") for source in sources] == [
        f"internal://{source.get('guid')}.txt" for source in sources
    ]
    names = {guid: name for name, guid in users.items()}
    codes = {code.uuid: code.path for code in coded.codes()}
    found = []
    for source in sources:
        for selection in source.iterfind("p:PlainTextSelection", NS):
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            codings = sorted(
                (names[coding.get("creatingUser")], codes[coding.find("p:CodeRef", NS).get("targetGUID")])
                for coding in selection.iterfind("p:Coding", NS)
            )
            found.append(
                (
                    source.get("name"),
                    texts[source.get("name")][start:end],
                    names[selection.get("creatingUser")],
                    codings,
                )
            )
    interview_2 = "We started with listening circles. Nobody had a plan.\n\n" + (
        "It took a year before we wrote anything down."
    )
    # One selection per coder and range, each coding's coder its selection's (QualCoder reads it so).
    assert found == [
        ("interview", interview_2, "ana", [("ana", "approach/relational"), ("ana", "power")]),
        ("interview", interview_2, "ben", [("ben", "approach/relational")]),
        (
            "interview",
            interview_2,
            "consensus",
            [("consensus", "approach/relational"), ("consensus", "power")],
        ),
        ("interview", "And the funders?", "ben", [("ben", "tone/critical")]),
        (
            "interview",
            "They wanted metrics [laughs] from day one.",
            "ana",
            [("ana", "approach/technical"), ("ana", "tone/hopeful")],
        ),
        ("interview", "They wanted metrics [laughs] from day one.", "ben", [("ben", "approach/technical")]),
        (
            "interview",
            "They wanted metrics [laughs] from day one.",
            "consensus",
            [("consensus", "approach/technical")],
        ),
        ("other", "-nothing at first. Then =everything.", "ana", [("ana", "approach/relational")]),
        ("other", "-nothing at first. Then =everything.", "ben", [("ben", "approach/technical")]),
        ("other", "@funders wanted it. Ça a été dur 😀.", "ana", [("ana", "tone/critical")]),
        ("other", "@funders wanted it. Ça a été dur 😀.", "lee", [("lee", "power")]),
    ]


def test_positions_count_characters_not_bytes(coded: Workbench, tmp_path: Path) -> None:
    root = project_document(export(coded, tmp_path / "study.qdpx"))
    [last] = root.findall("p:Sources/p:TextSource[@name='other']/p:PlainTextSelection", NS)[-1:]
    [(start, end, stored)] = query(
        coded,
        "SELECT segment.start_char, segment.end_char, segment.text FROM segment JOIN document "
        "ON document.id = segment.document_id WHERE document.name = 'other' AND segment.position = 4 "
        "AND document.project_id = :project_id",
    )
    assert (int(last.get("startPosition")), int(last.get("endPosition"))) == (start, end)
    assert end - start == len(stored) < len(stored.encode("utf-8"))


def test_exporting_twice_gives_the_same_bytes(coded: Workbench, tmp_path: Path) -> None:
    first = export(coded, tmp_path / "first.qdpx").read_bytes()
    assert export(coded, tmp_path / "second.qdpx").read_bytes() == first


def test_round_trip_through_a_fresh_project_keeps_every_table(
    coded: Workbench, fresh: Workbench, tmp_path: Path
) -> None:
    add_memos(coded)
    path = export(coded, tmp_path / "study.qdpx")
    report = fresh.import_files([path])
    assert report.failed == ()
    assert [(d.name, d.source, d.segments, d.speakers, d.warnings) for d in report.imported] == [
        ("interview", "study.qdpx", 4, (("Interviewer", 2), ("Maria", 2)), ()),
        ("other", "study.qdpx", 4, (("Interviewer", 2), ("Kofi", 2)), ()),
    ]
    assert documents_table(fresh) == documents_table(coded)
    assert segments_table(fresh) == segments_table(coded)
    assert codes_table(fresh) == codes_table(coded)
    assert [(coder.name, coder.role) for coder in fresh.coders()] == [
        ("ana", "coder"),
        ("ben", "coder"),
        ("lee", "lead"),
        ("consensus", "consensus"),
    ]
    assert codings_table(fresh) == codings_table(coded)
    assert (
        memos_table(fresh)
        == memos_table(coded)
        == [
            ("interview", 2, "ana", "Trust before strategy."),
            ("interview", 2, "ben", "Is this relational?\nAsk lee."),
            ("other", 3, "ana", "=the question, again"),
        ]
    )
    [original] = list(coded.codings())
    [copied] = list(fresh.codings())
    columns = ["document", "position", "speaker", "text", "code", "code_uuid", "coder", "coded_at"]
    assert copied[columns].values.tolist() == original[columns].values.tolist()


def test_memos_are_notes_their_source_points_to_holding_the_segments_range(
    coded: Workbench, tmp_path: Path
) -> None:
    """The shape QualCoder reads as an annotation: a NoteRef in the TextSource, and in the Note
    its text, its author (creatingUser and modifyingUser) and the range as a PlainTextSelection."""
    add_memos(coded)
    path = export(coded, tmp_path / "study.qdpx")
    root = project_document(path)
    users = {user.get("guid"): user.get("name") for user in root.iterfind("p:Users/p:User", NS)}
    with zipfile.ZipFile(path) as archive:
        texts = {
            source.get("guid"): archive.read(f"sources/{source.get('guid')}.txt").decode("utf-8")
            for source in root.iterfind("p:Sources/p:TextSource", NS)
        }
    notes = {note.get("guid"): note for note in root.iterfind("p:Notes/p:Note", NS)}
    at = "2025-03-04T09:30:00Z"
    found = []
    for source in root.iterfind("p:Sources/p:TextSource", NS):
        for selection in source.iterfind("p:PlainTextSelection", NS):
            assert selection.find("p:NoteRef", NS) is None
        for reference in source.iterfind("p:NoteRef", NS):
            note = notes.pop(reference.get("targetGUID"))
            [about] = note.findall("p:PlainTextSelection", NS)
            start, end = int(about.get("startPosition")), int(about.get("endPosition"))
            found.append(
                (
                    source.get("name"),
                    texts[source.get("guid")][start:end],
                    users[note.get("creatingUser")],
                    users[note.get("modifyingUser")],
                    note.get("name"),
                    note.get("creationDateTime"),
                    note.get("modifiedDateTime"),
                    note.findtext("p:PlainTextContent", namespaces=NS),
                )
            )
    assert notes == {}
    segments = {
        (document, position): text for _id, _s, text, _a, _b, document, position in segment_rows(coded)
    }
    assert found == [
        (
            "interview",
            segments["interview", 2],
            "ana",
            "ana",
            "Memo by ana",
            at,
            at,
            "Trust before strategy.",
        ),
        (
            "interview",
            segments["interview", 2],
            "ben",
            "ben",
            "Memo by ben",
            at,
            at,
            "Is this relational?\nAsk lee.",
        ),
        ("other", segments["other", 3], "ana", "ana", "Memo by ana", at, at, "=the question, again"),
    ]


def test_reexport_of_an_imported_project_keeps_source_guids(
    coded: Workbench, fresh: Workbench, tmp_path: Path
) -> None:
    first = project_document(export(coded, tmp_path / "study.qdpx"))
    fresh.import_files([tmp_path / "study.qdpx"])
    second = project_document(export(fresh, tmp_path / "copy.qdpx"))

    def guids(root: etree._Element, path: str) -> list[str]:
        return [element.get("guid") for element in root.iterfind(path, NS)]

    for path in ("p:Sources/p:TextSource", "p:Sources/p:TextSource/p:PlainTextSelection"):
        assert guids(second, path) == guids(first, path)


def test_importing_the_same_project_again_is_refused_unless_forced(
    coded: Workbench, fresh: Workbench, tmp_path: Path
) -> None:
    path = export(coded, tmp_path / "study.qdpx")
    fresh.import_files([path])
    before = codings_table(fresh)
    report = fresh.import_files([path])
    assert report.imported == ()
    assert [failure.message for failure in report.failed] == [
        "study.qdpx: text source 'interview' is already imported as 'interview' (same content); "
        "use --force to import it again"
    ]
    assert codings_table(fresh) == before
    report = fresh.import_files([path], force=True)
    assert [document.name for document in report.imported] == ["interview (2)", "other (2)"]
    assert len(codings_table(fresh)) == 2 * len(before)


def test_importing_into_a_project_with_codes_adds_only_the_missing_ones(
    coded: Workbench, tmp_path: Path
) -> None:
    path = export(coded, tmp_path / "study.qdpx")
    before = codes_table(coded)
    report = coded.import_files([path], force=True)
    assert report.failed == ()
    assert codes_table(coded) == before


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_cli_exports_a_qdpx_and_imports_it_into_another_project(
    coded: Workbench, database_url: str, tmp_path: Path
) -> None:
    db = ("--db", database_url)
    file = tmp_path / "study.qdpx"
    assert run("export", "qdpx", "study", *db, str(file)) == (
        0,
        f"wrote {file}: 2 sources, 4 users, 14 codings\n",
        "warning: 2 reviews without a code are kept in qualcode-extension.json, which only qualcode reads; "
        "other tools will not show them\n",
    )
    assert run("init", "other-study", *db)[0] == 0
    code, out, _ = run("import", "other-study", str(file), *db)
    assert code == 0
    assert out.splitlines()[:4] == [
        "interview: 4 segments (Interviewer 2, Maria 2)",
        "  last turn 42 chars; longest 100 chars (interview:2)",
        "other: 4 segments (Interviewer 2, Kofi 2)",
        "  last turn 35 chars; longest 36 chars (other:2)",
    ]
    copy = Workbench.open("other-study", database_url)
    try:
        assert codings_table(copy) == codings_table(coded)
    finally:
        copy.close()


def test_cli_qdpx_export_to_an_unwritable_path_is_a_one_line_error(
    coded: Workbench, database_url: str, tmp_path: Path
) -> None:
    target = tmp_path / "missing" / "study.qdpx"
    assert run("export", "qdpx", "study", "--db", database_url, str(target)) == (
        1,
        "",
        f"Error: cannot write {target}: folder {target.parent} does not exist\n",
    )


def test_an_empty_project_exports_a_valid_empty_file_that_imports_as_an_error(
    fresh: Workbench, tmp_path: Path
) -> None:
    path = export(fresh, tmp_path / "empty.qdpx")
    root = project_document(path)
    assert (root.get("name"), [child.tag for child in root]) == ("copy", [])
    report = fresh.import_files([path])
    assert [failure.message for failure in report.failed] == [
        "empty.qdpx: the project has no text sources and no codes to import"
    ]
