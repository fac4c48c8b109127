"""The packed form a run keeps of each article's names (``factcheck.names.packed``): it must give back exactly
the records ``collect`` made, and the statistics and findings read from it must equal those of the records."""

from __future__ import annotations

import pytest
from names_helpers import analyses_of, corpus_and

from factcheck.analysis import Analysis
from factcheck.checks import CheckContext
from factcheck.names.cluster import StoryContext, collect_tokens, find_clusters, tokens_of
from factcheck.names.findings import Corpus, NamesDoc, collect, findings_for, name_findings_from
from factcheck.names.packed import DecodedNames, NameRecord, NamesPool, PackedNames

# names at several offsets, the same name opening a sentence and not, titles (genders), an organisation
# (features), a possessive, a hyphen, a two-word name written with two spaces, and one across a line break
SMALL = (
    "Mr Smith met John Smith in Ashford.  Ashford's mayor, Ms Jane Smyth, spoke.\n"
    "The pro-Moscow Ashford Relief Agency said Ashford  Council and Sergiy\nCherevaty agreed.",
    "John Smith left Ashford. Ashford Relief Agency staff stayed; Sergiy Cherevaty did not.",
)


@pytest.fixture(scope="module")
def analyses() -> list[Analysis]:
    return corpus_and(*SMALL)


@pytest.fixture(scope="module")
def found(analyses: list[Analysis]) -> list[NamesDoc]:
    return [collect(a, []) for a in analyses]


def _plain(record: NameRecord) -> list[tuple[type, object]]:
    """A record field by field with each value's type (True and 1 are equal, but not the same output)."""
    return [(type(v), v) for v in record]


def test_packing_gives_back_every_record_exactly(found: list[NamesDoc]) -> None:
    pool = NamesPool()
    packed = [pool.absorb(f) for f in found]
    total = 0
    for f, p in zip(found, packed, strict=True):
        assert isinstance(p, PackedNames)
        assert len(p) == len(f.names) and len(p.spans) == 2 * len(f.names)
        assert p.records() == f.names
        assert [_plain(r) for r in p.records()] == [_plain(r) for r in f.names]
        assert all(p.record(i) == m for i, m in enumerate(f.names))
        assert p.keys() == {k for m in f.names for k in m.keys}
        assert dict(p.excepts) == f.excepts
        total += len(f.names)
    assert total > 400
    # one shape per distinct name and position-free layout, far fewer than the names
    assert len(pool.shapes) < total / 2
    assert {w for f in found for w in f.lower} == pool.lower


def test_a_name_is_one_shape_wherever_it_stands_and_decodes_at_its_own_offset() -> None:
    (a, b) = [collect(x, []) for x in analyses_of(*SMALL)]
    pool = NamesPool()
    pa, pb = pool.absorb(a), pool.absorb(b)
    smith = [i for i, m in enumerate(a.names) if m.text == "John Smith"]
    smith_b = [i for i, m in enumerate(b.names) if m.text == "John Smith"]
    assert smith and smith_b and a.names[smith[0]].start != b.names[smith_b[0]].start
    # "John Smith" opens the sentence in b and not in a: two shapes; "Ashford" mid-sentence in both: one
    assert pa.spans[2 * smith[0] + 1] != pb.spans[2 * smith_b[0] + 1]
    ash = {pa.spans[2 * i + 1] for i, m in enumerate(a.names) if m.text == "Ashford" and not m.initial}
    ash_b = {pb.spans[2 * i + 1] for i, m in enumerate(b.names) if m.text == "Ashford" and not m.initial}
    assert len(ash) == 1 and ash == ash_b
    # token spans that do not start at the name or are not contiguous survive the trip
    gap = [m for m in a.names if m.tokens == ("Ashford", "Council")]
    assert gap and gap[0].token_spans[1][0] - gap[0].token_spans[0][1] == 2 and gap[0].text == "Ashford  Council"
    assert pa.records() == a.names and pb.records() == b.names


def test_decoded_names_find_uses_and_texts_like_the_records(analyses: list[Analysis], found: list[NamesDoc]) -> None:
    pool = NamesPool()
    names = DecodedNames([pool.absorb(f) for f in found])
    assert len(names) == len(found)
    for doc, (a, f) in enumerate(zip(analyses, found, strict=True)):
        assert names[doc] == f.names
        assert names.keys_of(doc) == {k for m in f.names for k in m.keys}
        for key in {k for m in f.names for k in m.keys}:
            uses = names.uses(doc, key)
            assert [(m, i) for m, i in uses] == [(m, i) for m in f.names for i, k in enumerate(m.keys) if k == key]
            # a name is one object however it is reached (findings group names by id)
            assert all(m is names[doc][f.names.index(m)] for m, _ in uses if f.names.count(m) == 1)
        for m in f.names:
            assert names.text_in(doc, m.start, m.end) == a.doc.text[m.start : m.end] == m.text
            for s, e in m.token_spans:
                assert names.text_in(doc, s, e) == a.doc.text[s:e]
        assert names.text_in(doc, len(a.doc.text) + 5, len(a.doc.text) + 9) is None


def _stats(info: object) -> tuple:
    return (info.count, dict(info.surfaces), list(info.docs), info.confirmed, info.single, set(info.genders),
            dict(info.feature_counts), set(info.forms), info.display)


def test_token_statistics_from_the_packed_form_equal_those_of_the_records(found: list[NamesDoc]) -> None:
    plain = collect_tokens([f.names for f in found])
    pool = NamesPool()
    packed = [pool.absorb(f) for f in found]
    names = DecodedNames(packed)
    counted = tokens_of((p.counted() for p in packed), names)
    assert plain.keys() == counted.keys()
    for key, info in plain.items():
        assert _stats(counted[key]) == _stats(info), key
        assert counted[key].occurrences == info.occurrences
    assert any(info.genders for info in plain.values()) and any(info.feature_counts for info in plain.values())
    assert any(info.count > len(info.docs) for info in plain.values())  # names repeated within an article
    # the story context reads key frequencies from the statistics: the same as counting every article
    keys = set(plain)
    by_count = StoryContext.of([f.names for f in found], keys)
    by_tokens = StoryContext.of(names, keys, counted)
    assert by_count.frequency == by_tokens.frequency
    assert all(by_count.doc_keys(d) == by_tokens.doc_keys(d) for d in range(len(found)))
    lower: set[str] = set()
    assert [c.members for c in find_clusters(plain, lower, set(), [f.names for f in found])] == \
        [c.members for c in find_clusters(counted, lower, set(), names)]


def test_findings_are_the_same_from_a_runs_pool_and_from_a_context_built_by_hand(
        analyses: list[Analysis], found: list[NamesDoc]) -> None:
    docs = [a.doc for a in analyses]
    by_hand = name_findings_from(Corpus.of_docs(found, docs), [])
    pool = NamesPool()
    packed = [pool.absorb(f) for f in found]
    assert all(f.lower for f in found)  # absorbing leaves the worker's result as it was (the cache holds it)
    in_run = name_findings_from(Corpus.of_docs(packed, docs, pool.lower), [])
    assert in_run == by_hand
    assert {f.kind for f in by_hand} == {"misspelling", "spelling"}
    ctx = CheckContext(analyses=list(analyses))
    assert findings_for(ctx) == by_hand
