"""The engine on hand-built quantity mentions: comparison, consensus, context, subjects, running figures.

Every interval below is worked out by hand from the stated figure (rounding to the last digit, hedges
±10 %), independently of the extractor, so these tests hold whatever the extractor does.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pytest

from factcheck.analysis import Analysis
from factcheck.checks import CheckContext, contradiction, expected_value, update
from factcheck.engine import build_facts
from factcheck.engine.compare import compare, widen
from factcheck.model import Claim, Document, Location, SourceMap, line_starts
from factcheck.quantities.model import Quantity
from factcheck.rules.loader import parse_rule_text
from factcheck.sentences import split_sentences

MILE = 1609.344
INF = math.inf


@dataclass
class Q:
    """A quantity to plant in a text: where (the substring), and what the extractor would say."""

    text: str
    value: float | None
    unit: str | None = None
    noun: str | None = None
    qualifier: str = "="
    interval: tuple[float, float] = (0.0, 0.0)
    base_unit: str | None = None
    dimension: str = "count"
    occurrence: int = 0


def analysis(path: str, text: str, quantities: list[Q], date: dt.date | None = None) -> Analysis:
    doc = Document(path, text, SourceMap(line_starts(text)), date=date)
    found = []
    for q in quantities:
        start = -1
        for _ in range(q.occurrence + 1):
            start = text.index(q.text, start + 1)
        found.append(Quantity(start=start, end=start + len(q.text), text=q.text, value=q.value, range=None,
                              unit=q.unit, noun=q.noun, qualifier=q.qualifier, interval=q.interval,
                              base_unit=q.base_unit, dimension=q.dimension, statements=()))
    return Analysis(doc, split_sentences(text), quantities=found)


def rules(text: str) -> list:
    return [lr.rule for lr in parse_rule_text(text, "test.yaml")]


DISTANCE = rules("""
- id: dist
  extends: quantity
  name: distance
  measure: length
  about: two places
  scope: document
  context: {require: [from, north, south, away], exclude: [high, deep, rose]}
""")

KILLED = rules("""
- id: killed
  extends: quantity
  name: people killed
  counts: people
  bare: true
  context: {require: [killed, dead, died], exclude: [injured]}
  running: true
  can_decrease: false
- id: injured
  extends: quantity
  name: people injured
  counts: people
  context: {require: [injured]}
