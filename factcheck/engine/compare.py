"""Comparing the claims of one fact: tolerance, agreement, consensus and outliers.

Two claims agree when their intervals (what extraction says each asserts, in base units: precision, hedge
and bounds already applied), each widened by half the rule's tolerance on both sides, overlap. So with
``tolerance: 10%`` two exact figures agree when they differ by at most 10 % of their mean, and with
``tolerance: 1 km`` when they are at most 1 km apart. Bounds stay open: "less than 10 km" agrees with 8 km.

The consensus is the largest set of mutually agreeing claims. Intervals on a line agree pairwise exactly
when they share a point, so the largest set is the one covering the best point; it is counted in articles,
not in claims, so an article repeating its figure does not outvote another. Ties go to the set with more
exact (unhedged) claims, then to the one holding the most precise claim, then to the earlier value.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from factcheck.engine.units import stated_base
from factcheck.model import Claim


def widen(interval: tuple[float, float], relative: float, absolute: float) -> tuple[float, float]:
    lo, hi = interval
    if not math.isinf(lo):
        lo -= max(abs(lo) * relative / 2, absolute / 2)
    if not math.isinf(hi):
        hi += max(abs(hi) * relative / 2, absolute / 2)
    return lo, hi


def widen_all(claims: Sequence[Claim], relative: float, absolute: float) -> list[tuple[float, float]]:
    """``[widen(c.interval, relative, absolute) for c in claims]``, the same arithmetic with no call per claim
    (the corpus stage widens every claim of a fact, and again whenever a check reads the fact's groups)."""
    out: list[tuple[float, float]] = []
    append, isinf = out.append, math.isinf
    for c in claims:
        lo, hi = c.interval
        if not isinf(lo):
            lo -= max(abs(lo) * relative / 2, absolute / 2)
        if not isinf(hi):
            hi += max(abs(hi) * relative / 2, absolute / 2)
        append((lo, hi))
    return out


def overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def qualifier(claim: Claim) -> str:
    return str(getattr(claim.mention, "qualifier", "=") or "=")


def is_point(claim: Claim) -> bool:
    """A claim of one value (exact or approximate), not a bound or a range."""
    lo, hi = claim.interval
    return qualifier(claim) in ("=", "~") and not math.isinf(lo) and not math.isinf(hi) \
        and getattr(claim.mention, "range", None) is None


def nominal(claim: Claim) -> float:
    """The value a claim states, in base units: the middle of a closed interval, the finite end of a bound."""
    lo, hi = claim.interval
    if is_point(claim):
        stated = stated_base(claim.mention)
        if stated is not None and lo <= stated <= hi:
            return stated
    if math.isinf(lo) and math.isinf(hi):
        return 0.0
    if math.isinf(lo):
        return hi
    if math.isinf(hi):
        return lo
    return (lo + hi) / 2


def width(claim: Claim) -> float:
    """Relative width of a claim's interval: how precise it is (inf for bounds)."""
    lo, hi = claim.interval
    if math.isinf(lo) or math.isinf(hi):
        return math.inf
    mid = abs(lo + hi) / 2
    return (hi - lo) / mid if mid else hi - lo


@dataclass
class Comparison:
    """How the claims of one group (a fact, or a fact on one date) compare. Indices into ``claims``."""

    claims: list[Claim]
    widened: list[tuple[float, float]]
    consensus: list[int]
    outliers: list[int]
    point: float | None  # a value every consensus claim agrees with (base units)

    def agree(self, i: int, j: int) -> bool:
        return overlap(self.widened[i], self.widened[j])

    def consensus_interval(self) -> tuple[float, float] | None:
        if not self.consensus:
            return None
        lo = max(self.claims[i].interval[0] for i in self.consensus)
        hi = min(self.claims[i].interval[1] for i in self.consensus)
        return (lo, hi) if lo <= hi else (min(lo, hi), max(lo, hi))

    def representative(self) -> int | None:
        """The consensus claim to quote: the most precise point claim, else the tightest bound."""
        if not self.consensus:
            return None
        return min(self.consensus, key=lambda i: (not is_point(self.claims[i]), width(self.claims[i]), i))


def _best_points(claims: list[Claim], widened: list[tuple[float, float]]) -> list[float]:
    """The candidate points (left ends of widened intervals) covered by the most articles and, among those,
    by the most articles with an exact claim. A sweep: O(n log n) however many claims a fact has."""
    order = sorted(range(len(claims)), key=lambda i: widened[i][0])
    points = sorted({widened[i][0] for i in order})
    active: list[tuple[float, int]] = []  # heap of (right end, index)
    docs: Counter[str] = Counter()
    exact: Counter[str] = Counter()
    best: tuple[int, int] | None = None
    best_points: list[float] = []
    k = 0
    for p in points:
        while k < len(order) and widened[order[k]][0] <= p:
            i = order[k]
            heapq.heappush(active, (widened[i][1], i))
            docs[claims[i].doc_id] += 1
            if qualifier(claims[i]) == "=":
                exact[claims[i].doc_id] += 1
            k += 1
        while active and active[0][0] < p:
            _, i = heapq.heappop(active)
            for counter, counted in ((docs, True), (exact, qualifier(claims[i]) == "=")):
                if counted:
                    counter[claims[i].doc_id] -= 1
                    if not counter[claims[i].doc_id]:
                        del counter[claims[i].doc_id]
        score = (len(docs), len(exact))
        if best is None or score > best:
            best, best_points = score, [p]
        elif score == best:
            best_points.append(p)
    return best_points


def compare(claims: Sequence[Claim], relative: float, absolute: float) -> Comparison:
    claims = list(claims)
    widened = widen_all(claims, relative, absolute)
    if not claims:
        return Comparison(claims, widened, [], [], None)
    if len(claims) == 1:  # the usual group of a day: what the sweep below finds for one claim, without it
        lo, hi = widened[0]
        if lo <= lo <= hi:  # not NaN (the sweep's one point is lo; the claim holds it)
            return Comparison(claims, widened, [0], [], lo)
    points = _best_points(claims, widened) or [0.0]
    best: tuple | None = None
    best_set: list[int] = []
    best_point: float | None = None
    for p in points[:64]:  # ties in articles: the side holding the most precise claim, then more claims
        members = [i for i, w in enumerate(widened) if w[0] <= p <= w[1]]
        if not members:
            continue
        score = (-min(width(claims[i]) for i in members), len(members))
        if best is None or score > best:
            best, best_set, best_point = score, members, p
    inside = set(best_set)
    outliers = [i for i in range(len(claims)) if i not in inside]
    return Comparison(claims, widened, best_set, outliers, best_point)


def apart(a: Claim, b: Claim, temperature: bool = False) -> float | None:
    """How far apart two point claims are, relative to the larger (None when either is a bound/range)."""
    if not (is_point(a) and is_point(b)) or temperature:
        return None
    x, y = nominal(a), nominal(b)
    big = max(abs(x), abs(y))
    return abs(x - y) / big if big else None
