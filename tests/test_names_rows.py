"""The variant search of the names clustering (``cluster.find_clusters``) walks the candidate pairs row by row
(each word with the later words it shares a blocking key with), tests the story first and the spellings only
then, and answers "are these two related?" pair by pair instead of holding every related pair. It must find
exactly the clusters of the search as it was, kept here as the reference: every candidate pair of plain
blocking, related or not, then the context tests in pair order with all related pairs held in one dict."""

from __future__ import annotations

import random
from collections import Counter, defaultdict

import pytest
from test_names_pairs import reference_pairs

from factcheck.names import cluster
from factcheck.names.cluster import (
    Cluster,
    StoryContext,
    TokenInfo,
    collect_tokens,
    compatible,
    eligible,
    find_clusters,
)
from factcheck.names.packed import NameRecord
from factcheck.names.similarity import Relation, relation

CONSONANTS = "kltrnmsvhd"
VOWELS = "aeiouy"


def _word(rng: random.Random) -> str:
    n = rng.randint(5, 10)
    return "".join(rng.choice(VOWELS if i % 2 else CONSONANTS) for i in range(n))


def _slip(rng: random.Random, word: str) -> str:
    """One letter changed, dropped, added or swapped (never the first: the names stay capitalised words)."""
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:i] + rng.choice(VOWELS + CONSONANTS) + word[i + 1 :]
    if kind == 1:
        return word[:i] + word[i + 1 :]
    if kind == 2:
        return word[:i] + rng.choice(VOWELS + CONSONANTS) + word[i:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def _corpus(seed: int, stories: int = 30, per_story: int = 8) -> list[list[NameRecord]]:
    """Articles of made-up names over a small alphabet, so that look-alikes abound: each story has its
    people (first and last name, a gender) and places (some with a feature word), slips of them now and then,
    and look-alikes of other stories' names; a few names stand in every story."""
    rng = random.Random(seed)
    everywhere = [_word(rng) for _ in range(3)]
    lasts: list[str] = []
    docs: list[list[NameRecord]] = []
    for _ in range(stories):
        people = []
        for _ in range(5):
            last = _slip(rng, rng.choice(lasts)) if lasts and rng.random() < 0.4 else _word(rng)
            lasts.append(last)
            people.append((_word(rng), last, rng.choice(("mr", "ms", None))))
        places = [(_word(rng), rng.choice(((), ("water",), ("organisation",)))) for _ in range(3)]
        for _ in range(per_story):
            names: list[tuple[tuple[str, ...], str | None, tuple[str, ...]]] = []
            for first, last, title in rng.sample(people, 3):
                if rng.random() < 0.08:
                    last = _slip(rng, last)
                names.append(((first.title(), last.title()), None, ()))
                names.append(((last.title(),), title if rng.random() < 0.5 else None, ()))
            for place, features in rng.sample(places, 2):
                if rng.random() < 0.08:
                    place = _slip(rng, place)
                names.append(((place.title(),), None, features))
            names.append(((rng.choice(everywhere).title(),), None, ()))
            docs.append(_records(names))
    return docs


def _records(names: list[tuple[tuple[str, ...], str | None, tuple[str, ...]]]) -> list[NameRecord]:
    out, at = [], 0
    for tokens, title, features in names:
        spans, start = [], at
        for t in tokens:
            spans.append((at, at + len(t)))
            at += len(t) + 1
        text = " ".join(tokens)
        out.append(NameRecord(start, start + len(text), text, tokens, tuple(spans), title, features, False, False,
                              tuple(t.lower() for t in tokens)))
        at += 10
    return out


def plain_shared(story: StoryContext, a: TokenInfo, b: TokenInfo) -> bool:
    """The story test as it was written: an article in common, or a distinctive key in both contexts."""
    small, large = sorted((a.docs, b.docs), key=len)
    if not set(small).isdisjoint(large):
        return True
    common = (story.context(a) & story.context(b)) - {a.key, b.key}
    return any(story.frequency[k] <= story.limit for k in common)


def reference_clusters(tokens: dict[str, TokenInfo], names: list[list[NameRecord]], counts: Counter
                       ) -> list[Cluster]:
    """``find_clusters`` as it was (no words in lower case, none excluded); ``counts`` gets what decided
    each related pair."""
    keys = sorted(k for k, info in tokens.items() if eligible(info, set(), set()))
    candidates = reference_pairs(keys)
    related = {(a, b): rel for a, b in sorted(candidates) if (rel := relation(a, b)) is not None}
    counts["candidates"] += len(candidates)
    counts["related"] += len(related)
    story = StoryContext.of(names, set(keys), tokens)
    kept: dict[tuple[str, str], Relation] = {}
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for (a, b), rel in related.items():
        ta, tb = tokens[a], tokens[b]
        shared = plain_shared(story, ta, tb)
        ok = shared and compatible(ta, tb, related)
        if not shared:
            counts["other story"] += 1
        elif ok:
            counts["kept, one stands alone" if ta.single or tb.single else "kept, names match"] += 1
        elif not (ta.single or tb.single or cluster._names_match(ta, tb, related)):
            counts["names do not match"] += 1
        if ok:
            kept[(a, b)] = rel
            ra, rb = root(a), root(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    members: dict[str, list[TokenInfo]] = defaultdict(list)
    for k in sorted({k for pair in kept for k in pair}):
        members[root(k)].append(tokens[k])
    clusters = []
    for r, infos in members.items():
        infos.sort(key=lambda t: (-t.count, -len(t.docs), t.key))
        clusters.append(Cluster(infos, {p: rel for p, rel in kept.items() if root(p[0]) == r}))
    return sorted(clusters, key=lambda c: c.dominant.key)


def _shape(clusters: list[Cluster]) -> list[tuple[list[str], dict[tuple[str, str], Relation]]]:
    return [([m.key for m in c.members], c.relations) for c in clusters]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_clusters_are_those_of_the_search_as_it_was(seed: int) -> None:
    names = _corpus(seed)
    tokens = collect_tokens(names)
    counts: Counter = Counter()
    expected = _shape(reference_clusters(tokens, names, counts))
    assert _shape(find_clusters(tokens, set(), set(), names)) == expected
    # the corpus reaches every way a pair is decided
    assert counts["candidates"] > counts["related"] > 0
    for way in ("other story", "kept, one stands alone", "kept, names match", "names do not match"):
        assert counts[way] > 0, (way, counts)
    assert len(expected) >= 10


def test_a_pair_is_related_only_when_it_is_a_candidate_the_spellings_relate() -> None:
    names = _corpus(4)
    tokens = collect_tokens(names)
    keys = sorted(k for k, info in tokens.items() if eligible(info, set(), set()))
    candidates = reference_pairs(keys)
    lazy = cluster._Related(keys, cluster.candidate_rows(keys))
    outside = ["aaaaa", "zzzzzz", keys[0][:-1], keys[-1] + "x"]  # not among the keys: never related
    words = keys[:60] + outside
    asked = 0
    for a in words:
        for b in words:
            if a < b:
                asked += 1
                assert ((a, b) in lazy) == ((a, b) in candidates and relation(a, b) is not None), (a, b)
    assert asked > 1000 and any((a, b) in lazy for a in keys[:60] for b in keys[:60] if a < b)


def test_shared_with_answers_as_the_story_test_as_it_was() -> None:
    names = _corpus(5)
    tokens = collect_tokens(names)
    keys = sorted(k for k, info in tokens.items() if eligible(info, set(), set()))
    story = StoryContext.of(names, set(keys), tokens)
    infos = [tokens[k] for k in keys[::7]]
    answers = Counter()
    for a in infos:
        shares = story.shared_with(a)
        for b in infos:
            answers[shares(b)] += 1
            assert shares(b) == story.shared(a, b) == plain_shared(story, a, b), (a.key, b.key)
    assert answers[True] > 10 and answers[False] > 10
