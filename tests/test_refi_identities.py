"""A project from another tool goes back out with the same GUIDs, spelt the same, and exact ranges."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree
from test_export_qdpx_foreign import (
    CODE_GUID,
    CODING_GUID,
    FOREIGN_TEXT,
    SELECTION_GUID,
    SOURCE_GUID,
    USER_GUID,
    _qdpx,
    foreign_project,
)
from test_refi_foreign_layouts import FIXTURES, zipped

from qualcode.codebook import uuid_from_foreign_id
from qualcode.refi.write import write_qdpx
from qualcode.service import Workbench

NS = {"p": "urn:QDA-XML:project:1.0"}
GUID_TYPE = re.compile(
    r"([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})"
    r"|(\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\})"
)
"""Project.xsd's GUIDType: every guid, targetGUID and user attribute must match it."""
GUID_ATTRIBUTES = ("guid", "targetGUID", "creatingUser", "modifyingUser", "creatingUserGUID")


def bad_guids(root: etree._Element) -> list[str]:
    return [
        value
        for element in root.iter()
        for name, value in element.attrib.items()
        if name in GUID_ATTRIBUTES and not GUID_TYPE.fullmatch(value)
    ]


@pytest.fixture
def fresh(database_url: str) -> Iterator[Workbench]:
    bench = Workbench.create("copy", database_url)
    yield bench
    bench.close()


def coded_selections(root: etree._Element) -> list[tuple]:
    """Every selection that codes something: its GUID, range, creator and codings, as spelt."""
    return sorted(
        (
            source.get("guid"),
            selection.get("guid"),
            int(selection.get("startPosition")),
            int(selection.get("endPosition")),
            selection.get("creatingUser"),
            tuple(
                (
                    coding.get("guid"),
                    coding.get("creatingUser"),
                    coding.find("p:CodeRef", NS).get("targetGUID"),
                )
                for coding in selection.iterfind("p:Coding", NS)
            ),
        )
        for source in root.iterfind("p:Sources/p:TextSource", NS)
        for selection in source.iterfind("p:PlainTextSelection", NS)
        if selection.find("p:Coding", NS) is not None
    )


def identities(root: etree._Element) -> tuple[list, list, list]:
    users = [(user.get("guid"), user.get("name")) for user in root.iterfind("p:Users/p:User", NS)]
    codes = [(code.get("guid"), code.get("name")) for code in root.iter("{urn:QDA-XML:project:1.0}Code")]
    sources = [
        (source.get("guid"), source.get("name"))
        for source in root.iterfind("p:Sources/p:TextSource", NS)
        if (source.get("plainTextPath") or "").startswith("internal://")
    ]
    return users, codes, sources


@pytest.mark.parametrize("name", ["atlas-ti", "maxqda", "nvivo", "qualcoder"])
def test_reexport_writes_the_guids_and_exact_ranges_the_file_brought(
    fresh: Workbench, tmp_path: Path, name: str
) -> None:
    folder = FIXTURES / name
    [project_file] = [path for path in folder.iterdir() if path.name.lower() == "project.qde"]
    original = etree.parse(str(project_file)).getroot()
    assert fresh.import_files([zipped(name, tmp_path)]).failed == ()
    path = write_qdpx(fresh.exchange_project(), tmp_path / "again.qdpx")
    with zipfile.ZipFile(path) as archive:
        again = etree.fromstring(archive.read("project.qde"))
    users, codes, sources = identities(original)
    # A whole-source coding is not imported, and an external source is not either.
    assert identities(again) == (users, codes, sources)
    assert coded_selections(again) == coded_selections(original)
    assert bad_guids(again) == []


def test_an_id_that_is_no_guid_goes_out_as_the_guid_derived_from_it(fresh: Workbench, tmp_path: Path) -> None:
    """QualCoder numbers codes ("7"); Project.xsd's GUIDType would refuse that spelling."""
    project = foreign_project("").replace("<Codes>", '<Codes><Code guid="7" name="Money" isCodable="true"/>')
    path = _qdpx(tmp_path / "field.qdpx", project, {f"sources/{SOURCE_GUID}.txt": FOREIGN_TEXT})
    assert fresh.import_files([path]).failed == ()
    again = write_qdpx(fresh.exchange_project(), tmp_path / "again.qdpx")
    with zipfile.ZipFile(again) as archive:
        root = etree.fromstring(archive.read("project.qde"))
    assert [code.get("guid") for code in root.iter("{urn:QDA-XML:project:1.0}Code")] == [
        uuid_from_foreign_id("7"),
        CODE_GUID.upper(),
    ]
    assert bad_guids(root) == []


def test_a_note_keeps_its_guid_and_range_on_reexport(fresh: Workbench, tmp_path: Path) -> None:
    assert fresh.import_files([zipped("qualcoder", tmp_path)]).failed == ()
    path = write_qdpx(fresh.exchange_project(), tmp_path / "again.qdpx")
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("project.qde"))
        text = archive.read("sources/08cbced0-d736-44c8-8fd6-eb4d29fe0001.txt").decode("utf-8")
    [source] = root.iterfind("p:Sources/p:TextSource", NS)
    notes = {note.get("guid"): note for note in root.iterfind("p:Notes/p:Note", NS)}
    pointed = []
    for reference in source.iterfind("p:NoteRef", NS):
        note = notes[reference.get("targetGUID")]
        about = note.find("p:PlainTextSelection", NS)
        where = (
            text[int(about.get("startPosition")) : int(about.get("endPosition"))]
            if about is not None
            else None
        )
        pointed.append((note.get("guid"), where, note.findtext("p:PlainTextContent", namespaces=NS)))
    segment_2 = "I think it could work. But I am not sure the council will fund it."
    # The annotation keeps its GUID; the memos made from descriptions get qualcode's own. A memo on
    # the whole document is about the whole text.
    kept = "0f758eeb-d61d-4e91-b250-79861c380001"
    assert [(guid == kept, where, memo) for guid, where, memo in pointed] == [
        (False, text, "Second interview of the pilot."),
        (True, segment_2, "Council funding comes up again later."),
        (False, segment_2, "Mixed: hope, then doubt."),
    ]


def test_a_selection_split_across_segments_goes_out_as_exact_pieces_with_distinct_guids(
    fresh: Workbench, tmp_path: Path
) -> None:
    selection = (
        f'<PlainTextSelection guid="{SELECTION_GUID}" startPosition="6" endPosition="40" '
        f'creatingUser="{USER_GUID}"><Coding guid="{CODING_GUID}" '
        f'creatingUser="{USER_GUID}"><CodeRef targetGUID="{CODE_GUID}"/></Coding></PlainTextSelection>'
    )
    path = _qdpx(
        tmp_path / "field.qdpx", foreign_project(selection), {f"sources/{SOURCE_GUID}.txt": FOREIGN_TEXT}
    )
    assert fresh.import_files([path]).failed == ()
    again = write_qdpx(fresh.exchange_project(), tmp_path / "again.qdpx")
    with zipfile.ZipFile(again) as archive:
        root = etree.fromstring(archive.read("project.qde"))
    pieces = coded_selections(root)
    assert [(start, end, FOREIGN_TEXT[start:end]) for _s, _g, start, end, _u, _c in pieces] == [
        (6, 28, "paragraph about trust."),
        (30, 40, "Second par"),
    ]
    assert pieces[0][1] == SELECTION_GUID and pieces[0][5][0][0] == CODING_GUID
    guids = [piece[1] for piece in pieces] + [piece[5][0][0] for piece in pieces]
    assert len(set(guids)) == 4
    assert {piece[4] for piece in pieces} == {USER_GUID}
