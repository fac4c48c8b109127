"""Compass bearings between two places that articles give differently.

A distance between two places often comes with a direction: "Brackley, five miles to the southwest",
"Ashford lies less than 10km north-east of the city of Brackley", "Brackley, 10km south of the town". Each is
read as "place X lies in direction D from place Y" and turned around when needed, so that every article's
bearing is the bearing of the same place from the same other place ("north-east of Brackley" for Ashford is
"south-west of Ashford" for Brackley, and agrees with it).

Which place is which: a place named after "of" is the reference and the other place of the fact is the one
located; otherwise the place named just before the distance is the one located ("Brackley, 10km south of the
town"). Only facts about two places are considered (rules with ``about: two places`` or two names), and only
directions written right after the distance.

Bearings one compass point apart (45°: "south" against "south-west") are reported as a warning: often a
matter of precision, worth making consistent. Bearings 90° or more apart are an error.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from factcheck.analysis import Analysis
from factcheck.checks import CheckContext
from factcheck.checks.contradiction import doc_label, join
from factcheck.engine import quantity_rules, rule_of
from factcheck.lexicon import load_yaml
from factcheck.model import Claim, Evidence, Fact, Finding, Location, Severity
from factcheck.rules.quantity_rule import QuantityRule

NAME = "bearing"
DEFAULT_LEVEL = "warning"


@dataclass(frozen=True)
class Bearing:
    claim: Claim
    degrees: int  # bearing of the fact's first place from its second, 0 = north, clockwise
    start: int  # the direction phrase in the document
    end: int
    text: str


@cache
def _compass() -> dict[str, int]:
    return {str(k): int(v) for k, v in load_yaml("compass.yaml")["directions"].items()}


@cache
def _direction_re() -> re.Pattern[str]:
    words = sorted(_compass(), key=len, reverse=True)
    # "northeast", "north-east", "north east"
    alternatives = "|".join(re.sub(r"^(north|south)(east|west)$", r"\1[- ]?\2", w) for w in words)
    town = r"the\s+(?:city|town|village|port|capital)"
    return re.compile(
        r"\s*(?:\([^()]{0,40}\)\s*)?,?\s*(?P<phrase>(?:to\s+the\s+)?(?P<dir>" + alternatives + r")\b"
        r"(?:\s+of\s+(?:" + town + r"(?:\s+of\s+(?P<ref>[A-Z][\w'’-]+))?|(?P<ref2>[A-Z][\w'’-]+)))?)",
        re.IGNORECASE,
    )


def _opposite(deg: int) -> int:
    return (deg + 180) % 360


def _apart(a: int, b: int) -> int:
    d = abs(a - b) % 360
    return min(d, 360 - d)


def _places(fact: Fact, ctx: CheckContext) -> tuple[str, str] | None:
    return places_of(rule_of(fact, ctx.rules), fact.key)


def places_of(rule: QuantityRule | None, key: str) -> tuple[str, str] | None:
    """The two places of a fact key ("distance Ashford–Brackley"), when its rule is about two places."""
    if rule is None or not (rule.about == "two places" or (isinstance(rule.about, list) and len(rule.about) == 2)):
        return None
    subject = key[len(rule.label):].strip()
    subject = re.sub(r"\s*\[[^\]]*\]$", "", subject)  # "[rule-id]" when two rules share a label
    parts = subject.split("–")
    return (parts[0], parts[1]) if len(parts) == 2 else None


def bearing_of(claim: Claim, a: Analysis, places: tuple[str, str], pattern: re.Pattern[str],
               compass: dict[str, int]) -> Bearing | None:
    text = a.doc.text
    m = pattern.match(text, claim.mention.end)
    if m is None:
        return None
    key = re.sub(r"[- ]", "", m.group("dir").lower())
    if key not in compass:
        return None
    deg = compass[key]
    first, second = places
    ref = m.group("ref") or m.group("ref2")
    if ref in places:
        located = second if ref == first else first
    else:
        sentence_start = next((s.start for s in a.sentences if s.start <= claim.mention.start < s.end), 0)
        before = text[sentence_start:claim.mention.start]
        last = {p: before.rfind(p) for p in places}
        if max(last.values()) < 0:
            return None
        located = max(places, key=lambda p: last[p])
    # degrees: where the fact's first place lies, seen from its second
    degrees = deg if located == first else _opposite(deg)
    return Bearing(claim, degrees, m.start("phrase"), m.end("phrase"), m.group("phrase").strip())


def _name(deg: int) -> str:
    names = {0: "north", 45: "north-east", 90: "east", 135: "south-east", 180: "south", 225: "south-west",
             270: "west", 315: "north-west"}
    return names.get(deg, f"{deg}°")


@dataclass(frozen=True)
class Direction:
    """A bearing written next to a claim, found where the article is analysed (the run keeps no texts)."""

    degrees: int
    start: int
    end: int
    text: str
    location: Location


def collect(analysis: Analysis, rules: list, claims: list[Claim]) -> dict[tuple[str, int, int], Direction]:
    """The bearings of one article's claims, by (article, claim start, claim end)."""
    by_id: dict[str, QuantityRule] = {}
    for r in quantity_rules(rules):
        by_id.setdefault(r.id, r)
    pattern, compass = _direction_re(), _compass()
    out: dict[tuple[str, int, int], Direction] = {}
    for c in claims:
        places = places_of(by_id.get(c.rule), c.fact)
        b = bearing_of(c, analysis, places, pattern, compass) if places is not None else None
        if b is not None:
            out[(c.doc_id, c.mention.start, c.mention.end)] = Direction(
                b.degrees, b.start, b.end, b.text, Location.of(analysis.doc, b.start, b.end))
    return out


