"""Making any stored text fit to write as XML, and counting what had to change."""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

from qualcode.refi.model import ExchangeProject, ExchangeSource
from qualcode.text_checks import XML_UNSAFE

T = TypeVar("T")
REPLACEMENT = "\ufffd"


def xml_safe(text: str) -> str:
    """``text`` with every character XML 1.0 cannot carry replaced by U+FFFD."""
    return XML_UNSAFE.sub(REPLACEMENT, text)


def xml_safe_project(project: ExchangeProject) -> tuple[ExchangeProject, int]:
    """The project with every string that goes into XML made safe, and how many strings changed.

    Names and memos are checked at entry, but a project made before that check,
    or filled by SQL, may hold a control character: the export must not fail on
    it. Source texts are exempt: they go to their own UTF-8 member, not to XML.
    """
    counter = [0]
    return _clean(project, counter), counter[0]


def _clean(value: T, counter: list[int]) -> T:
    if isinstance(value, str):
        if XML_UNSAFE.search(value) is None:
            return value
        counter[0] += 1
        return xml_safe(value)  # type: ignore[return-value]
    if isinstance(value, tuple | list):
        items = [_clean(item, counter) for item in value]
        if all(new is old for new, old in zip(items, value, strict=True)):
            return value
        return type(value)(items)  # type: ignore[return-value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes: dict[str, Any] = {}
        for field in dataclasses.fields(value):
            if isinstance(value, ExchangeSource) and field.name == "text":
                continue
            if field.name in ("extension", "spellings"):
                continue
            old = getattr(value, field.name)
            new = _clean(old, counter)
            if new is not old:
                changes[field.name] = new
        return dataclasses.replace(value, **changes) if changes else value  # type: ignore[type-var]
    return value