""")


def km(lo: float, hi: float) -> tuple[float, float]:
    return lo * 1000, hi * 1000


def run_checks(analyses: list[Analysis], rule_list: list) -> tuple[list, list]:
    facts = build_facts(analyses, rule_list)
    ctx = CheckContext(analyses=analyses, rules=rule_list, facts=facts)
    findings = [*contradiction.run(ctx), *update.run(ctx), *expected_value.run(ctx)]
    return facts, findings


# --- comparison -----------------------------------------------------------------------------------------

def claim(doc: str, interval: tuple[float, float], qualifier: str = "=") -> Claim:
    q = Quantity(start=0, end=1, text="x", value=None, range=None, unit=None, noun=None, qualifier=qualifier,
                 interval=interval, base_unit=None, dimension="count", statements=())
    return Claim(fact="f", rule="r", doc_id=doc, location=Location(doc, 1, 1, 1, 1), text="x", mention=q,
                 interval=interval, display="")


def test_widen_is_half_the_tolerance_on_each_side() -> None:
    assert widen((100.0, 100.0), 0.10, 0.0) == (pytest.approx(95.0), pytest.approx(105.0))
    assert widen((100.0, 100.0), 0.0, 4.0) == (98.0, 102.0)
    assert widen((-INF, 10.0), 0.10, 0.0) == (-INF, pytest.approx(10.5))


def test_consensus_counts_articles_not_claims() -> None:
    # article a says 8 twice; b and c say 10; the consensus is 10 (two articles against one)
    claims = [claim("a", (7.5, 8.5)), claim("a", (7.5, 8.5)), claim("b", (9.5, 10.5)), claim("c", (9.5, 10.5))]
    comp = compare(claims, 0.0, 0.0)
    assert comp.consensus == [2, 3] and comp.outliers == [0, 1]


def test_bounds_agree_with_both_sides_and_tie_goes_to_the_exact_claim() -> None:
    # "some 8" (hedged) vs "10" (exact), and "less than 10" agreeing with both: a tie in articles
    claims = [claim("a", (7.2, 8.8), "~"), claim("b", (-INF, 10.0), "<"), claim("c", (9.5, 10.5))]
    comp = compare(claims, 0.0, 0.0)
    assert comp.outliers == [0] and sorted(comp.consensus) == [1, 2]


def test_tolerance_makes_near_figures_agree() -> None:
    claims = [claim("a", (99.5, 100.5)), claim("b", (107.5, 108.5))]
    assert compare(claims, 0.0, 0.0).outliers  # 100 vs 108: apart without tolerance
    assert not compare(claims, 0.10, 0.0).outliers  # 10 % of the mean covers the 7 left between them
    assert not compare(claims, 0.0, 8.0).outliers


# --- facts from texts -----------------------------------------------------------------------------------

def test_distance_between_two_places_is_keyed_by_the_unordered_pair() -> None:
    a = analysis("a.txt", "Ashford lies some five miles from the town of Brackley.",
                 [Q("some five miles", 5, "mile", qualifier="~", interval=(4.5 * MILE, 5.5 * MILE),
                    base_unit="meter", dimension="length")])
    b = analysis("b.txt", "The road to Brackley, 10km (6.2 miles) south of Ashford, was closed.",
                 [Q("10km (6.2 miles)", 10, "kilometer", interval=km(9.98, 10.06), base_unit="meter",
                    dimension="length")])
    c = analysis("c.txt", "Ashford is less than 10 km from Brackley, in the county of Wexbury.",
                 [Q("less than 10 km", 10, "kilometer", qualifier="<", interval=(-INF, 10000.0),
                    base_unit="meter", dimension="length")])
    facts, findings = run_checks([a, b, c], DISTANCE)
    assert [f.key for f in facts] == ["distance Ashford–Brackley"]
    [finding] = findings
    assert finding.kind == "contradiction" and finding.severity.value == "error"
    assert finding.message == ("distance Ashford–Brackley: 'some five miles' (≈ 8.0 km) in a vs "
                               "'10km (6.2 miles)' (10 km) in b: 20 % apart; 'less than 10 km' in c is "
                               "compatible with both")
    roles = {e.text: e.role for e in finding.evidence}
    assert roles == {"some five miles": "outlier", "10km (6.2 miles)": "consensus", "less than 10 km": "other"}
    ev = finding.evidence[0]
    assert (ev.location.line, ev.location.column, ev.location.end_column) == (1, 14, 28)


def test_heights_and_depths_are_not_distances() -> None:
    a = analysis("a.txt", "The dam near Ashford is 60 feet high. From Ashford to Brackley the river rose 3 feet.",
                 [Q("60 feet", 60, "foot", interval=(59.5 * 0.3048, 60.5 * 0.3048), base_unit="meter",
                    dimension="length"),
                  Q("3 feet", 3, "foot", interval=(2.5 * 0.3048, 3.5 * 0.3048), base_unit="meter",
                    dimension="length")])
    assert build_facts([a], DISTANCE) == []


def test_context_does_not_cross_another_quantity_or_clause() -> None:
    text = "The storm killed 17 people and injured 40 others. In all 12 died, while 30 were injured."
    a = analysis("a.txt", text, [
        Q("17 people", 17, noun="person", interval=(16.5, 17.5)),
        Q("40 others", 40, noun="other", interval=(39.5, 40.5)),
        Q("12", 12, interval=(11.5, 12.5)),
        Q("30", 30, interval=(29.5, 30.5)),
    ])
    facts = {f.key: [c.text for c in f.claims] for f in build_facts([a], KILLED)}
    # "40 others" has no counted people noun; "30" is bare and "injured" rule wants a noun
    assert facts == {"people killed": ["17 people", "12"]}


def test_a_part_of_a_whole_is_not_a_claim_about_the_whole() -> None:
    text = "The flood killed 31 people, including 12 children, officials said."
    a = analysis("a.txt", text, [Q("31 people", 31, noun="person", interval=(30.5, 31.5)),
                                 Q("12 children", 12, noun="child", interval=(11.5, 12.5))])
    [fact] = build_facts([a], KILLED)
    assert [c.text for c in fact.claims] == ["31 people"]


def test_age_is_not_a_count_of_people() -> None:
    text = "A 72-year-old man was among the dead."
    a = analysis("a.txt", text, [Q("72-year-old", 72, "year", noun="man", interval=(72, 73), dimension="age")])
    assert build_facts([a], KILLED) == []


def test_running_figure_rises_is_an_update_and_falls_is_a_warning() -> None:
    day1, day2, day3 = dt.date(2024, 3, 13), dt.date(2024, 3, 14), dt.date(2024, 3, 15)
    docs = [
        analysis("a.md", "The fire killed 11 people.", [Q("11 people", 11, noun="person", interval=(10.5, 11.5))],
                 day1),
        analysis("b.md", "Officials said 11 people died.", [Q("11 people", 11, noun="person",
                                                               interval=(10.5, 11.5))], day1),
        analysis("c.md", "The fire has killed 17 people.", [Q("17 people", 17, noun="person",
                                                               interval=(16.5, 17.5))], day2),
        analysis("d.md", "The fire killed 15 people.", [Q("15 people", 15, noun="person", interval=(14.5, 15.5))],
                 day3),
    ]
    facts, findings = run_checks(docs, KILLED)
    assert [f.kind for f in findings] == ["update", "decrease"]
    rise, fall = findings
    assert rise.severity.value == "info"
    assert rise.message.startswith("people killed rose from 11 on 13 March ('11 people' in a) to 17 on 14 March")
    assert fall.severity.value == "warning" and "fell from 17 on 14 March" in fall.message
    assert "cannot go down" in fall.message
    assert facts[0].outliers == []  # different days: no contradiction


def test_running_figure_contradiction_within_one_day() -> None:
    day = dt.date(2024, 3, 13)
    docs = [analysis("a.md", "The fire killed 11 people.", [Q("11 people", 11, noun="person",
                                                              interval=(10.5, 11.5))], day),
            analysis("b.md", "The fire killed 11 people.", [Q("11 people", 11, noun="person",
                                                              interval=(10.5, 11.5))], day),
            analysis("c.md", "The fire killed 19 people.", [Q("19 people", 19, noun="person",
                                                              interval=(18.5, 19.5))], day)]
    _, findings = run_checks(docs, KILLED)
    [f] = findings
    assert f.kind == "contradiction" and "(articles of 2024-03-13)" in f.message
    assert [e.role for e in f.evidence] == ["outlier", "consensus", "consensus"]


def test_expected_value_flags_even_when_all_agree() -> None:
    rule = rules("""
