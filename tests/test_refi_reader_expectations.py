"""Our export read the way QualCoder's importer reads a project, written here from its documented rules.

QualCoder takes a coding's coder from its selection's ``creatingUser``, keeps one coding per code,
source, range and coder, and reads as annotations the notes its text sources point to that hold
text and a range (the author from ``modifyingUser``, else ``creatingUser``). A project that loses
nothing under these rules reaches a QualCoder user whole.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree
from test_export_qdpx import query
from test_export_tables import add_memos, build_coded

from qualcode.refi.write import write_qdpx
from qualcode.service import Workbench

P = "{urn:QDA-XML:project:1.0}"


def read_like_qualcoder(path: Path) -> tuple[set[tuple], list[tuple]]:
    """(code text rows, annotations) as QualCoder's rules make them from the file."""
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("project.qde"))
        texts = {
            name: archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith(".txt")
        }
    users = {user.get("guid"): user.get("name") for user in root.iter(f"{P}User")}
    codes = {code.get("guid"): code.get("name") for code in root.iter(f"{P}Code")}
    notes = {note.get("guid"): note for note in root.iter(f"{P}Note")}
    code_text: set[tuple] = set()
    annotations = []
    for source in root.iter(f"{P}TextSource"):
        text = texts["sources/" + source.get("plainTextPath").removeprefix("internal://")]
        for selection in source.findall(f"{P}PlainTextSelection"):
            owner = users.get(selection.get("creatingUser"), "default")
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            for coding in selection.findall(f"{P}Coding"):
                code = codes[coding.find(f"{P}CodeRef").get("targetGUID")]
                code_text.add((source.get("name"), text[start:end], code, owner))
        for reference in source.findall(f"{P}NoteRef"):
            note = notes[reference.get("targetGUID")]
            about = note.find(f"{P}PlainTextSelection")
            memo = note.findtext(f"{P}PlainTextContent")
            if about is None or memo is None:
                continue
            owner = users.get(note.get("modifyingUser")) or users.get(note.get("creatingUser"))
            start, end = int(about.get("startPosition")), int(about.get("endPosition"))
            annotations.append(
                (source.get("name"), text[start:end], memo, owner, note.get("modifiedDateTime"))
            )
    return code_text, annotations


def test_qualcoder_rules_find_every_coders_codings_and_every_memo(
    workbench: Workbench, tmp_path: Path
) -> None:
    coded = build_coded(workbench, tmp_path)
    add_memos(coded)
    coded.apply_code(coded.resolve_segment("interview:2"), "tone/hopeful", "ben", span=(3, 10))
    code_text, annotations = read_like_qualcoder(write_qdpx(coded.exchange_project(), tmp_path / "q.qdpx"))
    codings = query(
        coded,
        "SELECT document.name, "
        "substr(segment.text, coding.span_start + 1, coding.span_end - coding.span_start), code.name, "
        "coder.name FROM coding JOIN code ON code.id = coding.code_id "
        "JOIN coder ON coder.id = coding.coder_id JOIN segment ON segment.id = coding.segment_id "
        "JOIN document ON document.id = segment.document_id WHERE document.project_id = :project_id",
    )
    assert len(codings) == 15
    assert code_text == set(codings)
    memos = query(
        coded,
        "SELECT document.name, segment.text, memo.text, coder.name FROM memo "
        "JOIN coder ON coder.id = memo.author_id JOIN segment ON segment.id = memo.segment_id "
        "JOIN document ON document.id = segment.document_id WHERE memo.project_id = :project_id "
        "ORDER BY memo.id",
    )
    at = "2025-03-04T09:30:00Z"
    assert sorted(annotations) == sorted((*memo, at) for memo in memos)
    assert len(annotations) == 3
