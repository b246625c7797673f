"""Codebooks as plain data: the model, YAML and REFI-QDA (.qdc) converters, validation and code paths."""

from qualcode.codebook.identifiers import uuid_from_foreign_id
from qualcode.codebook.loading import load_codebook
from qualcode.codebook.model import Codebook, CodeSpec
from qualcode.codebook.paths import PATH_SEPARATOR, code_path, parse_code_path
from qualcode.codebook.validation import codebook_problems


def __getattr__(name: str) -> object:
    """The REFI-QDA writer (and lxml) load when first asked for, not whenever a project opens."""
    if name in ("CODEBOOK_NAMESPACE", "codes_element"):
        from qualcode.codebook import qdc_writer

        return getattr(qdc_writer, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "CODEBOOK_NAMESPACE",
    "PATH_SEPARATOR",
    "CodeSpec",
    "Codebook",
    "code_path",
    "codebook_problems",
    "codes_element",
    "load_codebook",
    "parse_code_path",
    "uuid_from_foreign_id",
]
