"""Overlap sampling: a random, document-stratified share of segments double-coded, the rest split."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from qualcode.errors import AgreementDataError, ProjectError
from qualcode.service.reliability.results import CoderAssignment, DocumentSample, SamplingReport
from qualcode.service.reliability.selection import ReliabilitySelection
from qualcode.store.assignments import assignment_counts, replace_assignments

if TYPE_CHECKING:
    import numpy as np


def overlap_quota(sizes: Sequence[int], share: float) -> np.ndarray:
    """Overlap segments per document: proportional to size, summing to round(share x total).

    Largest-remainder rounding keeps every document's share within one segment of ``share`` and
    the total exact, so small documents are neither always skipped nor always over-sampled.
    """
    import numpy as np

    sizes_array = np.asarray(sizes, dtype=float)
    exact = sizes_array * share
    quota = np.floor(exact).astype(np.int64)
    missing = int(round(sizes_array.sum() * share)) - int(quota.sum())
    if missing > 0:
        order = np.argsort(-(exact - quota), kind="stable")
        quota[order[:missing]] += 1
    return np.minimum(quota, sizes_array.astype(np.int64))


class SamplingOps(ReliabilitySelection):
    """The lead's overlap sample, written as `Assignment` rows that each coder's "next" follows."""

    def sample_overlap(
        self,
        coders: Sequence[str],
        overlap: float,
        seed: int | None = None,
        documents: Sequence[str] = (),
        replace: bool = False,
    ) -> SamplingReport:
        """Assign ``overlap`` of every document's segments to all ``coders``, the rest to one coder each.

        The split of the rest is balanced: coders take turns over a shuffled list, so each coder's
        share differs by at most one segment overall.
        """
        import numpy as np

        if not 0.0 < overlap <= 1.0:
            raise AgreementDataError(f"--overlap must be a share in (0, 1], e.g. 0.2; got {overlap}")
        used_seed = int(seed) if seed is not None else int(np.random.SeedSequence().generate_state(1)[0])
        rng = np.random.default_rng(used_seed)
        with self.unit() as session:
            selection = self._selection(session, coders, (), documents, with_order=True)
            ids = [coder.id for coder in selection.coders]
            existing = assignment_counts(session, ids)  # type: ignore[arg-type]
            if existing and not replace:
                who = ", ".join(c.name for c in selection.coders if c.id in existing)
                raise ProjectError(f"{who} already have assignments: add --replace to draw a new sample")
            order = selection.order
            assert order is not None
            document_ids = list(dict.fromkeys(order.document_ids.tolist()))
            sizes = [int((order.document_ids == d).sum()) for d in document_ids]
            quotas = overlap_quota(sizes, overlap)
            pairs: list[tuple[int, int]] = []
            per_coder = {coder_id: [0, 0] for coder_id in ids}
            turn = 0
            per_document = []
            for document_id, quota in zip(document_ids, quotas.tolist(), strict=True):
                segments = rng.permutation(order.segment_ids[order.document_ids == document_id])
                for segment_id in segments[:quota].tolist():
                    for coder_id in ids:
                        pairs.append((segment_id, coder_id))  # type: ignore[arg-type]
                        per_coder[coder_id][0] += 1  # type: ignore[index]
                        per_coder[coder_id][1] += 1  # type: ignore[index]
                for segment_id in segments[quota:].tolist():
                    coder_id = ids[turn % len(ids)]
                    turn += 1
                    pairs.append((segment_id, coder_id))  # type: ignore[arg-type]
                    per_coder[coder_id][0] += 1  # type: ignore[index]
                per_document.append(DocumentSample(order.document_names[document_id], len(segments), quota))
            replace_assignments(session, ids, pairs)  # type: ignore[arg-type]
        return SamplingReport(
            coders=selection.coder_names,
            overlap_share=overlap,
            seed=used_seed,
            n_segments=len(order.segment_ids),
            n_overlap=int(quotas.sum()),
            per_coder=tuple(
                CoderAssignment(coder.name, *per_coder[coder.id])
                for coder in selection.coders  # type: ignore[index]
            ),
            per_document=tuple(per_document),
        )
