"""Which articles tell the same story, so that facts about "the story" are compared within one story only.

A rule with ``about: story`` ("people evacuated", "jobs cut") and an event date ("the dam collapsed on …")
have no subject in the text: in a corpus of one story every article's figure is about the same event, but
in an archive of many stories, two floods' evacuation figures are not a contradiction. So a run first
splits its articles into stories:

1. an article whose metadata says ``story: …`` (front matter, a JSON record's field) belongs to that story;
   two different declared stories are never merged;
2. other articles are linked when they share distinctive names: at least one, and at least
   ``MIN_OVERLAP`` of the distinctive names of the article naming fewer. A name is distinctive unless it
   stands in more than ``max(COMMON_MIN, COMMON_SHARE × articles)`` articles (a country, an outlet, a word
   that opens sentences); only names written at least once inside a sentence count. Stories are the
   connected groups of linked articles. Candidate pairs come from names in at most ``PAIR_LIMIT``
   articles (then all their distinctive names are compared), so the time stays linear in the corpus;
3. articles naming nothing distinctive belong to the story when there is one, else form one group.

When the whole corpus is one story (the usual case: a desk checking the articles of one event), fact keys
are unchanged; otherwise story-level facts get the story's name: ``people evacuated (story: Brackley)``, the
declared story or the name most articles of the story share.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

STORY_FIELD = "story"  # the metadata field that names an article's story
COMMON_MIN = 50
COMMON_SHARE = 0.01
MIN_OVERLAP = 0.3
PAIR_LIMIT = 100  # articles are paired through the names of at most this many articles


def collect(analysis: Any, rules: Sequence[Any] = (), claims: Sequence[Any] = ()) -> str:
    """An article's story names: its distinct names, one a line, sorted (one string: a run holds one per
    article). A name counts when written at least once inside a sentence, not only as its first word or in a
    headline, where capitalised common words stand."""
    names = {m.normalized for m in analysis.names if not m.initial and not m.headline}
    return "\n".join(sorted(names))


def declared(meta: dict[str, Any]) -> str | None:
    value = meta.get(STORY_FIELD)
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None


@dataclass(frozen=True)
class Stories:
    """The story of each article (by doc id) and how many stories the corpus holds."""

    of: dict[str, str] = field(default_factory=dict)
    count: int = 1

    def label(self, doc_id: str) -> str | None:
        """The story name to add to a story-level fact key; None when the corpus is one story."""
        if self.count <= 1:
            return None
        return self.of.get(doc_id)

    def key(self, key: str, doc_id: str) -> str:
        return story_key(key, self.label(doc_id))


def story_key(key: str, story: str | None) -> str:
    """A fact key of one story among several: ``people evacuated (story: Brackley)``."""
    return key if not story else f"{key} (story: {story})"


ONE_STORY = Stories()


def find_stories(doc_ids: Sequence[str], metas: Iterable[dict[str, Any]], names: Sequence[str]) -> Stories:
    """The stories of a corpus, from each article's id, metadata and ``collect`` output (aligned; ``metas``
    is read once, in order). Deterministic: depends on the articles, not on their order."""
    n = len(doc_ids)
    order = sorted(range(n), key=lambda i: doc_ids[i])
    # Names are numbered, and each article's distinctive ones kept as a sorted tuple of numbers: a run finds
    # the stories of every article at once, and a set of name strings per article was its memory peak.
    number: dict[str, int] = {}
    df: list[int] = []  # articles of each name, by number
    for text in names:
        for x in frozenset(text.split("\n")) if text else ():
            k = number.setdefault(x, len(df))
            if k == len(df):
                df.append(0)
            df[k] += 1
    limit = max(COMMON_MIN, int(COMMON_SHARE * n))
    distinctive = [tuple(sorted(k for k in map(number.__getitem__, frozenset(text.split("\n"))) if df[k] <= limit))
                   if text else () for text in names]
    spelled = list(number)  # name by number
    del number
    tags = [declared(m) for m in metas]

    parent = list(range(n))
    tag_of: dict[int, str | None] = {i: tags[i] for i in range(n)}

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: int, b: int) -> None:
        ra, rb = root(a), root(b)
        if ra == rb:
            return
        ta, tb = tag_of[ra], tag_of[rb]
        if ta is not None and tb is not None and ta != tb:
            return  # two declared stories stay apart, whatever names they share
        lo, hi = min(ra, rb), max(ra, rb)
        parent[hi] = lo
        tag_of[lo] = ta if ta is not None else tb

    by_tag: dict[str, int] = {}
    for i in order:
        if tags[i] is not None:
            if tags[i] in by_tag:
                union(by_tag[tags[i]], i)
            else:
                by_tag[tags[i]] = i
    index: dict[str, list[int]] = defaultdict(list)
    for i in order:
        for x in distinctive[i]:
            if df[x] <= PAIR_LIMIT:  # pairs sharing a name: their number grows with the square of its use
                index[x].append(i)
    nameless = [i for i in order if not distinctive[i] and tags[i] is None]
    for i in order:
        if not distinctive[i]:
            continue
        mine = frozenset(distinctive[i])
        for j in sorted({j for x in mine for j in index.get(x, ()) if j > i}):
            if len(mine.intersection(distinctive[j])) >= MIN_OVERLAP * min(len(mine), len(distinctive[j])):
                union(i, j)
    unplaced = set(nameless)
    placed = {root(i) for i in order if i not in unplaced}
    for i in nameless:
        # with one story named, an article naming nothing is taken to be part of it (as it always was)
        union(next(iter(placed)) if len(placed) == 1 else nameless[0], i)

    members: dict[int, list[int]] = defaultdict(list)
    for i in order:
        members[root(i)].append(i)
    if len(members) <= 1:
        return ONE_STORY
    named: list[tuple[str, str]] = []  # (first doc id, name) of each story
    for group in members.values():
        tag = tag_of[root(group[0])]
        named.append((doc_ids[group[0]], tag if tag is not None else _name_of(group, distinctive, spelled, doc_ids)))
    seen: Counter[str] = Counter()
    label_of: dict[str, str] = {}
    for first, name in sorted(named):
        seen[name] += 1
        label_of[first] = name if seen[name] == 1 else f"{name} #{seen[name]}"
    of = {}
    for group in members.values():
        label = label_of[doc_ids[group[0]]]
        for i in group:
            of[doc_ids[i]] = label
    return Stories(of, len(members))


def _name_of(group: list[int], distinctive: list[tuple[int, ...]], spelled: list[str], doc_ids: Sequence[str]
             ) -> str:
    """The name most of the story's articles use (ties: the one of fewest words, then alphabetical: a place
    rather than an agency); for a story naming nothing, its first article. ``distinctive``: each article's
    names as numbers, ``spelled[k]`` the name numbered k."""
    counts: Counter[str] = Counter(spelled[k] for i in group for k in distinctive[i])
    if not counts:
        return doc_ids[group[0]]
    return min(counts, key=lambda x: (-counts[x], x.count(" "), x))
