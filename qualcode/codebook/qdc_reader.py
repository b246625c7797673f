"""Reading REFI-QDA codebooks (.qdc) as real tools write them: deviations are warnings with line numbers.

A file loads when every code in it can be read; what had to be bent to read
it (a missing ``isCodable``, a GUID that is not a UUID, an older namespace,
a repeated name) is reported as a warning naming the line. A file that is
not well-formed XML, or has a code without a name, is refused whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from qualcode.codebook.identifiers import (
    canonical_color,
    canonical_uuid,
    uuid_from_code_path,
    uuid_from_foreign_id,
)
from qualcode.codebook.model import Codebook, CodeSpec
from qualcode.codebook.paths import PATH_SEPARATOR, code_path
from qualcode.codebook.qdc_description import parse_description
from qualcode.codebook.qdc_names import unique_names_and_keys
from qualcode.codebook.qdc_schema import schema_errors
from qualcode.codebook.qdc_writer import CODEBOOK_NAMESPACE
from qualcode.codebook.validation import codebook_problems, is_unwritable, problems_error
from qualcode.errors import CodebookError

_NAMESPACE_FAMILY = "urn:QDA-XML:codebook:"
"""Every version of the codebook namespace (``0:4``, ``1.0``) names the same elements."""
_TRUE, _FALSE = ("true", "1"), ("false", "0")
_LOCATION_SUFFIX = re.compile(r", line \d+, column \d+$")


@dataclass(frozen=True)
class Deviation:
    """Something the reader had to bend to read a file, and what it did about it."""

    sourceline: int
    """lxml's line of the element concerned: where its start tag ends."""
    element: str
    subject: str
    """The attribute or element concerned, to recognise the schema error it explains; "" for none."""
    message: str


class _SourceLines:
    """Finds the line where an element's start tag begins, the line a user looks for.

    lxml gives the line where the start tag ends, which for files written with
    one attribute per line (as MAXQDA writes them) is several lines further down.
    """

    def __init__(self, data: bytes, encoding: str) -> None:
        try:
            self.lines = data.decode(encoding).split("\n")
        except (LookupError, UnicodeDecodeError):
            self.lines = []

    def start(self, line: int, element: str) -> int:
        tag = re.compile(rf"<(?:[\w.-]+:)?{re.escape(element)}(?=[\s/>]|$)")
        for index in range(min(line, len(self.lines)) - 1, -1, -1):
            if tag.search(self.lines[index]):
                return index + 1
        return line


def _local(element: etree._Element) -> str:
    return str(etree.QName(element).localname)


def _clean_name(raw: str) -> tuple[str, str]:
    """A usable code name from ``raw`` and why it differs, "" when it does not."""
    name = raw.strip()
    reasons = []
    if not name.isprintable():
        name = " ".join("".join(c if c.isprintable() else " " for c in name).split())
        reasons.append("line breaks and control characters become spaces")
    if PATH_SEPARATOR in name:
        name = name.replace(PATH_SEPARATOR, "-")
        reasons.append(f"{PATH_SEPARATOR!r} separates the names in a code path")
    return name, "; ".join(reasons)


class QdcReader:
    """Reads the codes of one parsed file, noting deviations and errors on the way."""

    def __init__(self, namespace: str, line_of: _SourceLines) -> None:
        self.namespace = namespace
        self.line_of = line_of
        self.deviations: list[Deviation] = []
        self.errors: list[tuple[int, str]] = []
        self.elements: dict[int, etree._Element] = {}
        """id(CodeSpec) → the element it was read from, for messages about it later."""
        self._guid_lines: dict[str, int] = {}

    def deviate(self, element: etree._Element, subject: str, message: str) -> None:
        self.deviations.append(Deviation(element.sourceline or 0, _local(element), subject, message))

    def start_line(self, element: etree._Element) -> int:
        return self.line_of.start(element.sourceline or 0, _local(element))

    def tag(self, local: str) -> str:
        return f"{{{self.namespace}}}{local}"

    def _uuid(self, element: etree._Element, path: str) -> str:
        raw = element.get("guid")
        if raw is None:
            self.deviate(element, "guid", "attribute guid missing (given a UUID derived from the code path)")
            found = uuid_from_code_path(path)
        elif canonical_uuid(raw) is None:
            found = uuid_from_foreign_id(raw)
            self.deviate(element, "guid", f"guid {raw!r} is not a UUID (read as {found}, derived from it)")
        else:
            found = uuid_from_foreign_id(raw)
        if found in self._guid_lines:
            first = self._guid_lines[found]
            self.deviate(
                element,
                "guid",
                f"guid {found} is also used on line {first} (given a UUID derived from the code path)",
            )
            found = uuid_from_code_path(path)
        self._guid_lines.setdefault(found, self.start_line(element))
        return found

    def _codable(self, element: etree._Element) -> bool:
        raw = element.get("isCodable")
        if raw is None:
            self.deviate(element, "isCodable", "attribute isCodable missing (read as true)")
            return True
        if raw.strip().lower() in _FALSE:
            return False
        if raw.strip().lower() not in _TRUE:
            self.deviate(element, "isCodable", f"isCodable {raw!r} is not true or false (read as true)")
        return True

    def _color(self, element: etree._Element) -> str:
        raw = element.get("color")
        if raw is None:
            return ""
        color = canonical_color(raw)
        if color is None:
            self.deviate(element, "color", f"color {raw!r} is not #RRGGBB (ignored)")
        return color or ""

    def _description(self, element: etree._Element) -> str:
        description = element.find(self.tag("Description"))
        if description is None:
            return ""
        text = "".join(description.itertext())
        kept = "".join(character for character in text if not is_unwritable(character))
        if kept != text:
            self.deviate(description, "", "control characters in the description left out")
        return kept

    def code(self, element: etree._Element, parent: tuple[str, ...]) -> CodeSpec:
        raw_name = element.get("name") or ""
        name, reason = _clean_name(raw_name)
        if not name:
            self.errors.append((self.start_line(element), "code without a name"))
        elif reason:
            self.deviate(element, "name", f"code name {raw_name!r} read as {name!r} ({reason})")
        path = (*parent, name)
        uuid = self._uuid(element, code_path(path))  # attributes in the standard's order, for the warnings
        codable = self._codable(element)
        color = self._color(element)
        fields = parse_description(self._description(element))
        spec = CodeSpec(
            name=name,
            key=fields.key,
            color=color,
            definition=fields.definition,
            when_to_use=fields.when_to_use,
            when_not_to_use=fields.when_not_to_use,
            example=fields.example,
            exclusive=fields.exclusive,
            codable=codable,
            uuid=uuid,
            children=[self.code(child, path) for child in element.iterchildren(self.tag("Code"))],
        )
        self.elements[id(spec)] = element
        return spec

    def sets(self, root: etree._Element) -> None:
        """Code sets have no place in qualcode: say so rather than drop them silently."""
        sets = root.find(self.tag("Sets"))
        if sets is None:
            return
        count = len(sets.findall(self.tag("Set")))
        if count == 0:
            self.deviate(sets, "Sets", "empty <Sets> element (ignored)")
        else:
            sets_kept = "code set is" if count == 1 else "code sets are"
            self.deviate(sets, "", f"{count} {sets_kept} not kept (qualcode has no code sets)")


