"""Document attributes: the rules for their keys and values, and how tables name and group them.

Attributes live in ``Document.meta`` (import front matter, ``import --meta``, ``document set``).
Every front end and every table reads them through these functions, so a key is checked,
a value is spelt and a missing value is shown the same way everywhere.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from qualcode.errors import DocumentAttributeError

SOURCE_GUID_KEY = "refi_qda_guid"
"""Kept in ``meta`` so a re-exported REFI-QDA source keeps its GUID: an identity, not an attribute."""

INTERNAL_KEYS = frozenset({SOURCE_GUID_KEY})
"""Metadata keys qualcode keeps for itself: never listed, grouped by, exported as columns or edited."""

COLUMN_PREFIX = "attr_"
"""Attribute columns are ``attr_KEY``, so an attribute called ``code`` or ``text`` clashes with nothing."""

MISSING = "(missing)"
"""The group of documents without the attribute, in a grouped table: spelt out, so no tool drops it."""

MAX_KEY_LENGTH = 100
"""A key becomes a column name; longer than this is a pasted value, not a name."""


def attribute_text(value: Any) -> str:
    """A stored value as text: the importers store text, but a value written by another tool may not be."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def visible_attributes(meta: Mapping[str, Any]) -> dict[str, str]:
    """A document's attributes as text, sorted by key, without qualcode's internal keys."""
    return {str(key): attribute_text(meta[key]) for key in sorted(meta) if key not in INTERNAL_KEYS}


def attribute_keys(metas: Iterable[Mapping[str, Any]]) -> list[str]:
    """Every attribute key any of the documents has, sorted."""
    return sorted({str(key) for meta in metas for key in meta if key not in INTERNAL_KEYS})


def column_name(key: str) -> str:
    return f"{COLUMN_PREFIX}{key}"


def _control_character(text: str) -> tuple[int, str] | None:
    for index, character in enumerate(text):
        if unicodedata.category(character) in ("Cc", "Cs") or character in "\u2028\u2029":
            return index, character
    return None


def check_key(key: str) -> str:
    """The key, trimmed, or an error saying what is wrong with it."""
    key = key.strip()
    if not key:
        raise DocumentAttributeError("an attribute needs a name: give KEY=VALUE, e.g. site=north")
    found = _control_character(key)
    if found is not None:
        raise DocumentAttributeError(
            f"attribute name {key!r} has a control character (U+{ord(found[1]):04X}) at "
            f"character {found[0] + 1}: a name is one line of text"
        )
    if "=" in key:
        raise DocumentAttributeError(f"attribute name {key!r} contains '=': a name cannot hold one")
    if len(key) > MAX_KEY_LENGTH:
        raise DocumentAttributeError(
            f"attribute name {key[:20]!r}… has {len(key)} characters: a name has at most {MAX_KEY_LENGTH}"
        )
    if key in INTERNAL_KEYS:
        raise DocumentAttributeError(
            f"{key!r} is kept by qualcode itself (a REFI-QDA source's identity) and cannot be edited"
        )
    return key


def check_value(key: str, value: str) -> str:
    """The value, trimmed, or an error naming the attribute and the offending character."""
    value = value.strip()
    found = _control_character(value)
    if found is not None:
        raise DocumentAttributeError(
            f"attribute {key!r}: the value has a control character (U+{ord(found[1]):04X}) at "
            f"character {found[0] + 1}: a value is one line of text"
        )
    return value


def parse_assignment(text: str) -> tuple[str, str]:
    """``KEY=VALUE`` as a checked key and value; the first ``=`` separates them."""
    key, equals, value = text.partition("=")
    if not equals:
        raise DocumentAttributeError(f"{text!r} is not KEY=VALUE, e.g. site=north")
    key = check_key(key)
    return key, check_value(key, value)


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def sorted_values(values: Iterable[str]) -> list[str]:
    """Distinct values in a reader's order: by number when every value is one (2 before 10), else as text."""
    distinct = set(values)
    numbers = {value: _number(value) for value in distinct}
    if distinct and all(number is not None for number in numbers.values()):
        return sorted(distinct, key=lambda value: (numbers[value], value))
    return sorted(distinct, key=lambda value: (value.casefold(), value))


def typed_like(existing: Iterable[Any], text: str) -> Any:
    """``text`` as the type the project already gives this attribute, else as text.

    qualcode's importers store text, but a project filled by another tool may hold numbers or
    booleans: a new value that reads as the same type keeps the column of one type.
    """
    values = [value for value in existing if value is not None]
    if not values:
        return text
    if all(isinstance(value, bool) for value in values) and text in ("true", "false"):
        return text == "true"
    if any(isinstance(value, bool) or not isinstance(value, int | float) for value in values):
        return text
    try:
        return int(text) if all(isinstance(value, int) for value in values) else float(text)
    except ValueError:
        return text


def parse_assignments(texts: Iterable[str]) -> dict[str, str]:
    """Several ``KEY=VALUE`` as one mapping; a key given twice with two values is refused, not guessed."""
    values: dict[str, str] = {}
    for text in texts:
        key, value = parse_assignment(text)
        if key in values and values[key] != value:
            raise DocumentAttributeError(f"attribute {key!r} is given twice ({values[key]!r} and {value!r})")
        values[key] = value
    return values
