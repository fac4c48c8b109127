"""Named places near a quantity: a small local heuristic, good enough to key facts by their subjects.

A capitalised name is a place when, somewhere in the corpus, it follows a locative word ("in Ashford",
"near Pinecrest", "north of Cedar Falls") or a place noun ("the city of Brackley", "the Donetsk province").
The gazetteer is built once per run from all articles, so a place named at the start of a sentence in one
article is still known as a place.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from itertools import chain, compress
from typing import NamedTuple

from factcheck.lexicon import load_yaml

_NAME = re.compile(r"[A-Z][\w’'-]*(?:[ \t]+(?:[A-Z][\w’'-]*))*")
_CAPITALISED = re.compile(r"[A-Z][\w’'-]*")  # one word of a _NAME
_WORD_CHAR = re.compile(r"[\w’'-]")  # what a word of a _NAME goes on with
_WORD_RUN = re.compile(r"[\w’'-]*")
_POSSESSIVE = re.compile(r"(?:’s|'s|’|')$")
_POSSESSIVE_ENDS = ("s", "’", "'")  # what every possessive ends with: most names skip the substitution
_POSSESSIVES = ("’s", "'s", "’", "'")  # the endings _POSSESSIVE drops
_WORD = re.compile(r"\S+")
# "in Ukrainian hands", "from Russian forces": a demonym is an adjective, not a place.
_DEMONYM = re.compile(r"(?:ian|ean|ese|ish)$")


@lru_cache(maxsize=1)
def _lexicon() -> dict:
    return load_yaml("engine.yaml")


@lru_cache(maxsize=1)
def _before_place() -> re.Pattern[str]:
    lex = _lexicon()
    loc = sorted((re.escape(w) for w in lex["locative"]), key=len, reverse=True)
    nouns = "|".join(re.escape(n) for n in lex["place_nouns"])
    return re.compile(r"(?:(?<![\w-])(?:" + "|".join(loc) + r")\s+(?:the\s+)?|(?<![\w-])(?:" + nouns
                      + r")\s+of\s+(?:the\s+)?)$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _after_place() -> re.Pattern[str]:
    lex = _lexicon()
    words = sorted((re.escape(n) for n in [*lex["place_nouns"], *lex.get("place_verbs", [])]), key=len,
                   reverse=True)
    return re.compile(r"^,?\s+(?:" + "|".join(words) + r")\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def _after_place_at() -> re.Pattern[str]:
    """``_after_place`` for ``match(text, pos, endpos)``: the same as matching ``text[pos:endpos]``, without
    the copy (the pattern has no look-behind, and ``endpos`` ends the text for ``\\b`` as a slice would)."""
    return re.compile(_after_place().pattern.removeprefix("^"), re.IGNORECASE)


@lru_cache(maxsize=1)
def not_places() -> frozenset[str]:
    return frozenset(_lexicon()["not_places"])


@lru_cache(maxsize=1)
def countries() -> frozenset[str]:
    return frozenset(_lexicon()["countries"])


def _clean(name: str) -> str:
    words = [_POSSESSIVE.sub("", w) for w in name.split()]
    while words and words[0] in not_places():
        words.pop(0)
    while words and words[-1] in not_places():
        words.pop()
    return " ".join(words)


def gazetteer(texts: Iterable[str]) -> frozenset[str]:
    """Every name used as a place somewhere in ``texts``."""
    found: set[str] = set()
    for text in texts:
        _find_places(text, found, None)
    return frozenset(found)


def scan_places(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """``gazetteer([text])`` and ``place_candidates(text)`` in one pass over the text's names."""
    found: set[str] = set()
    runs: set[str] = set()
    _find_places(text, found, runs)
    return frozenset(found), _expand(runs)


