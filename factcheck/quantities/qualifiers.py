"""Hedges around a number ("about", "more than", "up to", "or so"), from ``data/qualifiers.yaml``.

Four qualifiers: "=" exact, "~" approximate, ">" lower bound, "<" upper bound.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from factcheck.lexicon import load_yaml
from factcheck.quantities.numbers import first_letters


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
def _after_re() -> re.Pattern[str]:
    alts = []
    for p in _tables()[1]:
        words = r"\s+".join(re.escape(w) for w in p.split())
        alts.append(words if p.startswith("-") else rf"\s+{words}")
    return re.compile(rf"(?:{'|'.join(sorted(alts, key=len, reverse=True))})(?![\w-])", re.IGNORECASE)


@cache
def _after_leads() -> frozenset[str]:
    """First characters of the hedges written right after a number without a space ("-odd", "-plus")."""
    return frozenset(p[0] for p in _tables()[1] if p.startswith("-"))


@cache
def _last_words() -> frozenset[str]:
    return frozenset(p.split()[-1] for p in _tables()[0])


def prev_word(text: str, pos: int) -> str:
    """The word (lower case, without final punctuation) right before ``pos``, white space skipped."""
    # str methods on a short slice rather than a loop over characters: this runs several times per number
    if pos > 1 and text[pos - 1] == " " and text[pos - 2] not in " \t\u00a0":
        # the common case, one space after the word: no run of blanks to skip
        tail = text[pos - 31 if pos > 31 else 0 : pos - 1]
        return "" if tail[-1].isspace() else tail.rsplit(None, 1)[-1].lower()
    lo = pos - 64
    seg = text[max(0, lo) : pos]
    stripped = seg.rstrip(" \t\u00a0")
    if stripped or lo <= 0:
        b = pos - (len(seg) - len(stripped))
    else:  # a long run of blanks: walk back over it
        b = lo
        while b > 0 and text[b - 1] in " \t\u00a0":
            b -= 1
    tail = text[max(0, b - 30) : b]
    if not tail or tail[-1].isspace():
        return ""
    return tail.rsplit(None, 1)[-1].lower()


def qualifier_before(text: str, start: int, prev: str | None = None) -> tuple[str, str, int] | None:
    """(symbol, phrase, phrase start) of the hedge written right before ``text[start]``; ``prev`` is
    ``prev_word(text, start)`` when the caller has it already."""
    if prev is None:
        prev = prev_word(text, start)
    if prev not in _last_words():
        return None  # the common case, decided without a regex search
    # A hedge phrase starts a word and is followed only by white space up to the number; it must end where
    # the blanks before the number begin, so only the phrases that can end with ``prev`` (their last word a
    # suffix of it) are tried. Found backwards: one anchored match on the window (40 characters) reversed
    # instead of a search trying every offset of it (see ``_before_re_reversed``)
    lo = start - 40 if start > 40 else 0
    rev = text[lo - 1 : start][::-1] if lo > 0 else text[:start][::-1] + " "
    m = _before_re_reversed(prev).match(rev)
    if not m:
        return None
    phrase = _normal(m.group(1)[::-1])
    return _tables()[0][phrase], phrase, start - m.end(1)


@cache
def _before_re_reversed(last: str) -> re.Pattern[str]:
    """The hedge phrases that can end with ``last`` (the word before the number), for the window read
    backwards from the number, with the character before the window (or a blank at the start of the text) as
    its last: the blanks, then a phrase spelt backwards, then what may stand before a phrase (not a word
    character or "."). A forward search would find the leftmost start, i.e. the longest phrase ending at the
    blanks (two that match are suffixes of one text); the alternatives are tried longest first, so the first
    that matches is that one."""
    phrases = sorted({p for p in _tables()[0] if last.endswith(p.split()[-1])}, key=len, reverse=True)
    alt = "|".join(r"\s+".join(re.escape(w[::-1]) for w in reversed(p.split())) for p in phrases)
    return re.compile(rf"\s+({alt})(?=[^\w.])", re.IGNORECASE)


@lru_cache(maxsize=1024)
def _normal(phrase: str) -> str:
    """A phrase as the tables hold it: lower case, single spaces."""
    return " ".join(phrase.lower().split())


@cache
def _after_first_letters() -> frozenset[str] | None:
    """``numbers.first_letters`` of the hedges written after white space ("or so", "plus")."""
    return first_letters([p for p in _tables()[1] if not p.startswith("-")])


def qualifier_after(text: str, end: int) -> tuple[str, str, int] | None:
    """(symbol, phrase, phrase end) of a hedge written right after a number or its unit."""
    c = text[end : end + 1]
    if not (c.isspace() or c in _after_leads()):
        return None  # every phrase starts with white space or its own first character: decided without a match
    if c == " ":
        # after one blank, an ASCII character that starts no phrase rules them all out (most numbers)
        d = text[end + 1 : end + 2]
        firsts = _after_first_letters()
        if d.isascii() and not d.isspace() and firsts is not None and d not in firsts:
            return None
    m = _after_re().match(text, end)
    if not m:
        return None
    phrase = _normal(m.group(0))
    return _tables()[1][phrase], phrase, m.end()
