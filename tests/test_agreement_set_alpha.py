"""Alpha over set-valued codings with MASI and Jaccard distances, checked by hand and against NLTK."""

from __future__ import annotations

import numpy as np
import pytest

from qualcode.agreement import AgreementDataError, jaccard_distance, masi_distance, set_alpha

A, B, C, AB = frozenset("a"), frozenset("b"), frozenset("c"), frozenset("ab")


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (frozenset({1, 2}), frozenset({1, 2}), 0.0),
        # subset: Jaccard 2/4, m = 2/3 -> 1 - 1/3 (NLTK's docstring example)
        (frozenset({1, 2}), frozenset({1, 2, 3, 4}), 2 / 3),
        # overlap: Jaccard 1/3, m = 1/3 -> 1 - 1/9
        (frozenset({1, 2}), frozenset({2, 3}), 8 / 9),
        (frozenset({1}), frozenset({2}), 1.0),
        (frozenset(), frozenset(), 0.0),
        (frozenset(), frozenset({1}), 1.0),
    ],
)
def test_masi_distance_by_hand(first: frozenset[int], second: frozenset[int], expected: float) -> None:
    assert masi_distance(first, second) == pytest.approx(expected)
    assert masi_distance(second, first) == pytest.approx(expected)


def test_jaccard_distance_by_hand() -> None:
    assert jaccard_distance(frozenset({1, 2}), frozenset({2, 3})) == pytest.approx(2 / 3)
    assert jaccard_distance(frozenset(), frozenset()) == 0.0


def test_set_alpha_by_hand() -> None:
    # Units: ({a},{a}), ({a,b},{a}), ({b},{c}); n = 6 values: a x3, ab, b, c.
    # MASI: d(a, ab) = 1 - 1/2 x 2/3 = 2/3, d(ab, b) = 2/3, every other distinct pair 1.
    # Do = (1/6)(0 + 2 x 2/3 + 2 x 1) = 5/9.
    # Unordered pairs of all values: a-ab 3 x 2/3 + a-b 3 + a-c 3 + ab-b 2/3 + ab-c 1 + b-c 1 = 32/3;
    # De = 2 x 32/3 / (6 x 5) = 32/45. alpha = 1 - (5/9)/(32/45) = 7/32.
    units = [[A, A], [AB, A], [B, C]]
    result = set_alpha(units, "masi")
    assert result.observed_disagreement == pytest.approx(5 / 9)
    assert result.expected_disagreement == pytest.approx(32 / 45)
    assert result.value == pytest.approx(7 / 32)
    assert (result.n_pairable_units, result.n_pairable_values, result.n_dropped_units) == (3, 6, 0)


def test_missing_reviews_and_empty_sets_are_different_things() -> None:
    # None: the coder did not review the unit (dropped); frozenset(): reviewed, applied nothing.
    units: list[list[frozenset[str] | None]] = [[A, A], [frozenset(), frozenset()], [B, None], [B, B]]
    result = set_alpha(units)
    assert result.n_pairable_units == 3 and result.n_dropped_units == 1
    assert result.value == pytest.approx(1.0)


def test_set_alpha_is_undefined_without_variation() -> None:
    result = set_alpha([[A, A], [A, A]])
    assert not result.defined and np.isnan(result.value)


def test_unknown_distance_is_refused() -> None:
    with pytest.raises(AgreementDataError, match="unknown set distance"):
        set_alpha([[A, B]], "hamming")  # type: ignore[arg-type]


def _random_units(seed: int, n_units: int, n_coders: int) -> list[list[frozenset[str] | None]]:
    rng = np.random.default_rng(seed)
    codes = list("abcde")

    def one() -> frozenset[str] | None:
        if rng.random() < 0.15:
            return None
        return frozenset(rng.choice(codes, int(rng.integers(1, 4)), replace=False).tolist())

    return [[one() for _ in range(n_coders)] for _ in range(n_units)]


@pytest.mark.parametrize(
    ("distance", "seed", "n_coders"), [("masi", 1, 2), ("masi", 2, 3), ("jaccard", 3, 4), ("jaccard", 4, 3)]
)
def test_set_alpha_matches_nltk(distance: str, seed: int, n_coders: int) -> None:
    agreement = pytest.importorskip("nltk.metrics.agreement")
    nltk_distance = pytest.importorskip("nltk.metrics.distance")
    units = _random_units(seed, 60, n_coders)
    # NLTK takes (coder, item, label) triples and drops a missing review by omitting its triple.
    triples = [
        (str(c), f"{u:03d}", s) for u, unit in enumerate(units) for c, s in enumerate(unit) if s is not None
    ]
    measure = nltk_distance.masi_distance if distance == "masi" else nltk_distance.jaccard_distance
    expected = agreement.AnnotationTask(data=triples, distance=measure).alpha()
    assert set_alpha(units, distance).value == pytest.approx(expected, abs=1e-12)  # type: ignore[arg-type]


def test_set_alpha_on_100000_units_drops_only_unpairable_units() -> None:
    pool: list[frozenset[str] | None] = [None, frozenset(), A, B, AB, frozenset("abc"), frozenset("cd")]
    picks = np.random.default_rng(5).integers(0, len(pool), size=(100_000, 3))
    units = [[pool[i] for i in row] for row in picks.tolist()]
    result = set_alpha(units)
    assert result.n_pairable_units > 90_000 and result.defined
