"""From quantity mentions to claims: which rule accepts a mention, and what fact it is a claim about.

A mention becomes a claim of the FIRST rule that accepts it (your rules before the built-in pack), so a
desk's specific rule wins over a generic one and no mention is counted in two facts.
"""

from __future__ import annotations

import datetime as dt
import math
import operator
import re
import sys
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any, ClassVar

from factcheck.analysis import Analysis
from factcheck.engine import nouns
from factcheck.engine.context import (
    QuantityContext,
    SentenceTokens,
    any_phrase_re,
    context_in,
    narrower,
)
from factcheck.engine.places import PlaceMention, most_mentioned, places_in, places_starting
from factcheck.engine.units import convert, fmt_number, fmt_value, registry, stated_base, stated_to_base
from factcheck.model import Claim, ClaimSource, Sentence
from factcheck.rules.quantity_rule import QuantityRule


def interval_of(q: Any) -> tuple[float, float] | None:
    iv = getattr(q, "interval", None)
    if iv is None:
        return None
    try:
        lo, hi = float(iv[0]), float(iv[1])
    except (TypeError, ValueError, IndexError):
        return None
    if math.isnan(lo) or math.isnan(hi):
        return None
    return (lo, hi) if lo <= hi else (hi, lo)


_NO_LIMIT = 1 << 30  # a window wider than any sentence
_START_END = operator.attrgetter("start", "end")


