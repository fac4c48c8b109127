"""The whole pipeline on two corpora: the sample corpus (sources/) and a wildfire story written for the tests
(tests/fixtures/wildfire/), with planted contradictions in mixed units and traps that must stay quiet.

Wildfire, planted (all articles of 14 August unless said otherwise):
- distance Pinecrest–Cedar Falls: 12 miles (19.3 km) and "about 19 km" agree; "30 km (18.6 miles)" does not;
- area burned: 12,000 acres (4,856 ha) and "about 4,900 hectares" agree; "more than 70 square kilometres"
  (> 17,297 acres) does not;
- people killed: 17 and "at least 17" agree; "at least 25" does not; 21 on 15 August is an update;
- peak temperature (a story rule): 104F = 40C agree; "45C (113F)" does not;
- homes destroyed 150 on 14 August, 140 on 15 August: a decrease of a figure that cannot go down;
- firefighters 1,200 and "more than 1,000" agree; 1,500 on 15 August is an update; area 15,000 acres too.
Traps: a 72-year-old among the dead, the population (8,000) and people remaining (2,000) beside the
evacuated (about 3,000 / roughly 3,200), "including four children", last year's fire (30,000 acres), a dam
60 feet high, embers "a mile away", $5 million stated as "$5m".
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from factcheck.pipeline import RunOptions, run

ROOT = Path(__file__).resolve().parent.parent
WILDFIRE = ROOT / "tests" / "fixtures" / "wildfire"
ENGINE_KINDS = {"contradiction", "update", "decrease", "expected"}


@pytest.fixture(scope="module")
def wildfire():
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        return run(RunOptions(paths=[WILDFIRE / "articles"], rule_paths=[WILDFIRE / "rules"]))
    finally:
        os.chdir(cwd)


@pytest.fixture(scope="module")
def sample():
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        return run(RunOptions(paths=["sources"]))
    finally:
        os.chdir(cwd)


def engine_findings(report) -> list:
    return [f for f in report.findings if f.kind in ENGINE_KINDS]


def outliers(finding) -> list[str]:
    return [e.text for e in finding.evidence if e.role == "outlier"]


def test_wildfire_planted_findings_and_nothing_else(wildfire) -> None:
    found = {(f.kind, f.fact): f for f in engine_findings(wildfire)}
    assert set(found) == {
        ("contradiction", "distance Cedar Falls–Pinecrest"),
        ("contradiction", "area burned"),
        ("contradiction", "people killed"),
        ("contradiction", "peak temperature"),
        ("update", "people killed"),
        ("update", "area burned"),
        ("update", "personnel deployed"),
        ("decrease", "homes destroyed"),
    }
    assert outliers(found["contradiction", "distance Cedar Falls–Pinecrest"]) == ["30 km (18.6 miles)"]
    assert outliers(found["contradiction", "area burned"]) == ["more than 70 square kilometres"]
    assert outliers(found["contradiction", "people killed"]) == ["At least 25 people"]
    assert outliers(found["contradiction", "peak temperature"]) == ["45C (113F)"]
    for key in [k for k in found if k[0] == "contradiction"]:
        assert found[key].severity.value == "error"
        assert {e.location.path.rsplit("/", 1)[-1] for e in found[key].evidence if e.role == "outlier"} == \
            {"03_wire.md"}


def test_wildfire_messages_show_the_arithmetic(wildfire) -> None:
    found = {(f.kind, f.fact): f for f in engine_findings(wildfire)}
    dist = found["contradiction", "distance Cedar Falls–Pinecrest"].message
    # 30 km against 12 miles = 19.31 km: (30 - 19.31) / 30 = 36 %
    assert "'30 km (18.6 miles)' (30 km) in 03_wire" in dist and "36 % apart" in dist
    temp = found["contradiction", "peak temperature"].message
    assert "(45 °C)" in temp and "5.0 °C apart" in temp
    killed = found["update", "people killed"]
    assert killed.severity.value == "info"
    assert killed.message.startswith("people killed rose from 17 on 14 August")
    assert "to 21 on 15 August" in killed.message
    homes = found["decrease", "homes destroyed"]
    assert homes.severity.value == "warning" and "fell from 150 on 14 August" in homes.message


def test_wildfire_traps_are_separate_facts(wildfire) -> None:
    facts = {f.key: sorted(c.text for c in f.claims) for f in wildfire.facts}
    texts_in = {text: key for key, texts in facts.items() for text in texts}
    assert "72-year-old" not in " ".join(texts_in)
    assert texts_in.get("8,000 residents") == "population Pinecrest"
    assert texts_in.get("2,000 residents") == "people still in Pinecrest"
    assert "30,000 acres" not in texts_in  # last year's fire
    assert not any("60 feet" in t or "mile away" in t for t in texts_in)
    assert not any("four children" in t for t in texts_in)  # a part of the 17
    assert facts["people evacuated"] == ["About 3,000 residents", "Roughly 3,200 people"]
    assert facts["money pledged Pinecrest (USD)"] == ["$5 million", "$5m"]
    flagged = {e.text for f in engine_findings(wildfire) for e in f.evidence if e.role == "outlier"}
    assert flagged.isdisjoint({"about 4,900 hectares", "about 19 km", "40C (104F)", "104F", "12 miles",
                               "more than 1,000 firefighters", "Roughly 3,200 people", "$5m"})


def test_sample_corpus_distance_contradiction(sample) -> None:
    [finding] = [f for f in sample.findings if f.kind == "contradiction"]
    assert finding.fact == "distance Bakhmut–Soledar" and finding.severity.value == "error"
    where = {(e.location.path[8:11], e.location.line, e.text): e.role for e in finding.evidence}
    assert where[("000", 4, "some five miles")] == "outlier"
    assert where[("003", 10, "10km (6.2 miles)")] == "consensus"
    assert where[("002", 19, "less than 10 km (6 miles)")] == "other"
    assert where[("004", 17, "less than 10km")] == "other"
    first = finding.evidence[0].location
    assert (first.line, first.column, first.end_column) == (4, 46, 60)
    assert "20 % apart" in finding.message and "compatible with both" in finding.message


def test_sample_corpus_must_not_table(sample) -> None:
    # population, people remaining (559 / more than 500 / 15 children), inline conversions: all agree
    quantity_kinds = ENGINE_KINDS | {"conversion", "part-whole"}
    assert [f.fact for f in sample.findings if f.kind in quantity_kinds] == ["distance Bakhmut–Soledar"]
    facts = {f.key: f for f in sample.facts}
    assert {c.text for c in facts["pre-war population Soledar"].claims} == {
        "only 10,000", "an estimated 10,000 inhabitants", "about 10,000 people"}
    remaining = [f for f in sample.facts if "559 residents" in {c.text for c in f.claims}]
    assert remaining and {c.text for c in remaining[0].claims} >= {"559 citizens", "more than 500 civilians"}
    assert all(not f.outliers for f in sample.facts if f.key != "distance Bakhmut–Soledar")
