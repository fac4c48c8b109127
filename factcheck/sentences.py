"""Sentence segmentation with offsets, for news prose.

A full stop ends a sentence unless it belongs to an abbreviation (``Feb.``, ``U.S.``, ``Mr.``, ``a.m.``,
``No. 5``), an initial (``John F. Kennedy``) or a decimal (``2.5``). A blank line (paragraph break) always
ends one, and so does a line that looks like a headline (no final punctuation, followed by a line break).
"""

from __future__ import annotations

import re
from functools import lru_cache

from factcheck.lexicon import load_lines
from factcheck.model import Sentence

_PARAGRAPH = re.compile(r"(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)\s*")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# A candidate end: terminal punctuation, optional closing quotes/brackets, then white space.
_END = re.compile(r"([.!?…]+)([\"'”’)\]]*)(?=\s)")
_WORD_BEFORE = re.compile(r"([\w.&'-]+)$")


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    return frozenset(w.lower() for w in load_lines("abbreviations.txt"))


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the ``.`` at ``text[dot]`` closes an abbreviation or initial rather than a sentence."""
    # the token before the dot, back to the last white space within 40 characters (str methods on a short
    # slice: no regex search per dot)
    seg = text[max(0, dot - 40) : dot]
    if not seg or seg[-1].isspace():
        return False
    kind = _token_kind(seg.rsplit(None, 1)[-1])
    if kind is _ACRONYM_WORD:  # U.S, a.m, e.g
        nxt = _next_word(text, dot + 1)
        # "in the U.S. The next…", "at 5 p.m. Then…": a capitalised common word after an acronym starts a
        # new sentence (a name after it, "U.S. Army", does not)
        return not (nxt and nxt[0].isupper() and nxt.lower() in _sentence_starters())
    return kind


_ACRONYM_WORD = "acronym"


@lru_cache(maxsize=8192)
def _token_kind(token: str) -> bool | str:
    """What the token before a dot makes of it: ``_ACRONYM_WORD`` (decided by the next word), True (an
    abbreviation or initial) or False. Cached: the same words end many sentences."""
    m = _WORD_BEFORE.search(token)
    if not m:
        return False
    word = m.group(1)
    if "." in word and _ACRONYM.fullmatch(word):
        return _ACRONYM_WORD
    if word.lower().strip("'") in abbreviations():
        # "No." and "Gen." end a sentence only before a lower-case word in practice; keep them joined.
        return True
    return len(word) == 1 and word.isupper()  # an initial: "John F. Kennedy"


@lru_cache(maxsize=1)
def _sentence_starters() -> frozenset[str]:
    return frozenset({"the", "a", "an", "he", "she", "it", "they", "we", "i", "but", "and", "this", "that",
                      "in", "on", "at", "as", "after", "before", "meanwhile", "however", "there", "its",
                      "his", "her", "their", "officials", "police", "when", "while", "if", "then", "next",
                      "later", "you", "some", "many", "most", "one", "two", "three", "no",
                      "so", "yet", "still", "now", "today", "earlier", "since", "for", "with",
                      "what", "who", "why", "how", "our", "my", "these", "those", "both", "all"})


_NEXT_WORD = re.compile(r"\s*([\w\"“‘'(]+)")
_ACRONYM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")


def _next_word(text: str, i: int) -> str:
    m = _NEXT_WORD.match(text, i)
    return m.group(1).lstrip("\"“‘'(") if m else ""


def _split_block(text: str, start: int, end: int, paragraph: int, out: list[Sentence]) -> None:
    """Split ``text[start:end]`` (one paragraph) into sentences appended to ``out``."""
    # A line break inside a paragraph ends a sentence when the line has no final punctuation (headlines,
    # bylines, list items); otherwise it is a soft wrap.
    pieces: list[tuple[int, int]] = []
    cur = start
    for m in _LINE_BREAK.finditer(text, start, end):
        line = text[cur : m.start()].rstrip()
        if line and (line[-1] not in ",;:-–—(" or len(line) < 60):
            pieces.append((cur, m.start()))
            cur = m.end()
    pieces.append((cur, end))
    for a, b in pieces:
        s = a
        for m in _END.finditer(text, a, b):
            dot = m.start(1)
            if m.group(1) == "." and not m.group(2):
                if _is_abbreviation(text, dot):
                    continue
                if not text[dot - 1 : dot].isdigit():
                    nxt = _next_word(text, m.end())
                    if nxt and (nxt[0].islower() or nxt[0].isdigit()):
                        # "No. 5", "approx. five": a lower-case continuation is not a new sentence
                        continue
            _emit(text, s, m.end(), paragraph, out)
            s = m.end()
        _emit(text, s, b, paragraph, out)


def _emit(text: str, a: int, b: int, paragraph: int, out: list[Sentence]) -> None:
    seg = text[a:b]
    inner = seg.strip()  # str.strip and str.isspace agree on what white space is
    if inner:
        a += len(seg) - len(seg.lstrip())
        out.append(Sentence(a, a + len(inner), paragraph))


def split_sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    paragraph = 0
    cur = 0
    for m in _PARAGRAPH.finditer(text):
        _split_block(text, cur, m.start(), paragraph, out)
        paragraph += 1
        cur = m.end()
    _split_block(text, cur, len(text), paragraph, out)
    return out


def sentence_at(sentences: list[Sentence], offset: int) -> Sentence | None:
    """The sentence containing ``offset`` (binary search; sentences are sorted and disjoint)."""
    lo, hi = 0, len(sentences)
    while lo < hi:
        mid = (lo + hi) // 2
        s = sentences[mid]
        if offset < s.start:
            hi = mid
        elif offset >= s.end:
            lo = mid + 1
        else:
            return s
    return None
