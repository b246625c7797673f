"""The codebook as plain data: `CodeSpec` trees in a `Codebook`, with YAML and REFI-QDA converters."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from qualcode.codebook.identifiers import canonical_color, canonical_uuid

if TYPE_CHECKING:  # lxml loads only when a codebook is written as REFI-QDA
    from lxml import etree

CodeVisit = tuple[tuple[str, ...], "CodeSpec", "CodeSpec | None"]
"""What `Codebook.walk` yields: the names from the top down, the code, and its parent."""


@dataclass
class CodeSpec:
    """One code as a codebook file describes it, with the codes nested under it.

    A valid colour or UUID is kept in one canonical spelling (upper-case
    ``#RRGGBB``, lower-case hyphenated UUID) whatever the source wrote, so two
    loads of the same code compare equal and a round trip changes nothing.
    Invalid values are kept as written, for validation to report.
    """

    name: str
    """Unique in the whole codebook (ignoring case), so users can name a code without its path."""
    key: str = ""
    """Single-character hotkey in the coding workbench; "" for none."""
    color: str = ""
    """``#RRGGBB`` in upper case; "" for none."""
    definition: str = ""
    """What the code means; required for a codable code."""
    when_to_use: str = ""
    when_not_to_use: str = ""
    example: str = ""
    """A short quote that the code fits."""
    exclusive: bool = False
    """On a parent: a segment gets at most one of its children."""
    ordered: bool = False
    """On an exclusive parent: its codable children are the points of one ordered scale, lowest
    first in file order, so its alpha can be taken at the ordinal, interval or ratio level."""
    codable: bool = True
    """False for a pure category that only groups codes (REFI-QDA ``isCodable="false"``)."""
    uuid: str | None = None
    """Stable identity across renames and moves; None until the code is loaded or exported."""
    children: list[CodeSpec] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.color:
            self.color = canonical_color(self.color) or self.color
        if self.uuid:
            self.uuid = canonical_uuid(self.uuid) or self.uuid


@dataclass
class Codebook:
    """A named, versioned tree of codes."""

    name: str
    version: str = ""
    description: str = ""
    codes: list[CodeSpec] = field(default_factory=list)
    """The top-level codes, in the order the coding workbench shows them."""

    def walk(self) -> Iterator[CodeVisit]:
        """Every code depth-first in file order, with its path of names and its parent."""

        def visit(
            codes: list[CodeSpec], prefix: tuple[str, ...], parent: CodeSpec | None
        ) -> Iterator[CodeVisit]:
            for code in codes:
                path = (*prefix, code.name)
                yield path, code, parent
                yield from visit(code.children, path, code)

        yield from visit(self.codes, (), None)

    # The format modules import this one, so the converters import them when called.

    @classmethod
    def from_yaml(cls, path: Path) -> Codebook:
        """Read and validate a YAML codebook; every problem is reported in one `CodebookError`."""
        from qualcode.codebook.yaml_reader import read_yaml_file

        return read_yaml_file(path)

    @classmethod
    def from_yaml_text(cls, text: str, source: str = "<codebook>") -> Codebook:
        """Like `from_yaml`, for text already read; ``source`` names it in messages."""
        from qualcode.codebook.yaml_reader import read_yaml_text

        return read_yaml_text(text, source)

    def to_yaml(self) -> str:
        """The codebook in the layout of the shipped codebooks: fixed key order, UUIDs included."""
        from qualcode.codebook.yaml_writer import codebook_yaml

        return codebook_yaml(self)

    @classmethod
    def from_qdc(cls, path: Path) -> tuple[Codebook, list[str]]:
        """Read a REFI-QDA codebook (.qdc) and the warnings, with line numbers, about its deviations.

        Files from other tools are read leniently (see `qdc_reader`): a name used
        twice gets its parent's name added, a repeated hotkey is dropped, a GUID
        that is not a UUID is mapped to a stable one. The codebook is named after
        the file, since the standard has no place for a codebook name.
        """
        from qualcode.codebook.qdc_reader import read_qdc_file

        return read_qdc_file(path)

    @classmethod
    def from_qdc_bytes(cls, data: bytes, source: str) -> tuple[Codebook, list[str]]:
        """Like `from_qdc`, for bytes already read; ``source`` names them and gives the codebook name."""
        from qualcode.codebook.qdc_reader import read_qdc_bytes

        return read_qdc_bytes(data, source)

    def to_qdc(self) -> str:
        """The codebook as a REFI-QDA 1.0 codebook document that validates against its XSD.

        Every code field survives `from_qdc`: hotkey and exclusivity, which the
        standard lacks, ride in the description (see `qdc_description`). The
        codebook's own name, version and description are not written.
        """
        from qualcode.codebook.qdc_writer import codebook_qdc

        return codebook_qdc(self)

    def to_qdc_codes(self, namespace: str | None = None) -> etree._Element:
        """The ``<Codes>`` element alone, for embedding in a REFI-QDA project file.

        ``namespace`` defaults to the codebook namespace; a project file passes
        its own (``urn:QDA-XML:project:1.0``), whose ``Codes`` have the same shape.
        """
        from qualcode.codebook.qdc_writer import CODEBOOK_NAMESPACE, codes_element

        return codes_element(self, namespace or CODEBOOK_NAMESPACE)
