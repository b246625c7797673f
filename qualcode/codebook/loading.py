"""Loading a codebook file of either format, chosen by its suffix."""

from __future__ import annotations

from pathlib import Path

from qualcode.codebook.model import Codebook
from qualcode.errors import CodebookError

YAML_SUFFIXES = (".yaml", ".yml")
QDC_SUFFIXES = (".qdc",)


def load_codebook(path: Path) -> tuple[Codebook, list[str]]:
    """The codebook in ``path`` and the warnings about it (always none for YAML, which is strict).

    Raises `CodebookError` for an unknown suffix, an unreadable file or an invalid codebook.
    """
    suffix = path.suffix.lower()
    if suffix in YAML_SUFFIXES:
        return Codebook.from_yaml(path), []
    if suffix in QDC_SUFFIXES:
        return Codebook.from_qdc(path)
    raise CodebookError(f"{path.name}: not a codebook file (use .yaml, .yml or a REFI-QDA .qdc)")
