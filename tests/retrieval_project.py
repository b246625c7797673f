"""A two-document project with codings by two coders, a consensus, memos and flags, for retrieval tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from factories import CODEBOOK_V1, INTERVIEW, write

from qualcode.service import Workbench
from qualcode.service.reliability.results import Choice
from qualcode.store.models import CoderRole

FOLLOW_UP = """\
Interviewer: What changed?

Kofi: Trust grew between the groups.

Interviewer: And the money?

Kofi: Funders still decide everything.
"""

CODINGS = (
    ("ana", "a-interview", 2, "relational"),
    ("ana", "a-interview", 2, "hopeful"),
    ("ana", "a-interview", 4, "technical"),
    ("ana", "a-interview", 4, "critical"),
    ("ana", "b-follow-up", 2, "relational"),
    ("ana", "b-follow-up", 4, "power"),
    ("ben", "a-interview", 2, "technical"),
    ("ben", "b-follow-up", 2, "relational"),
)
"""(coder, document, position, code); lee (lead) then settles a-interview 2 by taking ana's codes."""


def segment_ids(workbench: Workbench) -> dict[tuple[str, int], int]:
    """Segment ids by (document, position)."""
    found = {}
    for document in workbench.documents():
        for segment in workbench.segments(document.id):
            found[(document.name, segment.position)] = segment.id
    return found


def retrieval_project(database_url: str, tmp_path: Path) -> Iterator[Workbench]:
    workbench = Workbench.create("study", database_url)
    workbench.load_codebook(write(tmp_path / "book.yaml", CODEBOOK_V1))
    workbench.import_files([write(tmp_path / "a-interview.txt", INTERVIEW)], meta={"site": "north"})
    workbench.import_files([write(tmp_path / "b-follow-up.txt", FOLLOW_UP)], meta={"site": "south"})
    workbench.add_coder("ana")
    workbench.add_coder("ben")
    workbench.add_coder("lee", CoderRole.LEAD)
    ids = segment_ids(workbench)
    for coder, document, position, code in CODINGS:
        workbench.apply_code(ids[(document, position)], code, coder)
    workbench.decide(ids[("a-interview", 2)], "lee", Choice(kind="take", coder="ana"))
    workbench.save_memo(ids[("a-interview", 4)], "ana", "Metrics as control, not learning?")
    workbench.save_memo(ids[("b-follow-up", 2)], "ben", "Trust: relational or outcome?")
    workbench.set_flag(ids[("a-interview", 2)], "ben", True)
    workbench.set_flag(ids[("b-follow-up", 3)], "ana", True)
    yield workbench
    workbench.close()
