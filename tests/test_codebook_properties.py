"""Property tests: any valid codebook reads back equal from YAML, and its codes from REFI-QDA."""

from __future__ import annotations

import re
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualcode.codebook import Codebook, CodeSpec, code_path, codebook_problems
from qualcode.codebook.identifiers import uuid_from_code_path
from qualcode.codebook.qdc_description import EXCLUSIVE_LABEL, HOTKEY_LABEL, LABELS

_TEXT_CHARACTERS = st.characters(
    blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff"
) | st.sampled_from("\n\t :#'\"-|>")
"""What a text field may hold: anything but control characters, with YAML's special characters made likely."""

_NAME_CHARACTERS = st.characters(blacklist_characters="/").filter(str.isprintable)


def _stripped(alphabet: st.SearchStrategy[str], min_size: int = 0) -> st.SearchStrategy[str]:
    texts = st.text(alphabet, min_size=min_size, max_size=40).map(str.strip)
    return texts.filter(lambda text: len(text) >= min_size)


_TEXT = _stripped(_TEXT_CHARACTERS)
_NAME = _stripped(_NAME_CHARACTERS, min_size=1)
_KEY = st.characters().filter(lambda c: c.isprintable() and not c.isspace())
_COLOR = st.one_of(st.just(""), st.from_regex(r"#[0-9A-F]{6}", fullmatch=True))


@st.composite
def code_trees(draw: st.DrawFn, depth: int = 0) -> list[CodeSpec]:
    """Codes with placeholder names, keys and UUIDs: `codebooks` makes those unique afterwards."""
    codes = []
    for _ in range(draw(st.integers(min_value=1 if depth == 0 else 0, max_value=3 if depth < 2 else 0))):
        codable = draw(st.booleans())
        codes.append(
            CodeSpec(
                name="",
                color=draw(_COLOR),
                definition=draw(_stripped(_TEXT_CHARACTERS, min_size=1) if codable else _TEXT),
                when_to_use=draw(_TEXT),
                when_not_to_use=draw(_TEXT),
                example=draw(_TEXT),
                exclusive=draw(st.booleans()),
                codable=codable,
                children=draw(code_trees(depth + 1)),
            )
        )
    return codes


def _all_codes(codes: list[CodeSpec]) -> list[CodeSpec]:
    return [found for code in codes for found in (code, *_all_codes(code.children))]


@st.composite
def codebooks(draw: st.DrawFn) -> Codebook:
    """Valid codebooks: names unique ignoring case, hotkeys and UUIDs unique, codable codes defined."""
    codes = draw(code_trees())
    every = _all_codes(codes)
    names = draw(st.lists(_NAME, min_size=len(every), max_size=len(every), unique_by=str.casefold))
    keys = draw(st.lists(_KEY, min_size=len(every), max_size=len(every), unique=True))
    uuids = draw(st.lists(st.uuids(), min_size=len(every), max_size=len(every), unique=True))
    for code, name, key, uuid in zip(every, names, keys, uuids, strict=True):
        code.name = name
        code.key = key if draw(st.booleans()) else ""
        code.uuid = str(uuid) if draw(st.booleans()) else None
    book = Codebook(
        name=draw(_NAME),
        version=draw(_stripped(_NAME_CHARACTERS)),
        description=draw(_TEXT),
        codes=codes,
    )
    assert codebook_problems(book) == []
    return book


_LAYOUT_LABELS = (*LABELS.values(), HOTKEY_LABEL, EXCLUSIVE_LABEL)
_LAYOUT_LABEL = re.compile(r"(?:^|\n\n)(?:" + "|".join(re.escape(label) for label in _LAYOUT_LABELS) + ")")


def _fits_description_layout(book: Codebook) -> bool:
    """No text starts a paragraph with a label of the description layout, its one documented ambiguity."""
    return not any(
        _LAYOUT_LABEL.search(getattr(code, field))
        for code in _all_codes(book.codes)
        for field in ("definition", "when_to_use", "when_not_to_use", "example")
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(codebooks())
def test_yaml_round_trip_gives_an_equal_codebook(book: Codebook) -> None:
    assert Codebook.from_yaml_text(book.to_yaml()) == book


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(codebooks().filter(_fits_description_layout))
def test_qdc_round_trip_keeps_every_code_field(book: Codebook) -> None:
    loaded, warnings = Codebook.from_qdc_bytes(book.to_qdc().encode("utf-8"), "book.qdc")
    assert warnings == []
    assert _rows(loaded) == _rows(book, missing_uuid=uuid_from_code_path)


def _rows(book: Codebook, missing_uuid: Callable[[str], str] | None = None) -> list[tuple[object, ...]]:
    """Every field of every code; a code without UUID shows the one ``missing_uuid`` derives from its path."""
    return [
        (
            path,
            code.uuid or (missing_uuid(code_path(path)) if missing_uuid else None),
            code.key,
            code.color,
            code.definition,
            code.when_to_use,
            code.when_not_to_use,
            code.example,
            code.exclusive,
            code.codable,
        )
        for path, code, _ in book.walk()
    ]
