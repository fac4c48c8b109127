"""Does a sentence speak of the past or the future around a mention? Cheap word-list heuristics, no parser."""

from __future__ import annotations

import re
from functools import cache

from factcheck.dates.words import date_words, phrase_matcher

_WORD = re.compile(r"[\w'’]+")
_ED = re.compile(r"(?<![\w'’])[a-z]{3,}ed(?![\w'’])")
WINDOW_WORDS = 8  # "will meet on Monday", "is expected to vote Thursday": the marker is a few words before


def words_before(text: str, lo: int, hi: int, n: int = WINDOW_WORDS) -> str:
    """The last ``n`` words of ``text[lo:hi]``, as text."""
    lo = max(lo, hi - 25 * n)  # a sentence may be a whole unpunctuated file: look back a bounded distance
    ws = list(_WORD.finditer(text, lo, hi))[-n:]
    return text[ws[0].start() : hi] if ws else ""


@cache
def _future() -> re.Pattern[str]:
    return phrase_matcher(date_words().future_markers)


@cache
def _past() -> re.Pattern[str]:
    return phrase_matcher(date_words().past_markers)


_CLAUSE_END = re.compile(r"[,;:()\"“”—–]|\s-\s")


def future_before(text: str, sentence_start: int, start: int) -> bool:
    """A future marker among the few words before ``start``, within its clause: in "the state would pay,
    he said on Thursday" the "would" belongs to another clause than "Thursday"."""
    window = words_before(text, sentence_start, start)
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
