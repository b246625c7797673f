"""Co-occurrence pooled over coders: a pair counts when one coder applied both codes, summed over coders."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import write
from reliability_projects import judge, set_up, transcript
from test_export_tables import CODES, rows

from qualcode.service import Workbench


@pytest.fixture
def split(workbench: Workbench, tmp_path: Path) -> Workbench:
    """Four segments on which alice and bob split codes between them.

    1: alice hopeful, bob critical (an exclusive group: no one applied both);
    2: alice relational and hopeful, bob relational;
    3: bob technical and critical;
    4: alice power, bob technical (a disagreement, not a co-occurrence).
    """
    segments = set_up(workbench, tmp_path, n_segments=4)["interview-1"]
    judge(workbench, "alice", segments, [], {"hopeful": [1, 2], "relational": [2], "power": [4]})
    judge(workbench, "bob", segments, [], {"critical": [1, 3], "relational": [2], "technical": [3, 4]})
    return workbench


# Each coder's segments, parents rolled up: alice {tone, hopeful}, {approach, relational, tone,
# hopeful}, {power}; bob {tone, critical}, {approach, relational}, {approach, technical, tone,
# critical}, {approach, technical}. A cell counts the sets that hold both codes.
POOLED = [
    # approach, relational, technical, tone, hopeful, critical, power
    ["approach", 4, 2, 2, 2, 1, 1, 0],
    ["approach/relational", 2, 2, 0, 1, 1, 0, 0],
    ["approach/technical", 2, 0, 2, 1, 0, 1, 0],
    ["tone", 2, 1, 1, 4, 2, 2, 0],
    ["tone/hopeful", 1, 1, 0, 2, 2, 0, 0],
    ["tone/critical", 1, 0, 1, 2, 0, 2, 0],
    ["power", 0, 0, 0, 0, 0, 0, 1],
]
ALICE = [
    ["approach", 1, 1, 0, 1, 1, 0, 0],
    ["approach/relational", 1, 1, 0, 1, 1, 0, 0],
    ["approach/technical", 0, 0, 0, 0, 0, 0, 0],
    ["tone", 1, 1, 0, 2, 2, 0, 0],
    ["tone/hopeful", 1, 1, 0, 2, 2, 0, 0],
    ["tone/critical", 0, 0, 0, 0, 0, 0, 0],
    ["power", 0, 0, 0, 0, 0, 0, 1],
]


def test_pooled_cooccurrence_sums_each_coders_own_pairs(split: Workbench) -> None:
    table = split.cooccurrence(wide=True)
    assert list(table.columns) == ["code", *CODES]
    assert rows(table) == POOLED


def test_one_coders_cooccurrence_is_their_own_pairs(split: Workbench) -> None:
    assert rows(split.cooccurrence(coder="alice", wide=True)) == ALICE


def test_one_document_pooled_counts_each_coders_pairs_there(split: Workbench, tmp_path: Path) -> None:
    # A second document where bob applies hopeful: interview-1's table is unchanged by it.
    split.import_files([write(tmp_path / "interview-2.txt", transcript(1))])
    [document] = [d for d in split.documents() if d.name == "interview-2"]
    judge(split, "bob", [segment.id for segment in split.segments(document.id)], [], {"hopeful": [1]})
    assert rows(split.cooccurrence(wide=True, document="interview-1")) == POOLED
    assert rows(split.cooccurrence(wide=True))[4] == ["tone/hopeful", 1, 1, 0, 3, 3, 0, 0]
