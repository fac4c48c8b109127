"""Corpus-wide spelling variants of name tokens: blocking, candidate pairs, context guards, clusters.

The unit compared is a name *token* ("Ashford", "Zelenskyy", "Cherevatyi"), keyed by its folded form.
1. Tokens that are not names are left out: seen only at a sentence start or in a headline, written in
   lower case anywhere in the corpus, common words, titles, feature words, shorter than 5 letters.
2. Blocking: every token is indexed under its transliteration skeleton and its folded spelling, each with
   one letter deleted (two for long words); only tokens sharing a key are compared, so the cost grows
   with the number of distinct tokens, not with its square.
3. A pair is a variant when ``similarity.relation`` says so (same skeleton, or a typo away and not a
   derivation like Russia / Russian) and the contexts agree: no conflicting gendered titles (Mr Smith /
   Ms Smyth), no feature word on one side only (Mellor / River Mellow), and, for tokens only ever seen
   inside longer names, a pair of names that match word by word (Sergiy Cherevaty / Serhii Cherevatyi,
   but not Sergiy Cherevaty / Sergei Surovikin).
4. Clusters are the connected components of variant pairs.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import NamedTuple

from factcheck.names.extract import NameMention
from factcheck.names.extract import lowercase_words as _lowercase_words
from factcheck.names.lexicon import name_lexicon
from factcheck.names.similarity import MIN_LENGTH, Relation, blocking_keys, relation

MAX_BUCKET = 200  # a blocking key shared by more tokens than this is too unspecific to compare within
MAX_FORMS = 50  # names compared per token when checking that two tokens stand in matching names
MAX_CONTEXT_DOCS = 50  # articles of a form looked at to find the story it belongs to
MIN_STORY_LIMIT = 5  # a name in at most this many articles (or STORY_SHARE of them) marks a story
STORY_SHARE = 0.01


class Occurrence(NamedTuple):
    """One use of a token (a named tuple: a corpus has hundreds of thousands, built in one loop)."""

    doc: int  # index of the document (analysis) in the corpus
    mention: NameMention
    index: int  # which token of the mention

    @property
    def span(self) -> tuple[int, int]:
        return self.mention.token_spans[self.index]


@dataclass
class TokenInfo:
    key: str
    count: int = 0  # uses of the token in the corpus
    surfaces: Counter = field(default_factory=Counter)
    docs: set[int] = field(default_factory=set)
    confirmed: bool = False  # seen capitalised mid-sentence outside a headline
    single: bool = False  # stands alone as a name in an article with no longer name containing it
    genders: set[str] = field(default_factory=set)
    feature_counts: Counter = field(default_factory=Counter)  # feature category -> mentions having it
    forms: set[tuple[str, ...]] = field(default_factory=set)  # keys of the longer names it stands in

    # the corpus' name mentions, to list the uses when a finding needs them (see ``occurrences``)
    names: Sequence[Sequence[NameMention]] = field(default=(), repr=False, compare=False)
    _occurrences: list[Occurrence] | None = field(default=None, repr=False, compare=False)

    @property
    def occurrences(self) -> list[Occurrence]:
        """Every use, in corpus order (article, mention, token). Found again in the articles it is used in
        when first asked for: only the few tokens a finding shows need them, and a corpus has millions."""
        if self._occurrences is None:
            key = self.key
            self._occurrences = [Occurrence(doc, m, i) for doc in sorted(self.docs) for m in self.names[doc]
                                 for i, k in enumerate(m.keys) if k == key]
        return self._occurrences

    @property
    def features_ever(self) -> set[str]:
        return set(self.feature_counts)

    @property
    def features_always(self) -> set[str]:
        n = self.count
        return {f for f, c in self.feature_counts.items() if c == n}

    @property
    def display(self) -> str:
        """The most frequent way it is written, preferring mixed case over ALL CAPS."""
        return min(self.surfaces.items(), key=lambda kv: (kv[0].isupper(), -kv[1], kv[0]))[0]


@dataclass
class Cluster:
    members: list[TokenInfo]  # dominant first, then by count
    relations: dict[tuple[str, str], Relation]

    @property
    def dominant(self) -> TokenInfo:
        return self.members[0]


def lowercase_words(texts: Iterable[str]) -> set[str]:
    words: set[str] = set()
    for text in texts:
        words |= _lowercase_words(text)
    return words


def collect_tokens(names_per_doc: Sequence[Sequence[NameMention]]) -> dict[str, TokenInfo]:
    titles = name_lexicon().titles
    tokens: dict[str, TokenInfo] = {}
    get = tokens.get
    for doc, names in enumerate(names_per_doc):
        in_longer = {k for m in names if len(m.keys) > 1 for k in m.keys}
        for m in names:
            keys = m.keys
            gender = titles.get(m.title) if m.title else None
            gendered = gender == "male" or gender == "female"
            features = m.features
            multi = len(keys) > 1
            may_confirm = not m.headline
            initial = m.initial
            surfaces = m.tokens
            for i, key in enumerate(keys):
                info = get(key)
                if info is None:
                    info = tokens[key] = TokenInfo(key, names=names_per_doc)
                info.count += 1
                info.surfaces[surfaces[i]] += 1
                info.docs.add(doc)
                if may_confirm and not info.confirmed and (i > 0 or not initial):
                    info.confirmed = True
                if gendered:
                    info.genders.add(gender)
                if features:
                    info.feature_counts.update(features)
                if multi:
                    if len(info.forms) < MAX_FORMS:
                        info.forms.add(keys)
                elif key not in in_longer:
                    info.single = True
    _propagate_genders(names_per_doc, tokens)
    return tokens


def _propagate_genders(names_per_doc: Sequence[Sequence[NameMention]], tokens: dict[str, TokenInfo]) -> None:
    """"Mr Smith" earlier in an article makes "John Smith" in it a man too (the title is on one mention)."""
    lex = name_lexicon()
    for names in names_per_doc:
        by_last: dict[str, set[str]] = defaultdict(set)
        for m in names:
            gender = lex.titles.get(m.title) if m.title else None
            if gender == "male" or gender == "female":
                by_last[m.keys[-1]].add(gender)
        if not by_last:
            continue
        for m in names:
            for g in by_last.get(m.keys[-1], ()):
                for key in m.keys:
                    tokens[key].genders.add(g)


def eligible(info: TokenInfo, lower: set[str], excluded: set[str]) -> bool:
    lex = name_lexicon()
    key = info.key
    return (
        info.confirmed
        and len(key) >= MIN_LENGTH
        and key.isalpha()
        and key not in lower
        and key not in excluded
        and key not in lex.common
        and key not in lex.titles
        and key not in lex.features
    )


def candidate_pairs(keys: Iterable[str]) -> set[tuple[str, str]]:
    """Pairs of keys that share a blocking key (skeleton with up to one or two letters deleted)."""
    buckets: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        for bk in blocking_keys(key):
            buckets[bk].append(key)
    pairs: set[tuple[str, str]] = set()
    for members in buckets.values():
        if 1 < len(members) <= MAX_BUCKET:
            for a, b in combinations(sorted(set(members)), 2):
                pairs.add((a, b))
    return pairs


def _names_match(a: TokenInfo, b: TokenInfo, related: dict[tuple[str, str], Relation]) -> bool:
    """Whether some longer name holding ``a`` matches, word by word, some longer name holding ``b``."""
    for fa in a.forms:
        for fb in b.forms:
            if len(fa) != len(fb):
                continue
            ok = True
            for x, y in zip(fa, fb, strict=True):
                if x == y or (x, y) == (a.key, b.key):
                    continue
                if (min(x, y), max(x, y)) not in related:
                    ok = False
                    break
            if ok:
                return True
    return False


@dataclass
class StoryContext:
    """Which names stand in which articles, to tell whether two forms come from the same story."""

    doc_keys: list[set[str]]  # eligible name keys of each article
    frequency: dict[str, int]  # in how many articles each key stands
    limit: int  # a key in more articles than this (an outlet, a country) says nothing about the story

    @classmethod
    def of(cls, names_per_doc: Sequence[Sequence[NameMention]], keys: set[str]) -> StoryContext:
        doc_keys = [{k for m in names for k in m.keys if k in keys} for names in names_per_doc]
        frequency: Counter = Counter(k for ks in doc_keys for k in ks)
        return cls(doc_keys, dict(frequency), max(MIN_STORY_LIMIT, int(STORY_SHARE * len(doc_keys))))

    def shared(self, a: TokenInfo, b: TokenInfo) -> bool:
        """Whether ``a`` and ``b`` stand in one article, or their articles share a distinctive name."""
        if a.docs & b.docs:
            return True
        ka = set().union(*(self.doc_keys[d] for d in sorted(a.docs)[:MAX_CONTEXT_DOCS]))
        kb = set().union(*(self.doc_keys[d] for d in sorted(b.docs)[:MAX_CONTEXT_DOCS]))
        return any(self.frequency[k] <= self.limit for k in (ka & kb) - {a.key, b.key})


def compatible(a: TokenInfo, b: TokenInfo, related: dict[tuple[str, str], Relation],
               story: StoryContext | None = None) -> bool:
    if a.genders and b.genders and not (a.genders & b.genders):
        return False  # Mr Smith and Ms Smyth are two people
    if a.features_always - b.features_ever or b.features_always - a.features_ever:
        return False  # the River Mellow and the town of Mellor are two places
    if story is not None and not story.shared(a, b):
        return False  # look-alike names from unrelated stories of a large corpus
    if a.single or b.single:
        return True
    return _names_match(a, b, related)


def find_clusters(
    tokens: dict[str, TokenInfo],
    lower: set[str],
    excluded: set[str] = frozenset(),
    names_per_doc: Sequence[Sequence[NameMention]] | None = None,
) -> list[Cluster]:
    """Clusters of variant tokens. With ``names_per_doc``, two forms must also share a story (an article,
    or a distinctive name in their articles), which keeps a large mixed corpus from pairing look-alikes."""
    keys = sorted(k for k, info in tokens.items() if eligible(info, lower, excluded))
    story = StoryContext.of(names_per_doc, set(keys)) if names_per_doc is not None else None
    related: dict[tuple[str, str], Relation] = {}
    for a, b in sorted(candidate_pairs(keys)):
        rel = relation(a, b)
        if rel is not None:
            related[(a, b)] = rel
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    kept: dict[tuple[str, str], Relation] = {}
    for (a, b), rel in related.items():
        if compatible(tokens[a], tokens[b], related, story):
            kept[(a, b)] = rel
            ra, rb = root(a), root(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = defaultdict(list)
    for a, b in kept:
        for k in (a, b):
            if k not in groups[root(k)]:
                groups[root(k)].append(k)
    clusters = []
    for members in groups.values():
        infos = sorted((tokens[k] for k in members), key=lambda t: (-t.count, -len(t.docs), t.key))
        rels = {pair: rel for pair, rel in kept.items() if pair[0] in members}
        clusters.append(Cluster(infos, rels))
    clusters.sort(key=lambda c: c.dominant.key)
    return clusters


def relation_in(cluster: Cluster, a: str, b: str) -> Relation | None:
    """How two members relate: directly, or as transliterations when every link between them is one."""
    direct = cluster.relations.get((min(a, b), max(a, b)))
    if direct is not None:
        return direct
    if all(rel is Relation.TRANSLIT for rel in cluster.relations.values()):
        return Relation.TRANSLIT
    return relation(a, b)
