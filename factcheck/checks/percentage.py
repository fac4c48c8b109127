"""A percentage that does not match the amount and base stated with it.

"1,200 jobs, or 10% of its 15,000 staff": 1,200 is 8 % of 15,000. The check reads three figures in a row in
one sentence, in any of these orders:

- amount, percentage, base: "M …, or P% of (its/the …) N …"
- percentage, base, amount: "P% of its N staff, or M jobs"
- amount, base, percentage: "M of its N staff, or P%"

and recomputes M / N. The figures agree when some values that round to M, N and P (each as written: "10%"
is 9.5-10.5 %, "15,000" may be a rounding to the thousand but by no more than 5 %) satisfy M = P % of N;
"about", "more than" and "less than" widen them as for any quantity. The cue words ("or", "representing",
"of its", …) are in ``percentage`` of ``factcheck/data/arithmetic.yaml``.

Amount and base must measure the same thing: two counts, or two amounts of one unit (money in one
currency). Kind ``percentage``, level error; the message gives the percentage the figures make.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from factcheck.checks import CheckContext
from factcheck.checks._arith import (
    by_sentence,
    display_decimals,
    evidence,
    fmt_amount,
    fmt_number,
    half_width,
    normalize_gap,
    numeral_for,
    sentence_groups,
    settings,
    statements_of,
    written_decimals,
)
from factcheck.model import Document, Finding, Severity

NAME = "percentage"
DEFAULT_LEVEL = "error"
SCOPE = "document"  # each article on its own: run where the article is analysed

_BREAK = re.compile(r"[;:!?\[\]\"“”]|\.(?!\d)|\d")


def run(ctx: CheckContext) -> Iterable[Finding]:
    for analysis in ctx.analyses:
        yield from check_document(analysis.doc, analysis, ctx.derived(sentence_groups, analysis))


def check_document(doc: Document, analysis: Any, groups: list[list[Any]] | None = None) -> Iterator[Finding]:
    """``groups``: ``by_sentence(analysis)`` when the caller has it."""
    if not any(is_percent(q) for q in analysis.quantities):
        return  # every form has a percentage (most articles have none)
    for group in by_sentence(analysis) if groups is None else groups:
        for x, y, z in zip(group, group[1:], group[2:], strict=False):
            triple = arrange(doc.text, x, y, z)
            if triple is None:
                continue
            amount, percent, base = triple
            found = compare(doc, amount, percent, base)
            if found is not None:
                yield found


def arrange(text: str, x: Any, y: Any, z: Any) -> tuple[Any, Any, Any] | None:
    """(amount, percentage, base) when the three quantities in a row are worded as one of the forms."""
    g1, g2 = text[x.end : y.start], text[y.end : z.start]
    if is_percent(y) and not is_percent(x) and not is_percent(z):
        if restates(g1) and is_base_gap(g2):
            return x, y, z
    if is_percent(x) and not is_percent(y) and not is_percent(z):
        if is_base_gap(g1) and restates(g2):
            return z, x, y
    if is_percent(z) and not is_percent(x) and not is_percent(y):
        if is_base_gap(g1) and restates(g2):
            return x, z, y
    return None


def is_percent(q: Any) -> bool:
    return q.dimension == "percent"


def restates(gap: str) -> bool:
    """", or", "jobs, or about", "(", "— representing": a few words, then a cue from the data file."""
    if _BREAK.search(gap):
        return False
    if gap.strip() == "," and settings()["percentage"].get("comma_apposition", False):
        return True  # "1,200 positions, roughly 10% of its 15,000 staff"
    text = normalize_gap(gap.replace(",", " "))
    for cue in _restate_cues():
        if text == cue or text.endswith(" " + cue):
            return len(text[: len(text) - len(cue)].split()) <= 4
    return False


def is_base_gap(gap: str) -> bool:
    """"of", "of its", "of the company's": a base cue, then at most a few words and no figures."""
    gap = re.sub(r"^\s*\)", " ", gap)  # "1,200 (10%) of its 15,000 staff"
    if _BREAK.search(gap) or "," in gap:
        return False
    conf = settings()["percentage"]
    text = normalize_gap(gap)
    stop = _stop_words()
    for cue in _base_gaps():
        if text == cue or text.startswith(cue + " "):
            extra = text[len(cue) :].split()
            return len(extra) <= int(conf["max_words_in_base_gap"]) and not stop & set(extra)
    return False


# The cue lists of ``arithmetic.yaml`` as they are compared (``normalize_gap``): worked out once, not per gap.
@cache
def _restate_cues() -> tuple[str, ...]:
    return tuple(normalize_gap(cue) for cue in settings()["percentage"]["restate_cues"])


@cache
def _base_gaps() -> tuple[str, ...]:
    return tuple(sorted((normalize_gap(c) for c in settings()["percentage"]["base_gaps"]), key=len, reverse=True))


@cache
def _stop_words() -> frozenset[str]:
    return frozenset(w.lower() for w in settings()["percentage"]["base_gap_stop_words"])


def bounds(q: Any) -> tuple[float, float] | None:
    """The values the figure may stand for, in its own unit: its rounding, widened by its hedge."""
    stated = statements_of(q)[0]
    if stated.value is None:
        if stated.range is None:
            return None
        lo, hi = stated.range
        h_lo = half_width(lo, numeral_for(stated.text, lo, 0))
        h_hi = half_width(hi, numeral_for(stated.text, hi, 1))
        return lo - h_lo, hi + h_hi
    value = stated.value
    h = half_width(value, numeral_for(stated.text, value))
    qualifier = getattr(q, "qualifier", "=")
    if qualifier == ">":
        return value, math.inf
    if qualifier == "<":
        return -math.inf, value
    if qualifier == "~":
        h *= float(settings()["percentage"]["hedge_factor"])
    return value - h, value + h


def same_measure(amount: Any, base: Any) -> bool:
    if amount.dimension != base.dimension:
        return False
    return amount.dimension == "count" or amount.unit == base.unit


def compare(doc: Document, amount: Any, percent: Any, base: Any) -> Finding | None:
    if not same_measure(amount, base):
        return None
    m, p, n = bounds(amount), bounds(percent), bounds(base)
    if m is None or p is None or n is None or n[0] <= 0 or m[1] < 0:
        return None
    # The share M/N may take, in percent, for every M and N the figures allow.
    lo = 100.0 * max(m[0], 0.0) / n[1] if math.isfinite(n[1]) else 0.0
    hi = 100.0 * m[1] / n[0]
    slack = float(settings()["percentage"]["tolerance_points"])
    if lo <= p[1] + slack and hi >= p[0] - slack:
        return None
    m_value, n_value, p_value = _value(amount), _value(base), _value(percent)
    if m_value is None or n_value is None or p_value is None:
        return None
    share = 100.0 * m_value / n_value
    p_numeral = numeral_for(percent.text, p_value)
    shown = display_decimals(share, written_decimals(p_numeral), significant=2)
    sums = (
        f"{fmt_amount(m_value)} is {fmt_number(share, shown)}% of {fmt_amount(n_value)}, "
        f"not {fmt_number(p_value, 6)}%"
    )
    start, end = min(amount.start, percent.start, base.start), max(amount.end, percent.end, base.end)
    if doc.text[end : end + 1] == ")" and doc.text[start:end].count("(") > doc.text[start:end].count(")"):
        end += 1  # quote the bracket whole
    quoted = " ".join(doc.text[start:end].split())
    ordered = sorted([(amount, "amount"), (percent, "percent"), (base, "base")], key=lambda x: x[0].start)
    return Finding(
        rule=NAME,
        kind=NAME,
        severity=Severity(DEFAULT_LEVEL),
        message=f"Percentage does not match its figures in '{quoted}': {sums}",
        evidence=tuple(
            evidence(doc, q.start, q.end, role, note=sums if role == "percent" else None) for q, role in ordered
        ),
    )


def _value(q: Any) -> float | None:
    if q.value is not None:
        return float(q.value)
    return (q.range[0] + q.range[1]) / 2 if q.range else None
