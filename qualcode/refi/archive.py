"""A ``.qdpx`` zip archive whose members are found whatever the case of their names."""

from __future__ import annotations

import zipfile

from qualcode.refi.model import INTERNAL_SCHEME, SOURCES_FOLDER


class ProjectArchive:
    """Members by name, matched case-insensitively.

    The standard's own examples name the project document ``Project.qde`` and
    the folder ``Sources/``, qualcode writes ``project.qde`` and ``sources/``,
    and tools written for case-insensitive file systems mix both; a reader that
    matched exactly would refuse real projects.
    """

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self._archive = archive
        self._names: dict[str, str] = {}
        for name in archive.namelist():
            self._names.setdefault(name.casefold(), name)

    def has(self, name: str) -> bool:
        return name in self._archive.NameToInfo or name.casefold() in self._names

    def read(self, name: str) -> bytes:
        """The member's bytes; KeyError when no member has that name in any case."""
        if name not in self._archive.NameToInfo:
            name = self._names[name.casefold()]
        return self._archive.read(name)


def member_name(plain_text_path: str) -> str | None:
    """The zip member an ``internal://`` path names; None for a path outside the project file."""
    if plain_text_path[: len(INTERNAL_SCHEME)].casefold() != INTERNAL_SCHEME:
        return None
    return f"{SOURCES_FOLDER}/{plain_text_path[len(INTERNAL_SCHEME) :].lstrip('/')}"
