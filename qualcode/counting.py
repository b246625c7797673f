"""How a parent code is counted: a name the CLI's options and every report share, free of heavy imports."""

from __future__ import annotations

from typing import Literal

Counting = Literal["rollup", "direct"]
COUNTINGS: tuple[Counting, ...] = ("rollup", "direct")
COUNTING_RULES: dict[Counting, str] = {
    "rollup": "a parent counts the codes below it",
    "direct": "a parent counts only its own codings",
}
"""How a parent code is counted, in the words of every report's header."""
