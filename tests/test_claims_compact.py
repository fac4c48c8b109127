"""The compact forms a run keeps of every article (``Claim`` with its ``Figure`` and ``ClaimSource``, ``DocInfo``
with its line-start array): they must read back exactly what the full objects say, on real analysed text, and
survive pickling (worker results, cache entries, Dask) unchanged."""

from __future__ import annotations

import math
import os
import pickle
from array import array
from pathlib import Path

import pytest

from factcheck.analysis import analyze
from factcheck.cache import restricted_loads
from factcheck.engine import file_claims, make_fact, quantity_rules
from factcheck.engine.claims import Figure, interval_of
from factcheck.engine.places import gazetteer
from factcheck.engine.sheet import fact_records
from factcheck.file_results import summarize
from factcheck.loading import load_file
from factcheck.model import Claim, DocInfo, Location, SourceMap, line_starts
from factcheck.rules.loader import load_rules

ROOT = Path(__file__).resolve().parent.parent
CORPORA = [
    (ROOT / "sources", []),
    (ROOT / "tests" / "fixtures" / "wildfire" / "articles", [ROOT / "tests" / "fixtures" / "wildfire" / "rules"]),
    (ROOT / "tests" / "fixtures" / "quake", []),
    (ROOT / "tests" / "fixtures" / "dates", []),
]


def analysed(folder: Path) -> list:
    docs = [d for fp in sorted(folder.iterdir()) if fp.is_file() for d in load_file(fp)[0]]
    return [analyze(d) for d in docs]


@pytest.fixture(scope="module", params=CORPORA, ids=lambda c: c[0].name)
def corpus(request):
    folder, rule_paths = request.param
    analyses = analysed(folder)
    rules = load_rules(rule_paths)
    known = gazetteer(a.doc.text for a in analyses)
    return analyses, rules, [file_claims(a, quantity_rules(rules), known) for a in analyses]


def test_compact_claims_report_what_the_mention_and_document_say(corpus) -> None:
    analyses, _, claims = corpus
    count = 0
    for a, bucketed in zip(analyses, claims, strict=True):
        doc = a.doc
        by_span = {(q.start, q.end): q for q in a.quantities}
        for (rule_id, key), c in bucketed:
            q = by_span[(c.mention.start, c.mention.end)]
            sentence = next(s for s in a.sentences if s.start <= q.start < s.end)
            assert (c.rule, c.fact) == (rule_id, key)
            assert c.location == Location.of(doc, q.start, q.end)
            assert c.text == q.text == doc.text[q.start:q.end]
            assert c.sentence == doc.text[sentence.start:sentence.end]
            assert c.interval == interval_of(q)
            assert (c.doc_id, c.date, c.outlet) == (doc.doc_id, doc.date, doc.outlet)
            assert c.display == ""
            m = c.mention
            assert isinstance(m, Figure) and m.kind == "quantity"
            assert not hasattr(c, "__dict__") and not hasattr(m, "__dict__") and not hasattr(m, "statements")
            for name in ("start", "end", "value", "range", "unit", "qualifier", "base_unit", "dimension", "vague"):
                assert getattr(m, name) == getattr(q, name), name
            count += 1
    assert count >= 3  # every corpus makes claims


def test_claims_of_an_article_share_their_source_sentence_and_bucket(corpus) -> None:
    _, _, claims = corpus
    for bucketed in claims:
        assert len({id(c.source) for _, c in bucketed}) <= 1
        by_sentence: dict[str, set[int]] = {}
        for bucket, c in bucketed:
            by_sentence.setdefault(c.sentence, set()).add(id(c.sentence))
            assert bucket[1] is c.fact
        assert all(len(ids) == 1 for ids in by_sentence.values())
    buckets = [b for bucketed in claims for b, _ in bucketed]
    assert len({id(b) for b in buckets}) == len(set(buckets))  # one tuple per bucket, whichever article


def test_pickled_results_are_equal_and_share_their_strings_again() -> None:
    wildfire = ROOT / "tests" / "fixtures" / "wildfire"
    rules = load_rules([wildfire / "rules"])
    known = gazetteer(a.doc.text for a in analysed(wildfire / "articles"))
    fp = wildfire / "articles" / "01_valley_herald.md"
    results, _ = summarize("a.md", ".md", fp.read_bytes(), str(fp), known, rules)
    (r,) = results
    assert len(r.claims) >= 3 and r.info.meta["outlet"] == "Valley Herald"
    one, two = (restricted_loads(pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL)) for _ in range(2))
    assert one.claims == r.claims and one.info == r.info
    for (b1, c1), (b2, c2) in zip(one.claims, two.claims, strict=True):
        assert b1 is b2 and c1.rule is c2.rule and c1.fact is c2.fact
        assert c1.mention.unit is c2.mention.unit and c1.mention.dimension is c2.mention.dimension
        assert c1.location == c2.location and c1.text == c2.text and c1.sentence == c2.sentence
    assert [k1 is k2 for k1, k2 in zip(one.info.meta, two.info.meta, strict=True)] == [True] * len(one.info.meta)
    assert one.info.source_map.starts == r.info.source_map.starts
    assert isinstance(one.info.source_map.starts, array)


