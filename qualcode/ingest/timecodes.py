"""Reading clock times such as ``01:02:03.5`` or plain seconds into seconds as floats."""

from __future__ import annotations

import re

CLOCK_TIME_PATTERN = r"\d{1,2}(?::\d{1,2}){1,2}(?:[.,]\d{1,3})?"
"""A ``[H]H:MM[:SS][.mmm]`` time as written in transcripts; shared by the label regex."""

_CLOCK_TIME = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:[.,]\d+)?)")
_SECONDS = re.compile(r"\d+(?:\.\d+)?")


def parse_clock_time(value: str) -> float | None:
    """Return seconds for ``HH:MM:SS(.mmm)``, ``MM:SS`` or plain seconds, else None.

    A comma is accepted as the decimal mark because SRT and many European
    exports write ``00:01:02,500``.
    """
    value = value.strip()
    if _SECONDS.fullmatch(value):
        return float(value)
    match = _CLOCK_TIME.fullmatch(value)
    if match is None:
        return None
    hours, minutes, seconds = match.groups()
    if int(minutes) > 59 or float(seconds.replace(",", ".")) >= 60:
        return None
    return int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds.replace(",", "."))
