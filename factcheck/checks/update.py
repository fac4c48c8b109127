"""update: a running figure (death toll, area burned, homes destroyed…) changes between articles of
different publication dates.

Only facts whose rule says ``running: true`` are followed over time. For each publication date the
consensus of that day's articles is taken; when it differs from the previous day's (their intervals, widened
by the rule's tolerance, do not overlap) the change is reported at ``info``: "people killed rose from 11 on
13 March to 17 on 14 March". A fall in a figure that cannot go down (``can_decrease: false``: the dead,
homes destroyed) is reported as kind ``decrease`` at ``warning``. Articles without a date are left out.
Contradictions between articles of the same date are the ``contradiction`` check's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from factcheck.checks import CheckContext
from factcheck.checks.contradiction import doc_label, evidence
from factcheck.engine import groups, rule_of
from factcheck.engine.compare import Comparison, overlap
from factcheck.model import Fact, Finding, Severity

NAME = "update"
DEFAULT_LEVEL = "info"


def day(d: dt.date, other: dt.date) -> str:
    text = f"{d.day} {d:%B}"
    return text if d.year == other.year else f"{text} {d.year}"


def _band(comp: Comparison) -> tuple[float, float]:
    lo = max(comp.widened[i][0] for i in comp.consensus)
    hi = min(comp.widened[i][1] for i in comp.consensus)
    return lo, hi


def changes(fact: Fact, rule) -> Iterable[Finding]:  # noqa: ANN001 - a QuantityRule
    dated = [(d, idx, c) for d, idx, c in groups(fact, rule) if d is not None and c.consensus]
    for (d1, _i1, c1), (d2, _i2, c2) in zip(dated, dated[1:], strict=False):
        if overlap(_band(c1), _band(c2)):
            continue
        r1, r2 = c1.representative(), c2.representative()
        if r1 is None or r2 is None:
            continue
        a, b = c1.claims[r1], c2.claims[r2]
        rose = _band(c2)[0] > _band(c1)[1]
        verb = "rose" if rose else "fell"
        message = (f"{fact.key} {verb} from {a.display} on {day(d1, d2)} ('{a.text}' in {doc_label(a.doc_id)}) "
                   f"to {b.display} on {day(d2, d1)} ('{b.text}' in {doc_label(b.doc_id)})")
        kind, level = NAME, Severity.INFO
        if not rose and not rule.can_decrease:
            kind, level = "decrease", Severity.WARNING
            message += f"; {fact.key} cannot go down"
        ev = (evidence(a, "before"), evidence(b, "after"))
        yield Finding(rule=fact.rule, kind=kind, severity=level, message=message, evidence=ev, fact=fact.key)


def run(ctx: CheckContext) -> Iterable[Finding]:
    for fact in ctx.facts:
        if getattr(fact, "kind", None) != "quantity" or not fact.running:
            continue
        rule = rule_of(fact, ctx.rules)
        if rule is not None:
            yield from changes(fact, rule)
