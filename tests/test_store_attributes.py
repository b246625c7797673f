"""The rules every front end shares for document attributes: how values read, sort and are checked."""

from __future__ import annotations

import pytest

from qualcode.errors import DocumentAttributeError
from qualcode.store.attributes import (
    attribute_text,
    parse_assignments,
    sorted_values,
    typed_like,
    visible_attributes,
)


@pytest.mark.parametrize(
    ("stored", "shown"),
    [("north", "north"), (34, "34"), (2.5, "2.5"), (True, "true"), (None, ""), (["a", 1], '["a", 1]')],
    ids=["text", "int", "float", "bool", "null", "list"],
)
def test_a_stored_value_reads_as_text(stored: object, shown: str) -> None:
    assert attribute_text(stored) == shown


@pytest.mark.parametrize(
    ("values", "ordered"),
    [
        (["10", "2", "1", "2"], ["1", "2", "10"]),
        (["2.5", "-1", "10"], ["-1", "2.5", "10"]),
        (["south", "North", "east", "10"], ["10", "east", "North", "south"]),
        ([], []),
    ],
    ids=["numbers", "decimals", "text", "none"],
)
def test_values_sort_as_numbers_only_when_all_are_numbers(values: list[str], ordered: list[str]) -> None:
    assert sorted_values(values) == ordered


def test_internal_keys_are_not_attributes() -> None:
    assert visible_attributes({"wave": 2, "refi_qda_guid": "g", "site": "north"}) == {
        "site": "north",
        "wave": "2",
    }


def test_assignments_are_trimmed_and_a_repeated_equal_value_is_fine() -> None:
    assert parse_assignments([" site = north ", "site=north", "note=a=b", "empty="]) == {
        "site": "north",
        "note": "a=b",
        "empty": "",
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x" * 101 + "=1", f"attribute name {'x' * 20!r}… has 101 characters: a name has at most 100"),
        (
            "site=north\u2028south",
            "attribute 'site': the value has a control character (U+2028) at character 6: "
            "a value is one line of text",
        ),
        (
            "site=\x00",
            "attribute 'site': the value has a control character (U+0000) at character 1: "
            "a value is one line of text",
        ),
    ],
    ids=["long-name", "line-separator", "nul"],
)
def test_bad_assignments_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(DocumentAttributeError) as raised:
        parse_assignments([text])
    assert str(raised.value) == message


@pytest.mark.parametrize(
    ("existing", "text", "stored"),
    [
        ([], "34", "34"),
        (["34", "north"], "35", "35"),
        ([34, 40], "35", 35),
        ([34, 2.5], "35", 35.0),
        ([34], "thirty", "thirty"),
        ([34], "2.5", "2.5"),
        ([True, False], "false", False),
        ([True], "1", "1"),
        ([34, "x"], "35", "35"),
    ],
    ids=[
        "new",
        "text",
        "ints",
        "numbers",
        "not-a-number",
        "not-an-int",
        "booleans",
        "not-a-boolean",
        "mixed",
    ],
)
def test_a_value_takes_the_type_the_project_already_gives_the_attribute(
    existing: list[object], text: str, stored: object
) -> None:
    value = typed_like(existing, text)
    assert (value, type(value)) == (stored, type(stored))
