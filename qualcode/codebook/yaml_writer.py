"""Writing a codebook as YAML laid out for review in git: fixed field order, one line per short field."""

from __future__ import annotations

from typing import Any

import yaml

from qualcode.codebook.model import Codebook, CodeSpec
from qualcode.codebook.validation import TEXT_FIELDS

_LINE_BREAKS_YAML_FOLDS = "\x85\u2028\u2029"
"""Characters YAML reads as line breaks: only an escaped (double-quoted) string keeps them as written."""
_NO_WRAPPING = 1_000_000
"""Line width for the emitter: a field stays on one line, so a changed word shows as one changed line."""


class _Literal(str):
    """Text written as a ``|`` block, as a person would write a multi-line definition."""


class _DoubleQuoted(str):
    """Text written in double quotes: colours (``"#2E8B57"``, since ``#`` starts a comment) and odd text."""


class _CodebookDumper(yaml.SafeDumper):
    """A safe dumper that indents list items under their key and quotes only with double quotes."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def choose_scalar_style(self) -> str:
        """Double quotes wherever quotes are needed (``version: "1.0"``), one quoting style throughout."""
        style: str = super().choose_scalar_style()
        return '"' if style == "'" else style


def _represent_literal(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")


def _represent_double_quoted(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')


_CodebookDumper.add_representer(_Literal, _represent_literal)
_CodebookDumper.add_representer(_DoubleQuoted, _represent_double_quoted)


def _text(value: str) -> str:
    """``value`` marked with the style that reads back exactly (the emitter falls back when it must)."""
    if any(character in _LINE_BREAKS_YAML_FOLDS for character in value):
        return _DoubleQuoted(value)
    if "\n" in value:
        return _Literal(value)
    return value


def _code_fields(code: CodeSpec) -> dict[str, Any]:
    """A code's fields in `CODE_FIELDS` order, leaving out the ones at their default."""
    fields: dict[str, Any] = {"name": _text(code.name)}
    if code.key:
        fields["key"] = _text(code.key)
    if code.color:
        fields["color"] = _DoubleQuoted(code.color)
    if code.uuid:
        fields["uuid"] = code.uuid
    if not code.codable:
        fields["codable"] = False
    if code.exclusive:
        fields["exclusive"] = True
    if code.ordered:
        fields["ordered"] = True
    for field_name in TEXT_FIELDS:
        value = getattr(code, field_name)
        if value:
            fields[field_name] = _text(value)
    if code.children:
        fields["children"] = [_code_fields(child) for child in code.children]
    return fields


def codebook_yaml(book: Codebook) -> str:
    """The YAML text of ``book``; reading it back gives an equal codebook."""
    document: dict[str, Any] = {"name": _text(book.name)}
    if book.version:
        document["version"] = _text(book.version)
    if book.description:
        document["description"] = _text(book.description)
    document["codes"] = [_code_fields(code) for code in book.codes]
    return yaml.dump(
        document,
        Dumper=_CodebookDumper,
        sort_keys=False,
        allow_unicode=True,
        width=_NO_WRAPPING,
        default_flow_style=False,
    )