- id: pop
  extends: quantity
  name: population
  counts: people
  bare: true
  about: [Ashford]
  scope: document
  context: {require: [population]}
  expected: 12000
  tolerance: 5%
""")
    docs = [analysis(f"{n}.txt", "Ashford has a population of 10,000.", [Q("10,000", 10000, interval=(9999.5,
                     10000.5))]) for n in "ab"]
    facts, findings = run_checks(docs, rule)
    [f] = findings
    assert f.kind == "expected" and f.message == ("population Ashford: '10,000' (10,000) in a and '10,000' "
                                                  "(10,000) in b disagree with the expected 12,000")
    assert facts[0].outliers == []


def test_own_rule_wins_over_a_generic_one() -> None:
    specific = rules("""
- id: mine
  extends: quantity
  name: dead in the flood
  counts: people
  context: {require: [killed]}
""")
    a = analysis("a.txt", "The flood killed 31 people.", [Q("31 people", 31, noun="person", interval=(30.5, 31.5))])
    [fact] = build_facts([a], specific + KILLED)
    assert fact.rule == "mine"


def test_temperatures_compare_as_temperatures() -> None:
    rule = rules("""
- id: heat
  extends: quantity
  name: peak temperature
  measure: temperature
  unit: degC
  context: {require: [reached, hit]}
""")
    k = 273.15
    docs = [analysis("a.txt", "Temperatures reached 104F.", [Q("104F", 104, "degree_Fahrenheit",
                     interval=(40 + k - 0.28, 40 + k + 0.28), base_unit="kelvin", dimension="temperature")]),
            analysis("b.txt", "It hit 40C.", [Q("40C", 40, "degree_Celsius", interval=(39.5 + k, 40.5 + k),
                                                base_unit="kelvin", dimension="temperature")]),
            analysis("c.txt", "It hit 40C.", [Q("40C", 40, "degree_Celsius", interval=(39.5 + k, 40.5 + k),
                                                base_unit="kelvin", dimension="temperature")]),
            analysis("d.txt", "It reached 45C.", [Q("45C", 45, "degree_Celsius", interval=(44.5 + k, 45.5 + k),
                                                    base_unit="kelvin", dimension="temperature")])]
    facts, findings = run_checks(docs, rule)
    [f] = findings
    # each contradicted article in its own words, the most precise claim first (104F: ±0.28 K, narrower
    # than 40C's ±0.5 K); articles with the same words are named together
    assert f.message == ("peak temperature: '45C' (45 °C) in d vs '104F' (≈ 40.0 °C) in a and '40C' (40 °C) "
                         "in b and c: 5.0 °C apart")
    assert {c.text: c.display for c in facts[0].claims}["104F"] == "≈ 40.0 °C"


def test_message_template_of_a_rule() -> None:
    rule = rules("""
- id: dist
  extends: quantity
  name: distance
  measure: length
  about: two places
  context: {require: [from]}
  message: "Check {fact}: {outlier} / {consensus} ({difference})"
