"""expected: a claim disagrees with the reference value a rule gives (``expected:``).

A desk that knows a figure ("the pre-war population of Ashford was about 10,000") writes it in the rule;
every claim whose interval, widened by the rule's tolerance, does not include that value is reported at the
rule's level, even when all articles agree with each other.
"""

from __future__ import annotations

from collections.abc import Iterable

from factcheck.checks import CheckContext
from factcheck.checks.contradiction import doc_label, evidence, join
from factcheck.engine import rule_of
from factcheck.engine.compare import widen
from factcheck.engine.units import fmt_base
from factcheck.model import Finding, Severity

NAME = "expected"
DEFAULT_LEVEL = "error"


def run(ctx: CheckContext) -> Iterable[Finding]:
    for fact in ctx.facts:
        if getattr(fact, "kind", None) != "quantity":
            continue
        rule = rule_of(fact, ctx.rules)
        if rule is None or rule.expected is None:
            continue
        expected = rule.expected_base()
        assert expected is not None
        rel, ab = rule.tolerance_base()
        ref = widen((expected, expected), rel, ab)
        wrong = [c for c in fact.claims if not (c.interval[0] <= ref[1] and ref[0] <= c.interval[1])]
        if not wrong:
            continue
        base = getattr(wrong[0].mention, "base_unit", None)
        shown = fmt_base(expected, base, fact.unit)
        quoted = join([f"'{c.text}' ({c.display}) in {doc_label(c.doc_id)}" for c in wrong])
        message = f"{fact.key}: {quoted} disagree{'s' if len(wrong) == 1 else ''} with the expected {shown}"
        yield Finding(rule=fact.rule, kind=NAME, severity=Severity(rule.level), message=message,
                      evidence=tuple(evidence(c, "outlier") for c in wrong), fact=fact.key)
