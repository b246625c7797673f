"""Every ``project.qde`` qualcode writes, and every foreign fixture, is valid against Project.xsd 1.0.

The schema is read here straight from the shipped file with lxml, not through
the writer's own check, so these tests would catch a check that passed
everything.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from factories import write
from lxml import etree
from sqlalchemy import text
from sqlmodel import select
from test_export_qdpx import run
from test_export_tables import add_memos, build_coded
from test_refi_foreign_layouts import FIXTURES, zipped

from qualcode.cli.main import cli
from qualcode.codebook import Codebook
from qualcode.errors import ExportError
from qualcode.refi.model import (
    ExchangeCoding,
    ExchangeProject,
    ExchangeSelection,
    ExchangeSource,
    ExchangeUser,
    source_guid,
)
from qualcode.refi.project_schema import check_project_document
from qualcode.refi.write import write_qdpx
from qualcode.service import Workbench
from qualcode.service.reliability.results import Choice
from qualcode.store.models import Document

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "qualcode" / "schemas" / "Project.xsd"
NS = {"p": "urn:QDA-XML:project:1.0", "xsd": "http://www.w3.org/2001/XMLSchema"}
FOREIGN = ["atlas-ti", "codebook-only", "maxqda", "nvivo", "qualcoder"]
GUID = "0f8fad5b-d9cb-469f-a165-70867728950e"


def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_FILE)))


def violations(document: bytes) -> list[str]:
    """Each departure of a project document from Project.xsd as 'line N: message'; [] when valid."""
    checker = schema()
    checker.validate(etree.fromstring(document))
    return [f"line {entry.line}: {entry.message}" for entry in checker.error_log]


def project_document(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read("project.qde")


def element_kinds(document: bytes) -> list[str]:
    return sorted({etree.QName(element).localname for element in etree.fromstring(document).iter()})


def test_the_shipped_schema_is_refis_project_xsd_1_0_with_its_notice() -> None:
    raw = SCHEMA_FILE.read_bytes()
    assert raw.isascii(), "a copy may carry U+2010 hyphens; the published schema is ASCII"
    lines = raw.decode("ascii").splitlines()
    assert lines[:8] == [
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<!-- edited with XMLSpy v2005 rel. 3 U (http://www.altova.com) by  Fred van Blommestein -->",
        "<!--",
        "  Library:           QDA-XML version 1.0",
        "                     ",
        "  Release Date:      18 March 2019",
        "  Module:            Project.xsd",
        "  -->",
    ]
    assert "This specification is licensed under the MIT license.  " in lines
    assert "Copyright 2019 REFI www.qdasoftware.org." in lines
    root = etree.fromstring(raw)
    assert (root.get("targetNamespace"), root.get("version")) == ("urn:QDA-XML:project:1.0", "1.0")
    project_type = root.find("xsd:complexType[@name='ProjectType']/xsd:sequence", NS)
    assert [element.get("name") for element in project_type.iterfind("xsd:element", NS)] == [
        "Users",
        "CodeBook",
        "Variables",
        "Cases",
        "Sources",
        "Notes",
        "Links",
        "Sets",
        "Graphs",
        "Description",
        "NoteRef",
    ]


@pytest.mark.parametrize(
    ("guid", "valid"),
    [
        (GUID, True),
        (GUID.upper(), True),
        ("{" + GUID.upper() + "}", True),
        (GUID.replace("-", "\u2010"), False),
        ("17", False),
        ("{" + GUID, False),
    ],
    ids=["lower", "upper", "braced", "unicode-hyphens", "number", "half-braced"],
)
def test_the_guid_pattern_takes_ascii_hyphens_and_braces_only(guid: str, valid: bool) -> None:
    users = f'<Users><User guid="{guid}"/></Users>'
    document = f'<Project xmlns="urn:QDA-XML:project:1.0" name="p">{users}</Project>'
    assert (violations(document.encode("utf-8")) == []) is valid


def test_the_demo_exported_from_the_command_line_is_valid(sqlite_url: str, tmp_path: Path) -> None:
    assert CliRunner().invoke(cli, ["demo", "--no-open", "--db", sqlite_url]).exit_code == 0
    file = tmp_path / "demo.qdpx"
    assert run("export", "qdpx", "demo", "--db", sqlite_url, str(file))[:2] == (
        0,
        f"wrote {file}: 1 sources, 3 users, 143 codings\n",
    )
    document = project_document(file)
    assert violations(document) == []
    assert element_kinds(document) == [
        "Code",
        "CodeBook",
        "CodeRef",
        "Codes",
        "Coding",
        "Description",
        "PlainTextSelection",
        "Project",
        "Sources",
        "TextSource",
        "User",
        "Users",
    ]


def test_spans_of_several_coders_memos_flags_reviews_and_decisions_export_valid(
    workbench: Workbench, database_url: str, tmp_path: Path
) -> None:
    coded = build_coded(workbench, tmp_path)
    add_memos(coded)
    turn = coded.resolve_segment("interview:2")
    coded.apply_code(turn, "tone/hopeful", "ben", span=(3, 10))
    coded.apply_code(turn, "tone/hopeful", "ana", span=(3, 12))
    coded.save_memo(coded.resolve_segment("other:2"), "lee", "Shorter than the first.")
    coded.set_flag(turn, "ana", True)
    coded.decide(turn, "lee", Choice(kind="take", coder="ana"), rationale="ana's reading")
    file = tmp_path / "study.qdpx"
    assert run("export", "qdpx", "study", "--db", database_url, str(file)) == (
        0,
        f"wrote {file}: 2 sources, 4 users, 17 codings\n",
        "warning: 2 reviews without a code, 1 flags, 1 adjudication decisions are kept in "
        "qualcode-extension.json, which only qualcode reads; other tools will not show them\n",
    )
    document = project_document(file)
    assert violations(document) == []
    assert element_kinds(document) == [
        "Code",
        "CodeBook",
        "CodeRef",
        "Codes",
        "Coding",
        "Description",
        "Note",
        "NoteRef",
        "Notes",
        "PlainTextContent",
        "PlainTextSelection",
        "Project",
        "Sources",
        "TextSource",
        "User",
        "Users",
    ]


def test_names_and_texts_xml_cannot_carry_export_valid(workbench: Workbench, tmp_path: Path) -> None:
    coded = build_coded(workbench, tmp_path)
    coded.save_memo(coded.resolve_segment("interview:2"), "ben", "fine for now")
    with coded.engine.begin() as connection:
        connection.execute(text("UPDATE coder SET name = 'be\x01n' WHERE name = 'ben'"))
        connection.execute(text("UPDATE memo SET text = 'bell \x07 in a memo'"))
        connection.execute(
            text(
                "UPDATE code SET name = 'rela\x0btional', definition = 'trust \x0c first' "
                "WHERE name = 'relational'"
            )
        )
    document = project_document(write_qdpx(coded.exchange_project(), tmp_path / "study.qdpx"))
    assert violations(document) == []
    root = etree.fromstring(document)
    assert [user.get("name") for user in root.iterfind("p:Users/p:User", NS)] == [
        "ana",
        "be\ufffdn",
        "lee",
        "consensus",
    ]
    [relational] = root.iterfind(".//p:Code[@name='rela\ufffdtional']", NS)
    assert relational.findtext("p:Description", namespaces=NS).startswith("trust \ufffd first")
    notes = root.iterfind("p:Notes/p:Note", NS)
    assert [note.findtext("p:PlainTextContent", namespaces=NS) for note in notes] == ["bell \ufffd in a memo"]


@pytest.mark.parametrize("name", FOREIGN)
def test_each_foreign_fixture_is_valid(name: str) -> None:
    [document] = [file.read_bytes() for file in (FIXTURES / name).iterdir() if file.suffix == ".qde"]
    assert violations(document) == []


@pytest.mark.parametrize("name", FOREIGN)
def test_the_reexport_of_an_imported_foreign_project_is_valid(
    name: str, workbench: Workbench, tmp_path: Path
) -> None:
    assert workbench.import_files([zipped(name, tmp_path)]).failed == ()
    foreign = etree.fromstring(next((FIXTURES / name).glob("*.qde")).read_bytes())
    document = project_document(write_qdpx(workbench.exchange_project(), tmp_path / "again.qdpx"))
    assert violations(document) == []
    root = etree.fromstring(document)
    kept = [source.get("name") for source in root.iterfind("p:Sources/p:TextSource", NS)]
    assert kept == [
        source.get("name")
        for source in foreign.iterfind("p:Sources/p:TextSource", NS)
        if source.get("plainTextPath", "").casefold().startswith("internal://")
    ]


VALID = """<?xml version="1.0" encoding="UTF-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="p">
  <Users>
    <User guid="{guid}" name="ana"/>
  </Users>
  <Sources>
    <TextSource guid="{guid}" name="a" plainTextPath="internal://a.txt">
      <PlainTextSelection guid="{guid}" startPosition="0" endPosition="4" creatingUser="{guid}">
        <Coding guid="{guid}" creatingUser="{guid}" creationDateTime="2025-03-04T09:30:00Z">
          <CodeRef targetGUID="{guid}"/>
        </Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
  <Notes>
    <Note guid="{guid}" name="memo">
      <PlainTextContent>text</PlainTextContent>
    </Note>
  </Notes>
