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

from factcheck.lexicon import load_yaml

_NAME = re.compile(r"[A-Z][\w’'-]*(?:[ \t]+(?:[A-Z][\w’'-]*))*")
_POSSESSIVE = re.compile(r"(?:’s|'s|’|')$")
_POSSESSIVE_ENDS = ("s", "’", "'")  # what every possessive ends with: most names skip the substitution
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


def _may_follow_locative(text: str, lo: int, hi: int, endings: tuple[str, ...] | None) -> bool:
    """A cheap necessary condition for ``_before_place().search(text, lo, hi)``: the regex search tries
    every start in the window, and most names are not preceded by a locative word at all."""
    if endings is None:
        return True
    j = hi
    while j > lo and text[j - 1].isspace():
        j -= 1
    if j == hi:
        return False  # a match always ends in white space
    k = j
    while k > lo and not text[k - 1].isspace():
        k -= 1
    word = text[k:j]
    return not word.isascii() or word.lower().endswith(endings)


@lru_cache(maxsize=1)
def _after_place() -> re.Pattern[str]:
    lex = _lexicon()
    words = sorted((re.escape(n) for n in [*lex["place_nouns"], *lex.get("place_verbs", [])]), key=len,
                   reverse=True)
    return re.compile(r"^,?\s+(?:" + "|".join(words) + r")\b", re.IGNORECASE)


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
    before, after, endings = _before_place(), _after_place(), _before_place_endings()
    for text in texts:
        for m in _NAME.finditer(text):
            name = _clean(m.group())
            if not name or name in not_places() or _DEMONYM.search(name):
                continue
            lo = max(0, m.start() - 40)
            if ((_may_follow_locative(text, lo, m.start(), endings) and before.search(text, lo, m.start()))
                    or after.match(text[m.end(): m.end() + 30])):
                found.add(name)
    return frozenset(found)


@dataclass(frozen=True)
class PlaceMention:
    name: str
    start: int
    end: int

    @property
    def is_country(self) -> bool:
        return self.name in countries()


def places_in(text: str, start: int, end: int, known: frozenset[str]) -> list[PlaceMention]:
    """Known places named in ``text[start:end]``; in a run of capitalised words ("Should Russia capture"),
    the longest known sub-run counts."""
    out: list[PlaceMention] = []
    for m in _NAME.finditer(text, start, end):
        g = m.group()
        if " " in g or "\t" in g:
            words = [(w.group(), w.start(), w.end()) for w in _WORD.finditer(text, m.start(), m.end())]
        else:  # one word, the usual case (_NAME joins words with spaces and tabs only)
            words = [(g, m.start(), m.end())]
        i = 0
        while i < len(words):
            hit = None
            for j in range(len(words), i, -1):
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
