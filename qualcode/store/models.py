"""All table models of a qualcode project store, in one module.

The schema is created and upgraded by the Alembic migrations in
``qualcode/store/migrations``; these classes are the source those migrations
are written from. Every table but ``project`` hangs off a project, so one
PostgreSQL database can hold a whole team's projects.
"""

from __future__ import annotations

import enum
import uuid as uuid_module
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlalchemy import text as sql_text
from sqlmodel import Field, SQLModel


def utc_now() -> datetime:
    """Timestamps are stored in UTC so that coders in several time zones sort together."""
    return datetime.now(UTC)


def new_uuid() -> str:
    return str(uuid_module.uuid4())


class CoderRole(enum.StrEnum):
    """A lead may see every coder's work and adjudicate; a coder sees only their own."""

    CODER = "coder"
    LEAD = "lead"
    CONSENSUS = "consensus"
    TOOL = "tool"
    """A user another tool's file names that is no person (say 'ATLAS.ti'): its codings are kept,
    but it is compared for agreement only when named."""


class ReviewStatus(enum.StrEnum):
    """What a coder did with a segment.

    ``done`` means the coder judged the segment, so an absent code is a real
    "does not apply"; ``skipped`` and ``pending`` are not judgements and count
    as missing for agreement.
    """

    DONE = "done"
    SKIPPED = "skipped"
    PENDING = "pending"


class Project(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True)
    description: str = ""
    codebook_name: str = ""
    codebook_version: str = ""
    codebook_description: str = ""
    created_at: datetime = Field(default_factory=utc_now)


class Document(SQLModel, table=True):
    __table_args__ = (
        Index("ix_document_project_sha", "project_id", "sha256"),
        Index("ix_document_project_position", "project_id", "position"),
        UniqueConstraint("project_id", "name"),
    )

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    name: str
    source_name: str
    sha256: str
    position: int = 0
    segmentation: str = "turn"
    preamble: str = ""
    postamble: str = ""
    text: str = ""
    meta: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    imported_at: datetime = Field(default_factory=utc_now)


class Segment(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("document_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    # No index of its own: the unique (document_id, position) index serves lookups by document.
    document_id: int = Field(foreign_key="document.id")
    position: int
    speaker: str = ""
    text: str
    start_char: int
    end_char: int
    start_time: float | None = None
    end_time: float | None = None


class Code(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("project_id", "uuid"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    uuid: str = Field(default_factory=new_uuid, max_length=36)
    name: str
    parent_id: int | None = Field(default=None, foreign_key="code.id")
    definition: str = ""
    when_to_use: str = ""
    when_not_to_use: str = ""
    example: str = ""
    color: str = ""
    hotkey: str = ""
    position: int = 0
    exclusive: bool = False
    ordered: bool = False
    """An exclusive parent whose children are the points of one ordered scale, in position order."""
    codable: bool = True
    archived: bool = False


class Coder(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("project_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    name: str
    role: str = CoderRole.CODER.value
    created_at: datetime = Field(default_factory=utc_now)


def _whole_segment_length(context: Any) -> int:
    """A coding inserted without an end covers its whole segment, the one shape older writers know."""
    segment_id = context.get_current_parameters()["segment_id"]
    length = context.connection.execute(
        sql_text("SELECT length(text) FROM segment WHERE id = :id"), {"id": segment_id}
    ).scalar()
    return int(length or 0)


class Coding(SQLModel, table=True):
    """One code a coder gave to a stretch of a segment's text.

    A whole-segment coding is the span covering the segment (``span_start`` 0,
    ``span_end`` the length of its text), so every reader sees one shape.
    ``quote_hash`` is the hash of the coded text when it was coded, so a later
    change to the transcript shows up as a mismatch instead of a silently
    shifted quote.
    """

    __table_args__ = (
        UniqueConstraint(
            "segment_id",
            "code_id",
            "coder_id",
            "span_start",
            "span_end",
            name="uq_coding_segment_code_coder_span",
        ),
        Index("ix_coding_coder_code", "coder_id", "code_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    segment_id: int = Field(foreign_key="segment.id", index=True)
    code_id: int = Field(foreign_key="code.id", index=True)
    coder_id: int = Field(foreign_key="coder.id")
    span_start: int = 0
    """Character offset within the segment's text where the coded stretch begins."""
    span_end: int = Field(sa_column_kwargs={"default": _whole_segment_length})
    """Character offset just past the coded stretch (end exclusive); the segment's end when not given."""
    quote_hash: str | None = Field(default=None, max_length=64)
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)


class SegmentReview(SQLModel, table=True):
    __tablename__ = "segment_review"
    __table_args__ = (
        UniqueConstraint("segment_id", "coder_id"),
        Index("ix_review_coder_status", "coder_id", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    segment_id: int = Field(foreign_key="segment.id", index=True)
    coder_id: int = Field(foreign_key="coder.id")
    status: str = ReviewStatus.DONE.value
    flagged: bool = False
    updated_at: datetime = Field(default_factory=utc_now)


class Memo(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    segment_id: int | None = Field(default=None, foreign_key="segment.id", index=True)
    document_id: int | None = Field(default=None, foreign_key="document.id")
    code_id: int | None = Field(default=None, foreign_key="code.id")
    author_id: int = Field(foreign_key="coder.id")
    text: str
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)


class Decision(SQLModel, table=True):
    """One adjudication of a disagreement: the consensus coder's codings carry the result."""

    id: int | None = Field(default=None, primary_key=True)
    segment_id: int = Field(foreign_key="segment.id", index=True)
    lead_id: int = Field(foreign_key="coder.id")
    consensus_id: int = Field(foreign_key="coder.id")
    choice: str
    code_uuids: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    rationale: str = ""
    created_at: datetime = Field(default_factory=utc_now)


class Assignment(SQLModel, table=True):
    """Which coder is to code which segment, when the lead samples an overlap share."""

    __table_args__ = (UniqueConstraint("segment_id", "coder_id"),)

    id: int | None = Field(default=None, primary_key=True)
    segment_id: int = Field(foreign_key="segment.id", index=True)
    coder_id: int = Field(foreign_key="coder.id", index=True)


class ExchangeGuid(SQLModel, table=True):
    """The GUID a REFI-QDA file gave to a coder, code, document, memo or coding, spelt as it was.

    qualcode derives GUIDs for what it made itself; what came from another tool
    keeps its own, so that a re-export writes the same identities (case included)
    and the other tool can match them. ``kind`` names the table ``local_id`` is
    a row of; a coding has two (``selection`` and ``coding``).
    """

    __tablename__ = "exchange_guid"
    __table_args__ = (UniqueConstraint("project_id", "kind", "local_id"),)

    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(foreign_key="project.id", index=True)
    kind: str = Field(max_length=16)
    local_id: int
    guid: str = Field(max_length=100)
