"""contradiction: articles give one fact values that cannot both be true.

The claims of a fact (see the rule language) are compared with their units, hedges and precision
understood: each claim is an interval, widened by the rule's tolerance, and two claims agree when their
intervals overlap. The consensus is the largest set of mutually agreeing claims, counted in articles; every
article whose figure lies outside it is reported once, with the arithmetic, e.g.

    'some five miles' (≈ 8.0 km) vs '10km (6.2 miles)' (10 km): 20 % apart; 'less than 10 km' in 002 and
    004 is compatible with both

Evidence roles: ``outlier`` (the claims of the reported article), ``consensus`` (claims it contradicts)
and ``other`` (consensus claims compatible with both). An article that states the consensus figure as
well as another one is not reported (the other figure is most likely about something else: "12 died in
Valencia and 3 in Murcia"). Running figures (death tolls, area burned…) are
compared only between articles of the same publication date; changes over time are the ``update`` check's.
The level is the rule's ``level``.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable
from pathlib import PurePosixPath

from factcheck.checks import CheckContext
from factcheck.engine import groups, rule_of
from factcheck.engine.compare import Comparison, apart, is_point, nominal
from factcheck.engine.units import convert, fmt_number, fmt_value
from factcheck.model import Claim, Evidence, Fact, Finding, Severity

NAME = "contradiction"
DEFAULT_LEVEL = "error"


def doc_label(doc_id: str) -> str:
    """A short name for an article in messages: "002" for "sources/002_fed1982a6e55a3ec.txt"."""
    path, _, record = doc_id.partition("#")
    stem = PurePosixPath(path).stem
    head, sep, tail = stem.partition("_")
    # "002_fed1982a6e55a3ec": a number and a content hash; the number is what people use
    short = head if sep and head.isdigit() and re.fullmatch(r"[0-9a-f]{8,}", tail) else stem
    return f"{short}#{record}" if record else short


def join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def quote(claims: list[Claim]) -> str:
    """'text' (value), one per distinct text."""
    seen: dict[str, Claim] = {}
    for c in claims:
        seen.setdefault(c.text, c)
    return " and ".join(f"'{t}' ({c.display})" for t, c in seen.items())


def evidence(claim: Claim, role: str) -> Evidence:
    return Evidence(claim.location, claim.text, role=role, doc_id=claim.doc_id, start=claim.mention.start,
                    end=claim.mention.end, note=claim.display)


def difference(a: Claim, b: Claim, fact: Fact) -> str:
    base = getattr(a.mention, "base_unit", None)
    temperature = getattr(a.mention, "dimension", None) == "temperature"
    share = apart(a, b, temperature)
    if share is not None:
        return f"{fmt_number(round(share * 100))} % apart"
    if is_point(a) and is_point(b):
        diff = abs(convert(nominal(a), base, fact.unit) - convert(nominal(b), base, fact.unit))
        if temperature and fact.unit:
            return f"{fmt_value(diff, fact.unit, approx=True)} apart"
        return f"{fmt_number(diff, approx=True)} apart"
    bound, other = (a, b) if not is_point(a) else (b, a)
    if is_point(other):
        return f"'{bound.display}' excludes {other.display}"
    return f"'{a.display}' and '{b.display}' exclude each other"


def _merged(intervals: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for lo, hi in sorted(intervals):
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _touches(iv: tuple[float, float], merged: list[tuple[float, float]]) -> bool:
    """Whether ``iv`` overlaps any of the sorted, disjoint ``merged`` intervals."""
    k = bisect.bisect_right(merged, (iv[1], math.inf))
    return k > 0 and merged[k - 1][1] >= iv[0]


def findings_for(fact: Fact, comp: Comparison, idx: list[int], level: Severity, template: str | None,
                 when: str) -> Iterable[Finding]:
    claims = comp.claims
    rep = comp.representative()
    if rep is None:
        return
    by_doc: dict[str, list[int]] = {}
    for i in comp.outliers:
        by_doc.setdefault(claims[i].doc_id, []).append(i)
    consensus_docs = {claims[i].doc_id for i in comp.consensus}
    for doc_id in sorted(by_doc):
        if doc_id in consensus_docs:
            # The article also states the consensus figure: its other figure is most likely about something
            # else (a part, another place, another day), not a contradiction with the other articles.
            continue
        outs = by_doc[doc_id]
        reach = _merged([comp.widened[o] for o in outs])
        against = [i for i in comp.consensus if not _touches(comp.widened[i], reach)]
        opposed = set(against)
        compatible = [i for i in comp.consensus if i not in opposed]
        if not against:
            continue
        main = min(against, key=lambda i: (not is_point(claims[i]), i != rep, i))
        out_claims = [claims[i] for i in outs]
        text_out = f"{quote(out_claims)} in {doc_label(doc_id)}"
        # every article the outlier contradicts, each quoted by its most precise claim, the main one first
        against_docs: dict[str, list[Claim]] = {}
        for i in sorted(against, key=lambda i: (i != main, not is_point(claims[i]), i)):
            against_docs.setdefault(doc_label(claims[i].doc_id), [claims[i]])
        by_words: dict[str, list[str]] = {}  # articles that say it in the same words are named together
        for d, cs in against_docs.items():
            by_words.setdefault(quote(cs), []).append(d)
        text_cons = join([f"{q} in {join(ds)}" for q, ds in by_words.items()])
        diff = difference(out_claims[0], claims[main], fact)
        compat = ""
        if compatible:
            texts = sorted({claims[i].text for i in compatible})
            docs = sorted({doc_label(claims[i].doc_id) for i in compatible})
            verb = "is" if len(texts) == 1 else "are"
            compat = f"{join([repr(t) for t in texts])} in {join(docs)} {verb} compatible with both"
        values = {"fact": fact.key, "outlier": text_out, "consensus": text_cons, "difference": diff,
                  "compatible": compat}
        if template:
            try:
                message = template.format_map(values)
            except (KeyError, ValueError, IndexError):
                message = ""
        else:
            message = ""
        if not message:
            message = f"{fact.key}{when}: {text_out} vs {text_cons}: {diff}"
            if compat:
                message += f"; {compat}"
        ev = [evidence(c, "outlier") for c in out_claims]
        ev += [evidence(claims[i], "consensus") for i in against]
        ev += [evidence(claims[i], "other") for i in compatible]
        yield Finding(rule=fact.rule, kind=NAME, severity=level, message=message, evidence=tuple(ev),
                      fact=fact.key)


def run(ctx: CheckContext) -> Iterable[Finding]:
    for fact in ctx.facts:
        if getattr(fact, "kind", None) != "quantity":
            continue
        rule = rule_of(fact, ctx.rules)
        if rule is None:
            continue
        if not fact.outliers:  # most facts: no group to report on, and none made again from what was kept
            continue
        level = Severity(rule.level)
        for date, idx, comp in groups(fact, rule):
            if not comp.outliers:
                continue
            when = f" (articles of {date.isoformat()})" if fact.running and date is not None else ""
            yield from findings_for(fact, comp, idx, level, rule.message, when)
