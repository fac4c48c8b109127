"""Corpus-wide spelling variants of name tokens: blocking, candidate pairs, context guards, clusters.

The unit compared is a name *token* ("Ashford", "Zelenskyy", "Cherevatyi"), keyed by its folded form.
1. Tokens that are not names are left out: seen only at a sentence start or in a headline, written in
   lower case anywhere in the corpus, common words, titles, feature words, shorter than 5 letters.
2. Blocking: every token is indexed under its transliteration skeleton and its folded spelling, each with
   one letter deleted (two for long words); only tokens sharing a key are compared, never every pair. The
   keys are gathered in passes by length and first letter (``candidate_rows``), so that a run never holds
   them all at once. The pairs still grow faster than the corpus (look-alikes of unrelated stories: 22,000
   at 10,000 articles, 1.9 million at 100,000): each token's partners are kept as a row of indexes.
3. A pair is a variant when the two share a story (``StoryContext``: an article, or a distinctive name among
   their first articles; tested first, as it turns down nearly every pair of a large corpus),
   ``similarity.relation`` says so (same skeleton, or a typo away and not a derivation like Russia /
   Russian) and the contexts agree: no conflicting gendered titles (Mr Smith /
   Ms Smyth), no feature word on one side only (Mellor / River Mellow), and, for tokens only ever seen
   inside longer names, a pair of names that match word by word (Sergiy Cherevaty / Serhii Cherevatyi,
   but not Sergiy Cherevaty / Sergei Surovikin).
4. Clusters are the connected components of variant pairs.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, repeat
from types import MappingProxyType
from typing import NamedTuple, Protocol

from factcheck.names.extract import NameMention
from factcheck.names.extract import lowercase_words as _lowercase_words
from factcheck.names.lexicon import name_lexicon
from factcheck.names.similarity import MIN_LENGTH, Relation, max_edits, relation, skeleton

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
_NO_DOCS = array("I")  # a shape no article uses (never appended to)
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
    docs_of: list[array] = [array("I") if sid in uses else _NO_DOCS for sid in range(len(shapes))]
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
    # its one-word names is not an article of its longer names. Worked out key by key, so that only one
    # key's articles are held in a set at a time (a set of article numbers for every key was the peak)
    lone_of: dict[str, list[int]] = {}  # key -> its one-word shapes
    for sid in uses:
        key = lone[sid]
        if key is not None:
            lone_of.setdefault(key, []).append(sid)
    holders: dict[str, list[int]] = {}  # key -> the longer shapes holding it
    for sid in longer:
        for key in shapes[sid].keys:
            if key in lone_of:
                holders.setdefault(key, []).append(sid)
    single: set[str] = set()
    for key, sids in lone_of.items():
        held = holders.get(key)
        if held is None:
            single.add(key)
            continue
        alone = set(docs_of[sids[0]])
        for sid in sids[1:]:
            alone.update(docs_of[sid])
        for sid in held:
            alone.difference_update(docs_of[sid])
            if not alone:
                break
        else:
            single.add(key)
    del lone, longer, titled, lone_of, holders
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
    # key -> the articles of the distinct mention it stands in, or a list of them when there are several
    docs_of: dict[str, array | list[array]] = {}
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
                docs_of[key] = docs
            else:
                info.add_use(surfaces[i], n)
                held = docs_of[key]
                if isinstance(held, list):
                    held.append(docs)
                else:
                    docs_of[key] = [held, docs]
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
        # a token of one distinct mention shares its array (read only): no copy of it for each of its tokens
        tokens[key].docs = in_docs if isinstance(in_docs, array) else array("I", sorted(set().union(*in_docs)))
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


# A word's blocking keys (``similarity.deletion_keys``) in kinds by where the letters are deleted, so that all
# the keys of one kind have one length and one first letter: the word itself; one letter deleted after the
# first / the first; two deleted after the first / the first and one after it / the first two (long words).
WORD, DROP_INNER, DROP_FIRST, DROP_TWO_INNER, DROP_FIRST_AND_INNER, DROP_FIRST_TWO = range(6)
_SUFFIX_KINDS = {WORD: 0, DROP_FIRST: 1, DROP_FIRST_TWO: 2}  # a single key: the word from this letter on
KEY_GROUPS = 3  # blocking keys are gathered in passes by length and by first letter (code point modulo this)


def _deletions(word: str, kind: int) -> list[str]:
    """The keys of a kind with several (a list: a repeat is harmless where they are used)."""
    n = len(word)
    if kind == DROP_INNER:
        return [word[:i] + word[i + 1 :] for i in range(1, n)]
    if kind == DROP_FIRST_AND_INNER:
        rest = word[1:]
        return [rest[:j] + rest[j + 1 :] for j in range(1, n - 1)]
    # DROP_TWO_INNER: positions p < q, both after the first (deleting them in either order gives one string)
    firsts = [word[:i] + word[i + 1 :] for i in range(1, n)]
    return [w[:j] + w[j + 1 :] for i, w in enumerate(firsts, 1) for j in range(i, n - 1)]


def _key_passes(ordered: Sequence[str], skeletons: Sequence[str]
                ) -> dict[tuple[int, int], list[tuple[int, int, list[int]]]]:
    """(length, group) of a pass -> (space, kind, the words (indexes) with keys of that kind in it). Space 0
    is the skeleton's, 1 the spelling's, 2 both (a word transliteration does not change)."""
    parts: dict[tuple[int, int, int, int], list[int]] = defaultdict(list)  # (length, group, space, kind)
    groups = KEY_GROUPS
    for t, (k, s) in enumerate(zip(ordered, skeletons, strict=True)):
        for w, space in (((k, 2),) if s == k else ((s, 0), (k, 1))):
            n = len(w)
            if n < 2:  # "" (its group is 0) and one letter, whose one deletion is ""
                parts[(n, ord(w) % groups if n else 0, space, WORD)].append(t)
                if n:
                    parts[(0, 0, space, DROP_FIRST)].append(t)
                continue
            g0 = ord(w[0]) % groups
            g1 = ord(w[1]) % groups  # the first letter once the first is deleted
            parts[(n, g0, space, WORD)].append(t)
            parts[(n - 1, g0, space, DROP_INNER)].append(t)
            parts[(n - 1, g1, space, DROP_FIRST)].append(t)
            if max_edits(n) > 1:  # a long word: w[2] is there
                parts[(n - 2, g0, space, DROP_TWO_INNER)].append(t)
                parts[(n - 2, g1, space, DROP_FIRST_AND_INNER)].append(t)
                parts[(n - 2, ord(w[2]) % groups, space, DROP_FIRST_TWO)].append(t)
    passes: dict[tuple[int, int], list[tuple[int, int, list[int]]]] = defaultdict(list)
    for (length, group, space, kind), words in parts.items():
        passes[(length, group)].append((space, kind, words))
    return passes


def candidate_pairs(keys: Iterable[str]) -> list[tuple[str, str]]:
    """Pairs of keys that share a blocking key (``similarity.blocking_sets``: deletion keys of the skeleton and
    of the spelling, two spaces of keys) held by at most MAX_BUCKET keys; sorted, each ``(a, b)`` with a < b."""
    ordered = sorted(set(keys))
    return [(ordered[a], ordered[b]) for a, row in enumerate(candidate_rows(ordered)) if row for b in row]


def candidate_rows(ordered: Sequence[str]) -> list[array | None]:
    """``candidate_pairs`` of ``ordered`` (sorted, distinct) as rows: the row of word ``a`` holds, ascending,
    the indexes of the words after it that it pairs with (None when there are none).

    A 10,000-article corpus has ~700,000 blocking keys, almost all held by one key only: holding them all at
    once was the memory peak of a run. Two keys can only be equal if they have one length and one first
    letter, so they are gathered in passes, one per length and group of first letters (``_key_passes``; the
    largest held about a seventh of them at 10,000 articles), and each key is made once, in its pass. The
    pairs themselves grow faster than the corpus (a 100,000-article one has ~2 million, ten times as many
    words as at 10,000 but ninety times the pairs): a row is an array of 4-byte indexes, not a set of pairs."""
    size = len(ordered)
    skeletons = [skeleton(k) for k in ordered]
    rows: list[array | None] = [None] * size  # word -> the later words it pairs with, repeats included
    passes = _key_passes(ordered, skeletons)
    for at in sorted(passes):
        # key -> a word holding it, and key -> the words holding it once two do, per space of the words: 0 the
        # skeleton's, 1 the spelling's, 2 both. A word of space 2 (most) holds its keys in both spaces of keys
        # but is entered once; ``_shared_pairs`` joins its holders to those of each other space.
        owners: tuple[dict[str, int], ...] = ({}, {}, {})
        shared: tuple[defaultdict[str, list[int]], ...] = (defaultdict(list), defaultdict(list), defaultdict(list))
        for space, kind, words in passes.pop(at):
            spelling = skeletons if space == 0 else ordered
            owner, buckets = owners[space], shared[space]
            cut = _SUFFIX_KINDS.get(kind)
            if cut is not None:  # one key a word
                for t in words:
                    key = spelling[t][cut:]
                    first = owner.setdefault(key, t)
                    if first != t:
                        buckets[key] += (first, t)
                continue
            for t in words:
                block = _deletions(spelling[t], kind)
                # almost every key is new: a shared one is rare, so the common case is two C-level calls
                if not owner.keys().isdisjoint(block):
                    for key in owner.keys() & block:
                        buckets[key] += (owner[key], t)  # a key once shared is looked up in buckets only
                owner.update(zip(block, repeat(t)))
        for space in (0, 1):
            _shared_pairs(owners[space], shared[space], owners[2], shared[2], rows)
        del owners, shared
    for a, row in enumerate(rows):
        if row is not None:
            rows[a] = array("I", sorted(set(row)))
    return rows


def _shared_pairs(owner: dict[str, int], buckets: dict[str, list[int]], both: dict[str, int],
                  both_buckets: dict[str, list[int]], rows: list[array | None]) -> None:
    """Add to ``rows`` the pairs of words sharing a key of one space: the holders of a key are those of the
    space's own words (``owner``, ``buckets``: key -> the words holding it once two do) with those of the
    words of both spaces (``both``, ``both_buckets``)."""

    def pair(a: int, later: Sequence[int]) -> None:
        row = rows[a]
        if row is None:
            rows[a] = array("I", later)
        else:
            row.extend(later)

    def add(held: Iterable[int]) -> None:
        members = sorted(set(held))  # a word can meet its own key (two kinds, repeated letters)
        if 2 <= len(members) <= MAX_BUCKET:
            for i in range(len(members) - 1):
                pair(members[i], members[i + 1 :])

    for key, held in buckets.items():
        if key in both:
            held = held + both_buckets.get(key, [both[key]])
        add(held)
    for key, held in both_buckets.items():
        if key not in buckets:
            add(held + [owner[key]] if key in owner else held)
    for key in owner.keys() & both.keys():
        if key not in buckets and key not in both_buckets:
            pair(min(owner[key], both[key]), (max(owner[key], both[key]),))


class _Related:
    """Whether two keys are a candidate pair that ``similarity.relation`` relates, asked pair by pair
    (``_names_match``): the rows of candidates are kept, the relations of ~2 million pairs are not."""

    def __init__(self, ordered: Sequence[str], rows: Sequence[array | None]):
        self.ordered = ordered
        self.rows = rows

    def __contains__(self, pair: object) -> bool:
        x, y = pair  # type: ignore[misc]
        ordered = self.ordered
        i = bisect_left(ordered, x)
        if i == len(ordered) or ordered[i] != x:
            return False
        row = self.rows[i]
        if row is None:
            return False
        j = bisect_left(ordered, y)
        if j == len(ordered) or ordered[j] != y:
            return False
        k = bisect_left(row, j)
        return k < len(row) and row[k] == j and relation(x, y) is not None


def _names_match(a: TokenInfo, b: TokenInfo, related: Container[tuple[str, str]]) -> bool:
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
    _doc_keys: dict[int, tuple[str, ...]] = field(default_factory=dict, repr=False)
    _context: dict[str, set[str]] = field(default_factory=dict, repr=False)
    _distinctive: set[str] | None = field(default=None, repr=False)  # eligible keys in at most ``limit`` articles
    tokens: Mapping[str, TokenInfo] | None = field(default=None, repr=False)  # of the same names: their ``docs``

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
        return cls(names.keys_of, keys, frequency, max(MIN_STORY_LIMIT, int(STORY_SHARE * len(names))),
                   tokens=tokens)

    def doc_keys(self, doc: int) -> tuple[str, ...]:
        """The distinctive eligible keys of an article (only a key in at most ``limit`` articles tells a story:
        the others are not kept), sorted, as a tuple (a fifth of the size of a set: the articles of the forms
        compared are up to every article of the corpus). With ``tokens`` (as a run has) every article's are
        indexed at the first call (``_index_docs``); without, an article's are read from its keys when first
        asked for."""
        if self._distinctive is None:
            frequency, limit = self.frequency, self.limit
            self._distinctive = {k for k in self.eligible if frequency[k] <= limit}
            if self.tokens is not None:
                self._index_docs()
        found = self._doc_keys.get(doc)
        if found is None:
            if self.tokens is not None:
                return ()  # an article with no distinctive key (``_index_docs`` made the others)
            found = self._doc_keys[doc] = tuple(sorted(self._distinctive.intersection(self.keys_of(doc))))
        return found

    def _index_docs(self) -> None:
        """``doc_keys`` of every article at once, from the articles of each distinctive key (``tokens``): a
        distinctive key is in few articles, so this is far less work than reading every article's keys (a
        10,000-article run asks for nearly all of them)."""
        by_doc: dict[int, list[str]] = defaultdict(list)
        tokens = self.tokens
        for key in sorted(self._distinctive):  # type: ignore[arg-type]
            for doc in tokens[key].docs:  # type: ignore[index]
                by_doc[doc].append(key)
        self._doc_keys = {doc: tuple(keys) for doc, keys in by_doc.items()}

    def context(self, info: TokenInfo) -> set[str]:
        """The eligible keys of the first articles of a token, found once per token (a token is compared
        with each of its candidates; a run compares ~10,000 pairs)."""
        found = self._context.get(info.key)
        if found is None:
            found = self._context[info.key] = set().union(*map(self.doc_keys, info.docs[:MAX_CONTEXT_DOCS]))
        return found

    def shared_with(self, a: TokenInfo) -> Callable[[TokenInfo], bool]:
        """``shared`` of ``a`` with one token after another (a token of a large corpus has thousands of
        candidates): ``a``'s articles and context are looked up once, and most tokens are turned down by two
        set tests (no article in common, no key in common in the contexts)."""
        docs = set(a.docs)
        mine = self.context(a)
        frequency, limit, context = self.frequency, self.limit, self.context

        def shares(b: TokenInfo) -> bool:
            if not docs.isdisjoint(b.docs):
                return True
            theirs = context(b)
            if mine.isdisjoint(theirs):
                return False
            return any(frequency[k] <= limit for k in (mine & theirs) - {a.key, b.key})

        return shares

    def forget(self, key: str) -> None:
        """Drop the context of a token that will not be compared again."""
        self._context.pop(key, None)

    def shared(self, a: TokenInfo, b: TokenInfo) -> bool:
        """Whether ``a`` and ``b`` stand in one article, or their first articles share a distinctive name."""
        return self.shared_with(a)(b)


def compatible(a: TokenInfo, b: TokenInfo, related: Container[tuple[str, str]]) -> bool:
    """Whether the contexts of two related tokens agree (the story test is made before: ``find_clusters``)."""
    if a.genders and b.genders and not (a.genders & b.genders):
        return False  # Mr Smith and Ms Smyth are two people
    if (a.feature_counts or b.feature_counts) and (
        a.features_always - b.features_ever or b.features_always - a.features_ever
    ):  # (most tokens have no feature: nothing to compare)
        return False  # the River Mellow and the town of Mellor are two places
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
    rows = candidate_rows(keys)
    related = _Related(keys, rows)
    story = StoryContext.of(names_per_doc, set(keys), tokens) if names_per_doc is not None else None
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    # the last row each key is in: its story context is dropped after it (all of them at once were the peak)
    last = array("i", repeat(-1, len(keys) if story is not None else 0))
    for a, row in enumerate(rows if story is not None else ()):
        if row is not None:
            last[a] = a
            for b in row:
                last[b] = a
    kept: dict[tuple[str, str], Relation] = {}
    infos = [tokens[k] for k in keys]
    for i, row in enumerate(rows):  # the pairs in order: (a, b) with a < b
        if row is None:
            continue
        a = keys[i]
        # the story test first: it turns down nearly every pair of a large corpus (look-alike names of
        # unrelated stories), and is cheaper than comparing the spellings
        shares = story.shared_with(infos[i]) if story is not None else None
        for j in row:
            tb = infos[j]
            if shares is not None and not shares(tb):
                continue
            b = keys[j]
            rel = relation(a, b)
            if rel is not None and compatible(infos[i], tb, related):
                kept[(a, b)] = rel
                ra, rb = root(a), root(b)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
        if story is not None:
            story.forget(a)
            for j in row:
                if last[j] == i:
                    story.forget(keys[j])
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
        ranked = sorted((tokens[k] for k in members), key=lambda t: (-t.count, -len(t.docs), t.key))
        clusters.append(Cluster(ranked, rels[r]))
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
