"""From the store's coding arrays to the report's sections: the unit rule, per-code data and each method.

Nothing here opens a session: `ComparedCodings` is built from `CodingArrays` once, and each method
reads it. Statistics come from `qualcode.agreement`; this module only shapes the data.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from qualcode.agreement import (
    MIN_CODED_UNITS,
    RELIABLE,
    TENTATIVE,
    AlphaResult,
    CodeAgreement,
    ConfusionTable,
    Verdict,
    agreement_for_binary_code,
    alpha_verdict,
    confusion_table_from_codes,
    group_alpha,
    group_values_from_codes,
    kalpha_bootstrap,
    krippendorff_alpha_result,
    multiple_code_reviews,
    pairable_units,
    pooled_alpha,
    set_alpha_of_codings,
    set_kalpha_bootstrap,
    set_unit_bootstrap,
    unit_bootstrap,
)
from qualcode.agreement.results import TOO_FEW_CODED_UNITS
from qualcode.service.reliability.report import (
    GroupAgreement,
    PerCodeSection,
    ReliabilityOptions,
    SetAgreement,
)
from qualcode.store.reliability_data import CodingArrays

JUDGED = ("reliable", "tentative", "unreliable")
"""Verdicts of codes whose alpha means something: not undefined, not too few coded units."""


def code_seed(seed: int, key: str) -> int:
    """A code's own bootstrap seed, fixed by the report's seed and the code's path.

    The same code gets the same interval whichever other codes are compared alongside it, and
    anyone holding the data, the seed and the codebook can reproduce it: the path is printed in
    the report, unlike the code's internal identity.
    """
    digest = hashlib.sha256(f"{seed}:{key}".encode()).digest()
    return int.from_bytes(digest[:4], "big")


@dataclass(frozen=True)
class CodeColumn:
    """A code as the computation sees it."""

    id: int
    uuid: str
    path: str
    below: tuple[int, ...] = ()
    """Ids of the codable codes below it, at any depth: what a rolled-up parent stands for."""


@dataclass(frozen=True, eq=False)
class ComparedCodings:
    """The compared coders' judgements on the units that count: segments two or more of them judged."""

    coders: tuple[str, ...]
    codes: tuple[CodeColumn, ...]
    """Every code read: the compared ones and the members of compared groups."""
    segment_ids: np.ndarray
    reviewed: np.ndarray
    """Coders x units, True where the coder judged the unit."""
    coding_coder: np.ndarray
    coding_unit: np.ndarray
    coding_code: np.ndarray
    """Index into ``codes`` of each coding, sorted."""
    code_starts: np.ndarray
    """``coding_code`` is sorted; code k's codings are ``code_starts[k]:code_starts[k + 1]``."""
    n_units_one_coder: int
    n_codings_not_judged: int
    """Codings the store left out because their coder had not marked the segment done."""
    rolled_up: tuple[tuple[int, ...], ...] = ()
    """Per code, the indices of the codes below it whose codings count for it too (see ``build``)."""

    @classmethod
    def build(
        cls,
        arrays: CodingArrays,
        coders: Sequence[str],
        codes: Sequence[CodeColumn],
        rollup: bool = False,
    ) -> ComparedCodings:
        """Keep the pairable units (the one rule, `pairable_units`) and the codings of ``codes`` on them.

        With ``rollup`` a parent's present/absent data (``code_data``) count it as applied where
        it or a code below it was applied, as the frequency tables count it; the codings
        themselves, and so the set method and the confusion table, stay as the coders applied them.
        """
        judged = np.where(arrays.reviewed, 0.0, np.nan)
        pairable = pairable_units(judged)
        n_one = int((arrays.reviewed.sum(axis=0) == 1).sum())
        new_unit = np.full(len(pairable), -1, dtype=np.int64)
        new_unit[pairable] = np.arange(int(pairable.sum()))
        code_index = {code.id: k for k, code in enumerate(codes)}
        lookup = np.full(max([*code_index, 0]) + 1, -1, dtype=np.int64)
        lookup[list(code_index)] = list(code_index.values())
        known = arrays.coding_code < len(lookup)
        code_of = np.full(len(arrays.coding_code), -1, dtype=np.int64)
        code_of[known] = lookup[arrays.coding_code[known]]
        unit_of = new_unit[arrays.coding_unit]
        keep = (code_of >= 0) & (unit_of >= 0)
        order = np.argsort(code_of[keep], kind="stable")
        sorted_codes = code_of[keep][order]
        rolled_up = tuple(
            tuple(code_index[i] for i in code.below if i in code_index) if rollup else () for code in codes
        )
        return cls(
            coders=tuple(coders),
            codes=tuple(codes),
            segment_ids=arrays.segment_ids[pairable],
            reviewed=arrays.reviewed[:, pairable],
            coding_coder=arrays.coding_coder[keep][order],
            coding_unit=unit_of[keep][order],
            coding_code=sorted_codes,
            code_starts=np.searchsorted(sorted_codes, np.arange(len(codes) + 1)),
            n_units_one_coder=n_one,
            n_codings_not_judged=arrays.n_codings_not_judged,
            rolled_up=rolled_up,
        )

    @property
    def n_units(self) -> int:
        return int(self.reviewed.shape[1])

    def code_data(self, k: int) -> np.ndarray:
        """Code k's coders x units data: 1 applied, 0 judged and not applied, nan not judged."""
        data = np.where(self.reviewed, 0.0, np.nan)
        for counted in (k, *(self.rolled_up[k] if self.rolled_up else ())):
            codings = slice(self.code_starts[counted], self.code_starts[counted + 1])
            data[self.coding_coder[codings], self.coding_unit[codings]] = 1.0
        return data

    def applied(self, coder: int, ks: Sequence[int]) -> np.ndarray:
        """Units x codes: whether the coder applied each of the codes ``ks`` (in that order)."""
        matrix = np.zeros((self.n_units, len(ks)), dtype=bool)
        for column, k in enumerate(ks):
            codings = slice(self.code_starts[k], self.code_starts[k + 1])
            mine = self.coding_coder[codings] == coder
            matrix[self.coding_unit[codings][mine], column] = True
        return matrix


