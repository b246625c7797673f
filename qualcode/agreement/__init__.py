"""Inter-coder agreement statistics: pure functions from reliability data arrays to typed results.

Reliability data are float arrays of shape (n_coders, n_units), ``nan`` where a coder did not
review a unit (the layout of the ``krippendorff`` package). A unit counts for agreement when at
least two coders reviewed it (``pairable_units``); the others are dropped and counted.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qualcode.agreement.alpha import (
        alpha_coefficient,
        alpha_result_from_counts,
        coincidence_matrix,
        distance_matrix,
        krippendorff_alpha,
        krippendorff_alpha_result,
    )
    from qualcode.agreement.bootstrap import (
        DEFAULT_MIN_ALPHAS,
        capped_pair_count,
        kalpha_bootstrap,
        unit_bootstrap,
    )
    from qualcode.agreement.category_kappa import CategoryKappa, fleiss_kappa_per_category
    from qualcode.agreement.code_agreement import (
        HIGH_AGREEMENT,
        MIN_CODED_UNITS,
        agreement_for_binary_code,
        alpha_verdict,
        pooled_alpha,
    )
    from qualcode.agreement.code_groups import (
        NONE_LABEL,
        confusion_table,
        confusion_table_from_codes,
        group_alpha,
        group_values,
        group_values_from_codes,
        multiple_code_reviews,
    )
    from qualcode.agreement.drift import agreement_by_batch
    from qualcode.agreement.kappa_family import (
        brennan_prediger,
        brennan_prediger_from_counts,
        fleiss_kappa,
        fleiss_kappa_from_counts,
        gwet_ac1,
        gwet_ac1_from_counts,
        percent_agreement,
        percent_agreement_from_counts,
    )
    from qualcode.agreement.reliability_data import (
        AgreementDataError,
        as_reliability_data,
        category_counts,
        distinct_rows,
        pairable_units,
        units_by_coders,
    )
    from qualcode.agreement.results import (
        KALPHA_METHOD,
        RELIABLE,
        TENTATIVE,
        UNIT_METHOD,
        AlphaInterval,
        AlphaResult,
        BatchAgreement,
        CodeAgreement,
        Coefficient,
        ConfusionTable,
        Level,
        PooledAgreement,
        Verdict,
    )
    from qualcode.agreement.sample_size import SamplePlan, required_units, required_units_for_codes
    from qualcode.agreement.set_bootstrap import set_kalpha_bootstrap, set_unit_bootstrap
    from qualcode.agreement.set_valued import jaccard_distance, masi_distance, set_alpha, set_alpha_of_codings
    from qualcode.agreement.table_agreement import table_coefficients
    from qualcode.agreement.two_coder import (
        cohen_kappa,
        cohen_kappa_from_table,
        contingency_table,
        scott_pi,
        scott_pi_from_table,
    )
    from qualcode.agreement.unitizing import (
        UnitizingAlpha,
        UnitizingAlphaByCode,
        UnitizingFamily,
        alpha_u,
        alpha_u_by_code,
        unitizing_family,
    )
    from qualcode.agreement.weighted_kappa import (
        agreement_weights,
        conger_kappa,
        weighted_cohen_kappa,
        weighted_cohen_kappa_from_table,
    )

_EXPORTS: dict[str, tuple[str, ...]] = {
    "alpha": (
        "alpha_coefficient",
        "alpha_result_from_counts",
        "coincidence_matrix",
        "distance_matrix",
        "krippendorff_alpha",
        "krippendorff_alpha_result",
    ),
    "bootstrap": (
        "DEFAULT_MIN_ALPHAS",
        "capped_pair_count",
        "kalpha_bootstrap",
        "unit_bootstrap",
    ),
    "category_kappa": ("CategoryKappa", "fleiss_kappa_per_category"),
    "code_agreement": (
        "HIGH_AGREEMENT",
        "MIN_CODED_UNITS",
        "agreement_for_binary_code",
        "alpha_verdict",
        "pooled_alpha",
    ),
    "code_groups": (
        "NONE_LABEL",
        "confusion_table",
        "confusion_table_from_codes",
        "group_alpha",
        "group_values",
        "group_values_from_codes",
        "multiple_code_reviews",
    ),
    "drift": ("agreement_by_batch",),
    "kappa_family": (
        "brennan_prediger",
        "brennan_prediger_from_counts",
        "fleiss_kappa",
        "fleiss_kappa_from_counts",
        "gwet_ac1",
        "gwet_ac1_from_counts",
        "percent_agreement",
        "percent_agreement_from_counts",
    ),
    "reliability_data": (
        "AgreementDataError",
        "as_reliability_data",
        "category_counts",
        "distinct_rows",
        "pairable_units",
        "units_by_coders",
    ),
    "results": (
        "KALPHA_METHOD",
        "RELIABLE",
        "TENTATIVE",
        "UNIT_METHOD",
        "AlphaInterval",
        "AlphaResult",
        "BatchAgreement",
        "CodeAgreement",
        "Coefficient",
        "ConfusionTable",
        "Level",
        "PooledAgreement",
        "Verdict",
    ),
    "sample_size": ("SamplePlan", "required_units", "required_units_for_codes"),
    "set_valued": (
        "jaccard_distance",
        "masi_distance",
        "set_alpha",
        "set_alpha_of_codings",
    ),
    "set_bootstrap": (
        "set_kalpha_bootstrap",
        "set_unit_bootstrap",
    ),
    "table_agreement": ("table_coefficients",),
    "two_coder": (
        "cohen_kappa",
        "cohen_kappa_from_table",
        "contingency_table",
        "scott_pi",
        "scott_pi_from_table",
    ),
    "unitizing": (
        "UnitizingAlpha",
        "UnitizingAlphaByCode",
        "UnitizingFamily",
        "alpha_u",
        "alpha_u_by_code",
        "unitizing_family",
    ),
    "weighted_kappa": (
        "agreement_weights",
        "conger_kappa",
        "weighted_cohen_kappa",
        "weighted_cohen_kappa_from_table",
    ),
}
"""Each public name by the submodule that defines it; a name's submodule (and numpy) loads on first use."""
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = [
    "DEFAULT_MIN_ALPHAS",
    "HIGH_AGREEMENT",
    "KALPHA_METHOD",
    "MIN_CODED_UNITS",
    "NONE_LABEL",
    "RELIABLE",
    "TENTATIVE",
    "UNIT_METHOD",
    "AgreementDataError",
    "AlphaInterval",
    "AlphaResult",
    "BatchAgreement",
    "CategoryKappa",
    "CodeAgreement",
    "Coefficient",
    "ConfusionTable",
    "Level",
    "PooledAgreement",
    "SamplePlan",
    "UnitizingAlpha",
    "UnitizingAlphaByCode",
    "UnitizingFamily",
    "Verdict",
    "agreement_by_batch",
    "agreement_for_binary_code",
    "agreement_weights",
    "alpha_coefficient",
    "alpha_result_from_counts",
    "alpha_u",
    "alpha_u_by_code",
    "alpha_verdict",
    "as_reliability_data",
    "brennan_prediger",
    "brennan_prediger_from_counts",
    "capped_pair_count",
    "category_counts",
    "cohen_kappa",
    "cohen_kappa_from_table",
    "coincidence_matrix",
    "confusion_table",
    "conger_kappa",
    "confusion_table_from_codes",
    "contingency_table",
    "distance_matrix",
    "distinct_rows",
    "fleiss_kappa",
    "fleiss_kappa_from_counts",
    "fleiss_kappa_per_category",
    "group_alpha",
    "group_values",
    "group_values_from_codes",
    "gwet_ac1",
    "gwet_ac1_from_counts",
    "jaccard_distance",
    "kalpha_bootstrap",
    "krippendorff_alpha",
    "krippendorff_alpha_result",
    "masi_distance",
    "multiple_code_reviews",
    "pairable_units",
    "percent_agreement",
    "percent_agreement_from_counts",
    "pooled_alpha",
    "required_units",
    "required_units_for_codes",
    "scott_pi",
    "scott_pi_from_table",
    "set_alpha",
    "set_alpha_of_codings",
    "set_kalpha_bootstrap",
    "set_unit_bootstrap",
    "table_coefficients",
    "unit_bootstrap",
    "unitizing_family",
    "units_by_coders",
    "weighted_cohen_kappa",
    "weighted_cohen_kappa_from_table",
]


def __getattr__(name: str) -> Any:
    """PEP 562: import the submodule that defines ``name`` the first time it is asked for.

    The service names these types in signatures and calls the statistics only when a report is
    asked for; loading them eagerly would put numpy on every start of the command line and the
    workbench.
    """
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
