"""REFI-QDA codebooks (.qdc): files from real tools load with warnings, ours validate and read back whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from qualcode.codebook import CODEBOOK_NAMESPACE, Codebook, CodeSpec, code_path, load_codebook
from qualcode.codebook.qdc_schema import codebook_schema
from qualcode.errors import CodebookError

FIXTURES = Path(__file__).parent / "fixtures" / "codebooks"


def code_rows(book: Codebook) -> list[tuple[object, ...]]:
    """(path, uuid, color, codable, key, exclusive, definition, when to use, when not, example) per code."""
    return [
        (
            code_path(path),
            code.uuid,
            code.color,
            code.codable,
            code.key,
            code.exclusive,
            code.definition,
            code.when_to_use,
            code.when_not_to_use,
            code.example,
        )
        for path, code, _parent in book.walk()
    ]


# fmt: off
FOREIGN_FILES = [
    (
        "atlas-ti",
        [
            ("Barriers", "4f1c2b3a-8d7e-4a6b-9c5d-1e2f3a4b5c6d", "#C0392B", False, "", False,
             "Anything that slows or blocks the work.", "", "", ""),
            ("Barriers/Funding conditions", "0b9e7d26-51a3-4c8f-b2d4-6e1f90a3c7b5", "#E74C3C", True, "",
             False,
             "Money that arrives late, short-term, or tied to the funder's own targets.", "", "", ""),
            ("Barriers/Staff turnover", "a3d5f7e9-2b4c-4d6e-8f0a-1c3e5a7b9d2f", "#F1948A", True, "", False,
             "People leave, and the relationships leave with them.", "", "", ""),
            ("Enablers", "7c2e4a6b-9d1f-4e3a-b5c7-d9e1f3a5b7c9", "#1E8449", False, "", False,
             "Anything that makes the work possible.", "", "", ""),
            ("Enablers/Trust", "e5f7a9b1-c3d5-4e7f-9a1b-3c5d7e9f1a3b", "#2ECC71", True, "", False,
             "Participants rely on each other's word.", "", "", ""),
            ("Enablers/Shared language", "b1d3f5a7-c9e1-4a3b-8d5f-7a9c1e3b5d7f", "#AABBCC", True, "", False,
             "", "", "", ""),
        ],
        [
            "atlas-ti.qdc: line 21: 1 code set is not kept (qualcode has no code sets)",
            "atlas-ti.qdc: 1 codable code has no definition, which a YAML codebook requires: "
            "Enablers/Shared language",
        ],
    ),
    (
        "maxqda",
        [
            ("Community", "6b0f2c1e-3d4a-4b5c-8d9e-0f1a2b3c4d5e", "#FF8000", True, "", False,
             "Talk about the community as a whole.\n\nIncludes the neighbourhood, the town and the valley.",
             "", "", ""),
            ("Community/Belonging", "7c1a3d2f-4e5b-4c6d-9e0f-1a2b3c4d5e6f", "#FFB366", True, "", False,
             "Feeling part of a place or a group.", "", "", ""),
            ("Community/Conflict", "8d2b4e3a-5f6c-4d7e-8f1a-2b3c4d5e6f70", "#CC6600", True, "", False,
             "Open disagreement between groups.", "the speaker describes a dispute.",
             "polite differences of opinion.", "The landlords walked out of the meeting."),
            ("Memos", "9e3c5f4b-6a7d-4e8f-9a2b-3c4d5e6f7081", "", True, "", False, "", "", "", ""),
        ],
        [
            "maxqda.qdc: line 43: attribute isCodable missing (read as true)",
            "maxqda.qdc: 1 codable code has no definition, which a YAML codebook requires: Memos",
        ],
    ),
    (
        "qualcoder",
        [
            ("Emotions", "239ec2f4-c2a9-5d03-a328-6925cb31b18f", "", False, "", False,
             "Feelings the speaker expresses.", "", "", ""),
            ("Emotions/anger", "636846be-7ce4-549b-af90-acf709ff907d", "#F781F3", True, "", False,
             "Speaker expresses anger or frustration.", "", "", ""),
            ("Emotions/hope", "1ca9fec7-f5de-5a33-8911-d1b199b69155", "#81F7D8", True, "", False,
             "Speaker expects things to get better.", "", "", ""),
            ("funding", "afbdf2ad-da8e-5a32-9cf4-c8549c270ccc", "", True, "", False,
             "Mentions of grants, donors or budgets.", "", "", ""),
        ],
        [
            "qualcoder.qdc: line 4: guid 'cat:1' is not a UUID "
            "(read as 239ec2f4-c2a9-5d03-a328-6925cb31b18f, derived from it)",
            "qualcoder.qdc: line 6: guid '1' is not a UUID (read as 636846be-7ce4-549b-af90-acf709ff907d, "
            "derived from it)",
            "qualcoder.qdc: line 6: attribute isCodable missing (read as true)",
            "qualcoder.qdc: line 9: guid '2' is not a UUID (read as 1ca9fec7-f5de-5a33-8911-d1b199b69155, "
            "derived from it)",
            "qualcoder.qdc: line 9: attribute isCodable missing (read as true)",
            "qualcoder.qdc: line 13: guid '3' is not a UUID (read as afbdf2ad-da8e-5a32-9cf4-c8549c270ccc, "
            "derived from it)",
            "qualcoder.qdc: line 13: attribute isCodable missing (read as true)",
            "qualcoder.qdc: line 17: empty <Sets> element (ignored)",
        ],
    ),
    (
        "old-namespace",
        [
            ("Leadership", "2f8a6c1e-9b3d-4e5f-a7c9-1d3e5f7a9b2c", "#3366CC", True, "", False,
             "Who leads, and how.", "", "", ""),
            ("Leadership/Distributed leadership", "3a9b7d2f-0c4e-4f6a-b8d0-2e4f6a8b0c3d", "", True, "", False,
             "Leadership shared across many people.", "", "", ""),
        ],
        ["old-namespace.qdc: line 2: namespace urn:QDA-XML:codebook:0:4 read as urn:QDA-XML:codebook:1.0"],
    ),
    (
        "duplicate-names",
        [
            ("Emotions", "11111111-1111-4111-8111-111111111111", "", False, "", False, "", "", "", ""),
            ("Emotions/Positive", "22222222-2222-4222-8222-222222222222", "", True, "p", False,
             "A pleasant feeling.", "", "", ""),
            ("Evaluation", "33333333-3333-4333-8333-333333333333", "", False, "", False, "", "", "", ""),
            ("Evaluation/positive (Evaluation)", "44444444-4444-4444-8444-444444444444", "", True, "", False,
             "A favourable judgement.", "", "", ""),
            ("Evaluation/Drugs-Alcohol", "55555555-5555-4555-8555-555555555555", "", True, "", False,
             "Substance use.", "", "", ""),
            ("Other", "51b0b9be-7152-5c41-a568-148166cdc384", "", True, "", False,
             "Anything else.", "", "", ""),
        ],
        [
            "duplicate-names.qdc: line 12: isCodable 'yes' is not true or false (read as true)",
            "duplicate-names.qdc: line 12: color 'green' is not #RRGGBB (ignored)",
            "duplicate-names.qdc: line 12: code name 'positive' is also used at Emotions/Positive; "
            "renamed 'positive (Evaluation)'",
            "duplicate-names.qdc: line 12: hotkey 'p' is also used by Emotions/Positive (dropped)",
            "duplicate-names.qdc: line 16: does not match the REFI-QDA schema: Element 'Note': "
            "This element is not expected. Expected is ( Code ).",
            "duplicate-names.qdc: line 18: code name 'Drugs/Alcohol' read as 'Drugs-Alcohol' "
            "('/' separates the names in a code path)",
            "duplicate-names.qdc: line 22: guid 22222222-2222-4222-8222-222222222222 is also used on line 5 "
            "(given a UUID derived from the code path)",
        ],
    ),
]
# fmt: on


@pytest.mark.parametrize(("name", "rows", "warnings"), FOREIGN_FILES, ids=[case[0] for case in FOREIGN_FILES])
def test_file_from_another_tool_loads_whole_with_warnings_naming_lines(
    name: str, rows: list[tuple[object, ...]], warnings: list[str]
) -> None:
    book, found = load_codebook(FIXTURES / f"{name}.qdc")
    assert (book.name, code_rows(book), found) == (name, rows, warnings)


def test_second_load_of_a_file_gives_the_same_uuids() -> None:
    first, _ = load_codebook(FIXTURES / "qualcoder.qdc")
    second, _ = Codebook.from_qdc_bytes((FIXTURES / "qualcoder.qdc").read_bytes(), "copy.qdc")
    assert [code.uuid for _, code, _ in first.walk()] == [code.uuid for _, code, _ in second.walk()]


REFUSED_FILES = [
    (
        "malformed",
        "malformed.qdc: line 6: malformed XML: Opening and ending tag mismatch: Code line 4 and Codes",
    ),
    (
        "nameless-code",
        "nameless-code.qdc: 2 problems\n"
        "nameless-code.qdc: line 6: code without a name\n"
        "nameless-code.qdc: line 10: code without a name",
    ),
]


@pytest.mark.parametrize(("name", "message"), REFUSED_FILES, ids=[case[0] for case in REFUSED_FILES])
def test_unreadable_file_is_refused_whole(name: str, message: str) -> None:
    with pytest.raises(CodebookError) as raised:
        load_codebook(FIXTURES / f"{name}.qdc")
    assert str(raised.value) == message


REFUSED_DOCUMENTS = [
    ("empty", b"", "codes.qdc: line 1: malformed XML: Document is empty"),
    (
        "project-file",
        b'<Project xmlns="urn:QDA-XML:project:1.0"/>',
        "codes.qdc: not a REFI-QDA codebook "
        "(its root element is {urn:QDA-XML:project:1.0}Project, not CodeBook)",
    ),
    (
        "no-codes",
        b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0">\n<Codes/>\n</CodeBook>',
        "codes.qdc: line 1: no codes (a codebook needs at least one <Code>)",
    ),
]


@pytest.mark.parametrize(
    ("data", "message"), [c[1:] for c in REFUSED_DOCUMENTS], ids=[c[0] for c in REFUSED_DOCUMENTS]
)
def test_document_that_is_no_codebook_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(CodebookError) as raised:
        Codebook.from_qdc_bytes(data, "codes.qdc")
    assert str(raised.value) == message


def test_file_without_namespace_is_read_as_the_current_version() -> None:
    data = (
        b"<CodeBook>\n  <Codes>\n"
        b'    <Code guid="5d6e7f80-9a1b-4c2d-8e3f-4a5b6c7d8e9f" name="Trust" isCodable="true"/>\n'
        b"  </Codes>\n</CodeBook>"
    )
    book, warnings = Codebook.from_qdc_bytes(data, "codes.qdc")
    assert [code_path(path) for path, _, _ in book.walk()] == ["Trust"]
    assert warnings == [
        "codes.qdc: line 1: namespace (none) read as urn:QDA-XML:codebook:1.0",
        "codes.qdc: 1 codable code has no definition, which a YAML codebook requires: Trust",
    ]


FULL = Codebook(
    name="Full",
    codes=[
        CodeSpec(
            name="approach",
            color="#5B6C8F",
            uuid="63dc006b-f44c-4a72-a44c-7e7001ecf204",
            codable=False,
            definition="How change is pursued.",
            children=[
                CodeSpec(
                    name="relational",
                    key="r",
                    color="#2E8B57",
                    uuid="c6a469dc-6255-4e74-930b-9bcdb7bd0ca0",
                    definition="Relationships first.\n\nThen plans:\n  - listening\n  - meals",
                    when_to_use="Trust before strategy.",
                    when_not_to_use="Trust as a means.\nTwo lines.",
                    example="We ate together. Example: soup.",
                ),
            ],
        ),
        CodeSpec(
            name="tone",
            uuid="f8a07a81-3784-45c6-9a97-0a9005414db2",
            exclusive=True,
            definition="Overall stance & <mood>.",
            children=[
                CodeSpec(
                    name="hopeful", key="1", uuid="3fbcc263-4ac7-4661-835c-14d9f25446fa", definition="Up."
                )
            ],
        ),
    ],
)


def test_export_is_a_schema_valid_codebook_in_the_1_0_namespace() -> None:
    root = etree.fromstring(FULL.to_qdc().encode("utf-8"))
    assert codebook_schema().validate(root), codebook_schema().error_log
    assert (root.tag, root.get("origin")) == (f"{{{CODEBOOK_NAMESPACE}}}CodeBook", "qualcode")


def test_export_reads_back_to_the_same_codes_without_warnings() -> None:
    book, warnings = Codebook.from_qdc_bytes(FULL.to_qdc().encode("utf-8"), "full.qdc")
    assert warnings == []
    assert (book.name, book.codes) == ("full", FULL.codes)


def test_export_writes_a_readable_description_with_hotkey_and_exclusivity() -> None:
    text = FULL.to_qdc()
    assert text.startswith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0"'
    )
    assert (
        '    <Code guid="63dc006b-f44c-4a72-a44c-7e7001ecf204" name="approach" isCodable="false" '
        'color="#5B6C8F">\n'
        "      <Description>How change is pursued.</Description>\n"
    ) in text
    assert (
        "        <Description>Relationships first.\n\nThen plans:\n  - listening\n  - meals\n\n"
        "When to use: Trust before strategy.\n\n"
        "When not to use: Trust as a means.\nTwo lines.\n\n"
        "Example: We ate together. Example: soup.\n\n"
        "Hotkey: r</Description>\n"
    ) in text
    assert (
        "<Description>Overall stance &amp; &lt;mood&gt;.\n\nChildren mutually exclusive: yes</Description>"
        in text
    )


def test_code_without_uuid_gets_the_same_derived_guid_on_every_export() -> None:
    book = Codebook(name="b", codes=[CodeSpec(name="trust", definition="Trust.")])
    first, _ = Codebook.from_qdc_bytes(book.to_qdc().encode(), "b.qdc")
    second, _ = Codebook.from_qdc_bytes(book.to_qdc().encode(), "b.qdc")
    assert first.codes[0].uuid == second.codes[0].uuid == "a7840d64-3a13-5972-b85b-c9cffbbedf37"


def test_codes_element_can_be_embedded_in_a_project_namespace() -> None:
    codes = FULL.to_qdc_codes("urn:QDA-XML:project:1.0")
    assert codes.tag == "{urn:QDA-XML:project:1.0}Codes"
    assert [element.get("name") for element in codes.iter("{urn:QDA-XML:project:1.0}Code")] == [
        "approach",
        "relational",
        "tone",
        "hopeful",
    ]


def test_control_characters_are_left_out_of_descriptions_with_a_warning() -> None:
    data = (
        b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0">\n<Codes>\n'
        b'<Code guid="5d6e7f80-9a1b-4c2d-8e3f-4a5b6c7d8e9f" name="Trust" isCodable="true">\n'
        b"<Description>Caf\xc2\x85e.</Description>\n</Code>\n</Codes>\n</CodeBook>"
    )
    book, warnings = Codebook.from_qdc_bytes(data, "codes.qdc")
    assert (book.codes[0].definition, warnings) == (
        "Cafe.",
        ["codes.qdc: line 4: control characters in the description left out"],
    )


def test_text_xml_cannot_hold_is_refused_on_export() -> None:
    book = Codebook(name="Book", codes=[CodeSpec(name="bell\x07", definition="Rings.")])
    with pytest.raises(CodebookError, match="^Book: cannot be written as REFI-QDA: All strings must be XML"):
        book.to_qdc()


def test_missing_file_is_reported_with_its_path(tmp_path: Path) -> None:
    with pytest.raises(CodebookError) as raised:
        Codebook.from_qdc(tmp_path / "gone.qdc")
    assert str(raised.value) == f"{tmp_path / 'gone.qdc'}: no such file"
