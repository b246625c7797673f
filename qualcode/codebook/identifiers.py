"""Canonical spellings of code identities and colours, and stable UUIDs for ids that are not UUIDs."""

from __future__ import annotations

import re
import uuid

QUALCODE_NAMESPACE = uuid.UUID("f7b95960-c901-4836-8df7-6e7412331d44")
"""Namespace of every UUID qualcode derives (uuid5); it must never change, or derived ids would."""

_UUID_TEXT = re.compile(r"\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?")
_COLOR_TEXT = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


def canonical_uuid(raw: str) -> str | None:
    """``raw`` as a lower-case hyphenated UUID, or None when it is not one.

    Braces and upper case (as ATLAS.ti and MAXQDA write GUIDs) are accepted, so
    the same code keeps one identity whichever tool last saved it.
    """
    text = raw.strip()
    if not _UUID_TEXT.fullmatch(text) or (text.startswith("{") != text.endswith("}")):
        return None
    return str(uuid.UUID(text.strip("{}")))


def uuid_from_foreign_id(raw: str) -> str:
    """A UUID for an id read from another tool: its canonical form, or a stable uuid5 of it.

    Tools such as QualCoder number their codes ("1", "2"); deriving the UUID from
    the id, not drawing a random one, makes a second load of the same file match
    the codes of the first.
    """
    return canonical_uuid(raw) or str(uuid.uuid5(QUALCODE_NAMESPACE, raw.strip()))


def uuid_from_code_path(path: str) -> str:
    """A stable UUID for a code that has none, derived from its path.

    Used where a file must carry a GUID (REFI-QDA) for a code that was never
    given one, so exporting the same codebook twice writes the same GUIDs.
    """
    return str(uuid.uuid5(QUALCODE_NAMESPACE, f"code-path:{path}"))


def canonical_color(raw: str) -> str | None:
    """``raw`` as upper-case ``#RRGGBB`` (``#RGB`` expanded), or None when it is not a colour."""
    text = raw.strip()
    if not _COLOR_TEXT.fullmatch(text):
        return None
    digits = text[1:]
    if len(digits) == 3:
        digits = "".join(digit * 2 for digit in digits)
    return "#" + digits.upper()
