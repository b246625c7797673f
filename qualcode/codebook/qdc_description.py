"""The readable layout in which a REFI-QDA ``<Description>`` carries a code's fields, both ways.

REFI-QDA gives a code one free-text description. qualcode writes its fields
into it as paragraphs a person can read in any QDA tool, and reads them back::

    Trust and relationships come before strategy.

    When to use: the speaker puts relationships first.

    When not to use: relationships are only a means to a plan.

    Example: "For a year we did not write a plan."

    Hotkey: r
    Children mutually exclusive: yes

The definition comes first, unlabelled; each other field is a paragraph that
starts with its label; hotkey and exclusivity, which the standard has no place
for, form the last paragraph. Empty fields are left out. A description from
another tool without these labels is all definition. The one ambiguity: text
that itself contains a blank line followed by a label (``Example: …``) is read
as that field.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from qualcode.codebook.model import CodeSpec

LABELS = {
    "when_to_use": "When to use:",
    "when_not_to_use": "When not to use:",
    "example": "Example:",
}
"""Field → the label its paragraph starts with."""
HOTKEY_LABEL = "Hotkey:"
EXCLUSIVE_LABEL = "Children mutually exclusive:"

_FIELD_BY_LABEL = {label: field_name for field_name, label in LABELS.items()}
_ANY_LABEL = "|".join(re.escape(label) for label in LABELS.values())
_LABELLED = re.compile(rf"({_ANY_LABEL})(?: |\n|$)")
_SECTION_START = re.compile(rf"\n\n(?=(?:{_ANY_LABEL})(?: |\n|$))")
_HOTKEY_LINE = re.compile(re.escape(HOTKEY_LABEL) + r" (\S)")
_EXCLUSIVE_LINE = re.compile(re.escape(EXCLUSIVE_LABEL) + r" (yes|no)")


@dataclass(frozen=True)
class DescriptionFields:
    """The code fields read from one description."""

    definition: str = ""
    when_to_use: str = ""
    when_not_to_use: str = ""
    example: str = ""
    key: str = ""
    exclusive: bool = False


def format_description(code: CodeSpec) -> str:
    """The description text for ``code``; "" when it has nothing to say."""
    paragraphs = [code.definition] if code.definition else []
    paragraphs += [f"{label} {getattr(code, name)}" for name, label in LABELS.items() if getattr(code, name)]
    settings = [f"{HOTKEY_LABEL} {code.key}"] if code.key else []
    if code.exclusive:
        settings.append(f"{EXCLUSIVE_LABEL} yes")
    if settings:
        paragraphs.append("\n".join(settings))
    return "\n\n".join(paragraphs)


def tidy_description(raw: str) -> str:
    """``raw`` without surrounding blank lines and without the indentation all its lines share.

    Tools that pretty-print their XML indent description text with the element
    (MAXQDA does); that indentation is layout, not content.
    """
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    indents = [line[: len(line) - len(line.lstrip())] for line in lines if line.strip()]
    common = os.path.commonprefix(indents) if indents else ""
    lines = [line.removeprefix(common) for line in lines]
    return "\n".join(lines).strip()


def _settings(paragraph: str) -> tuple[str, bool] | None:
    """Hotkey and exclusivity when ``paragraph`` is the settings paragraph, else None."""
    key, exclusive, seen = "", False, set()
    for line in paragraph.split("\n"):
        if (match := _HOTKEY_LINE.fullmatch(line)) and match[1].isprintable() and "key" not in seen:
            key = match[1]
            seen.add("key")
        elif (match := _EXCLUSIVE_LINE.fullmatch(line)) and "exclusive" not in seen:
            exclusive = match[1] == "yes"
            seen.add("exclusive")
        else:
            return None
    return key, exclusive


def parse_description(raw: str) -> DescriptionFields:
    """The fields in a description written by `format_description`, or by hand in its layout."""
    text = tidy_description(raw)
    key, exclusive = "", False
    head, _, last = text.rpartition("\n\n")
    settings = _settings(last)
    if settings is not None:
        key, exclusive = settings
        text = head.rstrip()
    values = dict.fromkeys(("definition", *LABELS), "")
    for section in _SECTION_START.split(text):
        match = _LABELLED.match(section)
        field_name = _FIELD_BY_LABEL[match[1]] if match else "definition"
        value = section[len(match[1]) :].strip() if match else section.strip()
        if values[field_name]:
            value = f"{values[field_name]}\n\n{section}"  # a label given twice: keep all its text
        values[field_name] = value
    return DescriptionFields(key=key, exclusive=exclusive, **values)