""")
    docs = [analysis(f"{n}.txt", f"Ashford lies {v} km from the town of Brackley.",
                     [Q(f"{v} km", v, "kilometer", interval=km(v - 0.5, v + 0.5), base_unit="meter",
                        dimension="length")]) for n, v in (("a", 10), ("b", 10), ("c", 20))]
    _, [finding] = run_checks(docs, rule)
    assert finding.message == ("Check distance Ashford–Brackley: '20 km' (20 km) in c / '10 km' (10 km) in a and b "
                               "(50 % apart)")


def test_an_article_stating_the_consensus_too_is_not_an_outlier() -> None:
    # "12 in Valencia and 3 in Murcia": the 3 is about something else, not a contradiction of the 12
    a = analysis("a.txt", "Floods killed 12 people in Valencia. Floods killed 3 people in Murcia.",
                 [Q("12 people", 12, noun="person", interval=(11.5, 12.5)),
                  Q("3 people", 3, noun="person", interval=(2.5, 3.5))])
    b = analysis("b.txt", "The floods killed 12 people.", [Q("12 people", 12, noun="person", interval=(11.5, 12.5))])
    c = analysis("c.txt", "The floods killed 40 people.", [Q("40 people", 40, noun="person", interval=(39.5, 40.5))])
    facts, findings = run_checks([a, b, c], KILLED)
    assert facts[0].outliers == [1, 3]  # the sheet still shows both as outside the consensus
    assert [outliers for f in findings for outliers in [[e.text for e in f.evidence if e.role == "outlier"]]] == [
        ["40 people"]]


def test_values_are_shown_in_the_fact_unit() -> None:
    from factcheck.engine.claims import describe

    def shown(q: Q, unit: str | None) -> str:
        a = analysis("a.txt", q.text, [q])
        m = a.quantities[0]
        return describe(Claim(fact="f", rule="r", doc_id="a", location=Location("a", 1, 1, 1, 1), text=m.text,
                              mention=m, interval=m.interval, display=""), unit)

    # 5 miles = 8.05 km, shown to two significant digits and marked approximate
    assert shown(Q("5 miles", 5, "mile", interval=(4.5 * MILE, 5.5 * MILE), base_unit="meter",
                   dimension="length"), "kilometer") == "≈ 8.0 km"
    assert shown(Q("less than 10 km", 10, "kilometer", qualifier="<", interval=(-INF, 10000.0), base_unit="meter",
                   dimension="length"), "kilometer") == "< 10 km"
    assert shown(Q("about 10,000", 10000, qualifier="~", interval=(9000.0, 11000.0)), None) == "≈ 10,000"


def test_a_figure_from_an_earlier_year_is_not_a_claim() -> None:
    text = "In 1957 the great flood killed 81 people. This week the flood killed 95 people."
    a = analysis("a.txt", text, [Q("81 people", 81, noun="person", interval=(80.5, 81.5)),
                                 Q("95 people", 95, noun="person", interval=(94.5, 95.5))], dt.date(2024, 10, 30))
    [fact] = build_facts([a], KILLED)
    assert [c.text for c in fact.claims] == ["95 people"]


def test_a_distance_from_an_event_is_not_paired_with_another_place() -> None:
    text = "The quake struck 18 km south of Hualien. Taipei lies 150 km north of Hualien."
    a = analysis("a.txt", text, [Q("18 km", 18, "kilometer", interval=km(17.5, 18.5), base_unit="meter",
                                   dimension="length"),
                                 Q("150 km", 150, "kilometer", interval=km(149.5, 150.5), base_unit="meter",
                                   dimension="length")])
    facts = {f.key: [c.text for c in f.claims] for f in build_facts([a], DISTANCE)}
    assert facts == {"distance Hualien–Taipei": ["150 km"]}


def test_comparisons_are_made_once_and_remade_for_other_claims() -> None:
    from factcheck.engine import groups, rule_of

    a = analysis("a.md", "The fire killed 11 people.", [Q("11 people", 11, noun="person", interval=(10.5, 11.5))])
    b = analysis("b.md", "The fire killed 40 people.", [Q("40 people", 40, noun="person", interval=(39.5, 40.5))])
    [fact] = build_facts([a, b], KILLED)
    rule = rule_of(fact, KILLED)
    first = groups(fact, rule)
    assert groups(fact, rule) == first  # the checks reading a fact share one comparison (kept compact)
    [(_, idx, comp)] = first
    assert idx == [0, 1] and comp.consensus != [0, 1]  # 11 and 40 disagree
    fact.claims = fact.claims[:1]  # another set of claims is compared afresh
    [(_, idx, comp)] = groups(fact, rule)
    assert idx == [0] and comp.consensus == [0] and comp.outliers == []