@dataclass
class DocView:
    """One analysed article with the lookups claims need, computed once (bisect, not scans: an article may
    hold tens of thousands of quantities)."""

    analysis: Analysis
    known_places: frozenset[str]
    # how the claims' sentences are found again (``ClaimSource.article``), when they are not to be kept
    article: Any = None
    _contexts: dict[tuple[int, int], QuantityContext] = field(default_factory=dict)
    _pairs: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    _most: dict[tuple[int, int, tuple[str, ...], bool], str | None] = field(default_factory=dict)
    _token_cache: dict[tuple[int, int], SentenceTokens] = field(default_factory=dict)
    _part_cache: dict[tuple[int, int], bool] = field(default_factory=dict)
    _wide: dict[tuple[int, int, int], QuantityContext] = field(default_factory=dict)
    _sentence_texts: dict[int, str] = field(default_factory=dict)
    _lower: dict[int, str] = field(default_factory=dict)
    _places_at: dict[tuple[int, int], list[PlaceMention]] = field(default_factory=dict)
    _read: set[int] = field(default_factory=set)  # the quantities (ids) whose words were read

    @property
    def doc(self):  # noqa: ANN201 - factcheck.model.Document
        return self.analysis.doc

    @cached_property
    def source(self) -> ClaimSource:
        """What all the article's claims share."""
        return ClaimSource.of(self.doc, self.article)

    def sentence_text(self, sentence: Sentence | None) -> str:
        """The text of a sentence, one string for all the claims it holds."""
        if sentence is None:
            return ""
        found = self._sentence_texts.get(sentence.start)
        if found is None:
            found = self._sentence_texts[sentence.start] = self.doc.text[sentence.start:sentence.end]
        return found

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.analysis.sentences]

    def sentence_of(self, start: int) -> Sentence | None:
        i = bisect_right(self._sentence_starts, start) - 1
        if i < 0:
            return None
        s = self.analysis.sentences[i]
        return s if s.start <= start < s.end else None

    @cached_property
    def located(self) -> list[tuple[Any, Sentence | None]]:
        """The quantities in order (start, end), each with the sentence holding it (``sentence_of``)."""
        ordered = sorted(self.analysis.quantities, key=_START_END)  # (q.start, q.end)
        sentences, starts = self.analysis.sentences, self._sentence_starts
        out: list[tuple[Any, Sentence | None]] = []
        i, n = -1, len(starts)
        for q in ordered:  # starts ascend: the sentence index only moves forward (sentence_of, walked)
            at = q.start
            while i + 1 < n and starts[i + 1] <= at:
                i += 1
            s = sentences[i] if i >= 0 else None
            out.append((q, s if s is not None and s.start <= at < s.end else None))
        return out

    @cached_property
    def by_sentence(self) -> dict[int, list[Any]]:
        out: dict[int, list[Any]] = {}
        for q, s in self.located:
            if s is not None:
                out.setdefault(s.start, []).append(q)
        return out

    @cached_property
    def places(self) -> list[PlaceMention]:
        return places_in(self.doc.text, 0, len(self.doc.text), self.known_places)

    @cached_property
    def _place_starts(self) -> list[int]:
        return [p.start for p in self.places]

    def _all_places_read(self) -> bool:
        """Whether ``places`` (a cached property) was worked out."""
        return "places" in self.__dict__

    def places_between(self, a: int, b: int) -> list[PlaceMention]:
        # most articles ask for the places of a few sentences only: those are read alone when they can be
        if not self._all_places_read():
            found = self._places_at.get((a, b))
            if found is None:
                found = places_starting(self.doc.text, a, b, self.known_places)
                if found is not None:
                    self._places_at[(a, b)] = found
            if found is not None:
                return found
        return self.places[bisect_left(self._place_starts, a):bisect_left(self._place_starts, b)]

    def most_mentioned(self, a: int, b: int, exclude: tuple[str, ...], near: int, towns_only: bool) -> str | None:
        key = (a, b, exclude, towns_only)
        if key not in self._most:  # ties are broken by distance, so cache only whole-article answers
            pool = [p for p in self.places_between(a, b) if not (towns_only and p.is_country)]
            found = most_mentioned(pool, exclude=exclude, near=near, overall=self.place_counts)
            if (a, b) != (0, len(self.doc.text)):
                return found
            self._most[key] = found
        return self._most[key]

    @cached_property
    def place_counts(self) -> Counter[str]:
        return Counter(p.name for p in self.places)

    @cached_property
    def _paragraphs(self) -> dict[int, tuple[int, int]]:
        out: dict[int, tuple[int, int]] = {}
        for s in self.analysis.sentences:
            a, b = out.get(s.paragraph, (s.start, s.end))
            out[s.paragraph] = (min(a, s.start), max(b, s.end))
        return out

    def paragraph_span(self, sentence: Sentence) -> tuple[int, int]:
        return self._paragraphs.get(sentence.paragraph, (sentence.start, sentence.end))

    def may_hold(self, sentence: Sentence, words: re.Pattern[str]) -> bool:
        """Whether ``words`` are found in the sentence in lower case (always, for one with a capital sigma:
        how its lower case reads depends on the letters around it)."""
        low = self._lower.get(sentence.start)
        if low is None:
            text = self.doc.text[sentence.start:sentence.end]
            low = self._lower[sentence.start] = text.lower() if "Σ" not in text else ""
        return not low or words.search(low) is not None

    def context(self, q: Any, window: int, sentence: Sentence | None = None) -> QuantityContext | None:
        """The context of ``q`` for ``window`` words (``sentence``: the one holding ``q``, when known)."""
        key = (id(q), window)
        found = self._contexts.get(key)
        if found is not None:
            return found
        s = sentence if sentence is not None else self.sentence_of(q.start)
        if s is None:
            return None
        # only the neighbourhood matters: a "sentence" may be a whole unpunctuated file
        reach = 60 + 25 * window  # characters enough for ``window`` words of news prose
        lo, hi = max(s.start, q.start - reach), min(s.end, q.end + reach)
        # Rules differ in their windows, but in a sentence shorter than every reach the tokens are the same:
        # the context is then made once with no limit, and each window's is cut from it.
        wide = self._wide.get((id(q), lo, hi))
        if wide is None:
            others = [(o.start, o.end) for o in self.by_sentence.get(s.start, [])
                      if o is not q and o.end > lo and o.start < hi]
            words = self._sentence_tokens(s)
            parts = [span for span in others if self._is_part(words, max(lo, span[0] - 60), span[0])]
            cut = words.span(lo, hi)
            if cut is not None:  # the usual case: no token cut by the window
                wide = words.context(*cut, q.start, q.end, others, parts, _NO_LIMIT)
            else:
                wide = context_in(words.between(lo, hi), q.start, q.end, others, parts, _NO_LIMIT)
            self._wide[(id(q), lo, hi)] = wide
            self._read.add(id(q))
        ctx = self._contexts[key] = narrower(wide, window)
        return ctx

    def words_read(self, q: Any) -> bool:
        """Whether the words around ``q`` were read (by ``context``, for some window)."""
        return id(q) in self._read

    def _sentence_tokens(self, s: Sentence) -> SentenceTokens:
        # the quantities of a sentence and the windows of all rules share one tokenization
        found = self._token_cache.get((s.start, s.end))
        if found is None:
            found = self._token_cache[(s.start, s.end)] = SentenceTokens(self.doc.text, s.start, s.end)
        return found

    def _is_part(self, words: SentenceTokens, a: int, b: int) -> bool:
        found = self._part_cache.get((a, b))
        if found is None:
            found = self._part_cache[(a, b)] = words.ends_part(a, b)
        return found

    def sentence_pairs(self, rule: QuantityRule) -> list[tuple[str, ...]]:
        """The place pairs this article's other claims of ``rule`` name within their own sentences."""
        if rule.id not in self._pairs:
            found = []
            for q in self.analysis.quantities:
                if not measures(rule, q):
                    continue
                s = self.sentence_of(q.start)
                ctx = self.context(q, rule.context.window)
                if s is None or ctx is None or not context_ok(rule, ctx):
                    continue
                pair = sentence_pair(rule, self, q, s)
                if len(pair) == 2:
                    found.append(tuple(pair))
            self._pairs[rule.id] = found
        return self._pairs[rule.id]


