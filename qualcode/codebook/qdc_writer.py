"""Writing a codebook as a REFI-QDA 1.0 codebook (.qdc), or just its ``<Codes>`` for a project file."""

from __future__ import annotations

from lxml import etree

from qualcode.codebook.identifiers import uuid_from_code_path
from qualcode.codebook.model import Codebook, CodeSpec
from qualcode.codebook.paths import code_path
from qualcode.codebook.qdc_description import format_description
from qualcode.errors import CodebookError

CODEBOOK_NAMESPACE = "urn:QDA-XML:codebook:1.0"
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
ORIGIN = "qualcode"
"""The ``origin`` attribute of exported codebooks: the tool that wrote them."""


def _code_element(code: CodeSpec, path: tuple[str, ...], namespace: str) -> etree._Element:
    """A ``<Code>`` with its description and nested codes.

    A code that was never given a UUID gets one derived from its path, since
    the standard requires a GUID and the same codebook should export the same.
    """
    element = etree.Element(f"{{{namespace}}}Code")
    element.set("guid", code.uuid or uuid_from_code_path(code_path(path)))
    element.set("name", code.name)
    element.set("isCodable", "true" if code.codable else "false")
    if code.color:
        element.set("color", code.color)
    description = format_description(code)
    if description:
        etree.SubElement(element, f"{{{namespace}}}Description").text = description
    for child in code.children:
        element.append(_code_element(child, (*path, child.name), namespace))
    return element


def codes_element(book: Codebook, namespace: str = CODEBOOK_NAMESPACE) -> etree._Element:
    """The ``<Codes>`` element of ``book`` in ``namespace``, for a codebook or a project file."""
    codes = etree.Element(f"{{{namespace}}}Codes", nsmap={None: namespace})
    for code in book.codes:
        codes.append(_code_element(code, (code.name,), namespace))
    return codes


def codebook_element(book: Codebook) -> etree._Element:
    """The ``<CodeBook>`` root of a .qdc file.

    The standard has no place for the codebook's own name, version and
    description: they are not written, and a loaded .qdc is named after its file.
    """
    root = etree.Element(f"{{{CODEBOOK_NAMESPACE}}}CodeBook", nsmap={None: CODEBOOK_NAMESPACE})
    root.set("origin", ORIGIN)
    root.append(codes_element(book))
    return root


def codebook_qdc(book: Codebook) -> str:
    """The text of a .qdc file for ``book``: UTF-8 declared, indented for reading.

    Raises `CodebookError` for text XML cannot hold (control characters),
    which a validated codebook never has.
    """
    try:
        root = codebook_element(book)
    except ValueError as error:
        raise CodebookError(f"{book.name}: cannot be written as REFI-QDA: {error}") from None
    etree.indent(root, space="  ")
    body: str = etree.tostring(root, encoding="unicode", pretty_print=True)
    return XML_DECLARATION + body
