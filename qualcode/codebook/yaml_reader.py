"""Reading YAML codebooks strictly: wrong types, unknown or repeated fields and broken rules, all reported."""

from __future__ import annotations

import datetime
import difflib
from pathlib import Path
from typing import Any

import yaml

from qualcode.codebook.model import Codebook, CodeSpec
from qualcode.codebook.paths import code_path
from qualcode.codebook.validation import codebook_problems, problems_error
from qualcode.errors import CodebookError

CODEBOOK_FIELDS = ("name", "version", "description", "codes")
"""Top-level fields, in the order `to_yaml` writes them."""
CODE_FIELDS = (
    "name",
    "key",
    "color",
    "uuid",
    "codable",
    "exclusive",
    "ordered",
    "definition",
    "when_to_use",
    "when_not_to_use",
    "example",
    "children",
)
"""Fields of a code, in the order `to_yaml` writes them."""


class _FieldCheckingLoader(yaml.SafeLoader):
    """A safe loader that notes repeated fields, which plain YAML loading silently overwrites."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.repeated_fields: list[str] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                repeated = key in seen
                seen.add(key)
            except TypeError:
                continue  # an unhashable key; the base class reports it
            if repeated:
                self.repeated_fields.append(f"line {key_node.start_mark.line + 1}: field {key!r} given twice")
        return super().construct_mapping(node, deep=deep)


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, int | float):
        return f"the number {value!r} (put it in quotes)"
    if isinstance(value, datetime.date):
        return f"the date {value.isoformat()} (put it in quotes)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, str):
        return f"the text {value!r}"
    return type(value).__name__


class _CodebookParser:
    """Turns the loaded YAML document into a `Codebook`, noting every structural problem on the way."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def note(self, where: str, problem: str) -> None:
        self.problems.append(f"{where}: {problem}" if where else problem)

    def unknown_fields(self, where: str, mapping: dict[Any, Any], known: tuple[str, ...]) -> None:
        for field_name in mapping:
            if field_name in known:
                continue
            match = difflib.get_close_matches(str(field_name), known, n=1, cutoff=0.6)
            hint = f"did you mean {match[0]!r}?" if match else "known fields: " + ", ".join(known)
            self.note(where, f"unknown field {str(field_name)!r} ({hint})")

    def text(self, where: str, mapping: dict[Any, Any], field_name: str, required: bool = False) -> str:
        """The field's text, stripped; a wrong type is reported once.

        A required field of the wrong type is kept as its repr, so that the
        report does not go on to call it missing.
        """
        value = mapping.get(field_name)
        if value is None:
            return ""
        if isinstance(value, str):
            return value.strip()
        self.note(where, f"{field_name} must be text, got {_kind(value)}")
        return str(value) if required else ""

    def flag(self, where: str, mapping: dict[Any, Any], field_name: str, default: bool) -> bool:
        value = mapping.get(field_name)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        self.note(where, f"{field_name} must be true or false, got {value!r}")
        return default

    def key(self, where: str, mapping: dict[Any, Any]) -> str:
        """The hotkey as written: not stripped, since a space is a mistake to report, not to hide."""
        value = mapping.get("key")
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 9:
            return str(value)  # `key: 1` is a number to YAML but plainly means the digit
        if value is None or isinstance(value, str):
            return value or ""
        return self.text(where, mapping, "key")

    def color(self, where: str, mapping: dict[Any, Any]) -> str:
        if "color" in mapping and mapping["color"] is None:
            self.note(where, 'color is empty (an unquoted # starts a YAML comment: write color: "#2E8B57")')
        return self.text(where, mapping, "color")

    def codes(self, parent: str, value: object) -> list[CodeSpec]:
        """The codes of the top-level ``codes`` list (``parent`` "") or of a parent's ``children``."""
        if value is None:
            return []
        if not isinstance(value, list):
            field_name = "children" if parent else "codes"
            self.note(parent, f"{field_name} must be a list of codes, got {_kind(value)}")
            return []
        return [
            spec
            for position, item in enumerate(value, start=1)
            if (spec := self.code(parent, position, item)) is not None
        ]

    def code(self, parent: str, position: int, item: object) -> CodeSpec | None:
        if not isinstance(item, dict):
            label = code_path([parent, f"#{position}"]) if parent else f"#{position}"
            self.note(label, f"expected a code (name, definition, …), got {_kind(item)}")
            return None
        raw_name = item.get("name")
        name = raw_name.strip() if isinstance(raw_name, str) else "" if raw_name is None else str(raw_name)
        own = name or f"#{position}"
        label = code_path([parent, own]) if parent else own
        self.text(label, item, "name")  # reports a name that is not text, under the label it gives the code
        self.unknown_fields(label, item, CODE_FIELDS)
        return CodeSpec(
            name=name,
            key=self.key(label, item),
            color=self.color(label, item),
            uuid=self.text(label, item, "uuid") or None,
            codable=self.flag(label, item, "codable", True),
            exclusive=self.flag(label, item, "exclusive", False),
            ordered=self.flag(label, item, "ordered", False),
            children=self.codes(label, item.get("children")),
            definition=self.text(label, item, "definition", required=True),
            when_to_use=self.text(label, item, "when_to_use"),
            when_not_to_use=self.text(label, item, "when_not_to_use"),
            example=self.text(label, item, "example"),
        )

    def codebook(self, document: object) -> Codebook:
        if not isinstance(document, dict):
            found = "the file is empty" if document is None else f"found {_kind(document)}"
            self.note("", f"expected a mapping with name and codes at the top ({found})")
            return Codebook(name="", codes=[])
        self.unknown_fields("", document, CODEBOOK_FIELDS)
        return Codebook(
            name=self.text("", document, "name", required=True),
            version=self.text("", document, "version"),
            description=self.text("", document, "description"),
            codes=self.codes("", document.get("codes")),
        )


def _load_document(text: str, source: str) -> tuple[object, list[str]]:
    loader = _FieldCheckingLoader(text)
    try:
        return loader.get_single_data(), loader.repeated_fields
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 1}: " if mark else ""
        reason = error.problem or error.context or "unreadable"
        raise CodebookError(f"{source}: {where}invalid YAML: {reason}") from None
    except yaml.YAMLError as error:
        raise CodebookError(f"{source}: invalid YAML: {error}") from None
    finally:
        loader.dispose()


def read_yaml_text(text: str, source: str = "<codebook>") -> Codebook:
    """A valid codebook from YAML text, or one `CodebookError` listing every problem found."""
    document, repeated = _load_document(text, source)
    parser = _CodebookParser()
    book = parser.codebook(document)
    problems = repeated + parser.problems
    if isinstance(document, dict):
        problems += codebook_problems(book)
    if problems:
        raise problems_error(source, problems)
    return book


def read_yaml_file(path: Path) -> Codebook:
    """`read_yaml_text` of a UTF-8 file (a BOM is allowed), named in messages by its file name."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CodebookError(f"{path}: no such file") from None
    except OSError as error:
        raise CodebookError(f"{path}: cannot read it: {error.strerror}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CodebookError(f"{path.name}: not UTF-8 text (byte {error.start + 1} is invalid)") from None
    return read_yaml_text(text, path.name)