def _evidence(b: Bearing, where: Location, role: str, places: tuple[str, str]) -> Evidence:
    note = f"{places[0]} {_name(b.degrees)} of {places[1]}"
    return Evidence(where, b.text, role=role, doc_id=b.claim.doc_id, start=b.start, end=b.end, note=note)


def run(ctx: CheckContext) -> Iterable[Finding]:
    found: dict[tuple[str, int, int], Direction] = {}
    for part in ctx.per_doc(NAME, collect):
        found.update(part)
    for fact in ctx.facts:
        if getattr(fact, "kind", None) != "quantity":
            continue
        places = _places(fact, ctx)
        if places is None:
            continue
        bearings: list[Bearing] = []
        where: dict[int, Location] = {}
        for c in fact.claims:
            d = found.get((c.doc_id, c.mention.start, c.mention.end))
            if d is not None:
                where[id(c)] = d.location
                bearings.append(Bearing(c, d.degrees, d.start, d.end, d.text))
        if len({b.degrees for b in bearings}) < 2:
            continue
        counts = Counter(b.degrees for b in bearings)
        consensus = min(counts, key=lambda d: (-counts[d], -len({b.claim.doc_id for b in bearings
                                                                   if b.degrees == d}), d))
        outliers = [b for b in bearings if b.degrees != consensus]
        worst = max(_apart(b.degrees, consensus) for b in outliers)
        level = Severity.ERROR if worst >= 90 else Severity.WARNING
        first, second = places
        agreeing = sorted({doc_label(b.claim.doc_id) for b in bearings if b.degrees == consensus})
        parts = [f"'{b.text}' in {doc_label(b.claim.doc_id)} puts {first} {_name(b.degrees)} of {second}"
                 for b in outliers]
        message = (f"bearing of {first} from {second}: {'; '.join(parts)}; {join(agreeing)} "
                   f"put{'s' if len(agreeing) == 1 else ''} it {_name(consensus)} ({worst}° apart)")
        evidence = [_evidence(b, where[id(b.claim)], "outlier", places) for b in outliers]
        evidence += [_evidence(b, where[id(b.claim)], "consensus", places)
                     for b in bearings if b.degrees == consensus]
        yield Finding(rule=NAME, kind=NAME, severity=level, message=message, evidence=tuple(evidence),
                      fact=f"bearing {first}–{second}")
