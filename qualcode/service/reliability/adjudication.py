"""Disagreements and their adjudication into a consensus coding, leaving the coders' own codings untouched."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from qualcode.errors import CodingError, NotFoundError
from qualcode.service.reliability.results import (
    AcceptedAgreements,
    AdjudicationProgress,
    Choice,
    CoderSet,
    DecisionResult,
    Disagreement,
)
from qualcode.service.reliability.selection import ReliabilitySelection
from qualcode.store import navigation
from qualcode.store.consensus import (
    DecisionRecord,
    PlannedDecision,
    check_exclusive,
    consensus_coder,
    decided_segments,
    decision_log,
    write_decisions,
)
from qualcode.store.models import Coder, CoderRole, Document, ReviewStatus, Segment
from qualcode.store.reliability_data import CodingArrays, segment_texts

if TYPE_CHECKING:
    import numpy as np

    from qualcode.service.reliability.compute import ComparedCodings


def differing_codes(compared: ComparedCodings, ks: Sequence[int]) -> np.ndarray:
    """Codes x units: True where the coders who judged the unit disagree on the code."""
    import numpy as np

    differs = np.zeros((len(ks), compared.n_units), dtype=bool)
    for row, k in enumerate(ks):
        data = compared.code_data(k)
        differs[row] = np.nanmax(data, axis=0) != np.nanmin(data, axis=0)
    return differs


def _review_keys(arrays: CodingArrays) -> np.ndarray:
    """Chunks x coders x units numbers that are equal exactly when two reviews hold the same codes."""
    import numpy as np

    codes, dense = np.unique(arrays.coding_code, return_inverse=True)
    n_coders, n_units = arrays.reviewed.shape
    flat = arrays.coding_coder * n_units + arrays.coding_unit
    n_chunks = max(1, -(-len(codes) // 52))
    keys = np.zeros((n_chunks, n_coders * n_units))
    for chunk in range(n_chunks):
        inside = dense // 52 == chunk
        bits = np.ldexp(1.0, (dense[inside] % 52).astype(np.int32))
        keys[chunk] = np.bincount(flat[inside], weights=bits, minlength=n_coders * n_units)
    return keys.reshape(n_chunks, n_coders, n_units)


class AdjudicationOps(ReliabilitySelection):
    """The disagreement browser and adjudication: decisions become the consensus coder's codings."""

    def disagreements(
        self,
        coders: Sequence[str] = (),
        codes: Sequence[str] = (),
        documents: Sequence[str] = (),
        code: str | None = None,
    ) -> list[Disagreement]:
        """Segments the compared coders judged differently, in reading order; ``code`` keeps those
        where they differ on that code."""
        import numpy as np

        from qualcode.service.reliability.spans import span_differences, span_inputs

        with self.unit() as session:
            selection = self._selection(session, coders, codes, documents, with_order=True)
            compared = self._compared(session, selection, filter_codes=bool(codes))
            consensus = consensus_coder(session, self.project_id)
            decided = decided_segments(session, consensus.id) if consensus else set()  # type: ignore[arg-type]
            wanted = self._code(session, code).id if code else None
            spans = span_inputs(session, self.project_id, selection, compared)
        ks = list(range(len(selection.codes)))
        differs = differing_codes(compared, ks)
        extents = span_differences(*spans, compared, selection) if spans else {}
        if wanted is not None:
            rows = [k for k in ks if compared.codes[k].id == wanted]
            if not rows:
                raise NotFoundError(f"code {code!r} is not among the compared codes")
            extents = {
                segment: kept
                for segment, found in extents.items()
                if (kept := tuple(d for d in found if d.code_id == wanted))
            }
            listed = differs[rows[0]]
        else:
            listed = differs.any(axis=0)
        units = np.flatnonzero(listed | np.isin(compared.segment_ids, list(extents)))
        units = units[np.argsort(selection.reading_rank(compared.segment_ids[units]), kind="stable")]
        in_view = np.isin(compared.coding_unit, units)
        by_review: dict[tuple[int, int], list[int]] = {}
        for coder, unit, k in zip(
            compared.coding_coder[in_view].tolist(),
            compared.coding_unit[in_view].tolist(),
            compared.coding_code[in_view].tolist(),
            strict=True,
        ):
            by_review.setdefault((unit, coder), []).append(compared.codes[k].id)
        places = selection.places(compared.segment_ids[units])
        result = []
        for unit, place in zip(units.tolist(), places, strict=True):
            sets = tuple(
                CoderSet(name, bool(compared.reviewed[row, unit]), tuple(by_review.get((unit, row), ())))
                for row, name in enumerate(compared.coders)
            )
            differing = tuple(compared.codes[k].id for k in ks if differs[k, unit])
            result.append(
                Disagreement(
                    place, sets, differing, place.segment_id in decided, extents.get(place.segment_id, ())
                )
            )
        return result

    def segment_texts(self, segment_ids: Sequence[int]) -> dict[int, tuple[str, str]]:
        """Speaker and text of each segment, for the rows a screen shows."""
        with self.unit() as session:
            return segment_texts(session, segment_ids)

    def adjudication_progress(
        self, coders: Sequence[str] = (), codes: Sequence[str] = (), documents: Sequence[str] = ()
    ) -> AdjudicationProgress:
        import numpy as np

        with self.unit() as session:
            selection = self._selection(session, coders, codes, documents)
            compared = self._compared(session, selection, filter_codes=bool(codes))
            consensus = consensus_coder(session, self.project_id)
            decided = decided_segments(session, consensus.id) if consensus else set()  # type: ignore[arg-type]
        units = np.flatnonzero(differing_codes(compared, range(len(selection.codes))).any(axis=0))
        n_decided = int(np.isin(compared.segment_ids[units], list(decided)).sum()) if decided else 0
        return AdjudicationProgress(compared.n_units, len(units), n_decided, len(decided))

    def decisions(self, segment_ids: Sequence[int] | None = None) -> list[DecisionRecord]:
        """The decision log (who, when, choice, codes, rationale), oldest first."""
        with self.unit() as session:
            consensus = consensus_coder(session, self.project_id)
            return decision_log(session, consensus.id, segment_ids) if consensus else []  # type: ignore[arg-type]

    def consensus_codes(self, segment_id: int) -> tuple[int, ...] | None:
        """The consensus coder's codes on a segment, or None when it holds no decision for it."""
        with self.unit() as session:
            consensus = consensus_coder(session, self.project_id)
            if consensus is None:
                return None
            rows = navigation.codes_by_coder(session, segment_id, [consensus])
        return rows[0].code_ids if rows[0].status == ReviewStatus.DONE.value else None

    # -- deciding -----------------------------------------------------------------------------

    def _lead(self, session: Session, name: str) -> Coder:
        lead = self._coder(session, name)
        if lead.role != CoderRole.LEAD.value:
            raise CodingError(f"only a lead can adjudicate; {name!r} is a {lead.role}")
        return lead

    def _project_segment(self, session: Session, segment_id: int) -> None:
        found = session.exec(
            select(col(Segment.id))
            .join(Document, col(Document.id) == col(Segment.document_id))
            .where(col(Segment.id) == segment_id, col(Document.project_id) == self.project_id)
        ).first()
        if found is None:
            raise NotFoundError(f"no segment with id {segment_id} in project {self.name!r}")

    def decide(
        self, segment_id: int, lead: str, choice: Choice, coders: Sequence[str] = (), rationale: str = ""
    ) -> DecisionResult:
        """Settle one segment: its consensus codes become the chosen set; the decision is logged."""
        with self.unit() as session:
            lead_row = self._lead(session, lead)
            self._project_segment(session, segment_id)
            compared, _left_out = self._compared_coders(session, coders)
            sets = navigation.codes_by_coder(session, segment_id, list(compared))
            judged = {row.coder: set(row.code_ids) for row in sets if row.status == ReviewStatus.DONE.value}
            if choice.kind == "take":
                if choice.coder not in judged:
                    raise CodingError(
                        f"{choice.coder!r} has not judged segment {segment_id}: take a coder who did"
                    )
                chosen = judged[choice.coder]
            elif choice.kind == "edit":
                chosen = {self._code(session, code_id).id for code_id in choice.code_ids}  # type: ignore[misc]
            elif not judged:
                raise CodingError(f"no compared coder has judged segment {segment_id}")
            elif choice.kind == "union":
                chosen = set().union(*judged.values())
            else:
                chosen = set.intersection(*judged.values())
            check_exclusive(session, chosen)
            planned = PlannedDecision(segment_id, tuple(sorted(chosen)), choice.label, rationale.strip())
            consensus = write_decisions(session, self.project_id, lead_row, [planned])
            return DecisionResult(segment_id, choice.label, planned.code_ids, consensus.name)

    def accept_agreements(
        self,
        lead: str,
        coders: Sequence[str] = (),
        documents: Sequence[str] = (),
        include_single: bool = True,
    ) -> AcceptedAgreements:
        """Copy into the consensus every undecided segment the judging coders coded alike.

        Segments only one coder judged are copied from that coder when ``include_single`` is set,
        so that an overlap-sampled project gets a complete consensus coding. Every copy is logged.
        """
        import numpy as np

        with self.unit() as session:
            lead_row = self._lead(session, lead)
            selection = self._selection(session, coders, (), documents)
            arrays = self._coding_arrays(session, selection, filter_codes=False)
            consensus = consensus_coder(session, self.project_id)
            decided = decided_segments(session, consensus.id) if consensus else set()  # type: ignore[arg-type]
            keys = _review_keys(arrays)
            judged = arrays.reviewed
            masked = np.where(judged[None, :, :], keys, np.nan)
            alike = (np.nanmax(masked, axis=1) == np.nanmin(masked, axis=1)).all(axis=0)
            n_judges = judged.sum(axis=0)
            undecided = ~np.isin(arrays.segment_ids, list(decided)) if decided else np.ones(len(alike), bool)
            agreed = alike & (n_judges >= 2) & undecided
            single = (n_judges == 1) & undecided & include_single
            chosen = agreed | single
            first = judged.argmax(axis=0)
            take = chosen[arrays.coding_unit] & (arrays.coding_coder == first[arrays.coding_unit])
            codes: dict[int, list[int]] = {}
            for unit, code_id in zip(
                arrays.coding_unit[take].tolist(), arrays.coding_code[take].tolist(), strict=True
            ):
                codes.setdefault(unit, []).append(code_id)
            names = selection.coder_names
            planned = [
                PlannedDecision(
                    int(arrays.segment_ids[unit]),
                    tuple(codes.get(unit, ())),
                    "agreed" if agreed[unit] else "single coder",
                    f"all {int(n_judges[unit])} judging coders applied the same codes"
                    if agreed[unit]
                    else f"only {names[int(first[unit])]} judged this segment",
                )
                for unit in np.flatnonzero(chosen).tolist()
            ]
            write_decisions(session, self.project_id, lead_row, planned)
            n_already = int((~undecided).sum())
        return AcceptedAgreements(int(agreed.sum()), int(single.sum()), n_already)
