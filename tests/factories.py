"""Small, readable inputs shared by the store, service and CLI tests."""

from __future__ import annotations

from pathlib import Path

CODEBOOK_V1 = """\
name: Test book
version: "1"
description: A small codebook for tests.
codes:
  - name: approach
    definition: How a problem is approached.
    children:
      - name: relational
        key: r
        color: "#2E8B57"
        definition: Relationships and trust come first.
      - name: technical
        key: t
        color: "#4682B4"
        definition: Frameworks, metrics and plans come first.
  - name: tone
    definition: The speaker's overall stance.
    exclusive: true
    children:
      - name: hopeful
        key: h
        definition: Expects change for the better.
      - name: critical
        key: c
        definition: Doubts or criticises.
  - name: power
    key: p
    color: "#B22222"
    definition: Who decides, and how power is shared.
"""

#: Version 2: `technical` renamed, `power` removed, `healing` added.
CODEBOOK_V2 = """\
name: Test book
version: "2"
description: A small codebook for tests.
codes:
  - name: approach
    definition: How a problem is approached.
    children:
      - name: relational
        key: r
        color: "#2E8B57"
        definition: Relationships and trust come first.
      - name: technocratic
        uuid: {technical_uuid}
        key: t
        color: "#4682B4"
        definition: Frameworks, metrics and plans come first.
  - name: tone
    definition: The speaker's overall stance.
    exclusive: true
    children:
      - name: hopeful
        key: h
        definition: Expects change for the better.
      - name: critical
        key: c
        definition: Doubts or criticises.
  - name: healing
    key: e
    definition: Trauma and collective healing.
"""

INTERVIEW = """\
Interview with a community organiser
Recorded 3 March 2025

Interviewer: How did the coalition start?

Maria: We started with listening circles. Nobody had a plan.

It took a year before we wrote anything down.

Interviewer: And the funders?

Maria: They wanted metrics [laughs] from day one.
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