class _CodeArrays(Sequence[np.ndarray]):
    """Per-code arrays built when asked for, so that a large codebook never holds them all at once."""

    def __init__(self, compared: ComparedCodings, ks: Sequence[int]) -> None:
        self.compared, self.ks = compared, list(ks)

    def __len__(self) -> int:
        return len(self.ks)

    def __getitem__(self, index):  # type: ignore[no-untyped-def, override]
        if isinstance(index, slice):
            return [self.compared.code_data(k) for k in self.ks[index]]
        return self.compared.code_data(self.ks[index])

    def __iter__(self) -> Iterator[np.ndarray]:
        return (self.compared.code_data(k) for k in self.ks)


def min_alphas(options: ReliabilityOptions) -> tuple[float, ...]:
    return tuple(sorted({options.min_alpha, TENTATIVE, RELIABLE}))


def per_code_section(
    compared: ComparedCodings, ks: Sequence[int], options: ReliabilityOptions
) -> PerCodeSection:
    """Method (a): every figure per code, then the mean and the pooled alpha over the codes."""
    seed = options.seed if options.seed is not None else 0
    results: list[CodeAgreement] = []
    for k in ks:
        code = compared.codes[k]
        results.append(
            agreement_for_binary_code(
                compared.code_data(k),
                coder_names=compared.coders,
                bootstrap=options.ci if options.n_boot else None,
                seed=code_seed(seed, code.path),
                code=code.path,
                n_boot=max(options.n_boot, 1),
                confidence=options.confidence,
                min_alphas=min_alphas(options),
            )
        )
    pooled = pooled_alpha(_CodeArrays(compared, ks))
    verdict: Verdict = alpha_verdict(pooled.pooled_alpha.value)
    judged = [result.alpha.value for result in results if result.verdict in JUDGED]
    mean = float(np.mean(judged)) if judged else float("nan")
    return PerCodeSection(tuple(results), pooled, verdict, mean, len(judged))


def _verdict(alpha: AlphaResult, n_coded: int) -> tuple[Verdict, list[str]]:
    """The per-code reading applied to a group or set figure: too few coded units say so."""
    if alpha.n_pairable_units == 0:
        return "undefined", ["no unit was judged by two or more coders"]
    if not alpha.defined or n_coded < MIN_CODED_UNITS:
        return TOO_FEW_CODED_UNITS, [
            f"{TOO_FEW_CODED_UNITS}: codes were applied to {n_coded} unit(s) "
            f"(at least {MIN_CODED_UNITS} are needed)"
        ]
    return alpha_verdict(alpha.value), []


