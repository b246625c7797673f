"""The typed reliability report: what was compared, how, and every figure, ready for any renderer.

A methods section must state the unit of analysis, the coders, the number of units, the codebook
version and the method; ``ReliabilityScope`` and ``ReliabilityOptions`` hold exactly that, and
``methods_statement`` writes it as a paragraph a paper can quote.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from qualcode.agreement import (
    KALPHA_METHOD,
    RELIABLE,
    TENTATIVE,
    UNIT_METHOD,
    AlphaInterval,
    AlphaResult,
    CodeAgreement,
    ConfusionTable,
    Level,
    PooledAgreement,
    Verdict,
)
from qualcode.counting import Counting

if TYPE_CHECKING:
    from qualcode.service.reliability.spans import UnitizingSection

Method = Literal["per-code", "group", "set"]
METHODS: tuple[Method, ...] = ("per-code", "group", "set")
CiMethod = Literal["kalpha", "unit"]
COUNTING_STATEMENTS: dict[Counting, str] = {
    "rollup": "A parent code counted as present wherever it or a code below it was applied.",
    "direct": "A parent code counted as present only where it was applied itself, not its sub-codes.",
}
SetDistanceName = Literal["masi", "jaccard"]

METHOD_TITLES: dict[Method, str] = {
    "per-code": "present/absent per code (the convention of Dedoose and NVivo)",
    "group": "one nominal variable per mutually exclusive code group (ATLAS.ti's semantic domains)",
    "set": "each segment's whole set of codes",
}
CI_METHODS: dict[CiMethod, str] = {"kalpha": KALPHA_METHOD, "unit": UNIT_METHOD}
CONTINUUM_TEXT = (
    "each document was one continuum of characters, the texts of its segments that every compared coder "
    "had marked done, laid end to end"
)
SPAN_RULE = "a segment has a code for a coder when any span of that code lies in it"
"""How segment-level figures read span codings; the store applies it, the report states it."""
UNIT_RULE = (
    "a segment counts when at least two of the compared coders marked it done; a segment a coder "
    "has not marked done is missing for that coder, never 'absent'"
)


@dataclass(frozen=True)
class LeftOutCoder:
    """A coder of the project the default comparison leaves out, and why."""

    name: str
    role: str
    reason: str

    def __str__(self) -> str:
        """For example "lena (lead) — not compared unless named" or "tom — no reviewed units in scope"."""
        role = "" if self.role in ("coder", self.name) else f" ({self.role})"
        return f"{self.name}{role} — {self.reason}"


NOT_NAMED = "not compared unless named"
NO_REVIEWS = "no reviewed units in scope"


@dataclass(frozen=True)
class ReliabilityOptions:
    """What to compare and how; empty tuples mean the defaults."""

    coders: tuple[str, ...] = ()
    """Coders to compare; default the coders (role coder) who reviewed a unit in scope, never a lead
    or the consensus: they are compared only when named."""
    codes: tuple[str, ...] = ()
    """Codes by name, path or UUID; default every codable code of the live codebook."""
    documents: tuple[str, ...] = ()
    """Documents by name; default all."""
    methods: tuple[Method, ...] = METHODS
    count: Counting = "rollup"
    """How a parent code's present/absent variable (per-code and group figures) is counted: rolled
    up, a parent's alpha is agreement on "any code of the branch", the figure the frequency tables
    count; direct, only the parent's own applications (the set method and the confusion table
    always use the codes as applied)."""
    n_boot: int = 0
    """Bootstrap replicates for alpha's interval; 0 for no interval."""
    ci: CiMethod = "unit"
    """The interval method: the unit bootstrap holds its coverage with any number of coders; KALPHA
    (an option) treats the pairs of values in a unit as independent, and its 95 % intervals cover
    the population alpha only 76-86 % of the time with three or four coders (bench/coverage_bench.py)."""
    seed: int | None = None
    """Seed of the bootstrap; when None the report draws one and states it."""
    min_alpha: float = TENTATIVE
    """The smallest alpha the study accepts; rows below it are flagged."""
    confidence: float = 0.95
    set_distance: SetDistanceName = "masi"
    level: Level = "nominal"
    """The group method's level of measurement: nominal for every exclusive group; ordinal, interval
    or ratio for the ordered groups (``ordered: true``) only, their codes the points of the scale."""
    groups: tuple[str, ...] = ()
    """Exclusive groups by their parent code's name or path; default every group of the compared codes."""
    confusion: tuple[str, str] | None = None
    """Coders of the confusion table; default the two coders when exactly two are compared."""


@dataclass(frozen=True)
class ReliabilityScope:
    """What the figures are about: the facts a methods section states."""

    project: str
    coders: tuple[str, ...]
    documents: tuple[str, ...]
    """The documents in scope, in reading order."""
    all_documents: bool
    codebook: str
    codebook_version: str
    codes: tuple[str, ...]
    """The compared codes' paths, in codebook order."""
    n_segments: int
    """Segments in the documents in scope."""
    n_units: int
    """Segments judged by at least two of the compared coders: the units of every figure."""
    n_units_one_coder: int
    """Segments judged by exactly one compared coder, left out."""
    n_codings_not_judged: int
    """Codings on segments their coder had not marked done, left out."""
    unit_of_analysis: str = "segment"
    left_out: tuple[LeftOutCoder, ...] = ()
    """The project's other coders, leads and consensus, when the coders were not named."""


