"""The reliability report from the store: whole tables against figures computed by hand."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from reliability_projects import judge, set_up

from qualcode.agreement import KALPHA_METHOD, UNIT_METHOD, agreement_for_binary_code
from qualcode.errors import QualcodeError
from qualcode.service import Workbench
from qualcode.service.reliability.render import per_code_rows, summary_rows
from qualcode.service.reliability.report import (
    NOT_NAMED,
    LeftOutCoder,
    ReliabilityOptions,
    methods_statement,
)
from qualcode.store.models import CoderRole, ReviewStatus

CODES = (
    "approach",
    "approach/relational",
    "approach/technical",
    "tone",
    "tone/hopeful",
    "tone/critical",
    "power",
)
NOBODY = ["10", "0", "0.000", "1.000", "—", "—", "—", "—", "—", "too few coded units to judge"]


def _relational_study(workbench: Workbench, tmp_path: Path) -> list[int]:
    """Both coders judge all 10 segments; alice applies relational to 1-5, bob to 1-4 and 6."""
    segments = set_up(workbench, tmp_path)["interview-1"]
    judge(workbench, "alice", segments, range(1, 11), {"relational": [1, 2, 3, 4, 5]})
    judge(workbench, "bob", segments, range(1, 11), {"relational": [1, 2, 3, 4, 6]})
    return segments


def test_per_code_table_for_two_coders_matches_the_hand_computation(
    workbench: Workbench, tmp_path: Path
) -> None:
    _relational_study(workbench, tmp_path)
    report = workbench.agreement_report(ReliabilityOptions(methods=("per-code",), count="direct"))
    # relational: 20 values, n_1 = n_0 = 10, units 5 and 6 disagree, so o_01 + o_10 = 4:
    # alpha = 1 - (n - 1)(o_01 + o_10)/(2 n_0 n_1) = 1 - 19 x 4/200 = 0.62.
    # Agreement on 8 of 10 segments; of the 6 anyone coded, on 4. Cohen: p_o = .8, p_e = .5 -> .6;
    # AC1: pi_1 = .5, p_e = .5 -> .6. Codes nobody applied cannot be judged and print no figure.
    assert per_code_rows(report) == [
        ["approach", *NOBODY],
        [
            "approach/relational",
            "10",
            "6",
            "0.500",
            "0.800",
            "0.667",
            "0.620",
            "—",
            "0.600",
            "0.600",
            "unreliable",
        ],
        ["approach/technical", *NOBODY],
        ["tone", *NOBODY],
        ["tone/hopeful", *NOBODY],
        ["tone/critical", *NOBODY],
        ["power", *NOBODY],
    ]
    assert report.scope.coders == ("alice", "bob")
    assert (report.scope.n_segments, report.scope.n_units, report.scope.n_units_one_coder) == (10, 10, 0)
    assert (report.scope.codebook, report.scope.codebook_version) == ("Test book", "1")
    assert report.per_code is not None
    # The pooled alpha: 7 codes x 10 segments; only relational varies, so n_1 = 10 of n.. = 140.
    # alpha = 1 - 139 x 4/(2 x 130 x 10) = 1 - 556/2600.
    assert report.per_code.pooled.pooled_alpha.value == pytest.approx(1 - 556 / 2600)
    assert (report.per_code.mean_alpha, report.per_code.n_codes_judged) == (pytest.approx(0.62), 1)
    assert report.groups is None and report.set_valued is None


def test_a_rolled_up_parent_is_agreement_on_any_code_below_it(workbench: Workbench, tmp_path: Path) -> None:
    _relational_study(workbench, tmp_path)
    report = workbench.agreement_report(ReliabilityOptions(methods=("per-code",)))
    assert report.options.count == "rollup"
    relational = ["10", "6", "0.500", "0.800", "0.667", "0.620", "—", "0.600", "0.600", "unreliable"]
    # approach is applied wherever relational is: the same figures, where direct counting had none.
    assert per_code_rows(report)[:2] == [["approach", *relational], ["approach/relational", *relational]]
    assert per_code_rows(report)[2:] == [[code, *NOBODY] for code in CODES[2:]]
    # Pooled: 140 values, n_1 = 20, and approach's 4 disagreements join relational's 4.
    assert report.per_code is not None
    assert report.per_code.pooled.pooled_alpha.value == pytest.approx(1 - 139 * 8 / (2 * 120 * 20))
    assert (report.per_code.mean_alpha, report.per_code.n_codes_judged) == (pytest.approx(0.62), 2)
    assert dict(summary_rows(report))["Codebook"] == (
        "Test book, version 1 (7 codes compared; rollup: a parent counts the codes below it)"
    )
    direct = workbench.agreement_report(ReliabilityOptions(methods=("per-code",), count="direct"))
    assert dict(summary_rows(direct))["Codebook"] == (
        "Test book, version 1 (7 codes compared; direct: a parent counts only its own codings)"
    )


def test_unreviewed_segments_are_missing_not_absent(workbench: Workbench, tmp_path: Path) -> None:
    segments = set_up(workbench, tmp_path)["interview-1"]
    judge(workbench, "alice", segments, range(1, 11), {"relational": [1, 2, 3, 4, 5, 9, 10]})
    judge(workbench, "bob", segments, range(1, 9), {"relational": [1, 2, 3, 4, 5, 10]})
    workbench.set_review(segments[8], "bob", ReviewStatus.SKIPPED)
    workbench.set_review(segments[9], "bob", ReviewStatus.PENDING)  # his coding of 10 no longer counts
    report = workbench.agreement_report(ReliabilityOptions(methods=("per-code",), codes=("relational",)))
    # On the 8 segments both judged the coders agree exactly: alpha = 1.
    assert per_code_rows(report) == [
        [
            "approach/relational",
            "8",
            "5",
            "0.625",
            "1.000",
            "1.000",
            "1.000",
            "—",
            "1.000",
            "1.000",
            "reliable",
        ]
    ]
    assert (report.scope.n_units, report.scope.n_units_one_coder, report.scope.n_codings_not_judged) == (
        8,
        2,
        1,
    )
    assert report.notes == (
        "2 segment(s) judged by only one compared coder are left out",
        "1 coding(s) on segments their coder had not marked done are left out",
    )
    # Reading bob's unjudged 9 and 10 as "absent" (and his stale coding of 10 as present) would
    # give alpha = 1 - 19 x 2/(2 x 7 x 13) = 0.791 on 10 units instead.
    as_absent = np.array([[1, 1, 1, 1, 1, 0, 0, 0, 1, 1], [1, 1, 1, 1, 1, 0, 0, 0, 0, 1]], dtype=float)
    assert agreement_for_binary_code(as_absent).alpha.value == pytest.approx(1 - 38 / 182)


def _tone_study(workbench: Workbench, tmp_path: Path) -> None:
    segments = set_up(workbench, tmp_path)["interview-1"]
    judge(workbench, "alice", segments, range(1, 11), {"hopeful": [1, 2, 3, 4], "critical": [5, 6]})
    judge(workbench, "bob", segments, range(1, 11), {"hopeful": [1, 2, 3], "critical": [4, 5, 6]})


def test_group_set_and_confusion_for_an_exclusive_group(workbench: Workbench, tmp_path: Path) -> None:
    _tone_study(workbench, tmp_path)
    report = workbench.agreement_report(ReliabilityOptions(codes=("tone",)))
    assert report.scope.codes == ("tone", "tone/hopeful", "tone/critical")
    # Group tone as one variable (hopeful, critical, none): o_hh = 6, o_hc = o_ch = 1, o_cc = 4,
    # o_nn = 8; n_h = 7, n_c = 5, n_n = 8, n = 20. Do = 2/20, De = (400 - 49 - 25 - 64)/380,
    # alpha = 1 - 38/262.
    assert report.groups is not None and len(report.groups) == 1
    group = report.groups[0]
    assert (group.group, group.codes, group.n_coded_units) == ("tone", ("tone/hopeful", "tone/critical"), 6)
    assert group.alpha.value == pytest.approx(1 - 38 / 262)
    assert (group.verdict, group.n_conflicting_reviews, group.interval) == ("reliable", 0, None)
    # The sets {hopeful}, {critical} and {} are pairwise disjoint, so MASI is the nominal distance.
    assert report.set_valued is not None
    assert report.set_valued.alpha.value == pytest.approx(1 - 38 / 262)
    assert (report.set_valued.alpha.level, report.set_valued.verdict) == ("set (masi)", "reliable")
    assert report.confusion is not None
    assert report.confusion.labels == ("tone", "tone/hopeful", "tone/critical", "(none)")
    assert report.confusion.counts.tolist() == [[0, 0, 0, 0], [0, 3, 1, 0], [0, 0, 2, 0], [0, 0, 0, 4]]
    assert (report.confusion.row_coder, report.confusion.column_coder, report.confusion.n_units) == (
        "alice",
        "bob",
        10,
    )


def test_jaccard_is_used_when_asked(workbench: Workbench, tmp_path: Path) -> None:
    _tone_study(workbench, tmp_path)
    report = workbench.agreement_report(ReliabilityOptions(methods=("set",), set_distance="jaccard"))
    assert report.set_valued is not None and report.set_valued.alpha.level == "set (jaccard)"


def test_three_coders_use_fleiss_kappa_and_draw_no_confusion_table(
    workbench: Workbench, tmp_path: Path
) -> None:
    coders = {"alice": CoderRole.CODER, "bob": CoderRole.CODER, "cara": CoderRole.CODER}
    segments = set_up(workbench, tmp_path, coders=coders)["interview-1"]
    for coder in coders:
        judge(workbench, coder, segments, range(1, 11), {"relational": [1, 2, 3, 4, 5]})
    report = workbench.agreement_report(ReliabilityOptions(codes=("relational",), methods=("per-code",)))
    assert report.confusion is None
    assert report.per_code is not None
    code = report.per_code.codes[0]
    assert (code.cohen_kappa, code.fleiss_kappa.value, code.alpha.value) == (None, pytest.approx(1.0), 1.0)
    pair = workbench.agreement_report(
        ReliabilityOptions(codes=("relational",), methods=("per-code",), confusion=("bob", "cara"))
    )
    assert pair.confusion is not None and pair.confusion.counts.tolist() == [[5, 0], [0, 5]]


def test_the_consensus_coder_is_compared_only_when_named(workbench: Workbench, tmp_path: Path) -> None:
    segments = _relational_study(workbench, tmp_path)
    workbench.accept_agreements("lena")
    report = workbench.agreement_report(ReliabilityOptions(methods=("per-code",)))
    assert (report.scope.coders, report.scope.left_out) == (
        ("alice", "bob"),
        (LeftOutCoder("lena", "lead", NOT_NAMED), LeftOutCoder("consensus", "consensus", NOT_NAMED)),
    )
    assert dict(summary_rows(report))["Coders"] == (
        "alice, bob; left out: lena (lead) — not compared unless named; consensus — not compared unless named"
    )
    against = workbench.agreement_report(
        ReliabilityOptions(coders=("bob", "consensus"), codes=("relational",))
    )
    # The consensus holds the 8 agreed segments only: bob and it agree on all 8.
    assert against.scope.n_units == 8 and len(segments) == 10


def test_documents_restrict_the_units(workbench: Workbench, tmp_path: Path) -> None:
    documents = set_up(workbench, tmp_path, documents=2)
    first, second = documents["interview-1"], documents["interview-2"]
    judge(workbench, "alice", first, range(1, 11), {"relational": [1, 2]})
    judge(workbench, "bob", first, range(1, 11))
    judge(workbench, "alice", second, range(1, 11), {"relational": [1, 2, 3, 4, 5]})
    judge(workbench, "bob", second, range(1, 11), {"relational": [1, 2, 3, 4, 5]})
    report = workbench.agreement_report(ReliabilityOptions(documents=("interview-2",), codes=("relational",)))
    assert (report.scope.documents, report.scope.all_documents) == (("interview-2",), False)
    assert (report.scope.n_segments, report.scope.n_units) == (10, 10)
    assert report.per_code is not None and report.per_code.codes[0].alpha.value == 1.0


def test_a_seeded_bootstrap_gives_the_same_interval_and_names_its_method(
    workbench: Workbench, tmp_path: Path
) -> None:
    _relational_study(workbench, tmp_path)
    options = ReliabilityOptions(codes=("relational",), methods=("per-code", "group"), n_boot=300, seed=11)
    first, again = workbench.agreement_report(options), workbench.agreement_report(options)
    assert first.per_code is not None and again.per_code is not None
    interval = first.per_code.codes[0].alpha_interval
    assert interval is not None and interval == again.per_code.codes[0].alpha_interval
    assert (interval.method, interval.n_boot, first.interval_method) == (UNIT_METHOD, 300, UNIT_METHOD)
    assert set(interval.p_below) == {0.667, 0.8}
    kalpha = workbench.agreement_report(
        ReliabilityOptions(codes=("relational",), n_boot=300, seed=11, ci="kalpha")
    )
    assert kalpha.per_code is not None and kalpha.per_code.codes[0].alpha_interval.method == KALPHA_METHOD  # type: ignore[union-attr]


@pytest.mark.parametrize(("ci", "method"), [("unit", UNIT_METHOD), ("kalpha", KALPHA_METHOD)])
def test_the_set_figure_gets_an_interval_of_the_method_asked_for(
    workbench: Workbench, tmp_path: Path, ci: str, method: str
) -> None:
    _relational_study(workbench, tmp_path)
    report = workbench.agreement_report(ReliabilityOptions(methods=("set",), n_boot=200, seed=3, ci=ci))  # type: ignore[arg-type]
    assert report.set_valued is not None and report.set_valued.interval is not None
    assert (report.set_valued.interval.method, report.set_valued.diagnostics) == (method, ())


def test_without_a_seed_the_report_draws_and_states_one(workbench: Workbench, tmp_path: Path) -> None:
    _relational_study(workbench, tmp_path)
    report = workbench.agreement_report(ReliabilityOptions(codes=("relational",), n_boot=50))
    assert isinstance(report.options.seed, int)
    assert f"seed {report.options.seed}" in methods_statement(report)


def test_methods_statement_states_unit_coders_units_codebook_and_method(
    workbench: Workbench, tmp_path: Path
) -> None:
    _relational_study(workbench, tmp_path)
    report = workbench.agreement_report(ReliabilityOptions(methods=("per-code",), n_boot=200, seed=3))
    assert methods_statement(report) == (
        "Inter-coder reliability was assessed on 10 segments (the unit of analysis) of 1 document, each "
        "judged by at least two of 2 coders (alice and bob), using codebook "
        '"Test book" version 1 (7 codes). Not compared: lena (lead) — not compared unless named. '
        "A parent code counted as present wherever it or a code below it was applied. "
        "For each code, its presence or absence in a segment was treated as a binary variable and "
        "Krippendorff's alpha (nominal) computed, with the mean over the codes applied often enough to be "
        "judged and a pooled alpha over all codes; percent agreement is reported over all segments and over "
        "the segments at least one coder applied the code to. 95% confidence intervals come from 200 "
        "bootstrap replicates (unit bootstrap; seed 3). Segments a coder had not marked as reviewed were "
        "treated as missing, not as absent codes. Verdicts follow Krippendorff (2004): alpha >= 0.800 "
        "reliable, >= 0.667 tentative, below unreliable; the study's minimum alpha is 0.667."
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (ReliabilityOptions(coders=("alice", "zed")), "no coder 'zed' in project 'study'"),
        (ReliabilityOptions(coders=("alice",)), "agreement needs at least 2 coders; compared: alice"),
        (ReliabilityOptions(codes=("nope",)), "no code 'nope' in this project's codebook"),
        (ReliabilityOptions(documents=("nowhere",)), "no document 'nowhere' in this project"),
        (ReliabilityOptions(confusion=("alice", "cara")), "the confusion table's coder 'cara' is not among"),
    ],
    ids=["unknown coder", "one coder", "unknown code", "unknown document", "confusion coder not compared"],
)
def test_bad_requests_are_refused_with_a_message(
    workbench: Workbench, tmp_path: Path, options: ReliabilityOptions, message: str
) -> None:
    _relational_study(workbench, tmp_path)
    with pytest.raises(QualcodeError, match=message):
        workbench.agreement_report(options)
