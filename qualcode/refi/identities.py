"""The GUIDs a REFI-QDA file brought in, recorded as spelt so that a re-export writes them again."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from sqlalchemy import insert
from sqlmodel import Session, col, select

from qualcode.store.models import Coding, ExchangeGuid, Segment

if TYPE_CHECKING:
    from qualcode.refi.model import ExchangeProject

GuidKey = tuple[str, int]
"""(kind, row id): kind is user, code, source, selection, coding or note."""


def exchange_guids(session: Session, project_id: int) -> dict[GuidKey, str]:
    rows = session.exec(
        select(ExchangeGuid.kind, ExchangeGuid.local_id, ExchangeGuid.guid).where(
            ExchangeGuid.project_id == project_id
        )
    )
    return {(kind, local_id): guid for kind, local_id, guid in rows}


class GuidLedger:
    """Hands out each recorded GUID once per kind, so no two parts of an export share one.

    A selection that crossed segments came in as one span per segment, each
    recorded with the selection's GUID; and a row id freed by a deletion may be
    taken by a new row. The first part keeps the GUID, the others get derived ones.
    """

    def __init__(self, known: dict[GuidKey, str]) -> None:
        self.known = known
        self._used: set[tuple[str, str]] = set()

    def take(self, kind: str, local_id: int | None) -> str | None:
        guid = self.known.get((kind, local_id)) if local_id is not None else None
        if guid is None or (kind, guid.casefold()) in self._used:
            return None
        self._used.add((kind, guid.casefold()))
        return guid


def record_guids(
    session: Session,
    project_id: int,
    exchange: ExchangeProject,
    coder_ids: dict[str, int],
    code_ids: Mapping[str, int | None],
    document_guids: dict[int, str],
    placed: dict[tuple[int, int, int, int, int], tuple[str, str]],
    memo_guids: dict[int, str],
) -> None:
    """Record every GUID of the file for the rows it became; a row that has one already keeps it.

    A code is recorded only when the file spelt its GUID otherwise than qualcode
    does (upper case, braces), since the code itself keeps the canonical GUID.
    """
    spelt = exchange.spellings
    wanted: dict[GuidKey, str] = {}
    for user in exchange.users:
        wanted[("user", coder_ids[user.guid])] = spelt.get(user.guid, user.guid)
    for _path, spec, _parent in exchange.codebook.walk():
        code_id = code_ids.get(spec.uuid) if spec.uuid else None
        if spec.uuid and code_id is not None and spelt.get(spec.uuid, spec.uuid) != spec.uuid:
            wanted[("code", code_id)] = spelt[spec.uuid]
    for document_id, guid in document_guids.items():
        wanted[("source", document_id)] = spelt.get(guid, guid)
    if placed and document_guids:
        rows = session.exec(
            select(  # type: ignore[call-overload]
                Coding.id,
                Coding.segment_id,
                Coding.code_id,
                Coding.coder_id,
                Coding.span_start,
                Coding.span_end,
            )
            .join(Segment, col(Segment.id) == col(Coding.segment_id))
            .where(col(Segment.document_id).in_(list(document_guids)))
        )
        for coding_id, *key in rows:
            guids = placed.get(tuple(key))  # type: ignore[arg-type]
            if guids is not None and coding_id is not None:
                wanted[("selection", coding_id)] = spelt.get(guids[0], guids[0])
                wanted[("coding", coding_id)] = spelt.get(guids[1], guids[1])
    for memo_id, guid in memo_guids.items():
        wanted[("note", memo_id)] = spelt.get(guid, guid)
    taken = exchange_guids(session, project_id)
    rows_to_add = [
        {"project_id": project_id, "kind": kind, "local_id": local_id, "guid": guid}
        for (kind, local_id), guid in wanted.items()
        if (kind, local_id) not in taken
    ]
    if rows_to_add:
        session.execute(insert(ExchangeGuid), rows_to_add)
