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
from itertools import chain, combinations
from types import MappingProxyType
from typing import NamedTuple, Protocol

from factcheck.names.extract import NameMention
from factcheck.names.extract import lowercase_words as _lowercase_words
from factcheck.names.lexicon import name_lexicon
from factcheck.names.similarity import MIN_LENGTH, Relation, blocking_sets, relation

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
    order of first use; ``names`` gives the mentions themselves when ``occurrences`` are asked for.

    Two passes, so that the work per use of a token is done once per distinct mention *object* (a run's
    packed names give every article the pool's one copy of each shape, see ``tokens_of_shapes``). The
    first does only what depends on the article and sums each mention's uses; ``_token_infos`` does the
    rest."""
    titles = name_lexicon().titles
    # id of a mention -> [mention, uses, articles]; holding the mention keeps its id unique
    groups: dict[int, list] = {}
    single: set[str] = set()
    spread: dict[str, set[str]] = {}
    for doc, counted in enumerate(counted_per_doc):
        in_longer: set[str] = set()
        alone: list[str] = []
        by_last: dict[str, set[str]] = {}
        for m, n in counted:
            group = groups.get(id(m))
            if group is None:
                group = groups[id(m)] = [m, 0, array("I")]
            group[1] += n
            docs = group[2]
            if not docs or docs[-1] != doc:
                docs.append(doc)
            keys = m.keys
            if len(keys) > 1:
                in_longer.update(keys)
            elif keys:
                alone.append(keys[0])
            if m.title:
                gender = titles.get(m.title)
                if gender == "male" or gender == "female":
                    by_last.setdefault(keys[-1], set()).add(gender)
        single.update(k for k in alone if k not in in_longer)
        if by_last:
            _spread_genders((m for m, _ in counted), by_last, spread)
    return _token_infos(groups.values(), single, spread, names)


def tokens_of_shapes(shapes: Sequence[NameMention], ids_per_doc: Sequence[Sequence[int]], names: NameSource
                     ) -> dict[str, TokenInfo]:
    """``collect_tokens`` of articles given as the ids of their names in ``shapes``, in order, repeats
    included (a run's packed names: ``packed.PackedNames.spans[1::2]``, ids into the pool's shapes).

    The same statistics as ``tokens_of``, from whole-article set and dict operations instead of a step per
    (article, mention): a 10,000-article run has ~250,000 such pairs for ~20,000 shapes."""
    titles = name_lexicon().titles
    # uses of each shape, in order of first use: the order ``tokens_of`` meets them
    uses = Counter(chain.from_iterable(ids_per_doc))
    lone: list[str | None] = [None] * len(shapes)  # the key of a one-word name
    longer: set[int] = set()  # names of two words or more
    titled: dict[int, tuple[str, str]] = {}  # name with a gendered title -> (last key, gender)
    for sid in uses:
        m = shapes[sid]
        keys = m.keys
        if len(keys) > 1:
            longer.add(sid)
        elif keys:
            lone[sid] = keys[0]
        gender = titles.get(m.title) if m.title else None
        if gender == "male" or gender == "female":
            titled[sid] = (keys[-1], gender)
    docs_of: dict[int, array] = {sid: array("I") for sid in uses}
    spread: dict[str, set[str]] = {}
    for doc, ids in enumerate(ids_per_doc):
        distinct = dict.fromkeys(ids)
        for sid in distinct:
            docs_of[sid].append(doc)
        if not titled.keys().isdisjoint(distinct):
            by_last: dict[str, set[str]] = {}
            for sid in titled.keys() & distinct.keys():
                last, gender = titled[sid]
                by_last.setdefault(last, set()).add(gender)
            _spread_genders(map(shapes.__getitem__, distinct), by_last, spread)
    # a one-word name's key stands alone in an article without a longer name holding it: some article of
    # its one-word names is not an article of its longer names (set operations on the shapes' articles)
    alone_in: dict[str, set[int]] = {}
    for sid in uses:
        key = lone[sid]
        if key is not None:
            alone_in.setdefault(key, set()).update(docs_of[sid])
    held_in: dict[str, set[int]] = {}
    for sid in longer:
        for key in shapes[sid].keys:
            if key in alone_in:
                held_in.setdefault(key, set()).update(docs_of[sid])
    single = {key for key, docs in alone_in.items() if key not in held_in or not docs <= held_in[key]}
    return _token_infos(((shapes[sid], n, docs_of[sid]) for sid, n in uses.items()), single, spread, names)


def _spread_genders(mentions: Iterable[NameMention], by_last: dict[str, set[str]], spread: dict[str, set[str]]
                    ) -> None:
    """"Mr Smith" earlier in an article makes "John Smith" in it a man too (the title is on one mention):
    ``by_last`` holds the genders of the article's titled names by last key; ``spread`` gets them by key."""
    for m in mentions:
        genders = by_last.get(m.keys[-1])
        if genders:
            for key in m.keys:
                spread.setdefault(key, set()).update(genders)


def _token_infos(groups: Iterable[Sequence], single: set[str], spread: dict[str, set[str]], names: NameSource
                 ) -> dict[str, TokenInfo]:
    """The tokens of distinct mentions, each ``(mention, uses, articles it is in)`` in order of first use,
    which is the order a use-by-use walk meets them (the first surface, the forms kept); ``single``: keys
    that stand alone in some article; ``spread``: genders keys get from titled names of their articles."""
    titles = name_lexicon().titles
    tokens: dict[str, TokenInfo] = {}
    get = tokens.get
    docs_of: dict[str, list[array]] = {}  # key -> the articles of each distinct mention it stands in
    for m, n, docs in groups:
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
                info = tokens[key] = TokenInfo(key, surfaces[i], n, names=names)
                docs_of[key] = [docs]
            else:
                info.add_use(surfaces[i], n)
                docs_of[key].append(docs)
            if may_confirm and not info.confirmed and (i > 0 or not initial):
                info.confirmed = True
            if gendered:
                info.add_gender(gender)  # type: ignore[arg-type]
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
    for key, in_docs in docs_of.items():
        tokens[key].docs = array("I", in_docs[0] if len(in_docs) == 1 else sorted(set().union(*in_docs)))
    for key in single:
        tokens[key].single = True
    for key, genders in spread.items():
        for g in genders:
            tokens[key].add_gender(g)
    return tokens


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
    ordered = sorted(set(keys))  # each bucket then lists its keys in order: its pairs come out as (a, b), a < b
    per_key = [blocking_sets(k) for k in ordered]
    pairs: set[tuple[str, str]] = set()
    for space in (0, 1):  # skeleton keys, then spelling keys (``blocking_keys`` tells them apart by a prefix)
        # almost every blocking key belongs to one key only: find those shared by two or more with set
        # operations first, so that only they are put in buckets (a dict entry for each of ~700,000 blocking
        # keys of a 10,000-article corpus was most of the time of the corpus-wide names stage)
        seen: set[str] = set()
        shared: set[str] = set()
        for sets in per_key:
            block = sets[space]
            shared |= seen & block
            seen |= block
        buckets: dict[str, list[str]] = defaultdict(list)
        for key, sets in zip(ordered, per_key, strict=True):
            block = sets[space]
            if not shared.isdisjoint(block):
                for bk in shared & block:
                    buckets[bk].append(key)
        for members in buckets.values():
            if len(members) <= MAX_BUCKET:
                pairs.update(combinations(members, 2))
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
    _context: dict[str, set[str]] = field(default_factory=dict, repr=False)

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
            found = self._doc_keys[doc] = frozenset(self.eligible.intersection(self.keys_of(doc)))
        return found

    def context(self, info: TokenInfo) -> set[str]:
        """The eligible keys of the first articles of a token, found once per token (a token is compared
        with each of its candidates; a run compares ~10,000 pairs)."""
        found = self._context.get(info.key)
        if found is None:
            found = self._context[info.key] = set().union(*map(self.doc_keys, info.docs[:MAX_CONTEXT_DOCS]))
        return found

    def shared(self, a: TokenInfo, b: TokenInfo) -> bool:
        """Whether ``a`` and ``b`` stand in one article, or their articles share a distinctive name."""
        small, large = sorted((a.docs, b.docs), key=len)
        if not set(small).isdisjoint(large):
            return True
        frequency, limit = self.frequency, self.limit
        # the first articles of each (docs are in ascending order)
        return any(frequency[k] <= limit for k in (self.context(a) & self.context(b)) - {a.key, b.key})


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
    # the pairs of each cluster, in the order kept (both keys of a pair have one root): one walk over the
    # pairs, not one per cluster
    rels: dict[str, dict[tuple[str, str], Relation]] = defaultdict(dict)
    for (a, b), rel in kept.items():
        for k in (a, b):
            if k not in groups[root(k)]:
                groups[root(k)].append(k)
        rels[root(a)][(a, b)] = rel
    clusters = []
    for r, members in groups.items():
        infos = sorted((tokens[k] for k in members), key=lambda t: (-t.count, -len(t.docs), t.key))
        clusters.append(Cluster(infos, rels[r]))
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
