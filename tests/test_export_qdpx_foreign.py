"""REFI-QDA projects from other tools: free selections, deviations, and clear errors for bad files."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_export_qdpx import codes_table, documents_table, memos_table, query

from qualcode.codebook import uuid_from_foreign_id
from qualcode.service import Workbench


@pytest.fixture
def fresh(database_url: str) -> Iterator[Workbench]:
    """An empty project to import into."""
    bench = Workbench.create("copy", database_url)
    yield bench
    bench.close()


def _qdpx(path: Path, project_xml: str, members: dict[str, str] | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", project_xml)
        for name, content in (members or {}).items():
            archive.writestr(name, content)
    return path


SOURCE_GUID = "5f0c6a86-2b1e-4d55-9e0a-6a1c3c1b9a01"
CODE_GUID = "0b5e3f1a-9a43-4d2b-8f6c-2f8c5a7d4e10"
USER_GUID = "{A1B2C3D4-0000-4000-8000-000000000001}"
SELECTION_GUID = "11111111-2222-4333-8444-555555555555"
CODING_GUID = "11111111-2222-4333-8444-555555555556"
UNKNOWN_GUID = "99999999-2222-4333-8444-555555555556"
FOREIGN_TEXT = "First paragraph about trust.\n\nSecond paragraph about power and money."


def foreign_project(selections: str, users: str = f'<User guid="{USER_GUID}" name="Rita"/>') -> str:
    """A project as another tool writes it: braces and upper case in GUIDs, free selections."""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="field study" origin="Some QDA tool">
  <Users>{users}</Users>
  <CodeBook><Codes>
    <Code guid="{CODE_GUID.upper()}" name="Trust" isCodable="true" color="#00ff00">
      <Description>Trust between people.</Description>
    </Code>
  </Codes></CodeBook>
  <Sources>
    <TextSource guid="{SOURCE_GUID}" name="notes" plainTextPath="internal://{SOURCE_GUID}.txt">
      {selections}
    </TextSource>
    <PDFSource guid="5f0c6a86-2b1e-4d55-9e0a-6a1c3c1b9a02" name="scan"/>
  </Sources>
</Project>"""


def spans_table(workbench: Workbench) -> list[tuple]:
    """Every coding as coder, code, document, position, span and the exact text it codes."""
    return query(
        workbench,
        "SELECT coder.name, code.name, document.name, segment.position, coding.span_start, coding.span_end, "
        "substr(segment.text, coding.span_start + 1, coding.span_end - coding.span_start) FROM coding "
        "JOIN coder ON coder.id = coding.coder_id JOIN code ON code.id = coding.code_id "
        "JOIN segment ON segment.id = coding.segment_id JOIN document ON document.id = segment.document_id "
        "WHERE document.project_id = :project_id ORDER BY document.position, segment.position, coder.name",
    )


def test_a_foreign_selection_across_segments_is_one_exact_span_per_segment(
    fresh: Workbench, tmp_path: Path
) -> None:
    selection = (
        f'<PlainTextSelection guid="{SELECTION_GUID}" startPosition="6" endPosition="40" '
        f'creatingUser="{USER_GUID}"><Coding guid="{CODING_GUID}" '
        f'creatingUser="{USER_GUID}"><CodeRef targetGUID="{{{CODE_GUID}}}"/></Coding></PlainTextSelection>'
    )
    path = _qdpx(
        tmp_path / "field.qdpx", foreign_project(selection), {f"sources/{SOURCE_GUID}.txt": FOREIGN_TEXT}
    )
    report = fresh.import_files([path])
    assert report.failed == ()
    [document] = report.imported
    assert (document.name, document.segments, document.segmentation) == ("notes", 2, "paragraph")
    assert document.warnings == (
        "field.qdpx: notes: 1 selections cross paragraph segments; each is kept as one span per segment",
    )
    assert report.notes == (
        "field.qdpx: not imported (qualcode has no place for them): 1 PDFSource (not a text source)",
    )
    assert codes_table(fresh) == [("Trust", CODE_GUID, "#00FF00", "Trust between people.", False, True)]
    assert spans_table(fresh) == [
        ("Rita", "Trust", "notes", 1, 6, 28, "paragraph about trust."),
        ("Rita", "Trust", "notes", 2, 0, 10, "Second par"),
    ]
    assert FOREIGN_TEXT[6:40] == "paragraph about trust.\n\nSecond par"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("not-a-zip", b"plain text", "not-a-zip.qdpx: not a REFI-QDA project: a .qdpx file is a zip archive"),
        (
            "no-project",
            {"other.xml": "<x/>"},
            "no-project.qdpx: no project.qde in the archive: not a REFI-QDA project",
        ),
        ("bad-xml", {"project.qde": "<Project><Users></Project>"}, "bad-xml.qdpx: project.qde line 1: "),
        (
            "wrong-root",
            {"project.qde": '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"/>'},
            "wrong-root.qdpx: project.qde is not a REFI-QDA project: its root is <CodeBook>",
        ),
        (
            "outside",
            {
                "project.qde": foreign_project(
                    f'<PlainTextSelection guid="{SELECTION_GUID}" startPosition="5" endPosition="999"/>'
                ),
                f"sources/{SOURCE_GUID}.txt": FOREIGN_TEXT,
            },
            "outside.qdpx: project.qde line 11: selection 5–999 lies outside text source 'notes' "
            "(69 characters)",
        ),
        (
            "unknown-code",
            {
                "project.qde": foreign_project(
                    f'<PlainTextSelection guid="{SELECTION_GUID}" startPosition="0" endPosition="5">'
                    f'<Coding guid="{CODING_GUID}"><CodeRef targetGUID="{UNKNOWN_GUID}"/></Coding>'
                    "</PlainTextSelection>"
                ),
                f"sources/{SOURCE_GUID}.txt": FOREIGN_TEXT,
            },
            f"unknown-code.qdpx: project.qde line 11: code {UNKNOWN_GUID} is not in the project's codebook",
        ),
        (
            "missing-text",
            {"project.qde": foreign_project("")},
            f"missing-text.qdpx: text source 'notes': sources/{SOURCE_GUID}.txt is missing from the archive",
        ),
    ],
    ids=["not-a-zip", "no-project", "bad-xml", "wrong-root", "outside", "unknown-code", "missing-text"],
)
def test_malformed_project_files_fail_with_one_clear_error_and_store_nothing(
    fresh: Workbench, tmp_path: Path, name: str, content: bytes | dict[str, str], message: str
) -> None:
    path = tmp_path / f"{name}.qdpx"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        with zipfile.ZipFile(path, "w") as archive:
            for member, data in content.items():
                archive.writestr(member, data)
    report = fresh.import_files([path])
    assert report.imported == ()
    [failure] = report.failed
    assert failure.message.startswith(message)
    assert "\n" not in failure.message
    assert (documents_table(fresh), fresh.coders(), fresh.codes()) == ([], [], [])


