"""The clinic's own evidence, stated with its uncertainty, and kept from naming anyone.

- A share (responders among courses) with its Wilson score 95 % interval: it stays inside
  [0, 1] and behaves well for small counts and shares near 0 or 1, where the textbook
  normal interval does not (Wilson 1927; Brown, Cai & DasGupta, Statistical Science 2001).
- A mean with its 95 % interval from Student's t for n - 1 degrees of freedom. The t
  quantile is computed here (no SciPy): exactly, from the closed form of the t
  distribution for whole degrees of freedom, up to `EXACT_T_UP_TO`; above that, from the
  Cornish-Fisher expansion around the normal quantile, which agrees to 1e-6 there.
- Small-cell suppression: a group smaller than the protocol's `min_report_count` gives
  `TooFew`, which carries no number at all, so nothing downstream can show one.

Pure: no Django, no I/O.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

Z_975 = 1.959963984540054  # the standard normal's 97.5th percentile: a two-sided 95 % level
EXACT_T_UP_TO = 200
TOO_FEW = "too few to say"


@dataclass(frozen=True)
class Share:
    """`count` of `n`, with its Wilson 95 % interval."""

    count: int
    n: int
    low: float
    high: float

    @property
    def point(self) -> float:
        return self.count / self.n


@dataclass(frozen=True)
class Mean:
    """The mean of `n` values, with its 95 % interval (None for a single value: one value
    says nothing about its spread)."""

    n: int
    mean: float
    low: float | None
    high: float | None


@dataclass(frozen=True)
class TooFew:
    """A group below the clinic's smallest reported size: no figure, no count."""

    text: str = TOO_FEW


def wilson_interval(count: int, n: int, z: float = Z_975) -> tuple[float, float]:
    """Wilson's score interval for `count` successes in `n` trials."""
    if n <= 0 or not 0 <= count <= n:
        raise ValueError("A share needs 0 <= count <= n and n > 0.")
    p = count / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = (z / (1 + z2 / n)) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    # Clamp the rounding of the last digit: the interval is inside [0, 1] by construction,
    # and contains 0 (or 1) exactly when every trial failed (or succeeded).
    low = 0.0 if count == 0 else max(0.0, centre - half)
    high = 1.0 if count == n else min(1.0, centre + half)
    return (low, high)


def share(count: int, n: int) -> Share:
    low, high = wilson_interval(count, n)
    return Share(count=count, n=n, low=low, high=high)


def _t_two_sided_mass(t: float, df: int) -> float:
    """P(|T| < t) for Student's t with whole `df` (Abramowitz & Stegun 26.7.3-4)."""
    theta = math.atan(t / math.sqrt(df))
    cos2 = math.cos(theta) ** 2
    if df % 2 == 1:
        total, term = 0.0, math.cos(theta)
        for k in range(1, (df - 1) // 2 + 1):
            if k > 1:
                term *= cos2 * (2 * k - 2) / (2 * k - 1)
            total += term
        return (2 / math.pi) * (theta + (math.sin(theta) * total if df > 1 else 0.0))
    total, term = 1.0, 1.0
    for k in range(1, df // 2):
        term *= cos2 * (2 * k - 1) / (2 * k)
        total += term
    return math.sin(theta) * total


@lru_cache(maxsize=512)
def t_quantile_975(df: int) -> float:
    """The 97.5th percentile of Student's t with `df` degrees of freedom."""
    if df < 1:
        raise ValueError("Student's t needs at least one degree of freedom.")
    if df > EXACT_T_UP_TO:
        z, v = Z_975, float(df)
        return (
            z
            + (z**3 + z) / (4 * v)
            + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * v**2)
            + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * v**3)
        )
    low, high = 0.0, 1000.0  # t(0.975, 1) = 12.706: far inside
    for _ in range(200):  # bisection to the last bit of a float
        middle = (low + high) / 2
        if _t_two_sided_mass(middle, df) < 0.95:
            low = middle
        else:
            high = middle
        if high - low < 1e-12:
            break
    return (low + high) / 2


def mean_interval(values: Sequence[float]) -> Mean:
    n = len(values)
    if n == 0:
        raise ValueError("A mean needs at least one value.")
    mean = math.fsum(values) / n
    if n == 1:
        return Mean(n=1, mean=mean, low=None, high=None)
    variance = math.fsum((value - mean) ** 2 for value in values) / (n - 1)
    half = t_quantile_975(n - 1) * math.sqrt(variance / n)
    return Mean(n=n, mean=mean, low=mean - half, high=mean + half)


def reported_share(count: int, n: int, min_count: int) -> Share | TooFew:
    """A share, or nothing at all when fewer than `min_count` stand behind it."""
    return TooFew() if n < max(min_count, 1) else share(count, n)


def reported_mean(values: Sequence[float], min_count: int) -> Mean | TooFew:
    return TooFew() if len(values) < max(min_count, 1) else mean_interval(values)
