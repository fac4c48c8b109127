"""Named places near a quantity: a small local heuristic, good enough to key facts by their subjects.

A capitalised name is a place when, somewhere in the corpus, it follows a locative word ("in Soledar",
"near Pinecrest", "north of Cedar Falls") or a place noun ("the city of Bakhmut", "the Donetsk province").
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
    before, after = _before_place(), _after_place()
    for text in texts:
        for m in _NAME.finditer(text):
            name = _clean(m.group())
            if not name or name in not_places() or _DEMONYM.search(name):
                continue
            if before.search(text, max(0, m.start() - 40), m.start()) or after.match(text[m.end(): m.end() + 30]):
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
        words = [(w.group(), m.start() + w.start(), m.start() + w.end()) for w in re.finditer(r"\S+", m.group())]
        i = 0
        while i < len(words):
            hit = None
            for j in range(len(words), i, -1):
                name = _POSSESSIVE.sub("", " ".join(w[0] for w in words[i:j]))
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
