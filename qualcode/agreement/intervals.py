"""Confidence intervals from standard errors, with a Student-t quantile that needs no SciPy."""

from __future__ import annotations

import math
from functools import lru_cache
from statistics import NormalDist

_EPSILON = 3e-16
_TINY = 1e-300


def _beta_continued_fraction(a: float, b: float, x: float) -> float:
    """Continued fraction of the incomplete beta function, evaluated by the modified Lentz method."""
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, 1000):
        m2 = 2 * m
        for numerator in (
            m * (b - m) * x / ((qam + m2) * (a + m2)),
            -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)),
        ):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > _TINY else _TINY)
            c = 1.0 + numerator / c
            c = c if abs(c) > _TINY else _TINY
            step = d * c
            h *= step
        if abs(step - 1.0) < _EPSILON:
            break
    return h


def regularized_incomplete_beta(x: float, a: float, b: float) -> float:
    """I_x(a, b), the CDF of the Beta(a, b) distribution at x."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    front = math.exp(log_front)
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _beta_continued_fraction(a, b, x) / a
    return 1.0 - front * _beta_continued_fraction(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t with ``df`` degrees of freedom."""
    t2 = t * t
    if t2 < df:
        # Near the centre df/(df+t^2) is close to 1 and loses digits; use the mirrored form.
        tail = 0.5 * (1.0 - regularized_incomplete_beta(t2 / (df + t2), 0.5, df / 2.0))
    else:
        tail = 0.5 * regularized_incomplete_beta(df / (df + t2), df / 2.0, 0.5)
    return 1.0 - tail if t > 0 else tail


def t_density(t: float, df: float) -> float:
    """The density of Student's t with ``df`` degrees of freedom at t."""
    log_scale = math.lgamma((df + 1.0) / 2.0) - math.lgamma(df / 2.0) - 0.5 * math.log(df * math.pi)
    return math.exp(log_scale - (df + 1.0) / 2.0 * math.log1p(t * t / df))


@lru_cache(maxsize=1024)
def t_quantile(p: float, df: float) -> float:
    """The p-quantile of Student's t, by safeguarded Newton steps on the CDF (exact to ~1e-12).

    Gwet's irrCAC builds its intervals on t(n - 1); matching it without adding SciPy to the
    core's dependencies takes this small function. Newton's method from the normal quantile
    needs a handful of CDF evaluations; a step that leaves the bracket [low, high] known to hold
    the root is replaced by bisection. Results are cached: a report over many codes asks for the
    same (p, df) again and again.
    """
    if not 0.0 < p < 1.0:
        raise ValueError(f"p must be in (0, 1), got {p}")
    if math.isinf(df):
        return NormalDist().inv_cdf(p)
    if p == 0.5:
        return 0.0
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    low, high = 0.0, 1.0
    while t_cdf(high, df) < p:
        low, high = high, high * 2.0
    x = min(max(NormalDist().inv_cdf(p), low), high)
    for _ in range(200):
        excess = t_cdf(x, df) - p
        if excess < 0.0:
            low = x
        else:
            high = x
        density = t_density(x, df)
        candidate = x - excess / density if density > 0.0 else (low + high) / 2.0
        if not low < candidate < high:
            candidate = (low + high) / 2.0
        if abs(candidate - x) < 1e-13 * max(1.0, abs(x)) or high - low < 1e-13 * max(1.0, high):
            return candidate
        x = candidate
    return x


def t_interval(
    estimate: float,
    se: float | None,
    df: int,
    confidence: float = 0.95,
    lower_limit: float = -1.0,
    upper_limit: float = 1.0,
) -> tuple[float | None, float | None]:
    """Estimate +/- t(df) x SE, clipped to the coefficient's range (irrCAC clips the upper bound at 1).

    Returns (None, None) when there is no standard error or fewer than one degree of freedom.
    """
    if se is None or df < 1 or not math.isfinite(estimate) or not math.isfinite(se):
        return None, None
    half_width = t_quantile(1.0 - (1.0 - confidence) / 2.0, df) * se
    return max(lower_limit, estimate - half_width), min(upper_limit, estimate + half_width)
