"""What a stated amount asserts, as an interval: the rounding its digits imply, widened by its hedge.

"10 km" is 9.5-10.5 km (half a unit of the last digit); "some five miles" is the larger of that rounding
and the hedge's share of the value (tolerances.yaml); "more than 500" is (500, +inf); "80-100 m" is
79.5-100.5 m. Ranges and bounds are never widened by a share.
"""

from __future__ import annotations

import math
from functools import cache

from factcheck.lexicon import load_yaml


@cache
def _tolerances() -> dict:
    return load_yaml("tolerances.yaml")


@cache
def approximate_share(phrase: str | None) -> tuple[float, float]:
    """(below, above) share of the value an approximate hedge allows."""
    t = _tolerances()["approximate"]
    spec = t["phrases"].get(phrase or "", t["default"])
    return float(spec["below"]), float(spec["above"])


def vague_interval(words: str) -> tuple[float, float] | None:
    v = _tolerances()["vague"].get(words)
    return (float(v[0]), float(v[1])) if v else None


def stated_interval(
    value: float | None,
    rng: tuple[float, float] | None,
    half_unit: float | tuple[float, float],
    qualifier: str,
    phrase: str | None,
) -> tuple[float, float]:
    """The interval in the stated unit (not yet converted to base units). A range's two ends may have
    their own rounding: ``half_unit=(low_end, high_end)``."""
    if isinstance(half_unit, tuple):
        half_lo, half_hi = half_unit
    else:
        half_lo = half_hi = half_unit
    if rng is not None:
        lo, hi = rng[0] - half_lo, rng[1] + half_hi
        if qualifier == ">":
            return lo, math.inf
        if qualifier == "<":
            return -math.inf, hi
        if qualifier == "~":
            below, above = approximate_share(phrase)
            return min(lo, rng[0] * (1 - below)), max(hi, rng[1] * (1 + above))
        return lo, hi
    assert value is not None
    half_unit = half_hi if half_hi > half_lo else half_lo  # max(), without the call
    if qualifier == ">":
        return value, math.inf
    if qualifier == "<":
        return -math.inf, value
    if qualifier == "~":
        below, above = approximate_share(phrase)
        mag = abs(value)
        down, up = below * mag, above * mag
        return value - (down if down > half_unit else half_unit), value + (up if up > half_unit else half_unit)
    return value - half_unit, value + half_unit
