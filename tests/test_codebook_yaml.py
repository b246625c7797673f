"""YAML codebooks: strict reading with every problem named, and a diffable layout that reads back equal."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualcode.codebook import Codebook, CodeSpec, code_path
from qualcode.errors import CodebookError

VALID = """\
name: Test book
version: "2"
description: |
  A small codebook.
  Two lines.
codes:
  - name: approach
    codable: false
    definition: How change is pursued.
    children:
      - name: relational
        key: r
        color: "#2e8b57"
        uuid: "{3F2C8A4E-1B7D-4C2A-9E1F-0A6B5C4D3E2F}"
        definition: |
          Relationships first.
          Then plans.
        when_to_use: Trust is built before strategy.
        when_not_to_use: Trust as a means to a fixed plan.
        example: We ate together for a year.
      - name: technical
        key: t
        color: "#48B"
        definition: Frameworks first.
  - name: tone
    exclusive: true
    definition: Overall stance.
    children:
      - name: hopeful
        key: 1
        definition: Expects better.
"""


CANONICAL = """\
name: Test book
version: "2"
description: |-
  A small codebook.
  Two lines.
codes:
  - name: approach
    codable: false
    definition: How change is pursued.
    children:
      - name: relational
        key: r
        color: "#2E8B57"
        uuid: 3f2c8a4e-1b7d-4c2a-9e1f-0a6b5c4d3e2f
        definition: |-
          Relationships first.
          Then plans.
        when_to_use: Trust is built before strategy.
        when_not_to_use: Trust as a means to a fixed plan.
        example: We ate together for a year.
      - name: technical
        key: t
        color: "#4488BB"
        definition: Frameworks first.
  - name: tone
    exclusive: true
    definition: Overall stance.
    children:
      - name: hopeful
        key: "1"
        definition: Expects better.
"""


def code_rows(book: Codebook) -> list[tuple[object, ...]]:
    """Every field of every code, one row per code in file order: what whole-codebook asserts compare."""
    return [
        (
            code_path(path),
            code.key,
            code.color,
            code.uuid,
            code.codable,
            code.exclusive,
            code.definition,
            code.when_to_use,
            code.when_not_to_use,
            code.example,
        )
        for path, code, _parent in book.walk()
    ]


def test_valid_codebook_loads_with_every_field_normalised() -> None:
    book = Codebook.from_yaml_text(VALID, "book.yaml")
    assert (book.name, book.version, book.description) == ("Test book", "2", "A small codebook.\nTwo lines.")
    assert code_rows(book) == [
        ("approach", "", "", None, False, False, "How change is pursued.", "", "", ""),
        (
            "approach/relational",
            "r",
            "#2E8B57",
            "3f2c8a4e-1b7d-4c2a-9e1f-0a6b5c4d3e2f",
            True,
            False,
            "Relationships first.\nThen plans.",
            "Trust is built before strategy.",
            "Trust as a means to a fixed plan.",
            "We ate together for a year.",
        ),
        ("approach/technical", "t", "#4488BB", None, True, False, "Frameworks first.", "", "", ""),
        ("tone", "", "", None, True, True, "Overall stance.", "", "", ""),
        ("tone/hopeful", "1", "", None, True, False, "Expects better.", "", "", ""),
    ]


def test_walk_yields_paths_codes_and_parents_depth_first() -> None:
    book = Codebook.from_yaml_text(VALID)
    assert [(path, code.name, parent.name if parent else None) for path, code, parent in book.walk()] == [
        (("approach",), "approach", None),
        (("approach", "relational"), "relational", "approach"),
        (("approach", "technical"), "technical", "approach"),
        (("tone",), "tone", None),
        (("tone", "hopeful"), "hopeful", "tone"),
    ]


def test_to_yaml_writes_fixed_field_order_literal_blocks_and_double_quotes() -> None:
    assert Codebook.from_yaml_text(VALID).to_yaml() == CANONICAL


def test_yaml_round_trip_gives_an_equal_codebook() -> None:
    book = Codebook.from_yaml_text(VALID)
    assert Codebook.from_yaml_text(book.to_yaml()) == book


def test_long_text_stays_on_one_line_so_diffs_show_one_changed_line() -> None:
    sentence = "A definition long enough that a YAML writer would normally fold it onto several lines. " * 3
    book = Codebook(name="b", codes=[CodeSpec(name="c", definition=sentence.strip())])
    assert f"    definition: {sentence.strip()}\n" in book.to_yaml()


def test_from_yaml_reads_a_file_and_names_it_in_errors(tmp_path: Path) -> None:
    path = tmp_path / "book.yaml"
    path.write_text("\ufeff" + VALID, encoding="utf-8")
    assert Codebook.from_yaml(path) == Codebook.from_yaml_text(VALID)
    path.write_text(VALID.replace("        definition: Frameworks first.\n", ""), encoding="utf-8")
    with pytest.raises(CodebookError) as raised:
        Codebook.from_yaml(path)
    assert str(raised.value) == "book.yaml: approach/technical: missing definition"


def test_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "book.yaml"
    path.write_bytes(VALID.replace("Expects better.", "Espère mieux.").encode("latin-1"))
    with pytest.raises(CodebookError, match=r"^book\.yaml: not UTF-8 text \(byte \d+ is invalid\)$"):
        Codebook.from_yaml(path)


BASE = """\
name: Book
codes:
  - name: approach
    definition: How.
    children:
      - name: relational
        key: r
        definition: Relationships.
      - name: technical
        key: t
        definition: Plans.
