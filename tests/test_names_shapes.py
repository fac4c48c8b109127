"""An article's names as its distinct shapes (``NamesDoc.shapes`` / ``layout``, made where it is analysed) and
the token statistics read from a pool's shape ids (``cluster.tokens_of_shapes``): both must give exactly what
the plain records give."""

from __future__ import annotations

import pytest
from names_helpers import corpus_and
from test_names_fast_paths import record

from factcheck.analysis import Analysis
from factcheck.names.cluster import collect_tokens, tokens_of_shapes
from factcheck.names.findings import Corpus, NamesDoc, collect, name_findings_from
from factcheck.names.packed import DecodedNames, NamesPool

# the same names at several offsets, opening a sentence or not, with titles (genders) and a feature word
REPEATS = (
    "Mr Smith met John Smith in Ashford. Ashford's mayor, Ms Jane Smyth, spoke. Smith left Ashford.\n"
    "The Ashford Relief Agency said Ashford Council and Sergiy Cherevaty agreed. Mr Smith agreed.",
    "Serhii Cherevatyi spoke in Ashford. John Smith and Jane Smyth stayed in Ashford; Smith did not.",
)


@pytest.fixture(scope="module")
def analyses() -> list[Analysis]:
    return corpus_and(*REPEATS)


@pytest.fixture(scope="module")
def found(analyses: list[Analysis]) -> list[NamesDoc]:
    return [collect(a, []) for a in analyses]


def _typed(records: tuple) -> list[list[tuple[type, object]]]:
    return [[(type(v), v) for v in r] for r in records]


def test_an_article_keeps_each_distinct_name_once_and_gives_back_every_record(
        analyses: list[Analysis], found: list[NamesDoc]) -> None:
    names = shapes = 0
    for a, f in zip(analyses, found, strict=True):
        records = tuple(record(m) for m in a.names)
        assert _typed(f.names) == _typed(records)  # values and their types (True is not 1 in the output)
        assert len(set(f.shapes)) == len(f.shapes) and all(s.start == 0 for s in f.shapes)
        assert [f.layout[i] for i in range(0, len(f.layout), 2)] == [m.start for m in records]
        names += len(records)
        shapes += len(f.shapes)
    assert shapes < names  # names recur within an article (REPEATS)
    ashford = [m for m in found[-1].names if m.text == "Ashford"]
    assert len(ashford) == 2 and ashford[0].start != ashford[1].start


def _stats(info: object) -> tuple:
    return (info.surface, info.count, dict(info.surfaces), list(info.docs), info.confirmed, info.single,
            set(info.genders), dict(info.feature_counts), set(info.forms), info.display)


def test_token_statistics_from_shape_ids_equal_those_of_the_records(found: list[NamesDoc]) -> None:
    plain = collect_tokens([f.names for f in found])
    pool = NamesPool()
    packed = [pool.absorb(f) for f in found]
    names = DecodedNames(packed)
    by_ids = tokens_of_shapes(pool.shapes, [p.spans[1::2] for p in packed], names)
    assert list(plain) == list(by_ids)  # the same tokens, met in the same order
    for key, info in plain.items():
        assert _stats(by_ids[key]) == _stats(info), key
        assert by_ids[key].occurrences == info.occurrences
    assert any(info.genders for info in plain.values()) and any(info.single for info in plain.values())
    assert any(not info.single for info in plain.values()) and any(info.forms for info in plain.values())
    assert any(len(info.surfaces) > 1 for info in plain.values())  # "Smith" opening a sentence and not


def test_findings_are_the_same_when_articles_come_from_two_pools(
        analyses: list[Analysis], found: list[NamesDoc]) -> None:
    docs = [a.doc for a in analyses]
    one = NamesPool()
    two = NamesPool()
    half = len(found) // 2
    mixed = [one.absorb(f) for f in found[:half]] + [two.absorb(f) for f in found[half:]]
    by_hand = name_findings_from(Corpus.of_docs(found, docs), [])
    assert by_hand and name_findings_from(Corpus.of_docs(mixed, docs, one.lower | two.lower), []) == by_hand