def test_facts_from_pickled_claims_are_the_same(corpus) -> None:
    """What the Dask path does: claims pickled to another process, compared there."""
    _, rules, claims = corpus
    by_id = {r.id: r for r in quantity_rules(rules)}
    flat = [bc for bucketed in claims for bc in bucketed]
    moved = pickle.loads(pickle.dumps(flat))

    def facts(pairs: list) -> list:
        buckets: dict = {}
        for bucket, c in pairs:
            buckets.setdefault(bucket, []).append(c)
        return [make_fact(by_id[rid], key, cs) for (rid, key), cs in buckets.items()]

    assert fact_records(facts(moved)) == fact_records(facts(flat))


def test_shown_claim_shares_all_but_its_label_and_value(corpus) -> None:
    _, rules, claims = corpus
    by_id = {r.id: r for r in quantity_rules(rules)}
    (rid, key), c = next(bc for bucketed in claims for bc in bucketed)
    fact = make_fact(by_id[rid], key, [c])
    (s,) = fact.claims
    assert s.fact == key and s.display and s.display != c.display
    assert s.mention is c.mention and s.sentence is c.sentence and s.source is c.source
    assert (s.location, s.text, s.interval) == (c.location, c.text, c.interval)
    same = make_fact(by_id[rid], key, [c, c])
    assert same.claims[0].display is same.claims[1].display  # one string per value shown in a fact


class Span:
    def __init__(self, start: int, end: int) -> None:
        self.start, self.end = start, end


@pytest.mark.parametrize(("text", "sentence", "mention"), [
    ("5 km", "It is 5 km away, not 5 km north.", Span(6, 10)),  # found first: the same text either way
    ("five km", "It is 5 km away.", Span(6, 10)),  # not in the sentence: kept as it is
    ("5 km", "", Span(0, 4)),  # no sentence
    ("5 km", "It is 5 km away.", None),  # a mention without a span
    ("5 km", "It is 5 km away.", Span(6, 9)),  # a span of another length
    ("", "It is 5 km away.", Span(6, 6)),
])
def test_public_constructor_reads_back_its_arguments(text: str, sentence: str, mention: object) -> None:
    loc = Location("a.json", 3, 7, 4, 2, record=2)
    c = Claim("f", "r", "a.json#2", loc, text, mention, (1.0, math.inf), "≈ 1", sentence=sentence, outlet="Daily")
    assert (c.fact, c.rule, c.doc_id, c.location, c.text, c.mention, c.interval, c.display, c.sentence, c.date,
            c.outlet) == ("f", "r", "a.json#2", loc, text, mention, (1.0, math.inf), "≈ 1", sentence, None, "Daily")
    assert pickle.loads(pickle.dumps(c)).text == text
    with pytest.raises(AttributeError):
        c.fact = "g"  # type: ignore[misc]


def test_source_map_arrays_give_the_same_positions() -> None:
    raw = "first line\r\nsecond\rthird\n\nfifth " + "x" * 70_000 + "\nlast"
    starts = line_starts(raw)
    assert list(starts) == [0, 12, 19, 25, 26, 70_033]
    assert starts.typecode == "i" and line_starts("a\nb").typecode == "H"
    as_list, as_array = SourceMap(list(starts)), SourceMap(starts)
    for offset in (0, 5, 11, 12, 20, 25, 26, 70_000, 70_034, len(raw) - 1):
        assert as_array.position(offset) == as_list.position(offset)
    escaped = SourceMap(starts, base=3, offsets=[3, 4, 6, 7])  # a JSON string with an escape
    assert isinstance(escaped.offsets, array)
    assert [escaped.file_offset(i) for i in range(6)] == [3, 4, 6, 7, 8, 9]


def test_doc_info_keeps_file_and_digest(tmp_path: Path) -> None:
    (doc,) = load_file(ROOT / "tests" / "fixtures" / "quake" / "a.md")[0]
    sha = "ab" * 32
    here = DocInfo.of(doc, os.path.abspath(doc.path), sha)
    assert here.file == os.path.abspath(doc.path) and here.digest == sha and here.root == os.getcwd()
    cwd = os.getcwd()
    try:
        os.chdir(tmp_path)  # the file is where it was when the article was read
        assert here.file == os.path.join(cwd, doc.path)
    finally:
        os.chdir(cwd)
    elsewhere = DocInfo.of(doc, str(tmp_path / "copy.md"), "not-a-sha")
    assert elsewhere.file == str(tmp_path / "copy.md") and elsewhere.digest == "not-a-sha"
    unknown = DocInfo.of(doc)
    assert unknown.file == "" and unknown.digest == ""
    # only the metadata a run reads later is kept (model.KEPT_META)
    assert unknown.meta == {"outlet": "Daily Ledger"} and unknown.outlet == doc.outlet == "Daily Ledger"
    assert unknown.doc_id == doc.doc_id
    back = restricted_loads(pickle.dumps(here))
    assert back == here and back.file == here.file and back.position(10) == doc.position(10)
