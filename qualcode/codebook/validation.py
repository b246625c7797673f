"""The rules a codebook must meet, checked all at once so a user can fix every problem in one pass."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from qualcode.codebook.identifiers import canonical_color, canonical_uuid
from qualcode.codebook.model import Codebook, CodeSpec
from qualcode.codebook.paths import PATH_SEPARATOR, code_path
from qualcode.errors import CodebookError

TEXT_FIELDS = ("definition", "when_to_use", "when_not_to_use", "example")
"""The free-text fields of a code, in the order files write them."""

EXAMPLE_UUID = "3f2c8a4e-1b7d-4c2a-9e1f-0a6b5c4d3e2f"


@dataclass(frozen=True)
class LabelledCode:
    """A code with the path that messages name it by; a nameless code shows as ``#3``."""

    label: str
    code: CodeSpec


def labelled_codes(codes: Sequence[CodeSpec], prefix: str = "") -> Iterator[LabelledCode]:
    """Every code depth-first, labelled by its path; a missing name becomes its 1-based position."""
    for position, code in enumerate(codes, start=1):
        label = code_path([prefix, code.name or f"#{position}"]) if prefix else code.name or f"#{position}"
        yield LabelledCode(label, code)
        yield from labelled_codes(code.children, label)


def is_unwritable(character: str) -> bool:
    """Whether a codebook cannot carry ``character`` in its text: controls other than newline and tab.

    They cannot be written to XML (REFI-QDA) and some become line breaks in
    YAML, so they would not survive an export.
    """
    if character in "\n\t":
        return False
    return unicodedata.category(character) in ("Cc", "Cs") or character in "\ufffe\uffff"


def _bad_text_character(text: str) -> str | None:
    """The first character of ``text`` that a codebook cannot carry, as ``U+0007``."""
    for character in text:
        if is_unwritable(character):
            return f"U+{ord(character):04X}"
    return None


def _name_problem(name: str) -> str | None:
    if not name:
        return "missing name"
    if name != name.strip():
        return f"name {name!r} has spaces around it"
    if PATH_SEPARATOR in name:
        return f"name {name!r} contains {PATH_SEPARATOR!r}, which separates the names in a code path"
    if not name.isprintable():
        return f"name {name!r} contains a line break or control character"
    return None


def _key_problem(key: str) -> str | None:
    if not key:
        return None
    if len(key) != 1:
        return f"key {key!r} is not a single character"
    if key.isspace():
        return "key may not be a space"
    if not key.isprintable():
        return f"key {key!r} is not a printable character"
    return None


def _code_problems(code: CodeSpec, require_definitions: bool) -> Iterator[str]:
    """What is wrong with one code on its own, duplicates aside."""
    name_problem = _name_problem(code.name)
    if name_problem:
        yield name_problem
    key_problem = _key_problem(code.key)
    if key_problem:
        yield key_problem
    if code.color and canonical_color(code.color) is None:
        yield f"bad color {code.color!r} (expected #RRGGBB, e.g. #2E8B57)"
    if code.uuid and canonical_uuid(code.uuid) is None:
        yield f"bad uuid {code.uuid!r} (expected e.g. {EXAMPLE_UUID})"
    if require_definitions and code.codable and not code.definition.strip():
        yield "missing definition"
    for field_name in TEXT_FIELDS:
        bad = _bad_text_character(getattr(code, field_name))
        if bad:
            yield f"{field_name} contains control character {bad}"
    if code.ordered:
        yield from _scale_problems(code)


def scale_values(names: Sequence[str]) -> tuple[float, ...] | None:
    """The numbers an ordered group's codes are named by ("0", "1", "2.5"), or None if any is not one.

    Such names are the scale's own values, which interval and ratio alpha need; codes named by
    words ("low", "high") are ranks 1, 2, … in file order.
    """
    try:
        return tuple(float(name) for name in names)
    except ValueError:
        return None


def _scale_problems(code: CodeSpec) -> Iterator[str]:
    """An ordered group must be exclusive, with two points at least, numbers (if any) increasing."""
    points = [child.name for child in code.children if child.codable]
    if not code.exclusive:
        yield "ordered needs exclusive: true (a segment gets one point of the scale)"
    if len(points) < 2:
        yield f"ordered needs at least two codable codes below it, got {len(points)}"
    values = scale_values(points)
    if values and any(later <= earlier for earlier, later in zip(values, values[1:], strict=False)):
        yield f"an ordered scale named by numbers must list them increasing, got {', '.join(points)}"


def codebook_problems(book: Codebook, require_definitions: bool = True) -> list[str]:
    """Every rule the codebook breaks, as ``code path: problem``, in file order.

    Names must be unique in the whole codebook (ignoring case) so that users can
    refer to a code by its name alone; hotkeys and UUIDs must be unique too.
    A duplicate is reported where it occurs the second time. Codable codes need
    a definition unless ``require_definitions`` is false, as for codebooks from
    other tools, where a code without a description is common.
    """
    problems: list[str] = []
    if not book.name.strip():
        problems.append("missing codebook name")
    bad = _bad_text_character(book.description)
    if bad:
        problems.append(f"description contains control character {bad}")
    if not book.codes:
        problems.append("no codes (a codebook needs at least one code)")
    names: dict[str, str] = {}
    keys: dict[str, str] = {}
    uuids: dict[str, str] = {}
    for labelled in labelled_codes(book.codes):
        label, code = labelled.label, labelled.code
        problems.extend(f"{label}: {problem}" for problem in _code_problems(code, require_definitions))
        folded = code.name.casefold()
        if code.name and folded in names:
            problems.append(f"{label}: duplicate name {code.name!r} (also at {names[folded]})")
        names.setdefault(folded, label)
        if code.key and code.key in keys:
            problems.append(f"{label}: duplicate key {code.key!r} (also used by {keys[code.key]})")
        keys.setdefault(code.key, label)
        if code.uuid and code.uuid in uuids:
            problems.append(f"{label}: duplicate uuid {code.uuid} (also at {uuids[code.uuid]})")
        uuids.setdefault(code.uuid or "", label)
    return problems


def problems_error(source: str, problems: Sequence[str]) -> CodebookError:
    """One error for all problems: a single line for one, else a count then one line each.

    Every line names the file, so each stands on its own when a front end lists them.
    """
    if len(problems) == 1:
        return CodebookError(f"{source}: {problems[0]}")
    lines = [f"{source}: {len(problems)} problems"] + [f"{source}: {problem}" for problem in problems]
    return CodebookError("\n".join(lines))


def check_codebook(book: Codebook, source: str) -> Codebook:
    """``book`` if it breaks no rule, else a `CodebookError` listing every problem."""
    problems = codebook_problems(book)
    if problems:
        raise problems_error(source, problems)
    return book
