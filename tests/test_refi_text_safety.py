"""Control characters: refused where names and memos are entered, and never a crash at export."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import text
from test_export_qdpx import memos_table, run
from test_export_tables import build_coded

from qualcode.refi.write import write_qdpx
from qualcode.service import Workbench
from qualcode.text_checks import ControlCharacterError

NS = {"p": "urn:QDA-XML:project:1.0"}


def test_a_coder_name_with_a_control_character_is_refused_with_its_position(workbench: Workbench) -> None:
    before = [(coder.name, coder.role) for coder in workbench.coders()]
    with pytest.raises(ControlCharacterError) as refused:
        workbench.add_coder("ana\x07")
    assert str(refused.value) == (
        "coder name 'ana\\x07' holds control character U+0007 at position 4; names are plain text"
    )
    with pytest.raises(ControlCharacterError):
        workbench.add_coder("tab\there")
    assert [(coder.name, coder.role) for coder in workbench.coders()] == before


def test_renaming_a_coder_to_a_name_with_a_control_character_is_refused(workbench: Workbench) -> None:
    workbench.add_coder("ana")
    with pytest.raises(ControlCharacterError):
        workbench.rename_coder("ana", "an\x1ba")
    assert [coder.name for coder in workbench.coders()] == ["ana"]


def test_cli_coder_add_with_a_control_character_is_one_line_and_exit_1(
    workbench: Workbench, database_url: str
) -> None:
    assert run("coder", "add", workbench.name, "ana\x1b", "--db", database_url) == (
        1,
        "",
        "Error: coder name 'ana\\x1b' holds control character U+001B at position 4; names are plain text\n",
    )
    assert workbench.coders() == []


def test_a_memo_with_a_control_character_is_refused_and_nothing_is_saved(
    workbench: Workbench, tmp_path: Path
) -> None:
    coded = build_coded(workbench, tmp_path)
    segment = coded.resolve_segment("interview:2")
    with pytest.raises(ControlCharacterError) as refused:
        coded.save_memo(segment, "ana", "first line\nsecond \x00 line")
    assert str(refused.value) == "memo holds control character U+0000 on line 2; remove it and save again"
    assert memos_table(coded) == []
    coded.save_memo(segment, "ana", "tabs\tand\nnew lines are fine")
    assert memos_table(coded) == [("interview", 2, "ana", "tabs\tand\nnew lines are fine")]


def test_export_of_text_stored_before_the_check_replaces_what_xml_cannot_carry(
    workbench: Workbench, tmp_path: Path
) -> None:
    coded = build_coded(workbench, tmp_path)
    coded.save_memo(coded.resolve_segment("interview:2"), "ben", "fine for now")
    with coded.engine.begin() as connection:
        connection.execute(text("UPDATE coder SET name = 'be\x01n' WHERE name = 'ben'"))
        connection.execute(text("UPDATE memo SET text = 'bell \x07 in a memo'"))
    exchange = coded.exchange_project()
    assert exchange.warnings[-1] == (
        "3 names or texts hold characters XML cannot carry (control characters); they are written as U+FFFD"
    )
    path = write_qdpx(exchange, tmp_path / "study.qdpx")
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("project.qde"))
    assert [user.get("name") for user in root.iterfind("p:Users/p:User", NS)] == [
        "ana",
        "be\ufffdn",
        "lee",
        "consensus",
    ]
    [note] = root.iterfind("p:Notes/p:Note", NS)
    assert (note.get("name"), note.findtext("p:PlainTextContent", namespaces=NS)) == (
        "Memo by be\ufffdn",
        "bell \ufffd in a memo",
    )
