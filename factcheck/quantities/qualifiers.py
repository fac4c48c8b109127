"""Hedges around a number ("about", "more than", "up to", "or so"), from ``data/qualifiers.yaml``.

Four qualifiers: "=" exact, "~" approximate, ">" lower bound, "<" upper bound.
"""

from __future__ import annotations

import re
from functools import cache

from factcheck.lexicon import load_yaml


def _alt(phrases: list[str]) -> str:
    parts = []
    for p in sorted(set(phrases), key=len, reverse=True):
        parts.append(r"\s+".join(re.escape(w) for w in p.split()))
    return "|".join(parts)


@cache
def _tables() -> tuple[dict[str, str], dict[str, str]]:
    d = load_yaml("qualifiers.yaml")
    before = {" ".join(p.lower().split()): q for q, ps in d["before"].items() for p in ps}
    after = {" ".join(p.lower().split()): q for q, ps in d["after"].items() for p in ps}
    return before, after


@cache
def _before_re() -> re.Pattern[str]:
    # the phrase must start a word and be followed only by white space up to the number
    return re.compile(rf"(?:^|(?<=[^\w.]))({_alt(list(_tables()[0]))})\s+$", re.IGNORECASE)


@cache
def _after_re() -> re.Pattern[str]:
    alts = []
    for p in _tables()[1]:
        words = r"\s+".join(re.escape(w) for w in p.split())
        alts.append(words if p.startswith("-") else rf"\s+{words}")
    return re.compile(rf"(?:{'|'.join(sorted(alts, key=len, reverse=True))})(?![\w-])", re.IGNORECASE)


@cache
def _last_words() -> frozenset[str]:
    return frozenset(p.split()[-1] for p in _tables()[0])


def prev_word(text: str, pos: int) -> str:
    """The word (lower case, without final punctuation) right before ``pos``, white space skipped."""
    b = pos
    while b > 0 and text[b - 1] in " \t\u00a0":
        b -= 1
    a = b
    while a > 0 and b - a < 30 and not text[a - 1].isspace():
        a -= 1
    return text[a:b].lower()


def qualifier_before(text: str, start: int) -> tuple[str, str, int] | None:
    """(symbol, phrase, phrase start) of the hedge written right before ``text[start]``."""
    if prev_word(text, start) not in _last_words():
        return None  # the common case, decided without a regex search
    m = _before_re().search(text, max(0, start - 40), start)
    if not m:
        return None
    phrase = " ".join(m.group(1).lower().split())
    return _tables()[0][phrase], phrase, m.start(1)


def qualifier_after(text: str, end: int) -> tuple[str, str, int] | None:
    """(symbol, phrase, phrase end) of a hedge written right after a number or its unit."""
    m = _after_re().match(text, end)
    if not m:
        return None
    phrase = " ".join(m.group(0).lower().split())
    return _tables()[1][phrase], phrase, m.end()
