"""Does a sentence speak of the past or the future around a mention? Cheap word-list heuristics, no parser."""

from __future__ import annotations

import re
from functools import cache

from factcheck.dates.words import ascii_lowered, date_words, first_words, may_contain, phrase_matcher

_ED = re.compile(r"(?<![\w'’])[a-z]{3,}ed(?![\w'’])")
WINDOW_WORDS = 8  # "will meet on Monday", "is expected to vote Thursday": the marker is a few words before
# ``words_before`` looks back at most this many characters a word: a sentence may be a whole unpunctuated file
CHARS_A_WORD = 25


def words_before(text: str, lo: int, hi: int, n: int = WINDOW_WORDS) -> str:
    """The last ``n`` words of ``text[lo:hi]``, as text."""
    lo = max(lo, hi - CHARS_A_WORD * n)
    m = _last_words(n).match(text[lo:hi][::-1])
    return text[hi - m.end() : hi] if m else ""


@cache
def _last_words(n: int) -> re.Pattern[str]:
    """``n`` words, and the non-word characters after each, read backwards from the end of a reversed text."""
    return re.compile(rf"(?:[^\w'’]*[\w'’]+){{1,{n}}}")


@cache
def _future() -> re.Pattern[str]:
    return phrase_matcher(date_words().future_markers)


@cache
def _future_words() -> object:
    return first_words(date_words().future_markers)


@cache
def _past() -> re.Pattern[str]:
    return phrase_matcher(date_words().past_markers)


_CLAUSE_END = re.compile(r"[,;:()\"“”—–]|\s-\s")


def future_before(text: str, sentence_start: int, start: int) -> bool:
    """A future marker among the few words before ``start``, within its clause: in "the state would pay,
    he said on Thursday" the "would" belongs to another clause than "Thursday"."""
    # No future marker at all (most mentions): the words and clauses need not be found. Tested first on all
    # the text ``words_before`` reads from, which holds its window (and a marker there is found there too).
    reach = max(sentence_start, start - CHARS_A_WORD * WINDOW_WORDS)
    if not may_contain(ascii_lowered(text[reach:start]), _future_words()):
        return False
    window = words_before(text, sentence_start, start)
    if not may_contain(ascii_lowered(window), _future_words()):
        return False
    ends = [m.end() for m in _CLAUSE_END.finditer(window)]
    return bool(_future().search(window, ends[-1] if ends else 0))


def future_in(text: str) -> bool:
    return bool(_future().search(text))


def past_in(text: str, extra: re.Pattern[str] | None = None) -> bool:
    """A past-tense marker in ``text``: a listed verb or auxiliary, an event verb, or a word ending in -ed."""
    if _past().search(text) or (extra is not None and extra.search(text)):
        return True
    not_past = date_words().not_past
    return any(m.group(0).lower() not in not_past for m in _ED.finditer(text.lower()))
