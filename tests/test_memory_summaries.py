"""What a run holds per article through the checks, made smaller without changing what it says: a fact's
comparisons kept compact and made again on demand, a ``DocInfo`` with only the metadata read later, a
``DocResult`` sharing its empty containers, claims without their sentences (read again from the file when
shown). Each compact form must read back exactly what the full one said, also after pickling."""

from __future__ import annotations

import datetime as dt
import pickle
import random
from pathlib import Path

import pytest

from factcheck.analysis import analyze
from factcheck.cache import restricted_loads
from factcheck.engine import file_claims, groups, quantity_rules
from factcheck.engine.compare import compare
from factcheck.engine.stories import STORY_FIELD, declared
from factcheck.file_results import NO_FINDINGS, DocResult, summarize
from factcheck.loading import parse_bytes
from factcheck.model import KEPT_META, Claim, DocInfo, Fact, Location
from factcheck.quantities.model import Quantity
from factcheck.rules.loader import load_rules, parse_rule_text

ROOT = Path(__file__).resolve().parent.parent


def _rule(running: bool):  # noqa: ANN202 - a QuantityRule
    text = f"""
- id: killed
  extends: quantity
  name: people killed
  counts: people
  bare: true
  tolerance: 5%
  running: {str(running).lower()}
"""
    return parse_rule_text(text, "test.yaml")[0].rule


def _claim(doc: str, lo: float, hi: float, qualifier: str, date: dt.date | None) -> Claim:
    q = Quantity(start=0, end=1, text="x", value=(lo + hi) / 2, range=None, unit=None, noun=None,
                 qualifier=qualifier, interval=(lo, hi), base_unit=None, dimension="count", statements=())
    return Claim(fact="people killed", rule="killed", doc_id=doc, location=Location(doc, 1, 1, 1, 1), text="x",
                 mention=q, interval=(lo, hi), display="", date=date)


def _fact(seed: int, n: int, running: bool) -> Fact:
    rnd = random.Random(seed)
    claims = []
    for _ in range(n):
        v = rnd.choice([10, 11, 12, 40, 41, 100, 250])
        lo, hi = rnd.choice([(v - 0.5, v + 0.5), (v * 0.9, v * 1.1), (v, float("inf")), (float("-inf"), v)])
        date = rnd.choice([None, dt.date(2024, 5, 1), dt.date(2024, 5, 2), dt.date(2024, 5, 3)])
        claims.append(_claim(f"d{rnd.randrange(n)}.md", lo, hi, rnd.choice("=~<>"), date))
    return Fact(key="people killed", rule="killed", kind="quantity", unit=None, claims=claims, running=running)


def _fresh(fact: Fact, rule) -> list:  # noqa: ANN001 - what groups() returned before it kept anything
    rel, ab = rule.tolerance_base()
    if not fact.running:
        return [(None, list(range(len(fact.claims))), compare(fact.claims, rel, ab))]
    by_date: dict = {}
    for i, c in enumerate(fact.claims):
        by_date.setdefault(c.date, []).append(i)
    dates = sorted(by_date, key=lambda d: (d is None, d or dt.date.min))
    return [(d, by_date[d], compare([fact.claims[i] for i in by_date[d]], rel, ab)) for d in dates]


@pytest.mark.parametrize("running", [False, True])
@pytest.mark.parametrize("n", [1, 3, 9, 40])  # 40: more indices than a tuple is kept for (an array then)
def test_comparisons_kept_by_a_fact_read_back_as_made(running: bool, n: int) -> None:
    rule = _rule(running)
    disagreed = 0
    for seed in range(15):
        fact = _fact(seed, n, running)
        want = _fresh(fact, rule)
        disagreed += any(comp.outliers for _, _, comp in want)
        assert groups(fact, rule) == want  # made
        kept = fact.comparisons
        assert type(kept) is tuple and not any(isinstance(x, list) for x in kept)  # no lists, no comparisons kept
        again = groups(fact, rule)
        assert again == want and fact.comparisons is kept  # read back, not compared again
        assert [type(comp.consensus) for _, _, comp in again] == [list] * len(want)
    assert disagreed or n == 1  # outliers (a consensus of some claims only) kept and read back too


