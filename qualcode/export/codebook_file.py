"""Writing a project's codebook to YAML or REFI-QDA, chosen by the file's suffix."""

from __future__ import annotations

from pathlib import Path

from qualcode.codebook import Codebook
from qualcode.errors import ExportError
from qualcode.export.writers import write_text


def write_codebook(book: Codebook, path: Path) -> Path:
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return write_text(book.to_yaml(), path)
    if suffix == ".qdc":
        return write_text(book.to_qdc(), path)
    raise ExportError(f"cannot export a codebook to {path.name}: use a .yaml, .yml or .qdc file")
