"""Proving a project document valid against REFI-QDA's Project.xsd 1.0 before it is written.

ATLAS.ti, MAXQDA, NVivo and QualCoder each read ``project.qde`` against this
schema, and some refuse a whole project over one wrong attribute, often with
no message a researcher could act on. Checking every export here means a bug
in the writer stops the export with a line naming the element, instead of
shipping a file that another tool rejects weeks later.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from qualcode.codebook.qdc_schema import SchemaError, shipped_schema, xsd_errors
from qualcode.errors import ExportError
from qualcode.refi.model import PROJECT_FILE

PROJECT_SCHEMA = "Project.xsd"
"""QDA-XML 1.0 (18 March 2019) as REFI publishes it, in ``qualcode/schemas``."""


def project_document_errors(root: etree._Element) -> list[SchemaError]:
    """Every departure of ``root`` from Project.xsd 1.0, in document order; [] when valid."""
    return xsd_errors(shipped_schema(PROJECT_SCHEMA), root)


def check_project_document(root: etree._Element, target: Path) -> None:
    """Refuse to write ``target`` when ``root`` is not a valid REFI-QDA project document.

    The message names the first departure's element and line in ``project.qde``
    as it would be written (``root`` parsed from the bytes to be written), and
    how many more there are.
    """
    errors = project_document_errors(root)
    if not errors:
        return
    first = errors[0]
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    raise ExportError(
        f"cannot write {target}: {PROJECT_FILE} line {first.line} breaks REFI-QDA Project.xsd 1.0: "
        f"{first.message.rstrip('.')}{more}; nothing was written"
    )