def test_kept_comparisons_are_not_compared_again(monkeypatch: pytest.MonkeyPatch) -> None:
    import factcheck.engine as engine

    rule = _rule(True)
    fact = _fact(1, 12, True)
    first = groups(fact, rule)
    monkeypatch.setattr(engine, "compare", lambda *a, **k: pytest.fail("compared again"))
    assert groups(fact, rule) == first
    fact.claims = fact.claims[:5]  # other claims: compared afresh
    monkeypatch.undo()
    assert groups(fact, rule) == _fresh(fact, rule)


def test_doc_info_keeps_only_the_metadata_read_later() -> None:
    assert STORY_FIELD in KEPT_META and "outlet" in KEPT_META
    raw = b"---\ntitle: A long headline\nstory: 7\nurl: https://example.invalid/x\noutlet: Wire\n---\nText.\n"
    (doc,), _ = parse_bytes("a.md", ".md", raw)
    info = DocInfo.of(doc)
    assert info.meta == {"outlet": "Wire", "story": 7} and info.outlet == "Wire" == doc.outlet
    assert declared(info.meta) == declared(doc.meta) == "7"
    (bare,), _ = parse_bytes("b.md", ".md", b"Text.\n")
    assert DocInfo.of(bare).meta == {} and DocInfo.of(bare).outlet is None and DocInfo.of(bare).kept == ()
    (odd,), _ = parse_bytes("c.md", ".md", b"---\nstory: x\noutlet: 12\n---\nText.\n")
    assert DocInfo.of(odd).outlet == "12" == odd.outlet and DocInfo.of(odd).meta == {"outlet": 12, "story": "x"}
    one, two = (restricted_loads(pickle.dumps(info)) for _ in range(2))
    assert one == info and one.meta == info.meta
    assert one.kept[0] is two.kept[0] and one.kept[1] is two.kept[1]  # keys and outlet shared again


def test_doc_results_round_trip_and_share_their_empty_containers() -> None:
    wildfire = ROOT / "tests" / "fixtures" / "wildfire"
    rules = load_rules([wildfire / "rules"])
    results = []
    for fp in sorted((wildfire / "articles").iterdir()):
        results += summarize(fp.name, fp.suffix, fp.read_bytes(), str(fp), frozenset(), rules)[0]
    (marked,), _ = summarize("s.md", ".md", b"<!-- factcheck-disable-next-line -->\nThe fire killed 12 people.\n", "",
                             frozenset(), rules)
    for r in [*results, marked]:
        back = restricted_loads(pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL))
        assert isinstance(back, DocResult) and back == r
        assert (back.found is NO_FINDINGS) == (not r.found) and type(back.suppressions) is tuple
    assert marked.suppressions and type(marked.suppressions) is tuple
    assert any(not r.found for r in results) and all(r.found is NO_FINDINGS for r in results if not r.found)
    assert all(type(r.suppressions) is tuple for r in results)


def test_a_runs_claims_keep_no_sentence_and_find_the_same_one_again(tmp_path: Path) -> None:
    wildfire = ROOT / "tests" / "fixtures" / "wildfire"
    rules = load_rules([wildfire / "rules"])
    qrules = quantity_rules(rules)
    seen = 0
    for fp in sorted((wildfire / "articles").iterdir()):
        copy = tmp_path / fp.name
        copy.write_bytes(fp.read_bytes())
        results, _ = summarize(fp.name, fp.suffix, copy.read_bytes(), str(copy), frozenset(), rules)
        docs, _ = parse_bytes(fp.name, fp.suffix, fp.read_bytes())
        for r, doc in zip(results, docs, strict=True):
            kept = file_claims(analyze(doc), qrules, frozenset())  # made in memory: sentences kept
            assert [c.said for _, c in r.claims] == [None] * len(kept)
            assert [(b, c.text, c.sentence, c.location) for b, c in r.claims] == \
                [(b, c.text, c.sentence, c.location) for b, c in kept]
            assert all(c.sentence and c.text in c.sentence for _, c in kept)
            seen += len(kept)
            back = restricted_loads(pickle.dumps(r))
            assert [c.sentence for _, c in back.claims] == [c.sentence for _, c in kept]
        if results and results[0].claims:
            fresh = restricted_loads(pickle.dumps(results[0]))  # nothing read yet
            copy.write_bytes(fp.read_bytes().replace(b".", b"!"))  # changed since: no sentence, never a wrong one
            assert {c.sentence for _, c in fresh.claims} == {""}
            assert [c.text for _, c in fresh.claims] == [c.text for _, c in results[0].claims]
    assert seen >= 5
