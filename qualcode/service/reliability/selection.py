"""Which coders, codes and documents a comparison covers: names resolved once, defaults applied once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlmodel import Session

from qualcode.codebook.paths import PATH_SEPARATOR
from qualcode.codebook.validation import scale_values
from qualcode.errors import AgreementDataError, NotFoundError
from qualcode.service.base import WorkbenchBase
from qualcode.service.reliability.report import NO_REVIEWS, NOT_NAMED, LeftOutCoder
from qualcode.service.reliability.results import SegmentPlace
from qualcode.store import codes as code_store
from qualcode.store import documents as document_store
from qualcode.store.models import Code, Coder, CoderRole
from qualcode.store.reliability_data import (
    CodingArrays,
    ReadingOrder,
    coders_with_done_reviews,
    coding_arrays,
    document_names,
    reading_order,
    segment_count,
)

if TYPE_CHECKING:
    import numpy as np

    from qualcode.agreement.results import Level
    from qualcode.service.reliability.compute import CodeColumn, ComparedCodings


@dataclass(frozen=True)
class CodeGroup:
    """A mutually exclusive group: a parent marked ``exclusive`` and its codable children."""

    parent: CodeColumn
    members: tuple[CodeColumn, ...]
    ordered: bool = False
    """The members are the points of one ordered scale, lowest first (``ordered: true``)."""

    def scale(self, level: Level) -> tuple[float, ...]:
        """Each member's value at ``level``: its name where every name is a number, else its rank.

        Ranks (1, 2, …) carry the order, all ordinal alpha uses, and at the interval level assume
        equal steps; ratio alpha needs a true zero, which only numbers can give.
        """
        names = [member.path.rsplit(PATH_SEPARATOR, 1)[-1] for member in self.members]
        values = scale_values(names)
        if values is None and level == "ratio":
            raise AgreementDataError(
                f"group {self.parent.path!r}: the ratio level needs codes named by their numbers "
                f"(e.g. 0, 1, 2), got {', '.join(names)}; use --level interval or ordinal"
            )
        return values or tuple(float(rank) for rank in range(1, len(names) + 1))


def chosen_groups(groups: Sequence[CodeGroup], names: Sequence[str], level: Level) -> tuple[CodeGroup, ...]:
    """The groups named (by parent name or path), else all; beyond nominal, ordered groups only."""
    chosen = list(groups)
    if names:
        by_name = {key: group for group in groups for key in _group_keys(group)}
        unknown = [name for name in names if name.casefold() not in by_name]
        if unknown:
            known = ", ".join(group.parent.path for group in groups) or "none"
            raise NotFoundError(
                f"no exclusive group {unknown[0]!r} among the compared codes (groups: {known})"
            )
        chosen = list({id(by_name[name.casefold()]): by_name[name.casefold()] for name in names}.values())
    if level == "nominal":
        return tuple(chosen)
    unordered = [group.parent.path for group in chosen if not group.ordered]
    if names and unordered:
        raise AgreementDataError(
            f"group {unordered[0]!r} is not ordered: mark it `ordered: true` in the codebook to measure "
            f"its agreement at the {level} level"
        )
    ordered = tuple(group for group in chosen if group.ordered)
    if not ordered:
        raise AgreementDataError(
            f"no ordered group among the compared codes: the {level} level needs an exclusive parent "
            "marked `ordered: true` in the codebook"
        )
    return ordered


def _group_keys(group: CodeGroup) -> tuple[str, ...]:
    path = group.parent.path
    return (path.casefold(), path.rsplit(PATH_SEPARATOR, 1)[-1].casefold())


@dataclass(frozen=True)
class Selection:
    coders: tuple[Coder, ...]
    codes: tuple[CodeColumn, ...]
    """The compared codes, in codebook order."""
    groups: tuple[CodeGroup, ...]
    """Exclusive groups touching the compared codes."""
    document_ids: tuple[int, ...] | None
    """The documents named, or None for all of them."""
    documents: tuple[str, ...]
    """The documents in scope, in reading order."""
    n_segments: int
    """Segments in those documents."""
    order: ReadingOrder | None = None
    """Every segment in reading order, read only for the views that place segments."""
    left_out: tuple[LeftOutCoder, ...] = ()
    """The project's coders the default left out, and why (empty when coders were named)."""

    @property
    def all_documents(self) -> bool:
        return self.document_ids is None

    @property
    def coder_names(self) -> tuple[str, ...]:
        return tuple(coder.name for coder in self.coders)

    def places(self, segment_ids: np.ndarray) -> list[SegmentPlace]:
        """Where each segment is (document name, position), from the reading order already read."""
        import numpy as np

        order = self.order
        assert order is not None, "select with with_order=True to place segments"
        sorter = np.argsort(order.segment_ids, kind="stable")
        at = sorter[np.searchsorted(order.segment_ids[sorter], segment_ids)]
        return [
            SegmentPlace(int(segment_id), order.document_names[int(document)], int(position))
            for segment_id, document, position in zip(
                segment_ids.tolist(),
                order.document_ids[at].tolist(),
                order.positions[at].tolist(),
                strict=True,
            )
        ]

    def reading_rank(self, segment_ids: np.ndarray) -> np.ndarray:
        """Each segment's rank in reading order, to sort units the way a reader meets them."""
        import numpy as np

        order = self.order
        assert order is not None, "select with with_order=True to order segments"
        sorter = np.argsort(order.segment_ids, kind="stable")
        return sorter[np.searchsorted(order.segment_ids[sorter], segment_ids)]

    @property
    def columns(self) -> tuple[CodeColumn, ...]:
        """Every code to read: the compared ones, then group members not among them."""
        columns = {code.id: code for code in self.codes}
        for group in self.groups:
            for member in group.members:
                columns.setdefault(member.id, member)
        return tuple(columns.values())


