"""Named places near a quantity: a small local heuristic, good enough to key facts by their subjects.

A capitalised name is a place when, somewhere in the corpus, it follows a locative word ("in Ashford",
"near Pinecrest", "north of Cedar Falls") or a place noun ("the city of Brackley", "the Donetsk province").
The gazetteer is built once per run from all articles, so a place named at the start of a sentence in one
article is still known as a place.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress

from factcheck.lexicon import load_yaml

_NAME = re.compile(r"[A-Z][\w’'-]*(?:[ \t]+(?:[A-Z][\w’'-]*))*")
_CAPITALISED = re.compile(r"[A-Z][\w’'-]*")  # one word of a _NAME
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
def _before_place_endings() -> tuple[str, ...] | None:
    """The words a match of ``_before_place`` ends with before its final white space ("in", "of", "the"),
    lower case; None when one is not ASCII (case-insensitive matching beyond ASCII is more than lower())."""
    words = {w.split()[-1].lower() for w in _lexicon()["locative"]} | {"of", "the"}
    return tuple(sorted(words)) if all(w.isascii() for w in words) else None


@lru_cache(maxsize=4)
def _longest_ending(endings: tuple[str, ...]) -> int:
    return max(map(len, endings), default=0)


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
    before, after, endings = _before_place(), _after_place_at(), _before_place_endings()
    longest = _longest_ending(endings) if endings is not None else 0
    for m in _NAME.finditer(text):
        written = m.group()
        if runs is not None:
            runs.add(written)
        name = _place_name(written)
        # a name is tested where it is written only until it is found once: names recur
        if not name or name in found:
            continue
        s, e = m.span()
        lo = max(0, s - 40)
        # A cheap necessary condition for the search (which tries every start in its window): white
        # space before the name, and before it the last characters of an ending ("in", "of", "the").
        # Looking at no more of that word than the longest ending lets more names through to the
        # search, never fewer; beyond ASCII, case-insensitive matching is more than lower().
        if endings is None:
            may = True
        else:
            j = s
            while j > lo and text[j - 1].isspace():
                j -= 1
            tail = text[max(lo, j - longest):j]
            may = j < s and (not tail.isascii() or tail.lower().endswith(endings))
        if (may and before.search(text, lo, s)) or after.match(text, e, e + 30):
            found.add(name)


@lru_cache(maxsize=1 << 16)
def _place_name(written: str) -> str:
    """The place a capitalised run names if it is one ("" when it never is): the same runs recur in every
    article."""
    name = _clean(written)
    return "" if name in not_places() or _DEMONYM.search(name) else name


@dataclass(frozen=True)
class PlaceMention:
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
        for m in compress(found, map(as_written.__contains__, map(re.Match.group, found))):
            name = m.group()
            if name.endswith(_POSSESSIVE_ENDS):
                name = _POSSESSIVE.sub("", name)
            out.append(PlaceMention(name, m.start(), m.end()))
        return out
    for m in _NAME.finditer(text, start, end):
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
    out: set[str] = set()
    add = out.add
    for g in runs:
        if " " not in g and "\t" not in g:  # one word, the usual case
            add(_POSSESSIVE.sub("", g) if g.endswith(_POSSESSIVE_ENDS) else g)
            continue
        words = g.split()
        for i in range(len(words)):
            for j in range(i + 1, min(len(words), i + MAX_CANDIDATE_WORDS) + 1):
                name = " ".join(words[i:j])
                add(_POSSESSIVE.sub("", name) if name.endswith(_POSSESSIVE_ENDS) else name)
    return frozenset(out)


def long_places(known: frozenset[str]) -> frozenset[str]:
    """Gazetteer entries longer than any listed candidate: every article's places may depend on them."""
    return frozenset(k for k in known if k.count(" ") >= MAX_CANDIDATE_WORDS)


def relevant_places(known: frozenset[str], candidates: frozenset[str], long: frozenset[str]) -> frozenset[str]:
    """The gazetteer entries an article's places can depend on (``long``: ``long_places(known)``)."""
    small, large = (candidates, known) if len(candidates) < len(known) else (known, candidates)
    return frozenset(k for k in small if k in large) | long
