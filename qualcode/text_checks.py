"""Which characters a name or a memo may hold: the one rule every way in applies."""

from __future__ import annotations

import re
import unicodedata

from qualcode.errors import QualcodeError

XML_UNSAFE = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters XML 1.0 cannot carry: C0 controls other than tab and newlines, lone surrogates,
U+FFFE and U+FFFF. Nothing that holds them can be exchanged as REFI-QDA."""


class ControlCharacterError(QualcodeError):
    """A name or text holds a control character."""


def _describe(character: str) -> str:
    name = unicodedata.name(character, "") or "control character"
    return (
        f"U+{ord(character):04X} ({name.lower()})"
        if name != "control character"
        else f"U+{ord(character):04X}"
    )


def check_name(value: str, what: str) -> str:
    """``value`` when it holds no control character (tabs and newlines included), else a clear refusal."""
    for position, character in enumerate(value, start=1):
        if unicodedata.category(character) in ("Cc", "Cs") or XML_UNSAFE.match(character):
            raise ControlCharacterError(
                f"{what} {value!r} holds control character {_describe(character)} at position {position}; "
                "names are plain text"
            )
    return value


def check_text(value: str, what: str) -> str:
    """``value`` when every character can be kept and exchanged; tabs and line breaks are fine."""
    found = XML_UNSAFE.search(value)
    if found is not None:
        line = value.count("\n", 0, found.start()) + 1
        raise ControlCharacterError(
            f"{what} holds control character {_describe(found.group())} on line {line}; "
            "remove it and save again"
        )
    return value
