"""Reliability operations of the Workbench: the agreement report, training against a reference, drift.

Each method reads the store in one unit of work (a few queries, see `store.reliability_data`) and
leaves the statistics to `qualcode.agreement`; the front ends render the typed results.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING

from qualcode import __version__
from qualcode.errors import AgreementDataError
from qualcode.service.reliability.adjudication import AdjudicationOps
from qualcode.service.reliability.report import (
    ReliabilityOptions,
    ReliabilityReport,
    ReliabilityScope,
)
from qualcode.service.reliability.results import DriftBy, DriftReport, TrainingCode, TrainingReport
from qualcode.service.reliability.sampling import SamplingOps
from qualcode.service.reliability.selection import chosen_groups
from qualcode.store.consensus import consensus_coder
from qualcode.store.models import CoderRole
from qualcode.store.reliability_data import last_review_times

if TYPE_CHECKING:
    import numpy as np

    from qualcode.agreement import BatchAgreement
    from qualcode.service.reliability.compute import ComparedCodings
    from qualcode.service.reliability.planning import ProjectSamplePlan
    from qualcode.service.reliability.study_design import ReviewerReport

ALL_CODES = "all codes (pooled)"


class ReliabilityOps(AdjudicationOps, SamplingOps):
    """Comparing coders: the report a paper cites, disagreements, adjudication, training, drift, sampling."""

    def sample_plan(
        self,
        min_alpha: float,
        significance: float,
        n_codes: int | None = None,
        options: ReliabilityOptions | None = None,
    ) -> ProjectSamplePlan:
        """How many units the coders must double-code (Krippendorff's table) against how many they have."""
        from qualcode.service.reliability.planning import plan_for_report

        options = dataclasses.replace(options or ReliabilityOptions(), methods=("per-code",), n_boot=0)
        return plan_for_report(self.agreement_report(options), min_alpha, significance, n_codes)

    def reviewer_report(self, options: ReliabilityOptions | None = None) -> ReviewerReport:
        """The agreement report with the study's design: segmentation, sample, decisions by kind."""
        from qualcode.service.reliability.study_design import ReviewerReport, StudyDesign, decisions_by_kind
        from qualcode.store import reliability_design as design

        report = self.agreement_report(options)
        resolved = report.options
        progress = self.adjudication_progress(resolved.coders, resolved.codes, resolved.documents)
        with self.unit() as session:
            selection = self._selection(session, resolved.coders, resolved.codes, resolved.documents)
            scope = selection.document_ids
            coder_ids = [coder.id for coder in selection.coders]
            overlap, assigned = design.overlap_assignments(session, self.project_id, coder_ids, scope)  # type: ignore[arg-type]
            consensus = consensus_coder(session, self.project_id)
            choices = design.decision_choices(session, consensus.id, scope) if consensus else []  # type: ignore[arg-type]
            rules = design.segmentations(session, self.project_id, scope)
        return ReviewerReport(
            report, StudyDesign(rules, overlap, assigned, progress, decisions_by_kind(choices))
        )

    def agreement_report(self, options: ReliabilityOptions | None = None) -> ReliabilityReport:
        """Agreement of the compared coders by every requested method, with the scope a paper states."""
        import numpy as np

        from qualcode.service.reliability.compute import group_section, per_code_section, set_section
        from qualcode.service.reliability.spans import span_inputs, unitizing_section

        options = options or ReliabilityOptions()
        if not options.methods:
            raise AgreementDataError("choose at least one method: per-code, group or set")
        with self.unit() as session:
            selection = self._selection(session, options.coders, options.codes, options.documents)
            compared = self._compared(
                session, selection, filter_codes=bool(options.codes), rollup=options.count == "rollup"
            )
            project = self._project(session)
            codebook, version = project.codebook_name or project.name, project.codebook_version
            spans = span_inputs(session, self.project_id, selection, compared)
        seed = options.seed
        if options.n_boot and seed is None:
            seed = int(np.random.SeedSequence().generate_state(1)[0])
        resolved = dataclasses.replace(options, coders=selection.coder_names, seed=seed)
        ks = list(range(len(selection.codes)))
        if not ks:
            raise AgreementDataError(
                "no codable code to compare: load a codebook with `qualcode codebook load`"
            )
        in_scope = (
            chosen_groups(selection.groups, options.groups, options.level)
            if "group" in options.methods
            else ()
        )
        scales = [group.scale(options.level) if options.level != "nominal" else () for group in in_scope]
        per_code = per_code_section(compared, ks, resolved) if "per-code" in options.methods else None
        groups = None
        if "group" in options.methods:
            position = {code.id: k for k, code in enumerate(compared.codes)}
            groups = tuple(
                group_section(
                    compared, group.parent.path, [position[m.id] for m in group.members], resolved, scale
                )
                for group, scale in zip(in_scope, scales, strict=True)
            )
        set_valued = set_section(compared, ks, resolved) if "set" in options.methods else None
        scope = ReliabilityScope(
            project=self.name,
            coders=selection.coder_names,
            documents=selection.documents,
            all_documents=selection.all_documents,
            codebook=codebook,
            codebook_version=version,
            codes=tuple(code.path for code in selection.codes),
            n_segments=selection.n_segments,
            n_units=compared.n_units,
            n_units_one_coder=compared.n_units_one_coder,
            n_codings_not_judged=compared.n_codings_not_judged,
            left_out=selection.left_out,
        )
        return ReliabilityReport(
            scope=scope,
            options=resolved,
            per_code=per_code,
            groups=groups,
            set_valued=set_valued,
            confusion=self._confusion(compared, ks, resolved),
            version=__version__,
            notes=_notes(scope, groups),
            unitizing=unitizing_section(*spans, compared, selection) if spans else None,
        )

    def _confusion(self, compared: ComparedCodings, ks: list[int], options: ReliabilityOptions):  # type: ignore[no-untyped-def]
        from qualcode.service.reliability.compute import confusion_section

        pair = options.confusion
        if pair is None:
            if len(compared.coders) != 2:
                return None
            pair = (compared.coders[0], compared.coders[1])
        for name in pair:
            if name not in compared.coders:
                raise AgreementDataError(
                    f"the confusion table's coder {name!r} is not among the compared coders "
                    f"({', '.join(compared.coders)})"
                )
        if pair[0] == pair[1]:
            raise AgreementDataError("the confusion table needs two different coders")
        return confusion_section(
            compared, ks, (compared.coders.index(pair[0]), compared.coders.index(pair[1]))
        )

    # -- training against a reference coder ---------------------------------------------------

    def default_reference(self) -> str:
        """The consensus coder once there is one, else the first lead."""
        with self.unit() as session:
            consensus = consensus_coder(session, self.project_id)
            if consensus is not None:
                return consensus.name
            leads = [c.name for c in self._coders(session) if c.role == CoderRole.LEAD.value]
        if not leads:
            raise AgreementDataError("no reference coder: name one (a lead or the consensus)")
        return leads[0]

    def training_report(
        self, coder: str, reference: str, codes: Sequence[str] = (), documents: Sequence[str] = ()
    ) -> TrainingReport:
        """A coder against a reference (lead or consensus): agreement per code, misses and false alarms."""
        import numpy as np

        from qualcode.agreement import agreement_for_binary_code, pooled_alpha

        if coder == reference:
            raise AgreementDataError(
                "compare a coder with someone else: the coder and the reference are the same"
            )
        with self.unit() as session:
            selection = self._selection(session, (coder, reference), codes, documents, with_order=True)
            compared = self._compared(session, selection, filter_codes=bool(codes))
        places = selection.places(compared.segment_ids)
        rows = []
        arrays = []
        for k, code in enumerate(selection.codes):
            data = compared.code_data(k)
            arrays.append(data)
            both = ~np.isnan(data).any(axis=0)
            mine, theirs = data[0] == 1.0, data[1] == 1.0
            rows.append(
                TrainingCode(
                    agreement=agreement_for_binary_code(data, compared.coders, code=code.path),
                    misses=tuple(places[u] for u in np.flatnonzero(both & theirs & ~mine)),
                    false_alarms=tuple(places[u] for u in np.flatnonzero(both & mine & ~theirs)),
                )
            )
        pooled = pooled_alpha(arrays) if arrays else None
        n_both = int(compared.reviewed.all(axis=0).sum())
        return TrainingReport(coder, reference, n_both, tuple(rows), pooled)

    # -- drift --------------------------------------------------------------------------------

    def agreement_drift(
        self,
        coders: Sequence[str] = (),
        by: DriftBy = "document",
        code: str | None = None,
        documents: Sequence[str] = (),
    ) -> DriftReport:
        """Alpha per batch of units (each document in reading order, or each week of coding)."""
        import numpy as np

        from qualcode.agreement import agreement_by_batch

        with self.unit() as session:
            selection = self._selection(session, coders, (code,) if code else (), documents, with_order=True)
            compared = self._compared(session, selection, filter_codes=bool(code))
            if by == "week":
                times = last_review_times(session, [c.id for c in selection.coders], compared.segment_ids)  # type: ignore[misc]
        if by == "week":
            labels = [times[int(s)].strftime("%G-W%V") for s in compared.segment_ids]
            order = np.argsort(np.asarray(labels), kind="stable")
            rule = "the ISO week in which the last of the compared coders marked the segment done"
        else:
            order = np.argsort(selection.reading_rank(compared.segment_ids), kind="stable")
            labels = [place.document for place in selection.places(compared.segment_ids)]
            rule = "the segment's document, in reading order"
        sorted_labels = [labels[i] for i in order.tolist()]
        ks = list(range(len(selection.codes)))
        if len(ks) == 1:
            batches = agreement_by_batch(compared.code_data(0)[:, order], sorted_labels)
            followed = selection.codes[0].path
        else:
            batches = _pooled_batches(compared, ks, order, sorted_labels)
            followed = f"{code} (pooled over {len(ks)} codes)" if code else ALL_CODES
        return DriftReport(by, followed, compared.coders, tuple(batches), rule)


def _pooled_batches(
    compared: ComparedCodings, ks: list[int], order: np.ndarray, labels: list[str]
) -> list[BatchAgreement]:
    """Pooled alpha over the codes within each batch; batches in order of first appearance."""
    import numpy as np

    from qualcode.agreement import BatchAgreement, pairable_units, pooled_alpha

    arrays = [compared.code_data(k)[:, order] for k in ks]
    first = {name: i for i, name in enumerate(dict.fromkeys(labels))}
    batch_of = np.fromiter((first[label] for label in labels), dtype=np.int64, count=len(labels))
    batches = []
    for index, batch in enumerate(first):
        inside = batch_of == index
        pooled = pooled_alpha([array[:, inside] for array in arrays])
        n_pairable = int(pairable_units(arrays[0][:, inside]).sum()) if arrays else 0
        batches.append(BatchAgreement(batch, int(inside.sum()), n_pairable, pooled.pooled_alpha))
    return batches


def _notes(scope: ReliabilityScope, groups: tuple | None) -> tuple[str, ...]:  # type: ignore[type-arg]
    notes = []
    if scope.n_units_one_coder:
        notes.append(f"{scope.n_units_one_coder} segment(s) judged by only one compared coder are left out")
    if scope.n_codings_not_judged:
        notes.append(
            f"{scope.n_codings_not_judged} coding(s) on segments their coder had not marked done are left out"
        )
    if groups == ():
        notes.append("the codebook declares no mutually exclusive group (exclusive: true on a parent code)")
    return tuple(notes)
