"""The engine: rules turn quantity mentions into claims about facts, grouped and compared.

``build_facts(analyses, rules)`` returns one ``Fact`` per (rule, resolved subjects), every claim in it,
its consensus and its outliers. A fact's key is the rule's name plus its subjects, a pair of places sorted
("distance Brackley–Ashford"). A rule about the story itself (``about: story``) has no subject in the text:
in a corpus of several stories (``engine.stories``) its facts are one per story. Running figures (``running:
true``) are compared only between articles of the same publication date; ``groups()`` gives the per-date
comparisons the checks report on.
"""

from __future__ import annotations

import datetime as dt
import sys
from array import array
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from factcheck.analysis import Analysis
from factcheck.engine.claims import (
    DocView,
    SameRules,
    describe,
    display_unit,
    interval_of,
    make_claim,
    rule_index,
)
from factcheck.engine.compare import Comparison, compare, widen_all
from factcheck.engine.places import gazetteer
from factcheck.engine.stories import Stories, find_stories
from factcheck.engine.stories import collect as story_names
from factcheck.model import Claim, Fact, int_array
from factcheck.rules.quantity_rule import QuantityRule

__all__ = ["build_facts", "by_story", "facts_from_claims", "groups", "quantity_rules", "rule_of", "shared_bucket",
           "stories_of", "Comparison"]


def quantity_rules(rules: Sequence[Any]) -> list[QuantityRule]:
    return [r for r in rules if isinstance(r, QuantityRule) and r.enabled]


def rule_of(fact: Fact, rules: Sequence[Any]) -> QuantityRule | None:
    """The first enabled quantity rule with the fact's id. The checks ask it for every fact of a run, with the
    same rules: the rules by id are worked out once for those rules (compared by identity, see ``SameRules``)."""
    return _rules_by_id(SameRules(rules)).get(fact.rule)


@lru_cache(maxsize=8)
def _rules_by_id(rules: SameRules) -> dict[str, QuantityRule]:
    out: dict[str, QuantityRule] = {}
    for r in quantity_rules(rules.rules):
        out.setdefault(r.id, r)  # the first of a name, as a scan in order finds
    return out


def _claim_order(c: Claim) -> tuple:
    """``(path, record or -1, line, column, start)`` of ``c.location`` (read from the claim: no ``Location`` made)."""
    s = c.source
    return (s.path, -1 if s.record is None else s.record, c.line, c.column, c.mention.start)


def groups(fact: Fact, rule: QuantityRule) -> list[tuple[dt.date | None, list[int], Comparison]]:
    """The comparisons of a fact: one for a fixed figure; one per publication date for a running figure
    (articles without a date are compared with each other only). Indices refer to ``fact.claims``.

    The result is kept with the fact (``Fact.comparisons``) so that the checks reading it do not compare its
    claims again, but kept small: a run holds every fact through the checks, and whole ``Comparison``s (a copy
    of the claim list, a widened interval per claim; per date for a running figure) were the largest part of a
    fact. Only what comparing decided is kept (consensus, outliers, point: ``_kept``); the groups and widened
    intervals are made again, in linear time, when asked."""
    rel, ab = rule.tolerance_base()
    setup = (rel, ab, fact.running, len(fact.claims))
    dated = _dated(fact)
    known = fact.comparisons
    if known is not None and known[:4] == setup:
        return [(date, idx, _comparison([fact.claims[i] for i in idx], rel, ab, *known[4 + 3 * k:7 + 3 * k]))
                for k, (date, idx) in enumerate(dated)]
    out = [(date, idx, compare([fact.claims[i] for i in idx], rel, ab)) for date, idx in dated]
    fact.comparisons = (*setup, *(x for _, _, comp in out for x in _kept(comp)))
    return out


def _dated(fact: Fact) -> list[tuple[dt.date | None, list[int]]]:
    """The groups a fact's claims are compared in: all at once, or by publication date (undated last)."""
    if not fact.running:
        return [(None, list(range(len(fact.claims))))]
    by_date: dict[dt.date | None, list[int]] = {}
    for i, c in enumerate(fact.claims):
        by_date.setdefault(c.date, []).append(i)
    return [(date, by_date[date]) for date in sorted(by_date, key=lambda d: (d is None, d or dt.date.min))]


def _kept(comp: Comparison) -> tuple[tuple[int, ...] | array | None, tuple[int, ...] | array, float | None]:
    """What ``groups`` keeps of a comparison: consensus (None for all the claims, the usual case), outliers
    (a tuple when few, indices below 257 being shared ints; else an array) and point."""
    everyone = comp.consensus == list(range(len(comp.claims)))
    return None if everyone else _indices(comp.consensus), _indices(comp.outliers), comp.point


def _indices(values: list[int]) -> tuple[int, ...] | array:
    return tuple(values) if len(values) <= 16 else int_array(values)


def _comparison(group: list[Claim], rel: float, ab: float, consensus: Sequence[int] | None,
                outliers: Sequence[int], point: float | None) -> Comparison:
    """The comparison ``compare`` made of ``group``, from what ``_kept`` kept of it."""
    everyone = list(range(len(group))) if consensus is None else list(consensus)
    return Comparison(group, widen_all(group, rel, ab), everyone, list(outliers), point)


def evaluate(fact: Fact, rule: QuantityRule) -> None:
    outliers: list[int] = []
    consensus = None
    for date, idx, comp in groups(fact, rule):
        outliers.extend(idx[i] for i in comp.outliers)
        if date is not None or consensus is None:
            consensus = comp.consensus_interval()  # the latest dated group wins
    fact.outliers = sorted(outliers)
    fact.consensus = consensus