# --- does a rule accept a mention? --------------------------------------------------------------------

def measures(rule: QuantityRule, q: Any) -> bool:
    """Whether ``rule`` measures ``q``: its dimension, noun and unit are what the rule counts or measures
    (``_measures``, which the ``RuleIndex`` reads)."""
    noun = getattr(q, "noun", None)
    return _measures(_rule_fields(rule), getattr(q, "dimension", None), noun if noun is None else str(noun),
                     getattr(q, "unit", None))


def context_ok(rule: QuantityRule, ctx: QuantityContext) -> bool:
    """Whether the words around a quantity are what ``rule`` asks of them (``_Asks.accept``)."""
    return _Asks.of(*_rule_fields(rule)[5:]).accept(ctx)


def earlier_year(ctx: QuantityContext, date: dt.date | None) -> bool:
    """Whether the quantity's clause names a year before the article's ("In 1957 the flood killed 81"):
    a figure about another time, not a claim about the story's fact."""
    if date is None:
        return False
    for word in (*ctx.left, *ctx.right):
        if len(word) == 4 and word.isdigit() and 1800 <= int(word) < date.year:
            return True
    return False


def _scopes(view: DocView, sentence: Sentence, scope: str) -> list[tuple[int, int]]:
    spans = [(sentence.start, sentence.end)]
    if scope in ("paragraph", "document"):
        spans.append(view.paragraph_span(sentence))
    if scope == "document":
        spans.append((0, len(view.doc.text)))
    return spans


def sentence_pair(rule: QuantityRule, view: DocView, q: Any, sentence: Sentence) -> list[str]:
    """The two places a distance is between, from its sentence alone: the one named just after the
    quantity ("5 miles from X") and the nearest one before it (countries left out)."""
    towns = [p for p in view.places_between(sentence.start, sentence.end) if not p.is_country]
    words = view._sentence_tokens(sentence)
    after = [p for p in towns if p.start >= q.end and words.count(q.end, p.start) <= 6]
    before = sorted((p for p in towns if p.end <= q.start), key=lambda p: -p.start)
    pair: list[str] = []
    if after:
        pair.append(after[0].name)
    for p in before:
        if p.name not in pair:
            pair.append(p.name)
        if len(pair) == 2:
            break
    return pair


def subject(rule: QuantityRule, view: DocView, q: Any, sentence: Sentence) -> str | None:
    """The resolved subject of a claim ("" for the story itself), or None when the rule's subject is not
    found within its scope."""
    about = rule.about
    text = view.doc.text
    if about == "story":
        return ""
    if isinstance(about, list):
        for a, b in _scopes(view, sentence, rule.scope):
            found = {p.name for p in places_in(text, a, b, frozenset(about))}
            if all(name in found for name in about):
                return "–".join(about)
        return None
    in_sentence = view.places_between(sentence.start, sentence.end)
    if about == "nearest place":
        pool = [p for p in in_sentence if not p.is_country] or in_sentence
        if pool:
            return min(pool, key=lambda p: (abs(p.start - q.start), p.start)).name
        for a, b in _scopes(view, sentence, rule.scope)[1:]:
            name = view.most_mentioned(a, b, (), q.start, False)
            if name:
                return name
        return None
    pair = sentence_pair(rule, view, q, sentence)
    # only a place named BEFORE the figure ("Brackley, five miles to the southwest") lacks its other end in
    # the article's subject; "struck 18 km south of Hualien" measures from an event, not from a place
    after = bool(pair) and any(p.name == pair[0] and p.start >= q.end
                               for p in view.places_between(q.end, sentence.end))
    if len(pair) == 1 and not after and rule.scope != "sentence":
        # "Should Russia capture Brackley, five miles to the southwest": the other place is the one this
        # article pairs Brackley with elsewhere.
        partners = Counter(other for p in view.sentence_pairs(rule) if pair[0] in p for other in p
                           if other != pair[0])
        if partners:
            pair.append(min(partners, key=lambda n: (-partners[n], n)))
    # No guess beyond that: "struck 30 km southwest of Hualien" is not a distance from the place the
    # article names most; a wrong pair would be compared with true distances between those places.
    if len(pair) < 2:
        return None
    return "–".join(sorted(pair))


