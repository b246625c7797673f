"""Agreement per batch of units, to see whether coders drift apart (or converge) over a project."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np
import numpy.typing as npt

from qualcode.agreement.alpha import Level, krippendorff_alpha_result
from qualcode.agreement.reliability_data import AgreementDataError, as_reliability_data, pairable_units
from qualcode.agreement.results import BatchAgreement


def agreement_by_batch(
    data: npt.ArrayLike,
    batch_labels: Sequence[Hashable],
    level: Level = "nominal",
    value_domain: Sequence[float] | None = None,
) -> list[BatchAgreement]:
    """Alpha within each batch, batches in order of first appearance in ``batch_labels``.

    ``batch_labels`` names each unit's batch (a week, an import, a document). A batch whose
    units no two coders reviewed, or without variation, has an undefined alpha that says why.
    """
    reliability = as_reliability_data(data)
    if len(batch_labels) != reliability.shape[1]:
        raise AgreementDataError(f"{len(batch_labels)} batch labels for {reliability.shape[1]} units")
    labels = np.asarray([str(label) for label in batch_labels], dtype=object)
    order = list(dict.fromkeys(labels.tolist()))
    results = []
    for batch in order:
        in_batch = reliability[:, labels == batch]
        results.append(
            BatchAgreement(
                batch=batch,
                n_units=int(in_batch.shape[1]),
                n_pairable_units=int(pairable_units(in_batch).sum()),
                alpha=krippendorff_alpha_result(in_batch, level, value_domain),
            )
        )
    return results