def build_facts(analyses: list[Analysis], rules: list[Any]) -> list[Fact]:
    qrules = quantity_rules(rules)
    if not qrules:
        return []
    known = gazetteer(a.doc.text for a in analyses)
    ordered = sorted(analyses, key=lambda a: (a.doc.path, -1 if a.doc.record is None else a.doc.record))
    claims = [bc for a in ordered for bc in file_claims(a, qrules, known)]
    return facts_from_claims(by_story(claims, rules, stories_of(analyses)), rules)


def stories_of(analyses: Sequence[Analysis]) -> Stories:
    """The stories of analysed articles (a run finds them from what it collected: ``engine.stories``)."""
    docs = [a.doc for a in analyses]
    return find_stories([d.doc_id for d in docs], [d.meta for d in docs], [story_names(a) for a in analyses])


def by_story(claims: Sequence[tuple[tuple[str, str], Claim]], rules: Sequence[Any],
             stories: Stories) -> list[tuple[tuple[str, str], Claim]]:
    """Claims of rules about the story itself moved to their story's bucket (unchanged for one story)."""
    if stories.count <= 1:
        return list(claims)
    story_rules = {r.id for r in quantity_rules(rules) if r.about == "story"}
    return [((rid, stories.key(key, c.doc_id)), c) if rid in story_rules else ((rid, key), c)
            for (rid, key), c in claims]


def facts_from_claims(claims: Sequence[tuple[tuple[str, str], Claim]], rules: list[Any],
                      consume: bool = False, memo: Any = None) -> list[Fact]:
    """The facts of claims made by ``file_claims``, given in the order of their articles (path, record).
    ``consume``: ``claims`` is a list nobody else holds, emptied here, so that each bucket's claims are freed
    once its fact (which holds copies of them) is made: a run held every claim twice at the checks' peak.
    ``memo``: a ``fact_memo.FactMemo`` that makes each fact (the same, from the last run's when it can)."""
    make = make_fact if memo is None else memo.make
    by_id = {r.id: r for r in quantity_rules(rules)}
    buckets: dict[tuple[str, str], list[Claim]] = {}
    for bucket, claim in claims:
        buckets.setdefault(bucket, []).append(claim)
    if consume:
        claims.clear()  # type: ignore[attr-defined]
    labels: dict[str, int] = {}
    for _, key in buckets:
        labels[key] = labels.get(key, 0) + 1
    facts: list[Fact] = []
    for rule_id, key in list(buckets):
        found = buckets.pop((rule_id, key))
        rule = by_id[rule_id]
        shown = key if labels[key] == 1 else f"{key} [{rule_id}]"
        facts.append(make(rule, shown, found))
    facts.sort(key=lambda f: (f.key, f.rule))
    return facts


# The two halves of build_facts, so that they can run apart (factcheck.dask_facts: claims per file on the
# workers, then one task per fact key after a shuffle). build_facts is their composition.

def file_claims(a: Analysis, qrules: Sequence[QuantityRule], known: frozenset[str],
                article: Any = None) -> list[tuple[tuple[str, str], Claim]]:
    """One article's claims, each with its bucket (rule id, fact key); at most one claim per quantity. With an
    ``article`` (see ``ClaimSource.article``), the claims keep no sentence: they find it there when shown."""
    view = DocView(a, known, article)
    out: list[tuple[tuple[str, str], Claim]] = []
    qrules = tuple(qrules)
    index = rule_index(qrules)
    for q, sentence in view.located:
        # only the rules that measure it (most measure other things), and what all of them ask first once
        positions = index.positions(q)
        if not positions:
            continue
        interval = interval_of(q)
        if interval is None:
            continue
        if sentence is None:
            continue
        for i in positions:
            rule = qrules[i]
            key = index.accepts(i, rule, view, q, sentence)
            if key is not None:
                bucket = shared_bucket(rule.id, key)
                out.append((bucket, make_claim(bucket[1], rule, view, q, interval, sentence)))
                break
    return out[:]  # no room to grow: a run keeps the list


@lru_cache(maxsize=4096)
def shared_bucket(rule_id: str, key: str) -> tuple[str, str]:
    """The bucket ``(rule_id, key)``, one tuple (and one key string) for all the claims of a fact: a run holds
    every claim's bucket, and the articles of a story make claims about the same facts. A memo of equal values,
    small: the articles of a story are read together, so the buckets met again are the recent ones."""
    return (sys.intern(rule_id), sys.intern(key))


def make_fact(rule: QuantityRule, shown: str, claims: list[Claim]) -> Fact:
    """The fact of one bucket, compared: a pure function of its claims (their order does not matter)."""
    claims = sorted(claims, key=_claim_order)
    unit = display_unit(rule, claims)
    values: dict[str, str] = {}  # claims showing the same value share its string (a run holds every claim)
    fact = shown_fact(rule, shown, claims, unit, [values.setdefault(v, v) for v in (describe(c, unit) for c in claims)])
    evaluate(fact, rule)
    return fact


def shown_fact(rule: QuantityRule, shown: str, claims: list[Claim], unit: str | None, values: Sequence[str]) -> Fact:
    """The fact ``shown`` of ``claims`` in its order, each showing its value in ``values`` (not yet compared)."""
    return Fact(key=shown, rule=rule.id, kind="quantity", unit=unit, running=rule.running,
                claims=[c.shown(shown, v) for c, v in zip(claims, values, strict=True)])
