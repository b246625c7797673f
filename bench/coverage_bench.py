"""Coverage of alpha's 95 % intervals: how often each interval method holds the population alpha.

Run:  python bench/coverage_bench.py [--datasets 1000] [--units 100] [--replicates 1000] [--seed 2026]

Data-generating model (nominal, known population agreement). Each unit has a true value drawn from
a fixed distribution; each coder, independently, reports the true value with probability r and
otherwise a fresh draw from the same distribution. Every coder's values then follow that
distribution, two coders agree beyond chance only when both report the truth, and the population
alpha is exactly r^2 (Do = (1 - r^2) De). Every coder judges every unit.

* per-code - one code's present/absent variable, the code present with probability 0.3
             (binary nominal alpha; what `qualcode agree` reports per code)
* set      - each unit's set of 4 codes, each present independently with probability
             0.4, 0.3, 0.2, 0.1 (set-valued alpha with MASI; what the set method reports)

For 2, 3 and 4 coders, --datasets data sets of --units units are drawn with population alpha
0.70 (r = sqrt 0.7); each data set gets a 95 % interval from each method, with --replicates
replicates: the unit bootstrap (resampling units, the default of `qualcode agree`) and Hayes &
Krippendorff's KALPHA (`--interval kalpha`). Printed: the share of intervals that contain 0.70
(the coverage, ideally 95 %, +/- about 1.4 points at 1,000 data sets), the mean interval width and
the mean point estimate, for each method side by side, with the seconds each took.
"""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Callable

import numpy as np

from qualcode.agreement import (
    AlphaInterval,
    kalpha_bootstrap,
    set_kalpha_bootstrap,
    set_unit_bootstrap,
    unit_bootstrap,
)

POPULATION_ALPHA = 0.70
CODE_PREVALENCE = 0.3
SET_PREVALENCES = (0.4, 0.3, 0.2, 0.1)

Interval = Callable[[np.ndarray, int, int], AlphaInterval]
"""(a data set, replicates, seed) to an interval."""


def binary_data(rng: np.random.Generator, n_coders: int, n_units: int, r: float) -> np.ndarray:
    """Coders x units 0/1 values of one code under the model."""
    truth = rng.random(n_units) < CODE_PREVALENCE
    own = rng.random((n_coders, n_units)) < CODE_PREVALENCE
    return np.where(rng.random((n_coders, n_units)) < r, truth, own).astype(float)


def set_data(rng: np.random.Generator, n_coders: int, n_units: int, r: float) -> np.ndarray:
    """Coders x units x codes booleans: each coder's set of codes per unit under the model."""
    truth = rng.random((n_units, len(SET_PREVALENCES))) < SET_PREVALENCES
    own = rng.random((n_coders, n_units, len(SET_PREVALENCES))) < SET_PREVALENCES
    return np.where((rng.random((n_coders, n_units)) < r)[:, :, None], truth, own)


def _set_interval(method: Callable[..., AlphaInterval]) -> Interval:
    def interval(applied: np.ndarray, n_boot: int, seed: int) -> AlphaInterval:
        reviewed = np.ones(applied.shape[:2], dtype=bool)
        coder, unit, code = np.nonzero(applied)
        return method(reviewed, coder, unit, code, applied.shape[2], "masi", n_boot=n_boot, seed=seed)

    return interval


METHODS: dict[str, dict[str, Interval]] = {
    "per-code": {
        "unit bootstrap": lambda data, n_boot, seed: unit_bootstrap(data, n_boot=n_boot, seed=seed),
        "KALPHA": lambda data, n_boot, seed: kalpha_bootstrap(data, n_boot=n_boot, seed=seed),
    },
    "set": {
        "unit bootstrap": _set_interval(set_unit_bootstrap),
        "KALPHA": _set_interval(set_kalpha_bootstrap),
    },
}
GENERATORS = {"per-code": binary_data, "set": set_data}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--datasets", type=int, default=1000, help="data sets per cell (default 1000)")
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--replicates", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    r = math.sqrt(POPULATION_ALPHA)
    print(
        f"population alpha {POPULATION_ALPHA:.2f}; {args.datasets} data sets x {args.units} units; "
        f"95 % intervals from {args.replicates} replicates; seed {args.seed}"
    )
    header = f"{'alpha':<9}{'coders':>6}  {'method':<15}{'coverage':>9}{'width':>8}{'mean alpha':>11}"
    print(f"{header}{'seconds':>9}")
    for kind, methods in METHODS.items():
        for n_coders in (2, 3, 4):
            rng = np.random.default_rng([args.seed, n_coders, len(kind)])
            datasets = [GENERATORS[kind](rng, n_coders, args.units, r) for _ in range(args.datasets)]
            for name, method in methods.items():
                started = time.perf_counter()
                intervals = [method(data, args.replicates, i) for i, data in enumerate(datasets)]
                seconds = time.perf_counter() - started
                defined = [iv for iv in intervals if iv.defined]
                covered = np.mean([iv.ci_low <= POPULATION_ALPHA <= iv.ci_high for iv in defined])
                width = np.mean([iv.ci_high - iv.ci_low for iv in defined])
                point = np.mean([iv.point for iv in defined])
                figures = f"{covered:>9.1%}{width:>8.3f}{point:>11.3f}{seconds:>9.1f}"
                print(f"{kind:<9}{n_coders:>6}  {name:<15}{figures}")


if __name__ == "__main__":
    main()
