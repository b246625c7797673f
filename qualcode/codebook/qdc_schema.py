"""Checking REFI-QDA documents against the standard's XSDs, shipped in ``qualcode/schemas``.

The codebook reader reports a foreign codebook's departures as warnings, and the
project writer refuses a project document that departs at all; both read
libxml2's messages the same way, so that logic lives here once.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

from lxml import etree

_ELEMENT = re.compile(r"Element '(?:\{[^}]*\})?([^']+)'")
_ATTRIBUTE = re.compile(r"attribute '([^']+)'")
_NAMESPACE = re.compile(r"\{(?:urn|https?):[^}]*\}")


@dataclass(frozen=True)
class SchemaError:
    """One place where a document departs from its XSD."""

    line: int
    """lxml's line of the element: the line its start tag ends on."""
    element: str
    """Local name of the element, e.g. ``Code``."""
    subject: str
    """The attribute the error is about, or else the element: what a reader's warning would name."""
    message: str
    """libxml2's message with namespaces left out, e.g. ``Element 'Sets': Missing child element(s)…``."""


@functools.cache
def shipped_schema(file_name: str) -> etree.XMLSchema:
    """A schema from ``qualcode/schemas`` (``Codebook.xsd``, ``Project.xsd``), parsed once per process."""
    schema_file = resources.files("qualcode") / "schemas" / file_name
    return etree.XMLSchema(etree.fromstring(schema_file.read_bytes()))


def codebook_schema() -> etree.XMLSchema:
    """The REFI-QDA Codebook 1.0 schema."""
    return shipped_schema("Codebook.xsd")


def xsd_errors(schema: etree.XMLSchema, root: etree._Element) -> list[SchemaError]:
    """Every error of ``root`` against ``schema``, in document order."""
    if schema.validate(root):
        return []
    errors: list[SchemaError] = []
    for entry in schema.error_log:
        element_match = _ELEMENT.search(entry.message)
        attribute_match = _ATTRIBUTE.search(entry.message)
        element = element_match[1] if element_match else ""
        errors.append(
            SchemaError(
                line=entry.line,
                element=element,
                subject=attribute_match[1] if attribute_match else element,
                message=_NAMESPACE.sub("", entry.message).strip(),
            )
        )
    return errors


def schema_errors(root: etree._Element) -> list[SchemaError]:
    """Every error of ``root`` against the codebook schema, in document order."""
    return xsd_errors(codebook_schema(), root)