class ReliabilitySelection(WorkbenchBase):
    """Resolving the names a user gives into coders, codes and documents, with clear refusals."""

    def _compared_coders(
        self,
        session: Session,
        names: Sequence[str],
        minimum: int = 2,
        document_ids: Sequence[int] | None = None,
    ) -> tuple[tuple[Coder, ...], tuple[LeftOutCoder, ...]]:
        """The named coders; by default the coders (role coder) who marked a unit in scope done.

        A lead judges to adjudicate or to train, not as one of the coders whose agreement a paper
        reports, and a coder who reviewed nothing in scope (a name added by mistake, someone who
        has not started) would only change the coefficient's name and the coder count: both are
        compared only when named, and the report says who was left out and why.
        """
        left_out: list[LeftOutCoder] = []
        if names:
            coders = [self._coder(session, name.strip()) for name in dict.fromkeys(names)]
        else:
            everyone = self._coders(session)
            candidates = [coder.id for coder in everyone if coder.role == CoderRole.CODER.value]
            active = coders_with_done_reviews(session, candidates, document_ids) if candidates else set()  # type: ignore[arg-type]
            coders = []
            for coder in everyone:
                if coder.role != CoderRole.CODER.value:
                    left_out.append(LeftOutCoder(coder.name, coder.role, NOT_NAMED))
                elif coder.id not in active:
                    left_out.append(LeftOutCoder(coder.name, coder.role, NO_REVIEWS))
                else:
                    coders.append(coder)
        if len(coders) < minimum:
            found = ", ".join(coder.name for coder in coders) or "none"
            others = f"; left out: {'; '.join(map(str, left_out))}" if left_out else ""
            raise AgreementDataError(
                f"agreement needs at least {minimum} coders; compared: {found}{others} "
                "(name them with --coders a,b or add coders with `qualcode coder add`)"
            )
        return tuple(coders), tuple(left_out)

    def _code_columns(
        self, session: Session, refs: Sequence[str]
    ) -> tuple[list[CodeColumn], list[CodeGroup]]:
        from qualcode.service.reliability.compute import CodeColumn

        codes = code_store.project_codes(session, self.project_id)
        paths = code_store.code_paths(
            code_store.project_codes(session, self.project_id, include_archived=True)
        )
        children: dict[int | None, list[Code]] = {}
        for code in codes:
            children.setdefault(code.parent_id, []).append(code)
        column = {
            code.id: CodeColumn(
                code.id,  # type: ignore[arg-type]
                code.uuid,
                paths[code.id],  # type: ignore[index]
                tuple(c.id for c in _codable_within(code, children) if c.id != code.id),  # type: ignore[misc]
            )
            for code in codes
        }
        if refs:
            wanted: set[int] = set()
            for ref in refs:
                code = self._code(session, ref.strip())
                within = _codable_within(code, children)
                if not within:
                    raise AgreementDataError(
                        f"code {paths[code.id]!r} is not codable and has no codable codes below it"  # type: ignore[index]
                    )
                wanted |= {c.id for c in within}  # type: ignore[misc]
        else:
            wanted = {code.id for code in codes if code.codable}  # type: ignore[misc]
        compared = [column[code.id] for code in codes if code.id in wanted]  # type: ignore[index]
        groups = []
        for parent in codes:
            members = [c for c in children.get(parent.id, []) if c.codable]
            touches = parent.id in wanted or any(member.id in wanted for member in members)
            if parent.exclusive and len(members) >= 2 and touches:
                group_members = tuple(column[m.id] for m in members)  # type: ignore[index]
                groups.append(CodeGroup(column[parent.id], group_members, parent.ordered))  # type: ignore[index]
        return compared, groups

    def _selection(
        self,
        session: Session,
        coders: Sequence[str] = (),
        codes: Sequence[str] = (),
        documents: Sequence[str] = (),
        minimum_coders: int = 2,
        with_order: bool = False,
    ) -> Selection:
        in_scope = document_names(session, self.project_id)
        document_ids: tuple[int, ...] | None = None
        if documents:
            wanted = {
                document_store.find_document(session, self.project_id, name.strip()).id for name in documents
            }
            in_scope = [(document_id, name) for document_id, name in in_scope if document_id in wanted]
            document_ids = tuple(document_id for document_id, _name in in_scope)
        coder_rows, left_out = self._compared_coders(session, coders, minimum_coders, document_ids)
        compared, groups = self._code_columns(session, codes)
        return Selection(
            coders=coder_rows,
            codes=tuple(compared),
            groups=tuple(groups),
            document_ids=document_ids,
            documents=tuple(name for _id, name in in_scope),
            n_segments=segment_count(session, self.project_id, document_ids),
            order=reading_order(session, self.project_id, document_ids) if with_order else None,
            left_out=left_out,
        )

    def _coding_arrays(self, session: Session, selection: Selection, filter_codes: bool) -> CodingArrays:
        code_ids = [code.id for code in selection.columns] if filter_codes else None
        coder_ids = [coder.id for coder in selection.coders]
        return coding_arrays(session, coder_ids, code_ids, selection.document_ids)  # type: ignore[arg-type]

    def _compared(
        self, session: Session, selection: Selection, filter_codes: bool, rollup: bool = False
    ) -> ComparedCodings:
        from qualcode.service.reliability.compute import ComparedCodings

        arrays = self._coding_arrays(session, selection, filter_codes)
        return ComparedCodings.build(arrays, selection.coder_names, selection.columns, rollup)


def _codable_within(code: Code, children: dict[int | None, list[Code]]) -> list[Code]:
    """The code (if codable) and every codable code below it: a parent stands for its branch."""
    found: list[Code] = []
    stack = [code]
    while stack:
        current = stack.pop(0)
        if current.codable:
            found.append(current)
        stack.extend(children.get(current.id, []))
    return found
