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

from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from types import MappingProxyType
from typing import NamedTuple, Protocol

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


class NameSource(Protocol):
    """Each article's name mentions as the statistics read them (``packed.DecodedNames`` in a run)."""

    def __len__(self) -> int: ...

    def keys_of(self, doc: int) -> set[str]:
        """The keys of every name of the article."""
        ...

    def uses(self, doc: int, key: str) -> list[tuple[NameMention, int]]:
        """Each (mention, token index) of the article whose token has ``key``, in order."""
        ...


class PlainNames:
    """A plain sequence of each article's mentions as a ``NameSource``."""

    def __init__(self, names: Sequence[Sequence[NameMention]]):
        self.names = names

    def __len__(self) -> int:
        return len(self.names)

    def keys_of(self, doc: int) -> set[str]:
        return {k for m in self.names[doc] for k in m.keys}

    def uses(self, doc: int, key: str) -> list[tuple[NameMention, int]]:
        return [(m, i) for m in self.names[doc] for i, k in enumerate(m.keys) if k == key]


def name_source(names: Sequence[Sequence[NameMention]] | NameSource) -> NameSource:
    return names if hasattr(names, "uses") else PlainNames(names)  # type: ignore[arg-type,return-value]


NO_GENDERS: frozenset[str] = frozenset()
NO_FORMS: frozenset[tuple[str, ...]] = frozenset()
NO_FEATURES: Mapping[str, int] = MappingProxyType({})


@dataclass(slots=True)
class TokenInfo:
    """What the corpus says of one token. A corpus has a few tokens an article, so this is kept small: slots,
    the articles in an array, one surface until there are two, and shared empty containers until a token has
    genders, forms or features."""

    key: str
    surface: str = ""  # how it is written (the first way met, when there are several: see ``surfaces``)
    count: int = 0  # uses of the token in the corpus
    docs: array = field(default_factory=lambda: array("I"))  # articles it is used in, ascending, once each
    confirmed: bool = False  # seen capitalised mid-sentence outside a headline
    single: bool = False  # stands alone as a name in an article with no longer name containing it
    genders: set[str] | frozenset[str] = NO_GENDERS
    # feature category -> mentions having it (a Counter once there is one)
    feature_counts: Mapping[str, int] = field(default_factory=lambda: NO_FEATURES)
    forms: set[tuple[str, ...]] | frozenset[tuple[str, ...]] = NO_FORMS  # keys of the longer names it stands in

    # the corpus' name mentions, to list the uses when a finding needs them (see ``occurrences``)
    names: NameSource | None = field(default=None, repr=False, compare=False)
    _occurrences: list[Occurrence] | None = field(default=None, repr=False, compare=False)
    _surfaces: Counter | None = None  # uses by way of writing it, once there are two ways (most have one)

    @property
    def surfaces(self) -> Counter:
        """Uses by way of writing it."""
        return self._surfaces if self._surfaces is not None else Counter({self.surface: self.count})

    def add_use(self, surface: str, n: int) -> None:
        if self._surfaces is not None:
            self._surfaces[surface] += n
        elif surface != self.surface:
            self._surfaces = Counter({self.surface: self.count, surface: n})
        self.count += n

    @property
    def occurrences(self) -> list[Occurrence]:
        """Every use, in corpus order (article, mention, token). Found again in the articles it is used in
        when first asked for: only the few tokens a finding shows need them, and a corpus has millions."""
        if self._occurrences is None:
            uses = self.names.uses if self.names is not None else None
            key = self.key
            self._occurrences = [Occurrence(doc, m, i) for doc in self.docs for m, i in uses(doc, key)] if uses else []
        return self._occurrences

    def add_gender(self, gender: str) -> None:
        if self.genders is NO_GENDERS:
            self.genders = set()
        self.genders.add(gender)  # type: ignore[union-attr]

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
        if self._surfaces is None:
            return self.surface
        return min(self._surfaces.items(), key=lambda kv: (kv[0].isupper(), -kv[1], kv[0]))[0]


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
    """Every name token of the articles' name mentions (one sequence per article) and where it is used."""
    return tokens_of(([(m, 1) for m in names] for names in names_per_doc), PlainNames(names_per_doc))


