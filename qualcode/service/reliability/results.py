"""Typed results of adjudication, training, drift and overlap sampling, for the CLI and the TUI alike."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from qualcode.agreement import BatchAgreement, CodeAgreement, PooledAgreement

ChoiceKind = Literal["take", "union", "intersection", "edit"]
DriftBy = Literal["document", "week"]


@dataclass(frozen=True)
class Choice:
    """How a lead settles a disagreement: take one coder's codes, combine them, or edit the set."""

    kind: ChoiceKind
    coder: str | None = None
    """The coder whose codes are taken (kind "take")."""
    code_ids: tuple[int, ...] = ()
    """The codes chosen by hand (kind "edit")."""

    @property
    def label(self) -> str:
        """How the decision log records it: "take alice", "union", "intersection" or "edit"."""
        return f"take {self.coder}" if self.kind == "take" else self.kind


@dataclass(frozen=True)
class CoderSet:
    """One coder's codes on a segment."""

    coder: str
    judged: bool
    """False when the coder has not marked the segment done (their codes then do not count)."""
    code_ids: tuple[int, ...]


@dataclass(frozen=True)
class SegmentPlace:
    """Where a segment is, as a user names it: DOCUMENT:POSITION."""

    segment_id: int
    document: str
    position: int
    """The segment's position in its document, counted from 1 as in `DOCUMENT:POSITION`."""

    @property
    def ref(self) -> str:
        return f"{self.document}:{self.position}"


@dataclass(frozen=True)
class SpanDifference:
    """One code that two or more judging coders gave a segment, over different stretches of it."""

    code_id: int
    extents: tuple[tuple[str, tuple[tuple[int, int], ...]], ...]
    """(coder, their spans (start, end) of the code) for each judging coder who applied it."""
    segment_length: int
    """A span (0, segment_length) is the whole segment."""

    def __str__(self) -> str:
        """For example "ana 16:33 · ben 0:10, 16:25" (whole-segment codings read "whole")."""

        def shown(spans: tuple[tuple[int, int], ...]) -> str:
            return ", ".join(
                "whole" if (start, end) == (0, self.segment_length) else f"{start}:{end}"
                for start, end in spans
            )

        return " · ".join(f"{coder} {shown(spans)}" for coder, spans in self.extents)


@dataclass(frozen=True)
class Disagreement:
    """A segment the compared coders judged differently."""

    place: SegmentPlace
    coders: tuple[CoderSet, ...]
    differing_code_ids: tuple[int, ...]
    """Codes some but not all of the judging coders applied."""
    decided: bool
    """A lead has already decided the segment."""
    span_differences: tuple[SpanDifference, ...] = ()
    """Codes the judging coders all applied, or several applied, over different stretches."""


@dataclass(frozen=True)
class AdjudicationProgress:
    n_units: int
    """Segments judged by at least two of the compared coders."""
    n_disagreements: int
    n_decided: int
    """Disagreements with a decision."""
    n_consensus_segments: int
    """Segments the consensus coder holds a coding decision for (decided or accepted)."""

    @property
    def remaining(self) -> int:
        return self.n_disagreements - self.n_decided


@dataclass(frozen=True)
class DecisionResult:
    segment_id: int
    choice: str
    code_ids: tuple[int, ...]
    consensus: str
    """The consensus coder's name."""


@dataclass(frozen=True)
class AcceptedAgreements:
    """What `accept_agreements` copied into the consensus."""

    n_agreed: int
    """Segments all judging coders coded alike, copied."""
    n_single: int
    """Segments only one coder judged, copied from that coder."""
    n_already_decided: int
    """Segments in scope that already had a decision, left as they were."""


@dataclass(frozen=True)
class TrainingCode:
    """One code of a training comparison: agreement with the reference, misses and false alarms."""

    agreement: CodeAgreement
    misses: tuple[SegmentPlace, ...]
    """The reference applied the code, the trainee did not."""
    false_alarms: tuple[SegmentPlace, ...]
    """The trainee applied the code, the reference did not."""


@dataclass(frozen=True)
class TrainingReport:
    coder: str
    reference: str
    n_units: int
    """Segments both judged."""
    codes: tuple[TrainingCode, ...]
    pooled: PooledAgreement | None


@dataclass(frozen=True)
class DriftReport:
    by: DriftBy
    code: str
    """The code followed, or "all codes (pooled)"."""
    coders: tuple[str, ...]
    batches: tuple[BatchAgreement, ...]
    rule: str
    """How units were put into batches, in words."""


@dataclass(frozen=True)
class CoderAssignment:
    coder: str
    assigned: int
    overlap: int
    """Of the assigned segments, those every sampled coder codes."""


@dataclass(frozen=True)
class DocumentSample:
    document: str
    segments: int
    overlap: int


@dataclass(frozen=True)
class SamplingReport:
    coders: tuple[str, ...]
    overlap_share: float
    seed: int
    n_segments: int
    n_overlap: int
    per_coder: tuple[CoderAssignment, ...]
    per_document: tuple[DocumentSample, ...]
