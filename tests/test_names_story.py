"""The story test of the names clustering (``cluster.StoryContext``): two look-alike forms pair only when they
stand in one article or their articles share a distinctive name. It keeps only what can decide that (the
distinctive keys of an article; a token's context until its last pair), and must decide as before."""

from __future__ import annotations

from array import array

import pytest
from names_helpers import corpus_and

from factcheck.names import cluster
from factcheck.names.cluster import StoryContext, TokenInfo, collect_tokens, find_clusters

ARTICLES = [
    {"alpha", "common", "ashford"},
    {"alpha", "common", "ashfort"},
    {"common", "zedlan"},
    {"common", "zedlen"},
    {"common", "beta"},
]


def _story() -> StoryContext:
    eligible = set().union(*ARTICLES)
    frequency = {k: sum(k in a for a in ARTICLES) for k in eligible}
    return StoryContext(lambda doc: ARTICLES[doc], eligible, frequency, limit=2)


def _token(key: str) -> TokenInfo:
    return TokenInfo(key, key, docs=array("I", [i for i, a in enumerate(ARTICLES) if key in a]))


def test_forms_pair_through_a_distinctive_name_and_not_through_a_frequent_one() -> None:
    story = _story()
    assert story.shared(_token("ashford"), _token("ashfort"))  # "alpha": in two articles, the limit
    assert not story.shared(_token("zedlan"), _token("zedlen"))  # "common" is in all five
    assert story.shared(_token("alpha"), _token("common"))  # one article holds both
    # only distinctive keys are kept for an article
    assert story.doc_keys(0) == ("alpha", "ashford") and story.doc_keys(4) == ("beta",)


def test_a_forgotten_context_is_found_again_the_same() -> None:
    story = _story()
    a, b = _token("ashford"), _token("ashfort")
    before = set(story.context(a))
    story.forget("ashford")
    assert "ashford" not in story._context
    assert story.context(a) == before and story.shared(a, b)


def test_dropping_contexts_after_their_last_pair_changes_no_cluster(monkeypatch: pytest.MonkeyPatch) -> None:
    names = [a.names for a in corpus_and()]
    tokens = collect_tokens(names)
    found = [(c.members, c.relations) for c in find_clusters(tokens, set(), set(), names)]
    monkeypatch.setattr(cluster.StoryContext, "forget", lambda self, key: None)
    assert found and [(c.members, c.relations) for c in find_clusters(tokens, set(), set(), names)] == found