def accepts(rule: QuantityRule, view: DocView, q: Any) -> str | None:
    """The fact key when ``rule`` turns ``q`` into a claim, else None. The plain definition: what
    ``engine.file_claims`` gives through its shortcuts (``RuleIndex``) is tested against it."""
    if not measures(rule, q) or interval_of(q) is None:
        return None
    sentence = view.sentence_of(q.start)
    if sentence is None:
        return None
    ctx = view.context(q, rule.context.window, sentence)
    if ctx is None or not context_ok(rule, ctx):
        return None
    return _accepted(rule, view, q, sentence, ctx)


def _accepted(rule: QuantityRule, view: DocView, q: Any, sentence: Sentence, ctx: QuantityContext) -> str | None:
    """The rest of ``accepts`` once the context is found good."""
    if earlier_year(ctx, view.doc.date):
        return None
    subj = subject(rule, view, q, sentence)
    if subj is None:
        return None
    key = rule.label if not subj else f"{rule.label} {subj}"
    if rule.dimension == "currency" and rule.currency is None:
        key = f"{key} ({getattr(q, 'unit', '')})"  # currencies are never converted into one another
    return key


@dataclass(frozen=True)
class _Asks:
    """What a rule's ``context`` asks of the words around a quantity (``context_ok``), compiled once."""

    window: int
    parts: bool
    require: re.Pattern[str] | None
    exclude: re.Pattern[str] | None
    # The first words of ``require``, for one search of a whole sentence in lower case before its words are
    # read: a required phrase found in the context starts with one of them, a part of one of its words (lower
    # case the same, a word as a part of the sentence; not so for a capital sigma, in Greek: checked). None
    # when it cannot tell (nothing required, or a first word that the context's " | " may hold).
    firsts: re.Pattern[str] | None

    @classmethod
    @lru_cache(maxsize=256)
    def of(cls, require: tuple[str, ...], exclude: tuple[str, ...], window: int, parts: bool) -> _Asks:
        firsts = [p.lower().split()[:1] for p in require]
        tell = bool(require) and all(w and "|" not in w[0] for w in firsts)
        return cls(window, parts, any_phrase_re(require) if require else None,
                   any_phrase_re(exclude) if exclude else None, _any_part_re([w[0] for w in firsts]) if tell else None)

    def accept(self, ctx: QuantityContext) -> bool:
        """Whether the context is no part of a whole (unless parts are counted), holds a required phrase (when
        one is required) and no excluded one."""
        if ctx.is_part and not self.parts:
            return False
        if self.require is not None and self.require.search(ctx.text) is None:
            return False
        return self.exclude is None or self.exclude.search(ctx.text) is None


def _any_part_re(words: list[str]) -> re.Pattern[str]:
    """A pattern found in a text exactly when one of ``words`` is part of it: a word holding another is left
    out (the other is found wherever it is), and the rest are spelled as a tree of their letters (one letter
    tried at each branch, not every word)."""
    kept = sorted({w for w in words if not any(v != w and v in w for v in words)})
    tree: dict[str, dict] = {}
    for w in kept:
        node = tree
        for c in w:
            node = node.setdefault(c, {})

    def spelled(node: dict[str, dict]) -> str:  # no kept word starts another: every word ends at a leaf
        alts = [re.escape(c) + spelled(rest) for c, rest in sorted(node.items())]
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")" if alts else ""

    return re.compile(spelled(tree))


