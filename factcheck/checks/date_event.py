"""An event dated differently by different articles ("the dam gave way on March 21" against "the Hillcrest Dam
collapsed on Tuesday, March 12").

Which dates are claims about which event comes from ``extends: date`` rules (the built-in pack has generic
rules for "the event" of a story: the date something collapsed, began or struck; see README "Dates"). Claims
agree when some day is common to all of them: "Tuesday" in an article of Thursday 14 March, "March 12" and
"2024-03-12" agree, and so do "in March" and "March 12". Otherwise the day most claims allow is the
consensus and the others are reported, at the rule's level (error by default) — except a date from an article
that also gives the consensus date: one article telling of two fires is not contradicting itself.
"""

from __future__ import annotations

from collections.abc import Iterable

from factcheck.checks import CheckContext
from factcheck.model import Evidence, Fact, Finding, Severity
from factcheck.rules.date_rule import DateRule

NAME = "event-date"
KIND = "contradiction"
DEFAULT_LEVEL = "error"


def run(ctx: CheckContext) -> Iterable[Finding]:
    rules = {r.id: r for r in ctx.rules if isinstance(r, DateRule) and r.enabled}
    for fact in ctx.facts:
        if fact.kind == "date" and fact.rule in rules and fact.outliers:
            yield _finding(fact, rules[fact.rule])


def _quote(c) -> str:
    return f"'{c.text}' ({c.display}) in {c.doc_id}"


def _listing(claims: list, most: int = 3) -> str:
    """Quoted claims, at most ``most`` of them: the evidence lists them all."""
    shown = ", ".join(_quote(c) for c in claims[:most])
    return shown + (f" and {len(claims) - most} more" if len(claims) > most else "")


def _finding(fact: Fact, rule: DateRule) -> Finding:
    out = set(fact.outliers)
    inliers = [c for i, c in enumerate(fact.claims) if i not in out]
    outliers = [fact.claims[i] for i in sorted(out)]
    clear = len(inliers) > len(outliers)
    evidence = []
    for i, c in enumerate(fact.claims):
        role = ("outlier" if i in out else "consensus") if clear else "other"
        evidence.append(Evidence(c.location, c.text, role=role, doc_id=c.doc_id, start=c.mention.start,
                                 end=c.mention.end, note=c.display))
    if clear:
        message = (f"{fact.key}: {_listing(outliers)} disagree{'s' if len(outliers) == 1 else ''} with "
                   f"{_listing(inliers)}")
    else:
        message = f"{fact.key}: no day fits all of {_listing(fact.claims)}"
    if rule.message:
        message = f"{rule.message}: {message}"
    return Finding(rule=rule.id, kind=KIND, severity=Severity(rule.level), message=message,
                   evidence=tuple(evidence), fact=fact.key)