"""

ORDERED = BASE.replace(
    "    definition: How.\n", "    exclusive: true\n    ordered: true\n    definition: How.\n"
)

INVALID = [
    (
        "ordered-without-exclusive",
        BASE.replace("    definition: How.\n", "    ordered: true\n    definition: How.\n"),
        "book.yaml: approach: ordered needs exclusive: true (a segment gets one point of the scale)",
    ),
    (
        "ordered-with-one-point",
        ORDERED.replace("        key: t\n", "        key: t\n        codable: false\n"),
        "book.yaml: approach: ordered needs at least two codable codes below it, got 1",
    ),
    (
        "ordered-numbers-decreasing",
        ORDERED.replace("name: relational", 'name: "2"').replace("name: technical", 'name: "1"'),
        "book.yaml: approach: an ordered scale named by numbers must list them increasing, got 2, 1",
    ),
    (
        "duplicate-name-ignoring-case",
        BASE + "  - name: Relational\n    definition: Again.\n",
        "book.yaml: Relational: duplicate name 'Relational' (also at approach/relational)",
    ),
    (
        "duplicate-key",
        BASE.replace("key: t", "key: r"),
        "book.yaml: approach/technical: duplicate key 'r' (also used by approach/relational)",
    ),
    (
        "missing-definition",
        BASE.replace("        definition: Plans.\n", ""),
        "book.yaml: approach/technical: missing definition",
    ),
    (
        "bad-color",
        BASE.replace("key: r", 'key: r\n        color: "sea green"'),
        "book.yaml: approach/relational: bad color 'sea green' (expected #RRGGBB, e.g. #2E8B57)",
    ),
    (
        "unquoted-color-read-as-comment",
        BASE.replace("key: r", "key: r\n        color: #2E8B57"),
        "book.yaml: approach/relational: color is empty "
        '(an unquoted # starts a YAML comment: write color: "#2E8B57")',
    ),
    (
        "unknown-field-with-suggestion",
        BASE.replace("definition: Plans.", "defintion: Plans.\n        definition: Plans."),
        "book.yaml: approach/technical: unknown field 'defintion' (did you mean 'definition'?)",
    ),
    (
        "unknown-field-without-suggestion",
        BASE.replace("key: t", "key: t\n        weight: 3"),
        "book.yaml: approach/technical: unknown field 'weight' (known fields: name, key, color, uuid, "
        "codable, exclusive, ordered, definition, when_to_use, when_not_to_use, example, children)",
    ),
    (
        "unknown-top-level-field",
        BASE.replace("name: Book", "name: Book\nversoin: 1"),
        "book.yaml: unknown field 'versoin' (did you mean 'version'?)",
    ),
    (
        "exclusive-not-boolean",
        BASE.replace("definition: How.", "definition: How.\n    exclusive: sometimes"),
        "book.yaml: approach: exclusive must be true or false, got 'sometimes'",
    ),
    (
        "definition-a-list",
        BASE.replace("definition: Plans.", "definition: [Plans]"),
        "book.yaml: approach/technical: definition must be text, got a list",
    ),
    (
        "version-a-number",
        BASE.replace("name: Book", "name: Book\nversion: 1.10"),
        "book.yaml: version must be text, got the number 1.1 (put it in quotes)",
    ),
    (
        "name-a-number",
        BASE.replace("name: technical", "name: 2020"),
        "book.yaml: approach/2020: name must be text, got the number 2020 (put it in quotes)",
    ),
    (
        "name-missing",
        BASE.replace("      - name: technical\n        key: t\n", "      - key: t\n"),
        "book.yaml: approach/#2: missing name",
    ),
    (
        "name-with-path-separator",
        BASE.replace("name: technical", "name: tech/nical"),
        "book.yaml: approach/tech/nical: name 'tech/nical' contains '/', "
        "which separates the names in a code path",
    ),
    (
        "key-two-characters",
        BASE.replace("key: t", "key: tt"),
        "book.yaml: approach/technical: key 'tt' is not a single character",
    ),
    (
        "key-space",
        BASE.replace("key: t", 'key: " "'),
        "book.yaml: approach/technical: key may not be a space",
    ),
    (
        "bad-uuid",
        BASE.replace("key: t", "key: t\n        uuid: 42-abc"),
        "book.yaml: approach/technical: bad uuid '42-abc' "
        "(expected e.g. 3f2c8a4e-1b7d-4c2a-9e1f-0a6b5c4d3e2f)",
    ),
    (
        "duplicate-uuid-in-any-spelling",
        BASE.replace("key: r", "key: r\n        uuid: 3f2c8a4e-1b7d-4c2a-9e1f-0a6b5c4d3e2f").replace(
            "key: t", "key: t\n        uuid: '{3F2C8A4E-1B7D-4C2A-9E1F-0A6B5C4D3E2F}'"
        ),
        "book.yaml: approach/technical: duplicate uuid 3f2c8a4e-1b7d-4c2a-9e1f-0a6b5c4d3e2f "
        "(also at approach/relational)",
    ),
    (
        "control-character-in-text",
        BASE.replace("definition: Plans.", 'definition: "Plans.\\x07"'),
        "book.yaml: approach/technical: definition contains control character U+0007",
    ),
    (
        "field-given-twice",
        BASE.replace("definition: Plans.", "definition: Plans.\n        definition: Plans again."),
        "book.yaml: line 12: field 'definition' given twice",
    ),
    ("codes-empty", "name: Book\ncodes: []\n", "book.yaml: no codes (a codebook needs at least one code)"),
    ("codes-missing", "name: Book\n", "book.yaml: no codes (a codebook needs at least one code)"),
    (
        "code-not-a-mapping",
        BASE.replace(
            "      - name: technical\n        key: t\n        definition: Plans.\n", "      - technical\n"
        ),
        "book.yaml: approach/#2: expected a code (name, definition, …), got the text 'technical'",
    ),
    (
        "children-not-a-list",
        "name: Book\ncodes:\n  - name: a\n    definition: A.\n    children: b\n",
        "book.yaml: a: children must be a list of codes, got the text 'b'",
    ),
    (
        "codebook-name-missing",
        BASE.replace("name: Book\n", ""),
        "book.yaml: missing codebook name",
    ),
    (
        "top-level-a-list",
        "- name: a\n",
        "book.yaml: expected a mapping with name and codes at the top (found a list)",
    ),
    ("empty-file", "", "book.yaml: expected a mapping with name and codes at the top (the file is empty)"),
    (
        "yaml-syntax-error-with-line",
        BASE.replace("        definition: Plans.", "       definition: Plans."),
        "book.yaml: line 11: invalid YAML: expected <block end>, but found '<block mapping start>'",
    ),
    (
        "tab-indentation",
        BASE.replace("    definition: How.", "\tdefinition: How."),
        "book.yaml: line 4: invalid YAML: found character '\\t' that cannot start any token",
    ),
]


def test_an_ordered_group_reads_and_writes_back_its_flag() -> None:
    book = Codebook.from_yaml_text(ORDERED, "book.yaml")
    assert [(code_path(path), code.exclusive, code.ordered) for path, code, _ in book.walk()] == [
        ("approach", True, True),
        ("approach/relational", False, False),
        ("approach/technical", False, False),
    ]
    text = book.to_yaml()
    assert "    exclusive: true\n    ordered: true\n" in text
    assert Codebook.from_yaml_text(text) == book


@pytest.mark.parametrize(
    ("text", "message"), [case[1:] for case in INVALID], ids=[case[0] for case in INVALID]
)
def test_invalid_codebook_is_refused_with_a_precise_message(text: str, message: str) -> None:
    with pytest.raises(CodebookError) as raised:
        Codebook.from_yaml_text(text, "book.yaml")
    assert str(raised.value) == message


def test_every_problem_is_listed_one_per_line_under_a_count() -> None:
    text = (
        BASE.replace("key: t", "key: r")
        .replace("        definition: Relationships.\n", "")
        .replace("definition: Plans.", "defintion: Plans.")
    )
    with pytest.raises(CodebookError) as raised:
        Codebook.from_yaml_text(text, "book.yaml")
    assert str(raised.value).splitlines() == [
        "book.yaml: 4 problems",
        "book.yaml: approach/technical: unknown field 'defintion' (did you mean 'definition'?)",
        "book.yaml: approach/relational: missing definition",
        "book.yaml: approach/technical: missing definition",
        "book.yaml: approach/technical: duplicate key 'r' (also used by approach/relational)",
    ]


def test_category_may_omit_its_definition() -> None:
    text = BASE.replace("    definition: How.\n", "    codable: false\n")
    category = ("approach", "", "", None, False, False, "", "", "", "")
    assert code_rows(Codebook.from_yaml_text(text))[0] == category