</Project>
"""

BROKEN = [
    (
        "selection-without-guid",
        ('<PlainTextSelection guid="{guid}" ', "<PlainTextSelection "),
        "line 8 breaks REFI-QDA Project.xsd 1.0: Element 'PlainTextSelection': "
        "The attribute 'guid' is required but missing",
    ),
    (
        "notes-before-sources",
        ("  <Sources>", '  <Notes><Note guid="{guid}"/></Notes>\n  <Sources>'),
        "line 7 breaks REFI-QDA Project.xsd 1.0: Element 'Sources': This element is not expected. "
        "Expected is one of ( Links, Sets, Graphs, Description, NoteRef )",
    ),
    (
        "date-with-a-space",
        ("2025-03-04T09:30:00Z", "2025-03-04 09:30:00"),
        "line 9 breaks REFI-QDA Project.xsd 1.0: Element 'Coding', attribute 'creationDateTime': "
        "'2025-03-04 09:30:00' is not a valid value of the atomic type 'xs:dateTime'",
    ),
    (
        "two-errors",
        ('startPosition="0" endPosition="4"', 'startPosition="zero" endPosition="four"'),
        "line 8 breaks REFI-QDA Project.xsd 1.0: Element 'PlainTextSelection', attribute 'startPosition': "
        "'zero' is not a valid value of the atomic type 'xs:integer' (and 1 more)",
    ),
]


def test_the_template_of_the_broken_documents_is_valid() -> None:
    document = VALID.format(guid=GUID).encode("utf-8")
    assert violations(document) == []
    check_project_document(etree.fromstring(document), Path("study.qdpx"))


@pytest.mark.parametrize(
    ("change", "expected"), [case[1:] for case in BROKEN], ids=[case[0] for case in BROKEN]
)
def test_the_check_names_the_line_and_element_of_an_invalid_document(
    change: tuple[str, str], expected: str
) -> None:
    document = VALID.replace(*change).format(guid=GUID).encode("utf-8")
    with pytest.raises(ExportError) as refused:
        check_project_document(etree.fromstring(document), Path("out/study.qdpx"))
    assert str(refused.value) == f"cannot write out/study.qdpx: project.qde {expected}; nothing was written"


def test_writing_an_invalid_project_is_refused_and_leaves_the_folder_as_it_was(tmp_path: Path) -> None:
    user = ExchangeUser(GUID, "ana")
    coding = ExchangeCoding(GUID, GUID, GUID, created_at="last tuesday")
    selection = ExchangeSelection(GUID, 0, 4, GUID, (coding,))
    project = ExchangeProject(
        name="study",
        origin="qualcode",
        users=(user,),
        codebook=Codebook("book"),
        sources=(ExchangeSource(GUID, "a", "text", (selection,)),),
    )
    target = tmp_path / "study.qdpx"
    target.write_bytes(b"the previous export")
    with pytest.raises(ExportError) as refused:
        write_qdpx(project, target)
    assert str(refused.value) == (
        f"cannot write {target}: project.qde line 9 breaks REFI-QDA Project.xsd 1.0: Element 'Coding', "
        "attribute 'creationDateTime': 'last tuesday' is not a valid value of the atomic type 'xs:dateTime'; "
        "nothing was written"
    )
    assert [(file.name, file.read_bytes()) for file in tmp_path.iterdir()] == [
        ("study.qdpx", b"the previous export")
    ]


def test_cli_export_of_a_project_with_a_corrupt_timestamp_is_one_line_and_writes_nothing(
    sqlite_url: str, tmp_path: Path
) -> None:
    coded = build_coded(Workbench.create("study", sqlite_url), tmp_path / "inputs")
    with coded.engine.begin() as connection:
        connection.execute(
            text("UPDATE coding SET created_at = 'last tuesday' WHERE id = (SELECT min(id) FROM coding)")
        )
    coded.close()
    file = tmp_path / "study.qdpx"
    code, out, err = run("export", "qdpx", "study", "--db", sqlite_url, str(file))
    assert (code, out, err) == (
        1,
        "",
        f"Error: cannot write {file}: project.qde line 52 breaks REFI-QDA Project.xsd 1.0: "
        "Element 'Coding', attribute 'creationDateTime': 'last tuesdTyZ' is not a valid value of the "
        "atomic type 'xs:dateTime'; nothing was written\n",
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == ["inputs", "store"]


def test_import_meta_cannot_set_a_sources_refi_guid(database_url: str, tmp_path: Path) -> None:
    """The source identity is qualcode's own: ``--meta`` may not write it, and nothing is imported."""
    db = ("--db", database_url)
    assert run("init", "study", *db)[0] == 0
    first = write(tmp_path / "first.txt", "Ana: We met every week.\n")
    code, out, err = run("import", "study", str(first), "--meta", "refi_qda_guid=interview-1", *db)
    assert (code, out, err.splitlines()[-1]) == (
        2,
        "",
        "Error: Invalid value for --meta: 'refi_qda_guid' is kept by qualcode itself "
        "(a REFI-QDA source's identity) and cannot be edited",
    )
    workbench = Workbench.open("study", database_url)
    try:
        assert workbench.documents() == []
    finally:
        workbench.close()