def _parse(data: bytes, source: str) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        reason = _LOCATION_SUFFIX.sub("", error.msg or "unreadable")
        raise CodebookError(f"{source}: line {error.lineno}: malformed XML: {reason}") from None


def _adopt_namespace(root: etree._Element, source: str, reader: QdcReader) -> None:
    """Read another version of the codebook namespace (or none) as 1.0, by renaming the elements in it."""
    namespace = etree.QName(root).namespace
    if _local(root) != "CodeBook" or not (namespace is None or namespace.startswith(_NAMESPACE_FAMILY)):
        shown = f"{{{namespace}}}{_local(root)}" if namespace else _local(root)
        raise CodebookError(f"{source}: not a REFI-QDA codebook (its root element is {shown}, not CodeBook)")
    if namespace == CODEBOOK_NAMESPACE:
        return
    reader.deviate(root, "", f"namespace {namespace or '(none)'} read as {CODEBOOK_NAMESPACE}")
    for element in root.iter(tag=etree.Element):
        if etree.QName(element).namespace == namespace:
            element.tag = f"{{{CODEBOOK_NAMESPACE}}}{_local(element)}"


def _undefined_codes_warning(source: str, book: Codebook) -> list[str]:
    """One warning for all codable codes without a definition, which a YAML codebook requires."""
    paths = [code_path(path) for path, code, _ in book.walk() if code.codable and not code.definition]
    if not paths:
        return []
    shown = ", ".join(paths[:5]) + (f" and {len(paths) - 5} more" if len(paths) > 5 else "")
    codes = "code has" if len(paths) == 1 else "codes have"
    return [f"{source}: {len(paths)} codable {codes} no definition, which a YAML codebook requires: {shown}"]


def read_qdc_bytes(data: bytes, source: str) -> tuple[Codebook, list[str]]:
    """The codebook in ``data`` and warnings as ``source: line N: …``; `CodebookError` if unreadable."""
    root = _parse(data, source)
    line_of = _SourceLines(data, root.getroottree().docinfo.encoding or "utf-8")
    reader = QdcReader(CODEBOOK_NAMESPACE, line_of)
    _adopt_namespace(root, source, reader)
    codes = root.find(reader.tag("Codes"))
    if codes is None or codes.find(reader.tag("Code")) is None:
        raise CodebookError(
            f"{source}: line {root.sourceline}: no codes (a codebook needs at least one <Code>)"
        )
    specs = [reader.code(element, ()) for element in codes.iterchildren(reader.tag("Code"))]
    if reader.errors:
        raise problems_error(source, [f"line {line}: {problem}" for line, problem in reader.errors])
    reader.sets(root)
    book = Codebook(name=Path(source).stem or "codebook", codes=specs)
    explained = {(deviation.sourceline, deviation.subject) for deviation in reader.deviations}
    located = [(line_of.start(d.sourceline, d.element), d.message) for d in reader.deviations]
    located += [
        (line_of.start(error.line, error.element), f"does not match the REFI-QDA schema: {error.message}")
        for error in schema_errors(root)
        if (error.line, error.subject) not in explained
    ]
    located += [
        (reader.start_line(reader.elements[id(code)]), message)
        for code, message in unique_names_and_keys(book)
    ]
    located.sort(key=lambda item: item[0])
    remaining = codebook_problems(book, require_definitions=False)
    if remaining:  # the reader repairs every rule but definitions; this guards that promise
        raise problems_error(source, remaining)
    warnings = [f"{source}: line {line}: {message}" for line, message in located]
    return book, warnings + _undefined_codes_warning(source, book)


def read_qdc_file(path: Path) -> tuple[Codebook, list[str]]:
    """`read_qdc_bytes` of a file, named in messages by its file name."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CodebookError(f"{path}: no such file") from None
    except OSError as error:
        raise CodebookError(f"{path}: cannot read it: {error.strerror}") from None
    return read_qdc_bytes(data, path.name)