def group_section(
    compared: ComparedCodings,
    group: str,
    ks: Sequence[int],
    options: ReliabilityOptions,
    scale: Sequence[float] = (),
) -> GroupAgreement:
    """Method (b): one nominal alpha over the group's codes plus "none of the group".

    At the ordinal, interval or ratio level (``options.level``, an ordered group) the codes are
    the points of a scale valued by ``scale``; "none of the group" lies on no scale, so a review
    that applied none of the codes is missing there, and counted.
    """
    arrays = [compared.code_data(k) for k in ks]
    conflicts = int(multiple_code_reviews(arrays).sum())
    values = group_values_from_codes(arrays, conflicts="missing")
    n_coded = int((np.nan_to_num(values, nan=len(ks)) < len(ks)).any(axis=0).sum())
    level = options.level
    off_scale = 0
    if level == "nominal":
        alpha = group_alpha(values)
    else:
        off_scale = int((values == len(ks)).sum())
        points = np.asarray([*scale, np.nan])
        values = points[np.nan_to_num(values, nan=len(ks)).astype(np.int64)]
        alpha = krippendorff_alpha_result(values, level)
    verdict, notes = _verdict(alpha, n_coded)
    interval = None
    if options.n_boot and alpha.defined:
        run = kalpha_bootstrap if options.ci == "kalpha" else unit_bootstrap
        seed = code_seed(options.seed if options.seed is not None else 0, f"group:{group}")
        interval = run(
            values,
            level,
            n_boot=options.n_boot,
            seed=seed,
            confidence=options.confidence,
            min_alphas=min_alphas(options),
        )
    if conflicts:
        notes.append(f"{conflicts} review(s) applied more than one code of the group and are left out")
    if level != "nominal":
        names = (compared.codes[k].path.rsplit("/", 1)[-1] for k in ks)
        steps = ", ".join(f"{name} = {value:g}" for name, value in zip(names, scale, strict=True))
        notes.append(f"{level} level, scale {steps}")
    if off_scale:
        notes.append(f"{off_scale} review(s) gave none of the group's codes (no point of the scale): missing")
    return GroupAgreement(
        group=group,
        codes=tuple(compared.codes[k].path for k in ks),
        alpha=alpha,
        interval=interval,
        verdict=verdict,
        n_coded_units=n_coded,
        n_conflicting_reviews=conflicts,
        diagnostics=tuple(notes),
        level=level,
        scale=tuple(scale) if level != "nominal" else (),
        n_reviews_off_scale=off_scale,
    )


def set_section(compared: ComparedCodings, ks: Sequence[int], options: ReliabilityOptions) -> SetAgreement:
    """Method (c): alpha over each unit's set of the compared codes, with MASI or Jaccard distance."""
    position = np.full(len(compared.codes), -1, dtype=np.int64)
    position[list(ks)] = np.arange(len(ks))
    column = position[compared.coding_code]
    keep = column >= 0
    alpha = set_alpha_of_codings(
        compared.reviewed,
        compared.coding_coder[keep],
        compared.coding_unit[keep],
        column[keep],
        len(ks),
        options.set_distance,
    )
    n_coded = int(np.unique(compared.coding_unit[keep]).size)
    verdict, notes = _verdict(alpha, n_coded)
    interval = None
    if options.n_boot and alpha.defined:
        run_sets = set_kalpha_bootstrap if options.ci == "kalpha" else set_unit_bootstrap
        interval = run_sets(
            compared.reviewed,
            compared.coding_coder[keep],
            compared.coding_unit[keep],
            column[keep],
            len(ks),
            options.set_distance,
            n_boot=options.n_boot,
            seed=code_seed(options.seed if options.seed is not None else 0, "set"),
            min_alphas=min_alphas(options),
            confidence=options.confidence,
        )
    return SetAgreement(options.set_distance, alpha, verdict, tuple(notes), interval)


def confusion_section(compared: ComparedCodings, ks: Sequence[int], pair: tuple[int, int]) -> ConfusionTable:
    """Code x code counts between two coders over the units both judged."""
    first, second = pair
    both = compared.reviewed[first] & compared.reviewed[second]
    return confusion_table_from_codes(
        compared.applied(first, ks)[both],
        compared.applied(second, ks)[both],
        [compared.codes[k].path for k in ks],
        compared.coders[first],
        compared.coders[second],
    )
