"""The qualcode extension of a ``.qdpx``: reviews, flags, decisions, roles and segmentation.

REFI-QDA has no element for a coder's judgement that a segment has none of the
codes, for a flag, for the adjudication log or for roles, and Project.xsd
allows no foreign elements; without them a round trip changes the units that
agreement counts. They travel as one JSON archive member (`EXTENSION_FILE`)
that other tools ignore, keyed by source GUID, segment range and user GUID.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, col, select

from qualcode.codebook import uuid_from_foreign_id
from qualcode.refi.model import EXTENSION_FILE, ExchangeProject, ExchangeUser
from qualcode.store.models import Coding, Decision, Document, ReviewStatus, Segment, SegmentReview

FORMAT = "qualcode-refi-extension"
VERSION = 1


@dataclass
class Extension:
    """The extension's content, and how much of it standard readers cannot take."""

    data: dict[str, Any] = field(default_factory=dict)
    uncoded_reviews: int = 0
    flags: int = 0
    decisions: int = 0

    def warning(self) -> str | None:
        parts = [
            f"{count} {what}"
            for count, what in (
                (self.uncoded_reviews, "reviews without a code"),
                (self.flags, "flags"),
                (self.decisions, "adjudication decisions"),
            )
            if count
        ]
        if not parts:
            return None
        return (
            f"{', '.join(parts)} are kept in {EXTENSION_FILE}, which only qualcode reads; "
            "other tools will not show them"
        )


def _iso(moment: datetime) -> str:
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return moment.isoformat().replace("+00:00", "Z")


def build_extension(
    session: Session, project_id: int, users: dict[int | None, ExchangeUser], sources: dict[int, str]
) -> Extension:
    """The extension for the exported users (coder id → user) and documents (id → source GUID)."""
    coder_ids = [coder_id for coder_id in users if coder_id is not None]
    extension = Extension()
    reviews = []
    rows = session.exec(
        select(  # type: ignore[call-overload]
            Segment.id, Segment.document_id, Segment.start_char, Segment.end_char, SegmentReview
        )
        .join(SegmentReview, col(SegmentReview.segment_id) == col(Segment.id))
        .join(Document, col(Document.id) == col(Segment.document_id))
        .where(Document.project_id == project_id, col(SegmentReview.coder_id).in_(coder_ids))
        .order_by(col(Document.position), col(Segment.position), col(SegmentReview.coder_id))
    ).all()
    coded = set(
        session.exec(
            select(Coding.segment_id, Coding.coder_id)
            .join(Segment, col(Segment.id) == col(Coding.segment_id))
            .join(Document, col(Document.id) == col(Segment.document_id))
            .where(Document.project_id == project_id)
        ).all()
    )
    for segment_id, document_id, start, end, review in rows:
        reviews.append(
            [
                sources[document_id],
                start,
                end,
                users[review.coder_id].guid,
                review.status,
                review.flagged,
                _iso(review.updated_at),
            ]
        )
        extension.flags += bool(review.flagged)
        if review.status == ReviewStatus.DONE.value and (segment_id, review.coder_id) not in coded:
            extension.uncoded_reviews += 1
    decisions = []
    for start, end, document_id, decision in session.exec(
        select(Segment.start_char, Segment.end_char, Segment.document_id, Decision)
        .join(Decision, col(Decision.segment_id) == col(Segment.id))
        .join(Document, col(Document.id) == col(Segment.document_id))
        .where(Document.project_id == project_id)
        .order_by(col(Decision.id))
    ).all():
        if decision.lead_id not in users or decision.consensus_id not in users:
            continue
        decisions.append(
            [
                sources[document_id],
                start,
                end,
                users[decision.lead_id].guid,
                users[decision.consensus_id].guid,
                decision.choice,
                list(decision.code_uuids),
                decision.rationale,
                _iso(decision.created_at),
            ]
        )
    extension.decisions = len(decisions)
    segmentations = dict(
        session.exec(
            select(Document.id, Document.segmentation).where(Document.project_id == project_id)
        ).all()
    )
    extension.data = {
        "format": FORMAT,
        "version": VERSION,
        "segmentations": {sources[i]: segmentations[i] for i in sources},
        "reviews": reviews,
        "decisions": decisions,
    }
    return extension


def restore_extension(
    session: Session,
    exchange: ExchangeProject,
    file_name: str,
    segments: dict[tuple[str, int, int], int],
    coder_ids: dict[str, int],
) -> list[str]:
    """Put back the reviews and decisions of a qualcode file; a note for any that find no segment."""
    data = exchange.extension
    if data.get("format") != FORMAT:
        return []

    def segment(source: str, start: int, end: int) -> int | None:
        return segments.get((uuid_from_foreign_id(source), start, end))

    def coder(user: str) -> int | None:
        return coder_ids.get(uuid_from_foreign_id(user))

    unplaced = 0
    wanted: dict[tuple[int, int], tuple[str, bool, datetime]] = {}
    for source, start, end, user, status, flagged, updated in data.get("reviews", []):
        segment_id, coder_id = segment(source, start, end), coder(user)
        if segment_id is None or coder_id is None:
            unplaced += 1
            continue
        wanted[(segment_id, coder_id)] = (status, bool(flagged), datetime.fromisoformat(updated))
    if wanted:
        existing = {
            (review.segment_id, review.coder_id): review
            for review in session.exec(
                select(SegmentReview).where(col(SegmentReview.segment_id).in_({s for s, _ in wanted}))
            )
        }
        for (segment_id, coder_id), (status, flagged, updated) in wanted.items():
            review = existing.get((segment_id, coder_id)) or SegmentReview(
                segment_id=segment_id, coder_id=coder_id
            )
            review.status, review.flagged, review.updated_at = status, flagged, updated
            session.add(review)
    for source, start, end, lead, consensus, choice, code_uuids, rationale, created in data.get(
        "decisions", []
    ):
        segment_id, lead_id, consensus_id = segment(source, start, end), coder(lead), coder(consensus)
        if segment_id is None or lead_id is None or consensus_id is None:
            unplaced += 1
            continue
        session.add(
            Decision(
                segment_id=segment_id,
                lead_id=lead_id,
                consensus_id=consensus_id,
                choice=choice,
                code_uuids=list(code_uuids),
                rationale=rationale,
                created_at=datetime.fromisoformat(created),
            )
        )
    session.flush()
    if not unplaced:
        return []
    return [
        f"{file_name}: {unplaced} reviews and decisions from {EXTENSION_FILE} match no segment; not restored"
    ]