def _find_places(text: str, found: set[str], runs: set[str] | None) -> None:
    """Add the names ``text`` uses as places to ``found``, and every capitalised run to ``runs``."""
    after = _after_place_at()
    # Only the runs ``_name_then`` marks are tested (two in ten): those an ending of a locative may precede
    # (group 1) and those a place noun or verb may follow (group 2); no other run passes the tests below. A
    # name is a place when one of its runs passes, whichever is tested first.
    found_runs = list(_name_then().finditer(text))
    written = list(map(re.Match.group, found_runs))
    if runs is not None:
        runs.update(written)
    marked = map(any, map(re.Match.groups, found_runs))
    rev = ""
    for m in compress(found_runs, marked):
        name = _place_name(m.group())
        # a name is tested where it is written only until it is found once: names recur
        if not name or name in found:
            continue
        s, e = m.span()
        space, follows = m.groups()
        if ((follows and after.match(text, e, e + 30))
                or (space and _ends_before_place(text, rev or (rev := text[::-1]), s))):
            found.add(name)


def _ends_before_place(text: str, rev: str, s: int) -> bool:
    """``_before_place().search(text, max(0, s - 40), s)``, as one match anchored at ``s`` in the reversed
    text ``rev`` (a search tries every start in its window). A match there that ends (in ``text``: starts)
    one character before the window's start is only seen because the look-behind at its start may look one
    character further: the search decides then."""
    n, lo = len(text), max(0, s - 40)
    m = _before_place_reversed().match(rev, n - s, n - lo + 1)
    return m is not None and (m.end() <= n - lo or _before_place().search(text, lo, s) is not None)


