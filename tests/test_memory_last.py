"""The last of a run's peak memory, with the same output: stories found from numbered names, facts made one
fact key at a time from claims the run gives up, a shared empty value for the duration check, the names pool's
indexes dropped after absorbing. Each is checked against what it replaces."""

from __future__ import annotations

import pickle
import random
from collections import Counter, defaultdict
from pathlib import Path

from factcheck.analysis import analyze
from factcheck.cache import restricted_loads
from factcheck.checks import CheckContext
from factcheck.checks import date_duration as duration
from factcheck.engine import by_story, facts_from_claims, file_claims, quantity_rules, stories_of
from factcheck.engine.stories import COMMON_MIN, MIN_OVERLAP, PAIR_LIMIT, declared, find_stories
from factcheck.file_results import summarize
from factcheck.file_summaries import facts_from_claims_with_options
from factcheck.loading import load
from factcheck.model import Claim, Location
from factcheck.names.findings import NamesPool, collect
from factcheck.quantities.model import Quantity
from factcheck.rules.loader import load_rules, parse_rule_text

ROOT = Path(__file__).resolve().parent.parent


def _stories_reference(doc_ids, metas, names):  # noqa: ANN001, ANN202 - find_stories as it was (sets of strings)
    n = len(doc_ids)
    order = sorted(range(n), key=lambda i: doc_ids[i])
    sets = [frozenset(names[i].split("\n")) if names[i] else frozenset() for i in range(n)]
    df = Counter(x for s in sets for x in s)
    limit = max(COMMON_MIN, int(0.01 * n))
    distinctive = [frozenset(x for x in s if df[x] <= limit) for s in sets]
    tags = [declared(m) for m in metas]
    parent = list(range(n))
    tag_of = dict(enumerate(tags))

    def root(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    def union(a: int, b: int) -> None:
        ra, rb = root(a), root(b)
        if ra == rb or (tag_of[ra] is not None and tag_of[rb] is not None and tag_of[ra] != tag_of[rb]):
            return
        lo, hi = min(ra, rb), max(ra, rb)
        parent[hi] = lo
        tag_of[lo] = tag_of[ra] if tag_of[ra] is not None else tag_of[rb]

    by_tag: dict = {}
    for i in order:
        if tags[i] is not None:
            if tags[i] in by_tag:
                union(by_tag[tags[i]], i)
            else:
                by_tag[tags[i]] = i
    index = defaultdict(list)
    for i in order:
        for x in distinctive[i]:
            if df[x] <= PAIR_LIMIT:
                index[x].append(i)
    nameless = [i for i in order if not distinctive[i] and tags[i] is None]
    for i in order:
        mine = distinctive[i]
        for j in sorted({j for x in mine for j in index.get(x, ()) if j > i}):
            if len(mine & distinctive[j]) >= MIN_OVERLAP * min(len(mine), len(distinctive[j])):
                union(i, j)
    placed = {root(i) for i in order if i not in set(nameless)}
    for i in nameless:
        union(next(iter(placed)) if len(placed) == 1 else nameless[0], i)
    members = defaultdict(list)
    for i in order:
        members[root(i)].append(i)
    if len(members) <= 1:
        return {}, 1
    named = []
    for group in members.values():
        tag = tag_of[root(group[0])]
        if tag is None:
            counts = Counter(x for i in group for x in distinctive[i])
            tag = min(counts, key=lambda x: (-counts[x], x.count(" "), x)) if counts else doc_ids[group[0]]
        named.append((doc_ids[group[0]], tag))
    seen: Counter = Counter()
    label_of = {}
    for first, name in sorted(named):
        seen[name] += 1
        label_of[first] = name if seen[name] == 1 else f"{name} #{seen[name]}"
    return {doc_ids[i]: label_of[doc_ids[g[0]]] for g in members.values() for i in g}, len(members)


def test_stories_from_numbered_names_are_the_stories_found_from_sets_of_names() -> None:
    words = ["Vellmoor", "Quarrington", "Maren Oskell", "Hollin Dam", "Tobiah", "Ukraine", "Fire Board", "Oskell"]
    several = 0
    for seed in range(300):
        rnd = random.Random(seed)
        n = rnd.randrange(1, 14)
        pool = words[: rnd.randrange(2, len(words) + 1)] + [f"Town{k}" for k in range(rnd.randrange(0, 6))]
        ids = [f"d{rnd.randrange(100)}/{k}.md" for k in range(n)]
        metas = [rnd.choice([{}, {}, {}, {"story": rnd.choice(["a", "b", 3])}]) for _ in range(n)]
        names = ["\n".join(sorted(set(rnd.sample(pool, rnd.randrange(0, min(5, len(pool)) + 1))))) for _ in range(n)]
        if rnd.random() < 0.2:  # not what ``collect`` makes (a repeat, an empty line): read the same way still
            names[0] = "Vellmoor\nVellmoor\n\nOskell"
        found = find_stories(ids, iter(metas), names)  # the metadata read once
        assert (found.of, found.count) == _stories_reference(ids, metas, names)
        several += found.count > 1
    assert several > 50


def _claim(doc: str, value: float, text: str) -> Claim:
    q = Quantity(start=0, end=len(text), text=text, value=value, range=None, unit=None, noun=None, qualifier="=",
                 interval=(value, value), base_unit=None, dimension="count", statements=())
    return Claim(fact="people killed", rule="", doc_id=doc, location=Location(doc, 1, 1, 1, len(text)), text=text,
                 mention=q, interval=(value, value), display="")


def _as_compared(facts: list) -> list:
    return [(f.key, f.rule, f.unit, f.consensus, f.outliers, [(c.fact, c.rule, c.doc_id, c.location, c.text, c.display)
                                                             for c in f.claims]) for f in facts]


def test_facts_made_key_by_key_from_claims_given_up_are_the_facts_of_all_claims() -> None:
    two = parse_rule_text("""
- {id: killed, extends: quantity, name: people killed, counts: people, bare: true}
- {id: dead, extends: quantity, name: people killed, counts: people, bare: true}
- {id: hurt, extends: quantity, name: people hurt, counts: people, bare: true}
""", "t.yaml")
    rules = [r.rule for r in two]
    rnd = random.Random(5)
    claims = []
    for k in range(60):  # one key of two rules (labelled with the rule), one of one rule
        rule = rnd.choice(["killed", "dead", "hurt"])
        key = "people hurt" if rule == "hurt" else "people killed"
        v = rnd.choice([10, 12, 40])
        c = _claim(f"d{k % 7}.md", v, str(v))
        claims.append(((rule, key), Claim.at(c.source, key, rule, c.location, c.text, c.mention, c.interval)))
    want = facts_from_claims(list(claims), rules)
    given = list(claims)
    got = facts_from_claims_with_options(given, rules, None, consume=True)
    assert given == [] and _as_compared(got) == _as_compared(want)
    assert {f.key for f in got} == {"people killed [dead]", "people killed [killed]", "people hurt"}
    assert any(f.outliers for f in got)


def test_facts_of_the_sample_corpus_made_consuming_the_claims_are_the_same() -> None:
    rules = load_rules([ROOT / "rules"])
    analyses = [analyze(d) for d in load([ROOT / "sources"]).documents]
    ordered = sorted(analyses, key=lambda a: (a.doc.path, -1 if a.doc.record is None else a.doc.record))
    known = frozenset({"Soledar", "Bakhmut"})  # the gazetteer's part does not matter here
    claims = by_story([bc for a in ordered for bc in file_claims(a, quantity_rules(rules), known)], rules,
                      stories_of(analyses))
    want = facts_from_claims(list(claims), rules)
    assert len(want) > 3
    assert _as_compared(facts_from_claims_with_options(list(claims), rules, None, consume=True)) == \
        _as_compared(want)


def test_an_article_without_durations_shares_one_empty_value_that_reads_as_a_fresh_one() -> None:
    rules = load_rules([])
    (r,), _ = summarize("a.md", ".md", b"---\ndate: 2024-05-02\n---\nThe flood forced 300 people out.\n", "",
                        frozenset(), rules)
    assert r.collected["duration"] is duration.DurationDoc.EMPTY
    back = restricted_loads(pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL))
    assert back.collected["duration"] is duration.DurationDoc.EMPTY  # not a copy of it for each article
    (dated,), _ = summarize("b.md", ".md", b"---\ndate: 2023-01-12\n---\nPutin launched the invasion on Feb. 24, "
                            b"2022. The 18-month conflict goes on.\n", "", frozenset(), rules)
    assert dated.collected["duration"] != duration.DurationDoc.EMPTY
    again = restricted_loads(pickle.dumps(dated, protocol=pickle.HIGHEST_PROTOCOL))
    assert again.collected["duration"] == dated.collected["duration"]
    assert again.collected["duration"] is not duration.DurationDoc.EMPTY
    docs = [r.info, dated.info]
    fresh = duration.DurationDoc((), {})
    shared = list(duration.run(CheckContext(rules=rules, collected={"duration": [duration.DurationDoc.EMPTY,
                                                                                  dated.collected["duration"]]},
                                            docs=docs)))
    made = list(duration.run(CheckContext(rules=rules, collected={"duration": [fresh, dated.collected["duration"]]},
                                          docs=docs)))
    assert shared == made and len(made) == 1  # the 18 months are reported either way
    assert duration.DurationDoc.EMPTY == fresh and duration.DurationDoc.EMPTY.starts == {}


