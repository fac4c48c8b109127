"""Candidate pairs of the names clustering (``cluster.candidate_pairs``), gathered in passes by key length and
first letter so that a run never holds every blocking key at once: they must be exactly the pairs of plain
blocking (every key of every word held at once, kept here as the reference), on real tokens and on made-up
words that reach the corners (short words, repeated letters, transliterated letters, oversized buckets)."""

from __future__ import annotations

import importlib.util
import random
import string
import sys
from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st
from names_helpers import ROOT, corpus_and

from factcheck.names.cluster import MAX_BUCKET, candidate_pairs, collect_tokens
from factcheck.names.similarity import blocking_sets, fold, skeleton


def reference_pairs(keys: Iterable[str]) -> set[tuple[str, str]]:
    """The blocking as it was: every blocking key of every word in one bucket dict per space."""
    ordered = sorted(set(keys))
    pairs: set[tuple[str, str]] = set()
    for space in (0, 1):
        buckets: dict[str, list[str]] = defaultdict(list)
        for key in ordered:
            for bk in blocking_sets(key)[space]:
                buckets[bk].append(key)
        for members in buckets.values():
            if len(members) <= MAX_BUCKET:
                pairs.update(combinations(members, 2))
    return pairs


def _check(words: Iterable[str]) -> list[tuple[str, str]]:
    words = list(words)
    found = candidate_pairs(words)
    assert found == sorted(reference_pairs(words))  # the same pairs, sorted, each once
    assert all(a < b for a, b in found)
    return found


def test_the_pairs_of_real_name_tokens_are_those_of_plain_blocking() -> None:
    tokens = collect_tokens([a.names for a in corpus_and()])
    assert len(_check(tokens)) > 10


def test_the_pairs_of_a_generated_corpus_names_are_those_of_plain_blocking() -> None:
    # the benchmark corpus' names (benchmarks/make_corpus.py) and its planted misspellings of them
    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "benchmarks" / "make_corpus.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_corpus", mod)
    spec.loader.exec_module(mod)
    rng = random.Random(7)
    words: set[str] = set()
    for i in range(300):
        story = mod.make_story(i, 1)
        names = [story.place, story.city, *story.region.split(), *(w for o in story.orgs for w in o.split())]
        names += [w for first, last, _ in story.people for w in (first, last)]
        words.update(fold(n) for n in names)
        words.update(fold(mod.misspell(rng, n)) for n in names if len(n) > 3)
    assert len(words) > 2000 and any(len(w) >= 9 for w in words)
    assert len(_check(words)) > 500


# letters the transliteration skeleton rewrites (kh, ts, ye, h, i/y/j, ks) and a few others, so that words
# collide often, skeletons differ from spellings and letters repeat
@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet="aehijkstxy", max_size=11), max_size=30))
def test_the_pairs_of_any_words_are_those_of_plain_blocking(words: list[str]) -> None:
    _check(words)


def test_a_blocking_key_shared_by_more_than_max_bucket_words_pairs_none_of_them() -> None:
    # 676 nine-letter words that all meet at "qqqqqqq" (both last letters deleted); each also shares a key
    # with the 25 others of its next-to-last letter and with the 25 of its last letter
    letters = string.ascii_lowercase
    words = [f"qqqqqqq{a}{b}" for a in letters for b in letters]
    assert len(words) > MAX_BUCKET
    pairs = set(_check(words))
    assert ("qqqqqqqab", "qqqqqqqac") in pairs and ("qqqqqqqab", "qqqqqqqcb") in pairs
    assert ("qqqqqqqab", "qqqqqqqcd") not in pairs


def test_a_key_over_max_bucket_only_with_the_words_of_both_spaces_pairs_none_of_them() -> None:
    # words whose skeleton is their spelling hold "qqqqqqq" in both spaces of keys and are entered once
    # (``_shared_pairs`` joins them to each space's own words): 150 such words and 75 with a "y" or an "h"
    # (their skeleton differs, so their spelling keys are a space of their own) all hold "qqqqqqq" as spelled, 225
    # holders in that space, too many, although each kind of word alone is below MAX_BUCKET
    plain = [f"qqqqqqq{a}{b}" for a in "bcdfglmnpr" for b in "bcdfglmnprstuvw"]
    others = "bcdfglmnprstuvwxzoae"
    with_y = [f"qqqqqqq{a}{b}" for a in "yh" for b in others] + [f"qqqqqqq{a}y" for a in others]
    with_y += [f"qqqqqqq{a}h" for a in others if a not in "cpstz"]  # "h" becomes "g" but after c, p, s, t, z
    assert all(skeleton(w) == w for w in plain) and all(skeleton(w) != w for w in with_y)
    assert len(set(plain)) == 150 and len(set(with_y)) == 75
    pairs = set(_check(plain + with_y))
    assert ("qqqqqqqbb", "qqqqqqqcc") not in pairs  # only "qqqqqqq" in common
    assert ("qqqqqqqbb", "qqqqqqqbc") in pairs  # "qqqqqqqb" too