def test_codebook_deviations_of_another_tool_are_warnings(fresh: Workbench, tmp_path: Path) -> None:
    project = foreign_project("").replace("<Codes>", '<Codes><Code guid="7" name="Money" isCodable="true"/>')
    path = _qdpx(tmp_path / "field.qdpx", project, {f"sources/{SOURCE_GUID}.txt": FOREIGN_TEXT})
    report = fresh.import_files([path])
    assert report.failed == ()
    codebook_warnings = [warning for warning in report.notes if "project.qde" in warning]
    # The wording is the codebook reader's; what is checked here is that each deviation comes
    # through, named by file, without line numbers that would point into the wrong document.
    assert len(codebook_warnings) == 2
    assert all(warning.startswith("field.qdpx (project.qde): ") for warning in codebook_warnings)
    assert not any(" line " in warning for warning in codebook_warnings)
    assert "'7'" in codebook_warnings[0] and uuid_from_foreign_id("7") in codebook_warnings[0]
    assert "Money" in codebook_warnings[1]
    assert [code.path for code in fresh.codes()] == ["Money", "Trust"]


NOTE_GUIDS = [f"22222222-3333-4444-8555-00000000000{n}" for n in range(1, 7)]


def test_notes_of_another_tool_become_memos_where_they_point(fresh: Workbench, tmp_path: Path) -> None:
    n1, n2, n3, n4, n5, n6 = NOTE_GUIDS
    project = foreign_project(
        f'<PlainTextSelection guid="{SELECTION_GUID}" startPosition="6" endPosition="40">'
        f'<NoteRef targetGUID="{n1}"/><NoteRef targetGUID="{{{n3.upper()}}}"/><NoteRef targetGUID="{n6}"/>'
        "</PlainTextSelection>"
        f'<PlainTextSelection guid="{CODING_GUID}" startPosition="50" endPosition="60">'
        f'<NoteRef targetGUID="{n2}"/></PlainTextSelection>'
        f'<NoteRef targetGUID="{n4}"/>'
    )
    project = project.replace("</Description>", f'</Description><NoteRef targetGUID="{n5}"/>')
    project = project.replace(
        "</Sources>",
        f"""</Sources>
  <Notes>
    <Note guid="{n1}" name="On trust" creatingUser="{USER_GUID}" creationDateTime="2024-05-01T10:00:00Z">
      <PlainTextContent>Rita's first thought.</PlainTextContent></Note>
    <Note guid="{n2}" name="Unsigned"><PlainTextContent>Nobody signed this.</PlainTextContent></Note>
    <Note guid="{n3}" creatingUser="{USER_GUID}">
      <PlainTextContent>Rita's second thought.</PlainTextContent></Note>
    <Note guid="{n4}" name="Whole document" creatingUser="{USER_GUID}" plainTextPath="internal://{n4}.txt"/>
    <Note guid="{n5}" name="On the code"><PlainTextContent>About the code.</PlainTextContent></Note>
    <Note guid="{n6}" name="Lost" plainTextPath="internal://missing.txt"/>
  </Notes>""",
    )
    members = {f"sources/{SOURCE_GUID}.txt": FOREIGN_TEXT, f"sources/{n4}.txt": "The interview ran late."}
    report = fresh.import_files([_qdpx(tmp_path / "field.qdpx", project, members)])
    assert report.failed == ()
    [document] = report.imported
    assert document.warnings == (
        "field.qdpx: notes: 1 selections cross paragraph segments; each is kept as one span per segment",
    )
    assert report.notes == (
        "field.qdpx: users 'Rita' (no codings) are kept as role 'tool' and left out of agreement "
        "unless named with --coders",
        "field.qdpx: not imported (qualcode has no place for them): 1 PDFSource (not a text source), "
        "1 notes not on a text source or selection, 1 notes whose text cannot be read",
    )
    assert memos_table(fresh) == [
        ("notes", 1, "Rita", "Rita's first thought.\n\nRita's second thought."),
        ("notes", 2, "Rita", "Nobody signed this."),
        ("notes", None, "Rita", "The interview ran late."),
    ]
    assert codes_table(fresh) == [("Trust", CODE_GUID, "#00FF00", "Trust between people.", False, True)]
