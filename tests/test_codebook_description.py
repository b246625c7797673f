"""The description layout that carries a code's fields through REFI-QDA: read by label, written readably."""

from __future__ import annotations

import pytest

from qualcode.codebook import CodeSpec
from qualcode.codebook.qdc_description import DescriptionFields, format_description, parse_description

DESCRIPTIONS = [
    ("empty", "", DescriptionFields()),
    (
        "plain-text-is-all-definition",
        "Trust.\n\nMore about trust.",
        DescriptionFields(definition="Trust.\n\nMore about trust."),
    ),
    (
        "padded-and-indented",
        "\n      Trust.\n\n        Indented more.\n    ",
        DescriptionFields(definition="Trust.\n\n  Indented more."),
    ),
    (
        "labels-in-any-order",
        "Trust.\n\nExample: we ate.\n\nWhen to use: always.",
        DescriptionFields(definition="Trust.", when_to_use="always.", example="we ate."),
    ),
    ("only-labelled-fields", "When to use: always.", DescriptionFields(when_to_use="always.")),
    (
        "label-without-blank-line-is-text",
        "Trust.\nExample: we ate.",
        DescriptionFields(definition="Trust.\nExample: we ate."),
    ),
    (
        "settings-paragraph",
        "Trust.\n\nHotkey: t\nChildren mutually exclusive: yes",
        DescriptionFields(definition="Trust.", key="t", exclusive=True),
    ),
    (
        "settings-need-their-own-paragraph",
        "Trust.\nHotkey: t",
        DescriptionFields(definition="Trust.\nHotkey: t"),
    ),
    (
        "hotkey-of-two-characters-is-text",
        "Trust.\n\nHotkey: tt",
        DescriptionFields(definition="Trust.\n\nHotkey: tt"),
    ),
    (
        "windows-line-ends",
        "Trust.\r\n\r\nWhen to use: always.",
        DescriptionFields(definition="Trust.", when_to_use="always."),
    ),
]


@pytest.mark.parametrize(("raw", "fields"), [c[1:] for c in DESCRIPTIONS], ids=[c[0] for c in DESCRIPTIONS])
def test_description_layout_is_read_into_fields(raw: str, fields: DescriptionFields) -> None:
    assert parse_description(raw) == fields


def test_description_layout_reads_back_what_it_writes() -> None:
    code = CodeSpec(
        name="relational",
        key="r",
        definition="Relationships first.\n\nThen plans:\n  - listening\n  - meals",
        when_to_use="Trust before strategy.",
        when_not_to_use="Trust as a means.\nTwo lines.",
        example="We ate together. Example: soup.",
        exclusive=True,
    )
    fields = parse_description(format_description(code))
    assert fields == DescriptionFields(
        definition=code.definition,
        when_to_use=code.when_to_use,
        when_not_to_use=code.when_not_to_use,
        example=code.example,
        key="r",
        exclusive=True,
    )