@lru_cache(maxsize=1)
def _before_place_reversed() -> re.Pattern[str]:
    """``_before_place`` for the reversed text, anchored where it is anchored with ``$``: a place's name is
    preceded by white space and "the", a locative ("north of"), or a place noun and "of"."""
    lex = _lexicon()
    loc = "|".join(re.escape(w[::-1]) for w in lex["locative"])
    nouns = "|".join(re.escape(n[::-1]) for n in lex["place_nouns"])
    return re.compile(r"(?:\s+eht)?\s+(?:(?:" + loc + r")|fo\s+(?:" + nouns + r"))(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=1)
def _name_then() -> re.Pattern[str]:
    """``_NAME`` (the same runs: what is added only looks around), with group 1 set when the last word of a
    locative ("in", "of", "the") and one or two white space characters, or three white space characters,
    come just before the run (wherever ``_before_place`` ends at it), and group 2 when what follows the run
    matches ``_after_place`` without its word boundary nor its 30-character reach (wherever
    ``_after_place_at`` matches after it)."""
    lex = _lexicon()
    by_length: dict[int, list[str]] = {}
    for w in sorted({w.split()[-1] for w in lex["locative"]} | {"of", "the"}):
        by_length.setdefault(len(w), []).append(re.escape(w))

    def ending(space: str) -> str:  # a look-behind has one width: one per length of word
        return "|".join(rf"(?<=(?i:{'|'.join(ws)}){space}[A-Z])" for _, ws in sorted(by_length.items()))

    # after the run's first letter, so that the pattern starts with a letter class (the regex engine skips
    # ahead to capitals); most runs have one space before them, new paragraphs two line ends
    one, two = ending(r"\s"), ending(r"\s\s")
    behind = rf"(?<=\s[A-Z])(?:(?<=\s\s[A-Z])(?:{two}|(?<=\s\s\s[A-Z]))|{one})(?<=(\s)[A-Z])"
    words = sorted((n for n in [*lex["place_nouns"], *lex.get("place_verbs", [])]), key=len, reverse=True)
    # what the first letter may be, tested before the words are (beyond ASCII: any letter, to be safe)
    firsts = "".join(sorted({c for w in words for c in (w[:1].lower(), w[:1].upper())}))
    guard = rf"(?=[{re.escape(firsts)}\x80-\U0010ffff])" if firsts.isascii() and firsts.isalpha() else ""
    follows = "|".join(re.escape(w) for w in words)
    return re.compile(rf"[A-Z](?:{behind}|)" + _NAME.pattern.removeprefix("[A-Z]")
                      + rf"(?=(,?\s+{guard}(?i:{follows}))|)")


@lru_cache(maxsize=1 << 12)
def _without_possessive(word: str) -> str:
    return _POSSESSIVE.sub("", word) if word.endswith(_POSSESSIVE_ENDS) else word


@lru_cache(maxsize=1 << 16)
def _place_name(written: str) -> str:
    """The place a capitalised run names if it is one ("" when it never is): the same runs recur in every
    article."""
    name = _clean(written)
    return "" if name in not_places() or _DEMONYM.search(name) else name


class PlaceMention(NamedTuple):
    """A known place named at ``start:end`` (a named tuple: an article names hundreds, made at C speed)."""

    name: str
    start: int
    end: int

    @property
    def is_country(self) -> bool:
        return self.name in countries()


@lru_cache(maxsize=8)
def _long_names(known: frozenset[str]) -> tuple[int, frozenset[str], frozenset[str]]:
    """The most words a name in ``known`` has, the first words of its names of two words or more, and every
    word as written that names a place in ``known`` (a name, or a name with a possessive ending: dropping
    the ending of ``k + ending`` always gives back ``k``). A frozenset keeps its hash: a hit costs little."""
    as_written = {k for k in known if _POSSESSIVE.sub("", k) == k}
    as_written.update(k + ending for k in known for ending in _POSSESSIVES)
    return (max((k.count(" ") + 1 for k in known), default=0),
            frozenset(k.split(" ", 1)[0] for k in known if " " in k), frozenset(as_written))


def places_in(text: str, start: int, end: int, known: frozenset[str]) -> list[PlaceMention]:
    """Known places named in ``text[start:end]``; in a run of capitalised words ("Should Russia capture"),
    the longest known sub-run counts."""
    out: list[PlaceMention] = []
    longest, firsts, as_written = (_long_names(known) if isinstance(known, frozenset)
                                   else _long_names.__wrapped__(known))
    if longest <= 1:
        # Every known name is one word: the runs are looked up word by word, and scanning for single
        # capitalised words finds exactly the words of the runs _NAME finds. The words that are places
        # are picked out at C speed (most capitalised words are not places).
        found = list(_CAPITALISED.finditer(text, start, end))
        hits = list(compress(found, map(as_written.__contains__, map(re.Match.group, found))))
        return list(map(PlaceMention, map(_without_possessive, map(re.Match.group, hits)), map(re.Match.start, hits),
                        map(re.Match.end, hits)))
    # A known name starts at a word that is one (as written) or that starts one of several words: only the
    # runs holding such a word are read word by word (most capitalised words are not places).
    runs = list(_NAME.finditer(text, start, end))
    if not runs:
        return out
    run_starts = list(map(re.Match.start, runs))
    words_found = list(_CAPITALISED.finditer(text, start, end))
    hits = compress(words_found, map(firsts.__contains__, map(re.Match.group, words_found)))
    hits = chain(hits, compress(words_found, map(as_written.__contains__, map(re.Match.group, words_found))))
    for r in sorted({bisect_right(run_starts, w.start()) - 1 for w in hits}):
        m = runs[r]
        g = m.group()
        if " " not in g and "\t" not in g:  # one word, the usual case (_NAME joins words with spaces and tabs)
            name = _POSSESSIVE.sub("", g) if g.endswith(_POSSESSIVE_ENDS) else g
            if name in known:
                out.append(PlaceMention(name, m.start(), m.end()))
            continue
        words = [(w.group(), w.start(), w.end()) for w in _WORD.finditer(text, m.start(), m.end())]
        i = 0
        while i < len(words):
            hit = None
            # a sub-run of more words than any known name has cannot be known (each word of a run starts
            # with a capital letter, so dropping a possessive never empties one), nor can one of two words
            # or more whose first word starts no known name
            for j in range(min(len(words), i + longest) if words[i][0] in firsts else i + 1, i, -1):
                name = " ".join(w[0] for w in words[i:j])
                if name.endswith(_POSSESSIVE_ENDS):
                    name = _POSSESSIVE.sub("", name)
                if name in known:
                    hit = (name, words[i][1], words[j - 1][2], j)
                    break
            if hit:
                out.append(PlaceMention(hit[0], hit[1], hit[2]))
                i = hit[3]
            else:
                i += 1
    return out


def places_starting(text: str, a: int, b: int, known: frozenset[str]) -> list[PlaceMention] | None:
    """``[p for p in places_in(text, 0, len(text), known) if a <= p.start < b]`` read from ``text[a:b]`` and
    the words running across its ends (an article's few sentences with figures, not all of it), or None when
    that would not be the same: when a known name has several words."""
    longest = (_long_names(known) if isinstance(known, frozenset) else _long_names.__wrapped__(known))[0]
    if longest > 1:
        return None
    # Scanning from the start of a word running across a finds the words scanning from 0 finds there (a word
    # is a run of word characters); scanning to the end of one running across b finds them whole.
    start = a
    while start > 0 and _WORD_CHAR.match(text, start - 1):
        start -= 1
    end = _WORD_RUN.match(text, b).end() if b < len(text) else b
    return [p for p in places_in(text, start, end, known) if a <= p.start < b]


def most_mentioned(places: list[PlaceMention], exclude: Iterable[str] = (), near: int = 0,
                   overall: Counter[str] | None = None) -> str | None:
    """The place named most often (non-countries first); ties go to the one named most often in the whole
    article (``overall``), then to the one named nearest to offset ``near``."""
    skip = set(exclude)
    counts = Counter(p.name for p in places if p.name not in skip)
    if not counts:
        return None
    overall = overall or Counter()
    distance: dict[str, int] = {}
    for p in places:
        distance[p.name] = min(distance.get(p.name, 1 << 30), abs(p.start - near))
    return min(counts, key=lambda n: (n in countries(), -counts[n], -overall[n], distance[n], n))


MAX_CANDIDATE_WORDS = 6  # longer runs of capitalised words are not listed word run by word run


def place_candidates(text: str) -> frozenset[str]:
    """Every name ``places_in`` could look up in ``text`` (runs of up to ``MAX_CANDIDATE_WORDS`` words), so
    that an article's places depend only on the gazetteer entries in this set (or longer than the limit):
    a run can reuse an article's claims while those entries stay the same."""
    return _expand(set(_NAME.findall(text)))


def _expand(runs: set[str]) -> frozenset[str]:
    """Every word run of up to ``MAX_CANDIDATE_WORDS`` words in the capitalised ``runs``, possessive removed."""
    return frozenset(chain.from_iterable(map(_sub_runs, runs)))


@lru_cache(maxsize=1 << 12)
def _sub_runs(g: str) -> tuple[str, ...]:
    """``_expand({g})``: the same runs recur in the articles of a story."""
    if " " not in g and "\t" not in g:  # one word, the usual case
        return (_POSSESSIVE.sub("", g) if g.endswith(_POSSESSIVE_ENDS) else g,)
    words = g.split()
    out: list[str] = []
    for i in range(len(words)):
        for j in range(i + 1, min(len(words), i + MAX_CANDIDATE_WORDS) + 1):
            name = " ".join(words[i:j])
            out.append(_POSSESSIVE.sub("", name) if name.endswith(_POSSESSIVE_ENDS) else name)
    return tuple(out)


def long_places(known: frozenset[str]) -> frozenset[str]:
    """Gazetteer entries longer than any listed candidate: every article's places may depend on them."""
    return frozenset(k for k in known if k.count(" ") >= MAX_CANDIDATE_WORDS)


def relevant_places(known: frozenset[str], candidates: frozenset[str], long: frozenset[str]) -> frozenset[str]:
    """The gazetteer entries an article's places can depend on (``long``: ``long_places(known)``)."""
    small, large = (candidates, known) if len(candidates) < len(known) else (known, candidates)
    return frozenset(k for k in small if k in large) | long