class RuleIndex:
    """The rules of a list that measure a quantity (``measures``) and what each asks of its words: whether a
    rule measures a quantity depends only on the quantity's dimension, noun and unit and on a few fields of
    the rule, so one index serves every article of a run (``rule_index``) and each combination is worked out
    once."""

    __slots__ = ("_fields", "_known", "asks")

    _LIMIT = 1 << 14  # combinations kept (nouns are an open class): beyond it, worked out again

    def __init__(self, fields: tuple[tuple, ...]) -> None:
        self._fields = fields
        self._known: dict[tuple, tuple[int, ...]] = {}
        self.asks = tuple(_Asks.of(*f[5:]) for f in fields)

    def positions(self, q: Any) -> tuple[int, ...]:
        """The positions, in the list, of the rules that measure ``q``."""
        noun = getattr(q, "noun", None)
        key = (getattr(q, "dimension", None), noun if noun is None else str(noun), getattr(q, "unit", None))
        found = self._known.get(key)
        if found is None:
            found = tuple(i for i, f in enumerate(self._fields) if _measures(f, *key))
            if len(self._known) >= self._LIMIT:
                self._known.clear()
            self._known[key] = found
        return found

    def accepts(self, i: int, rule: QuantityRule, view: DocView, q: Any, sentence: Sentence) -> str | None:
        """``accepts(rule, view, q)`` for the rule at position ``i`` (one that measures ``q``), given that ``q``
        has an interval and lies in ``sentence``."""
        asks = self.asks[i]
        # the words of a sentence are read only when a required phrase may be there (once read, reading
        # them for another window costs less than looking)
        if asks.firsts is not None and not view.words_read(q) and not view.may_hold(sentence, asks.firsts):
            return None
        ctx = view.context(q, asks.window, sentence)
        if ctx is None or not asks.accept(ctx):
            return None
        return _accepted(rule, view, q, sentence, ctx)


def _rule_fields(rule: QuantityRule) -> tuple:
    c = rule.context
    return (rule.counts, tuple(rule.nouns), rule.bare, rule.measure, rule.currency, tuple(c.require),
            tuple(c.exclude), c.window, rule.parts)


def _measures(fields: tuple, dim: Any, noun: str | None, unit: Any) -> bool:
    """Whether a rule with ``_rule_fields`` ``fields`` measures a quantity of dimension ``dim``, noun ``noun`` and
    unit ``unit``: a count of what the rule counts (a count with no noun only when ``bare``), or a measure of its
    dimension (in its currency, when it names one)."""
    counts, extra, bare, measure, currency = fields[:5]
    if counts is not None:
        if dim != "count":
            return False
        if noun is None:
            return bare
        return nouns.counts_as(noun, counts, extra)
    if dim != measure:
        return False
    return currency is None or unit == currency


def rule_index(rules: Sequence[QuantityRule]) -> RuleIndex:
    """The ``RuleIndex`` of ``rules`` (shared by the calls with rules alike in what it reads)."""
    return _index_for(SameRules(rules))


class SameRules:
    """Rules compared by identity: every article of a run is read with the same loaded rules, which are not
    changed once validated; what the index reads of them is then not read again for each article. A cache
    holding one holds its rules, so their ids are not reused while it is there."""

    __slots__ = ("rules", "_hash")

    def __init__(self, rules: Sequence[QuantityRule]) -> None:
        self.rules = tuple(rules)
        self._hash = hash(tuple(map(id, self.rules)))

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, SameRules) and len(other.rules) == len(self.rules)
                and all(map(operator.is_, other.rules, self.rules)))


@lru_cache(maxsize=8)
def _index_for(rules: SameRules) -> RuleIndex:
    return _index_of(tuple(map(_rule_fields, rules.rules)))


@lru_cache(maxsize=8)
def _index_of(fields: tuple[tuple, ...]) -> RuleIndex:
    return RuleIndex(fields)


# --- claims -------------------------------------------------------------------------------------------

def _vocab(value: str | None) -> str | None:
    return sys.intern(value) if type(value) is str else value


_new = object.__new__
_set = object.__setattr__  # how a frozen dataclass sets its own fields


@dataclass(frozen=True, slots=True)
class Figure:
    """What a claim keeps of its quantity mention (``quantities.model.Quantity``): the fields the comparison,
    the checks, the fact sheet and the reports read; not its text (the claim's), interval (the claim's),
    statements nor noun. A run holds one per claim of the corpus; the whole mention was two thirds of a claim.
    ``end`` is kept as the length (a small int, which CPython shares; an offset mostly is not)."""

    start: int
    length: int
    value: float | None
    range: tuple[float, float] | None
    unit: str | None
    qualifier: str
    base_unit: str | None
    dimension: str
    vague: bool = False
    kind: ClassVar[str] = "quantity"

    @property
    def end(self) -> int:
        return self.start + self.length

    @classmethod
    def of(cls, q: Any) -> Figure:
        # built as unpickling builds it (a dataclass's frozen __init__ costs twice as much; one per claim)
        f = _new(cls)
        f.__setstate__((q.start, q.end - q.start, q.value, q.range, q.unit, q.qualifier, q.base_unit, q.dimension,
                        q.vague))
        return f

    # Pickled as a tuple; unpickled with unit and dimension names shared between the articles of a run.
    def __getstate__(self) -> tuple:
        return (self.start, self.length, self.value, self.range, self.unit, self.qualifier, self.base_unit,
                self.dimension, self.vague)

    def __setstate__(self, state: tuple) -> None:
        start, length, value, rng, unit, qualifier, base_unit, dimension, vague = state
        _set(self, "start", start)
        _set(self, "length", length)
        _set(self, "value", value)
        _set(self, "range", rng)
        _set(self, "unit", _vocab(unit))
        _set(self, "qualifier", qualifier)
        _set(self, "base_unit", _vocab(base_unit))
        _set(self, "dimension", _vocab(dimension))
        _set(self, "vague", vague)


