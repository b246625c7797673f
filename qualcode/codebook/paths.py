"""The one rule for spelling a code's path, e.g. ``approach/relational``, and for reading it back."""

from __future__ import annotations

from collections.abc import Sequence

PATH_SEPARATOR = "/"
"""Joins the names from the top-level code down; code names may therefore not contain it."""


def code_path(names: Sequence[str]) -> str:
    """The path of a code from its ancestors' names and its own, top-level first."""
    return PATH_SEPARATOR.join(names)


def parse_code_path(path: str) -> tuple[str, ...]:
    """The names in ``path``, top-level first; spaces around each name are ignored.

    Raises ValueError for an empty path or an empty step (``approach//relational``),
    which no code can have.
    """
    names = tuple(name.strip() for name in path.split(PATH_SEPARATOR))
    if not all(names):
        raise ValueError(f"bad code path {path!r}: empty name in it")
    return names
