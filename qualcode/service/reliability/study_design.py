"""The facts about how a reliability study was run that a reviewer asks for beside the coefficients.

How the documents were cut into segments, which segments were drawn for double-coding and how,
and how the lead settled disagreements (the decision log, counted by kind). Each is read from
the store in the same unit of work; the coefficients come from the agreement report.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qualcode.service.reliability.report import ReliabilityReport
    from qualcode.service.reliability.results import AdjudicationProgress


@dataclass(frozen=True)
class StudyDesign:
    """How the units were made and chosen, and how disagreements were resolved."""

    segmentations: tuple[tuple[str, int, int], ...]
    """(segmentation rule, documents, segments) for the documents in scope."""
    n_overlap_assigned: int
    """Segments in scope assigned (by `qualcode sample`) to two or more of the compared coders."""
    n_assigned: int
    """Segments in scope assigned to any compared coder; 0 when no sample was drawn."""
    progress: AdjudicationProgress
    """Double-coded segments, those with a disagreement, and those a lead decided."""
    decisions: tuple[tuple[str, int], ...]
    """Decisions in the log on segments in scope, by how they were made ("take ana", "union", ...)."""


@dataclass(frozen=True)
class ReviewerReport:
    """The agreement report and the study's design: everything the reliability section states."""

    report: ReliabilityReport
    design: StudyDesign


def decisions_by_kind(choices: list[tuple[int, str]]) -> tuple[tuple[str, int], ...]:
    """How many decisions of each kind, from (segment, choice) oldest first; a later one replaces."""
    latest = dict(choices)
    return tuple(sorted(Counter(latest.values()).items(), key=lambda item: (-item[1], item[0])))