@dataclass(frozen=True)
class PerCodeSection:
    """Method (a): one present/absent variable per code, with the mean and a pooled figure."""

    codes: tuple[CodeAgreement, ...]
    pooled: PooledAgreement
    """Alpha over all codes together; its ``mean_alpha`` averages every defined alpha."""
    pooled_verdict: Verdict
    mean_alpha: float
    """Mean alpha over the codes that could be judged: a code with too few coded units has an
    alpha that swings on one segment, and is left out of the mean as it is out of the verdicts."""
    n_codes_judged: int


@dataclass(frozen=True)
class GroupAgreement:
    """Method (b): nominal alpha of one mutually exclusive group, "none of the group" a category."""

    group: str
    """The parent code's path."""
    codes: tuple[str, ...]
    alpha: AlphaResult
    interval: AlphaInterval | None
    verdict: Verdict
    n_coded_units: int
    """Units at least one coder gave a code of the group."""
    n_conflicting_reviews: int
    """Reviews with two or more of the group's codes, treated as missing."""
    diagnostics: tuple[str, ...] = ()
    level: Level = "nominal"
    scale: tuple[float, ...] = ()
    """At the ordinal, interval or ratio level, the value of each code in ``codes``; else empty."""
    n_reviews_off_scale: int = 0
    """At those levels, reviews that applied none of the group's codes: not a point of the scale,
    so they are missing rather than a category."""


@dataclass(frozen=True)
class SetAgreement:
    """Method (c): alpha over each unit's whole set of codes with a set distance."""

    distance: SetDistanceName
    alpha: AlphaResult
    verdict: Verdict
    diagnostics: tuple[str, ...] = ()
    interval: AlphaInterval | None = None


@dataclass(frozen=True)
class ReliabilityReport:
    """Everything `qualcode agree` prints and the compare screen shows."""

    scope: ReliabilityScope
    options: ReliabilityOptions
    """The options with the defaults resolved (coders, seed) so that the run can be repeated."""
    per_code: PerCodeSection | None
    groups: tuple[GroupAgreement, ...] | None
    set_valued: SetAgreement | None
    confusion: ConfusionTable | None
    version: str = ""
    """The qualcode version that computed the report."""
    notes: tuple[str, ...] = field(default_factory=tuple)
    """Report-wide remarks (left-out units and codings, missing groups)."""
    unitizing: UnitizingSection | None = None
    """Agreement on the spans' extents, when a compared coder coded part of a segment."""

    @property
    def interval_method(self) -> str | None:
        return CI_METHODS[self.options.ci] if self.options.n_boot else None


def verdict_rule(min_alpha: float) -> str:
    return (
        f"Krippendorff (2004): alpha >= {RELIABLE:.3f} reliable, >= {TENTATIVE:.3f} tentative, "
        f"below unreliable; the study's minimum alpha is {min_alpha:.3f}"
    )


def _join(names: tuple[str, ...]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + f" and {names[-1]}"


def methods_statement(report: ReliabilityReport) -> str:
    """A paragraph for a paper's methods section, stating unit, coders, units, codebook and method."""
    scope, options = report.scope, report.options
    n_documents = len(scope.documents)
    documents = f"{n_documents} document{'s' if n_documents != 1 else ''}"
    if scope.all_documents and n_documents > 1:
        documents = f"all {documents}"
    elif not scope.all_documents:
        documents = f"{documents} ({_join(scope.documents)})"
    version = f" version {scope.codebook_version}" if scope.codebook_version else ""
    parts = [
        f"Inter-coder reliability was assessed on {scope.n_units} segments (the unit of analysis) of "
        f"{documents}, each judged by at least two of {len(scope.coders)} coders ({_join(scope.coders)}), "
        f'using codebook "{scope.codebook}"{version} ({len(scope.codes)} codes).'
    ]
    if scope.left_out:
        parts.append(f"Not compared: {'; '.join(str(coder) for coder in scope.left_out)}.")
    if "per-code" in options.methods or "group" in options.methods:
        parts.append(COUNTING_STATEMENTS[options.count])
    if "per-code" in options.methods:
        parts.append(
            "For each code, its presence or absence in a segment was treated as a binary variable and "
            "Krippendorff's alpha (nominal) computed, with the mean over the codes applied often enough "
            "to be judged and a pooled alpha over all codes; percent agreement is reported over all segments "
            "and over the segments at least one coder applied the code to."
        )
    if "group" in options.methods and options.level == "nominal":
        parts.append(
            "Each mutually exclusive group of codes was treated as one nominal variable (its codes plus "
            '"none of the group").'
        )
    elif "group" in options.methods:
        parts.append(
            f"Each ordered group of codes was treated as one variable at the {options.level} level, its "
            "codes the points of the scale in codebook order (valued by their names where these are numbers, "
            "else by their ranks); a segment a coder gave none of the group's codes was missing for that "
            "coder at this level."
        )
    if "set" in options.methods:
        parts.append(
            f"Agreement on each segment's whole set of codes was measured with Krippendorff's alpha using "
            f"the {options.set_distance.upper() if options.set_distance == 'masi' else 'Jaccard'} distance."
        )
    if options.n_boot:
        parts.append(
            f"{options.confidence:.0%} confidence intervals come from {options.n_boot} bootstrap replicates "
            f"({CI_METHODS[options.ci]}; seed {options.seed})."
        )
    parts.append("Segments a coder had not marked as reviewed were treated as missing, not as absent codes.")
    if report.unitizing is not None:
        parts.append(
            f"Coders could code part of a segment; for the segment-level figures {SPAN_RULE}. Agreement on "
            "the coded stretches themselves was measured with Krippendorff's unitizing alpha-u (2004) per "
            f"code and over all codes, and |u-alpha per code (Krippendorff et al. 2016); {CONTINUUM_TEXT}."
        )
    parts.append(f"Verdicts follow {verdict_rule(options.min_alpha)}.")
    return " ".join(parts)
