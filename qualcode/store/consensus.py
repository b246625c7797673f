"""The consensus coder and the decision log: adjudications written as the consensus coder's codings.

A decision never touches the coders' own codings. It replaces the consensus coder's codes on one
segment, marks that segment done for the consensus coder, and appends a `Decision` row saying who
decided, when, how (the choice) and why (the rationale). The log is append-only: deciding a segment
again adds a row, and the latest row is the one in force.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, insert
from sqlmodel import Session, col, select

from qualcode.errors import CodingError, ProjectError
from qualcode.store.models import (
    Code,
    Coder,
    CoderRole,
    Coding,
    Decision,
    ReviewStatus,
    SegmentReview,
    utc_now,
)
from qualcode.store.spans import quote_hash, segment_texts

CONSENSUS_NAME = "consensus"
"""The name of the consensus coder a project gets on its first decision."""


@dataclass(frozen=True)
class DecisionRecord:
    """One entry of the decision log, as the front ends show it."""

    id: int
    segment_id: int
    lead: str
    choice: str
    code_uuids: tuple[str, ...]
    rationale: str
    created_at: datetime


@dataclass(frozen=True)
class PlannedDecision:
    """A decision to write: the segment, the resulting codes and how they were chosen."""

    segment_id: int
    code_ids: tuple[int, ...]
    choice: str
    rationale: str = ""


def consensus_coder(session: Session, project_id: int, create: bool = False) -> Coder | None:
    """The project's consensus coder (role "consensus"), made on demand when ``create`` is set."""
    found = session.exec(
        select(Coder).where(Coder.project_id == project_id, Coder.role == CoderRole.CONSENSUS.value)
    ).first()
    if found is not None or not create:
        return found
    clash = session.exec(
        select(Coder).where(Coder.project_id == project_id, Coder.name == CONSENSUS_NAME)
    ).first()
    if clash is not None:
        raise ProjectError(
            f"coder {CONSENSUS_NAME!r} exists with role {clash.role!r}: rename that coder before adjudicating"
        )
    coder = Coder(project_id=project_id, name=CONSENSUS_NAME, role=CoderRole.CONSENSUS.value)
    session.add(coder)
    session.flush()
    return coder


def check_exclusive(session: Session, code_ids: Iterable[int]) -> None:
    """Refuse a code set holding two codes of a mutually exclusive group."""
    ids = sorted(set(code_ids))
    if not ids:
        return
    codes = list(session.exec(select(Code).where(col(Code.id).in_(ids))))
    by_parent: dict[int, list[Code]] = {}
    for code in codes:
        if code.parent_id is not None:
            by_parent.setdefault(code.parent_id, []).append(code)
    for parent_id, children in by_parent.items():
        parent = session.get(Code, parent_id)
        if parent is not None and parent.exclusive and len(children) > 1:
            names = ", ".join(sorted(code.name for code in children))
            raise CodingError(
                f"the codes under {parent.name!r} are mutually exclusive, but the decision holds {names}: "
                "take one coder's codes or edit the set"
            )


def write_decisions(
    session: Session, project_id: int, lead: Coder, decisions: Sequence[PlannedDecision]
) -> Coder:
    """Write each decision as the consensus coder's codes on its segment, and log it."""
    consensus = consensus_coder(session, project_id, create=True)
    assert consensus is not None and consensus.id is not None and lead.id is not None
    if not decisions:
        return consensus
    segment_ids = [decision.segment_id for decision in decisions]
    uuids = dict(session.exec(select(Code.id, Code.uuid).where(Code.project_id == project_id)).all())
    now = utc_now()
    for start in range(0, len(segment_ids), 500):
        chunk = segment_ids[start : start + 500]
        session.execute(
            delete(Coding).where(col(Coding.coder_id) == consensus.id, col(Coding.segment_id).in_(chunk))
        )
        session.execute(
            delete(SegmentReview).where(
                col(SegmentReview.coder_id) == consensus.id, col(SegmentReview.segment_id).in_(chunk)
            )
        )
    texts = segment_texts(session, segment_ids)
    codings = [
        {
            "segment_id": d.segment_id,
            "code_id": code_id,
            "coder_id": consensus.id,
            "span_start": 0,
            "span_end": len(texts[d.segment_id]),
            "quote_hash": quote_hash(texts[d.segment_id]),
            "created_at": now,
            "updated_at": now,
        }
        for d in decisions
        for code_id in sorted(set(d.code_ids))
    ]
    if codings:
        session.execute(insert(Coding), codings)
    session.execute(
        insert(SegmentReview),
        [
            {
                "segment_id": d.segment_id,
                "coder_id": consensus.id,
                "status": ReviewStatus.DONE.value,
                "flagged": False,
                "updated_at": now,
            }
            for d in decisions
        ],
    )
    session.execute(
        insert(Decision),
        [
            {
                "segment_id": d.segment_id,
                "lead_id": lead.id,
                "consensus_id": consensus.id,
                "choice": d.choice,
                "code_uuids": sorted(uuids[code_id] for code_id in set(d.code_ids)),
                "rationale": d.rationale,
                "created_at": now,
            }
            for d in decisions
        ],
    )
    return consensus


def decided_segments(session: Session, consensus_id: int) -> set[int]:
    """Segments the consensus coder has a decision for."""
    statement = select(Decision.segment_id).where(Decision.consensus_id == consensus_id).distinct()
    return set(session.exec(statement))


def decision_log(
    session: Session, consensus_id: int, segment_ids: Sequence[int] | None = None
) -> list[DecisionRecord]:
    """Decisions in the order they were made, for some segments or all of them."""
    statement = (
        select(Decision, Coder.name)
        .join(Coder, col(Coder.id) == col(Decision.lead_id))
        .where(Decision.consensus_id == consensus_id)
        .order_by(col(Decision.created_at), col(Decision.id))
    )
    if segment_ids is not None:
        statement = statement.where(col(Decision.segment_id).in_(list(segment_ids)))
    return [
        DecisionRecord(
            id=decision.id,  # type: ignore[arg-type]
            segment_id=decision.segment_id,
            lead=lead_name,
            choice=decision.choice,
            code_uuids=tuple(decision.code_uuids),
            rationale=decision.rationale,
            created_at=decision.created_at,
        )
        for decision, lead_name in session.exec(statement)
    ]


def decision_count(session: Session, consensus_id: int) -> int:
    return int(
        session.exec(
            select(func.count()).select_from(Decision).where(Decision.consensus_id == consensus_id)
        ).one()
    )
