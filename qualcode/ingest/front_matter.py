"""Splitting a YAML front-matter block (``---`` ... ``---``) off the top of a text transcript."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

import yaml

from qualcode.errors import ImportFileError

MAX_FRONT_MATTER_LINES = 200
"""A closing ``---`` further down is a Markdown rule, not the end of a metadata block."""

_FRONT_MATTER = re.compile(
    rf"---[^\S\n]*\n(?P<yaml>(?:.*\n){{0,{MAX_FRONT_MATTER_LINES}}}?)(?:---|\.\.\.)[^\S\n]*(?:\n|\Z)"
)


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """The metadata found at the top of a text and where the transcript proper begins."""

    meta: dict[str, str] = field(default_factory=dict)
    """Front-matter keys and values, values rendered as text."""
    body_start: int = 0
    """Offset in the text just past the closing ``---`` line."""
    warnings: list[str] = field(default_factory=list)
    """Why a leading ``---`` block was not taken as front matter, if it was not."""


def split_front_matter(text: str, source_name: str) -> FrontMatter:
    """Read a leading YAML mapping between ``---`` lines into metadata.

    Participant, interviewer and date are document metadata rather than speech,
    so they are kept out of the text that gets segmented. A ``---`` block that is
    not a mapping (a decorative rule around a title) stays part of the text; a
    mapping that is not valid YAML is an error, since guessing would put
    metadata lines into the transcript as speaker turns.
    """
    match = _FRONT_MATTER.match(text) if text.startswith("---") else None
    if match is None:
        return FrontMatter()
    try:
        loaded = yaml.safe_load(match["yaml"])
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" on line {mark.line + 2}" if mark is not None else ""
        problem = getattr(error, "problem", None) or "invalid YAML"
        raise ImportFileError(
            f"{source_name}: the front matter (the --- block at the top) is not valid YAML{where}: {problem}"
        ) from None
    if loaded is None:
        return FrontMatter(body_start=match.end())
    if not isinstance(loaded, dict):
        return FrontMatter(
            warnings=[
                f"{source_name}: the --- block at the top is not a YAML mapping of "
                "key: value lines; kept as transcript text"
            ]
        )
    meta = {str(key): _as_text(value) for key, value in loaded.items()}
    return FrontMatter(meta, match.end())


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(_as_text(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