def test_a_stored_source_guid_goes_out_only_when_it_is_a_guid(database_url: str, tmp_path: Path) -> None:
    """A project made before ``--meta`` refused the key may hold any text there; GUIDType refuses it."""
    db = ("--db", database_url)
    assert run("init", "study", *db)[0] == 0
    first = write(tmp_path / "first.txt", "Ana: We met every week.\n")
    second = write(tmp_path / "second.txt", "Ben: Nobody came.\n")
    assert run("import", "study", str(first), str(second), *db)[0] == 0
    braced = "{" + GUID.upper() + "}"
    workbench = Workbench.open("study", database_url)
    try:
        with workbench.unit() as session:
            for name, guid in (("first", "interview-1"), ("second", braced)):
                document = session.exec(select(Document).where(Document.name == name)).one()
                document.meta = {**document.meta, "refi_qda_guid": guid}
                session.add(document)
    finally:
        workbench.close()
    file = tmp_path / "study.qdpx"
    assert run("export", "qdpx", "study", *db, str(file)) == (
        0,
        f"wrote {file}: 2 sources, 0 users, 0 codings\n",
        "",
    )
    document = project_document(file)
    assert violations(document) == []
    sources = etree.fromstring(document).iterfind("p:Sources/p:TextSource", NS)
    assert [(source.get("name"), source.get("guid")) for source in sources] == [
        ("first", source_guid("study", "first")),
        ("second", GUID),
    ]