def test_a_pool_done_absorbing_keeps_its_shapes_and_absorbs_the_same_again() -> None:
    analyses = [analyze(d) for d in load([ROOT / "sources"]).documents]
    found = [collect(a, []) for a in analyses]
    pool = NamesPool()
    packed = [pool.absorb(f) for f in found]
    shapes = list(pool.shapes)
    pool.done()
    assert pool.shapes == shapes and not pool._ids and not pool._shared
    assert [p.records() for p in packed] == [f.names for f in found]
    assert [pool.absorb(f).records() for f in found] == [f.names for f in found]


def test_packed_names_take_two_bytes_a_number_only_when_every_number_fits() -> None:
    from factcheck.names.findings import NamesDoc
    from factcheck.names.packed import NameRecord, shapes_of

    def doc(starts: list[int], words: list[str]) -> NamesDoc:
        names = [NameRecord(s, s + len(w), w, (w,), ((s, s + len(w)),), None, (), False, False, (w.lower(),))
                 for s, w in zip(starts, words, strict=True)]
        return NamesDoc(*shapes_of(names), frozenset())

    pool = NamesPool()
    short = doc([3, 70, 65535 - 9], ["Vellmoor", "Oskell", "Vellmoor"])
    far = doc([3, 65536], ["Vellmoor", "Quarrington"])  # an offset past 2**16 - 1
    assert pool.absorb(short).spans.typecode == "H" and pool.absorb(far).spans.typecode == "I"
    pool.shapes.extend([pool.shapes[0]] * (1 << 16))  # shape ids past 2**16 - 1 from here on
    late = doc([5], ["Tobiah"])
    packed = pool.absorb(late)
    assert packed.spans.typecode == "I" and list(packed.spans) == [5, 3 + (1 << 16)]  # after 3 shapes and the filler
    for found in (short, far, late):
        assert pool.absorb(found).records() == found.names