def make_claim(key: str, rule: QuantityRule, view: DocView, q: Any, interval: tuple[float, float] | None = None,
               where: Sentence | None = None) -> Claim:
    """The claim ``q`` makes about the fact ``key``: its article's ``ClaimSource`` and its sentence's text are
    shared with the article's other claims, and it keeps a ``Figure`` of ``q``, not ``q``. With an ``article``
    to find it again, the view's claims keep no sentence (most are never shown; ``Claim.sentence``).
    ``interval`` and ``where``: ``interval_of(q)`` and the sentence holding ``q``, when known."""
    doc = view.doc
    sentence = None if view.article is not None else view.sentence_text(
        where if where is not None else view.sentence_of(q.start))
    return Claim.at_span(view.source, key, rule.id, doc, q.start, q.end, q.text, Figure.of(q),
                         (interval if interval is not None else interval_of(q)) or (-math.inf, math.inf), "", sentence)


def display_unit(rule: QuantityRule, claims: Sequence[Claim]) -> str | None:
    """The unit values are shown in: the rule's, else the unit most claims state (ties: alphabetical)."""
    dim = rule.dimension
    if dim in ("count",):
        return None
    if rule.unit is not None and dim not in ("currency", "percent", "percentage_point"):
        try:
            return str(registry().parse_units(rule.unit))
        except Exception:  # noqa: BLE001 - validated at load; keep the name as written
            return rule.unit
    units = Counter(str(getattr(c.mention, "unit", None)) for c in claims if getattr(c.mention, "unit", None))
    if not units:
        return getattr(claims[0].mention, "base_unit", None) if claims else None
    return min(units, key=lambda u: (-units[u], u))


def _stated_in_base(value: float, stated_unit: str | None, base: str | None) -> float | None:
    if stated_unit is None or base is None or stated_unit == base:
        return float(value)
    return stated_to_base(float(value), stated_unit)


def describe(claim: Claim, unit: str | None) -> str:
    """The claim's value in the fact's unit, for people: "≈ 8.0 km", "< 10 km", "80–100 m", "420"."""
    q = claim.mention
    base = getattr(q, "base_unit", None)
    qual = str(getattr(q, "qualifier", "=") or "=")
    stated_unit = getattr(q, "unit", None)
    lo, hi = claim.interval
    rng = getattr(q, "range", None)
    if rng is not None:
        if stated_unit == unit or unit is None:
            return f"{fmt_number(float(rng[0]))}–{fmt_value(float(rng[1]), unit)}"
        a, b = (_stated_in_base(v, stated_unit, base) for v in rng)
        if a is not None and b is not None:
            return f"≈ {fmt_number(convert(a, base, unit), True)}–{fmt_value(convert(b, base, unit), unit, True)}"
    if getattr(q, "vague", False) and not math.isinf(lo) and not math.isinf(hi):
        return f"{fmt_number(convert(lo, base, unit), unit != base)}–{fmt_value(convert(hi, base, unit), unit)}"
    value = getattr(q, "value", None)
    prefix = {"~": "≈ ", ">": "> ", "<": "< "}.get(qual, "")
    if value is not None and (stated_unit == unit or (unit is None and stated_unit in (None, base))):
        shown_unit = unit if unit else (stated_unit if stated_unit != base else None)
        return prefix + fmt_value(float(value), shown_unit)
    point = stated_base(q)
    if point is None:
        point = lo if math.isinf(hi) else hi if math.isinf(lo) else (lo + hi) / 2
    # converted into another unit: approximate, and say so unless a bound already does
    return (prefix if prefix in ("> ", "< ") else "≈ ") + fmt_value(convert(point, base, unit), unit, approx=True)
