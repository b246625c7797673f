"""Code paths, UUID and colour spellings, and choosing the reader by file suffix."""

from __future__ import annotations

from pathlib import Path

import pytest

from qualcode.codebook import code_path, load_codebook, parse_code_path, uuid_from_foreign_id
from qualcode.codebook.identifiers import canonical_color
from qualcode.errors import CodebookError

FIXTURES = Path(__file__).parent / "fixtures" / "codebooks"


def test_code_path_joins_names_top_down_with_a_slash() -> None:
    assert code_path(["approach", "relational"]) == "approach/relational"
    assert code_path(["power"]) == "power"


PATHS = [
    ("two-levels", "approach/relational", ("approach", "relational")),
    ("one-level", "power", ("power",)),
    ("spaces-around-names", " approach / shared power ", ("approach", "shared power")),
]


@pytest.mark.parametrize(("path", "names"), [c[1:] for c in PATHS], ids=[c[0] for c in PATHS])
def test_parse_code_path_gives_the_names_back(path: str, names: tuple[str, ...]) -> None:
    assert parse_code_path(path) == names
    assert parse_code_path(code_path(names)) == names


@pytest.mark.parametrize(
    "path", ["", "approach//relational", "approach/"], ids=["empty", "empty-step", "trailing-slash"]
)
def test_parse_code_path_refuses_empty_names(path: str) -> None:
    with pytest.raises(ValueError, match="empty name"):
        parse_code_path(path)


SAMPLE_UUID = "3f2c8a4e-1b7d-4c2a-9e1f-0a6b5c4d3e2f"
FOREIGN_IDS = [
    ("canonical", SAMPLE_UUID, SAMPLE_UUID),
    ("braces-and-upper-case", "{3F2C8A4E-1B7D-4C2A-9E1F-0A6B5C4D3E2F}", SAMPLE_UUID),
    ("surrounding-spaces", " 3F2C8A4E-1B7D-4C2A-9E1F-0A6B5C4D3E2F ", SAMPLE_UUID),
    ("number", "1", "636846be-7ce4-549b-af90-acf709ff907d"),
    ("one-brace-only", "{" + SAMPLE_UUID, "7d95e51d-1d2d-5df3-bd2e-7ddfc4878289"),
]


@pytest.mark.parametrize(("raw", "expected"), [c[1:] for c in FOREIGN_IDS], ids=[c[0] for c in FOREIGN_IDS])
def test_foreign_ids_become_stable_lower_case_uuids(raw: str, expected: str) -> None:
    assert uuid_from_foreign_id(raw) == expected


COLORS = [
    ("upper-case-kept", "#2E8B57", "#2E8B57"),
    ("lower-case-raised", "#2e8b57", "#2E8B57"),
    ("short-form-expanded", "#4ab", "#44AABB"),
    ("name-refused", "seagreen", None),
    ("no-hash-refused", "2E8B57", None),
    ("four-digits-refused", "#2E8B", None),
]


@pytest.mark.parametrize(("raw", "expected"), [c[1:] for c in COLORS], ids=[c[0] for c in COLORS])
def test_colours_are_spelt_upper_case_rrggbb(raw: str, expected: str | None) -> None:
    assert canonical_color(raw) == expected


def test_load_codebook_chooses_the_reader_by_suffix(tmp_path: Path) -> None:
    yaml_file = tmp_path / "book.YML"
    yaml_file.write_text("name: b\ncodes:\n  - name: trust\n    definition: Trust.\n", encoding="utf-8")
    book, warnings = load_codebook(yaml_file)
    assert (book.name, [code.name for code in book.codes], warnings) == ("b", ["trust"], [])
    book, warnings = load_codebook(FIXTURES / "old-namespace.qdc")
    assert (book.name, len(warnings)) == ("old-namespace", 1)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("book.json", "book.json: not a codebook file (use .yaml, .yml or a REFI-QDA .qdc)"),
        ("missing.yaml", "{tmp}/missing.yaml: no such file"),
        ("missing.qdc", "{tmp}/missing.qdc: no such file"),
    ],
    ids=["unknown-suffix", "missing-yaml", "missing-qdc"],
)
def test_load_codebook_refuses_what_it_cannot_read(tmp_path: Path, name: str, message: str) -> None:
    with pytest.raises(CodebookError) as raised:
        load_codebook(tmp_path / name)
    assert str(raised.value) == message.format(tmp=tmp_path)