def tokens_of(counted_per_doc: Iterable[Sequence[tuple[NameMention, int]]], names: NameSource
              ) -> dict[str, TokenInfo]:
    """``collect_tokens`` from each article's distinct mentions with how often each stands in it (the
    statistics are sums over mentions, so a mention written n times is counted once, n times over), in
    order of first use; ``names`` gives the mentions themselves when ``occurrences`` are asked for."""
    titles = name_lexicon().titles
    tokens: dict[str, TokenInfo] = {}
    get = tokens.get
    for doc, counted in enumerate(counted_per_doc):
        in_longer = {k for m, _ in counted if len(m.keys) > 1 for k in m.keys}
        by_last: dict[str, set[str]] = {}
        for m, n in counted:
            keys = m.keys
            gender = titles.get(m.title) if m.title else None
            gendered = gender == "male" or gender == "female"
            if gendered:
                by_last.setdefault(keys[-1], set()).add(gender)
            features = m.features
            multi = len(keys) > 1
            may_confirm = not m.headline
            initial = m.initial
            surfaces = m.tokens
            for i, key in enumerate(keys):
                info = get(key)
                if info is None:
                    info = tokens[key] = TokenInfo(key, surfaces[i], n, names=names)
                else:
                    info.add_use(surfaces[i], n)
                docs = info.docs
                if not docs or docs[-1] != doc:
                    docs.append(doc)
                if may_confirm and not info.confirmed and (i > 0 or not initial):
                    info.confirmed = True
                if gendered:
                    info.add_gender(gender)
                if features:
                    fc = info.feature_counts
                    if fc is NO_FEATURES:
                        fc = info.feature_counts = Counter()
                    for f in features:
                        fc[f] += n  # type: ignore[index]
                if multi:
                    forms = info.forms
                    if forms is NO_FORMS:
                        forms = info.forms = set()
                    if len(forms) < MAX_FORMS:
                        forms.add(keys)  # type: ignore[union-attr]
                elif key not in in_longer:
                    info.single = True
        if by_last:
            _propagate_genders(counted, by_last, tokens)
    return tokens


def _propagate_genders(counted: Sequence[tuple[NameMention, int]], by_last: dict[str, set[str]],
                       tokens: dict[str, TokenInfo]) -> None:
    """"Mr Smith" earlier in an article makes "John Smith" in it a man too (the title is on one mention):
    ``by_last`` holds the genders of the article's titled names by last key."""
    for m, _ in counted:
        for g in by_last.get(m.keys[-1], ()):
            for key in m.keys:
                tokens[key].add_gender(g)


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

    keys_of: Callable[[int], Iterable[str]]  # the name keys of an article
    eligible: set[str]  # the keys that count (``eligible`` tokens)
    frequency: dict[str, int]  # in how many articles each eligible key stands
    limit: int  # a key in more articles than this (an outlet, a country) says nothing about the story
    _doc_keys: dict[int, frozenset[str]] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, names_per_doc: Sequence[Sequence[NameMention]] | NameSource, keys: set[str],
           tokens: dict[str, TokenInfo] | None = None) -> StoryContext:
        """With ``tokens`` (made from the same names), the key frequencies are read from their ``docs``
        instead of from every article."""
        names = name_source(names_per_doc)
        if tokens is not None:
            frequency = {k: len(tokens[k].docs) for k in keys}
        else:
            counts: Counter = Counter(k for doc in range(len(names)) for k in names.keys_of(doc) if k in keys)
            frequency = dict(counts)
        return cls(names.keys_of, keys, frequency, max(MIN_STORY_LIMIT, int(STORY_SHARE * len(names))))

    def doc_keys(self, doc: int) -> frozenset[str]:
        """The eligible keys of an article, found when first asked for (the few articles of the forms compared,
        not every article of the corpus)."""
        found = self._doc_keys.get(doc)
        if found is None:
            eligible = self.eligible
            found = self._doc_keys[doc] = frozenset(k for k in self.keys_of(doc) if k in eligible)
        return found

    def shared(self, a: TokenInfo, b: TokenInfo) -> bool:
        """Whether ``a`` and ``b`` stand in one article, or their articles share a distinctive name."""
        small, large = sorted((a.docs, b.docs), key=len)
        if not set(small).isdisjoint(large):
            return True
        ka = set().union(*(self.doc_keys(d) for d in a.docs[:MAX_CONTEXT_DOCS]))  # docs are in ascending order
        kb = set().union(*(self.doc_keys(d) for d in b.docs[:MAX_CONTEXT_DOCS]))
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
    names_per_doc: Sequence[Sequence[NameMention]] | NameSource | None = None,
) -> list[Cluster]:
    """Clusters of variant tokens. With ``names_per_doc``, two forms must also share a story (an article,
    or a distinctive name in their articles), which keeps a large mixed corpus from pairing look-alikes."""
    keys = sorted(k for k, info in tokens.items() if eligible(info, lower, excluded))
    story = StoryContext.of(names_per_doc, set(keys), tokens) if names_per_doc is not None else None
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
