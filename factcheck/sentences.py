"""Sentence segmentation with offsets, for news prose.

A full stop ends a sentence unless it belongs to an abbreviation (``Feb.``, ``U.S.``, ``Mr.``, ``a.m.``,
``No. 5``), an initial (``John F. Kennedy``) or a decimal (``2.5``). A blank line (paragraph break) always
ends one, and so does a line that looks like a headline (no final punctuation, followed by a line break).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache
from operator import attrgetter

from factcheck.lexicon import load_lines
from factcheck.model import Sentence

_START = attrgetter("start")

_WORD_BEFORE = re.compile(r"([\w.&'-]+)$")


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    return frozenset(w.lower() for w in load_lines("abbreviations.txt"))


def _acronym_continues(text: str, dot: int) -> bool:
    """Whether the sentence goes on after the acronym whose final dot is ``text[dot]``."""
    nxt = _next_word(text, dot + 1)
    # "in the U.S. The next…", "at 5 p.m. Then…": a capitalised common word after an acronym starts a
    # new sentence (a name after it, "U.S. Army", does not)
    return not (nxt and nxt[0].isupper() and nxt.lower() in _sentence_starters())


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


# One pass over the whole text finds paragraph breaks, line breaks and candidate sentence ends together: the
# same spans as finding paragraphs, then the line breaks in each, then the ends in each line would (a
# candidate end holds no white space, so it never straddles a break, and one whose look-ahead sees the break
# right after it ends the sentence where the break does anyway). Every alternative starts with one of a few
# characters, and the pattern says so first: ``re`` then skips to those characters without trying the
# alternatives at every position. Empty groups tell which alternative matched (``lastindex``).
@lru_cache(maxsize=1)
def _scan_re() -> re.Pattern[str]:
    # Two common full stops end a sentence without a look at the words around them: after three lower-case
    # letters that end no abbreviation, before a space and a capital (the word before is no initial, acronym
    # or abbreviation, and the next does not continue the sentence); and at the end of a line (the line break
    # right after it would end the sentence there anyway).
    tails = sorted({w[-3:] for w in abbreviations() if len(w) >= 3 and re.fullmatch("[a-z]{3}", w[-3:])})
    not_abbreviation = f"(?<!(?:{'|'.join(tails)})\\.)" if tails else ""
    return re.compile(
        r"[\r\n.!?…](?:"
        rf"(?:(?<=[a-z][a-z][a-z]\.){not_abbreviation}(?= [A-Z])|(?<=\.)(?=[ \t]*[\r\n]))()"  # 1: those
        r"|(?<=\.)(?=\s)()"  # 2: any other lone full stop: maybe an abbreviation, an initial or "No. 5"
        # 3: a line break; 4: a paragraph break, a blank line ("\r\n" alone is one too: the first "\r\n|\r|\n"
        # of the original pattern may take the "\r" alone, the second the "\n")
        r"|(?<=[\r\n])()(?:[ \t]*[\r\n]\s*())?"
        r"|(?<=[.!?…])[.!?…]*[\"'”’)\]]*(?=\s)"  # any other end: terminal punctuation, closing quotes/brackets
        r")"
    )


_SOFT_WRAP_ENDS = frozenset(",;:-–—(")

# ``Sentence(...)`` sets its three slots through ``object.__setattr__`` (it is frozen); setting them through
# the slot descriptors gives the same object in about half the time (one per sentence of every article).
_new = object.__new__
_set_start = Sentence.start.__set__  # type: ignore[attr-defined]
_set_end = Sentence.end.__set__  # type: ignore[attr-defined]
_set_paragraph = Sentence.paragraph.__set__  # type: ignore[attr-defined]


def split_sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    paragraph = 0
    s = 0  # where the current sentence starts (white space not yet skipped)
    cur = 0  # where the current line group starts (lines joined by soft wraps)
    append = out.append
    new, set_start, set_end, set_paragraph = _new, _set_start, _set_end, _set_paragraph
    token_kind = _token_kind
    for m in _scan_re().finditer(text):
        g = m.lastindex
        if g is None or g < 3:
            if g == 2:
                dot = m.start()
                b = dot + 1
                # an abbreviation or initial rather than a sentence end? The token before the dot, back to the
                # last white space within 40 characters (str methods on a short slice, no regex search)
                tail = text[dot - 40 if dot > 40 else 0 : dot]
                if tail and not tail[-1].isspace():
                    kind = token_kind(tail.rsplit(None, 1)[-1])
                    if kind is True or (kind is _ACRONYM_WORD and _acronym_continues(text, dot)):
                        continue
                if not text[dot - 1 : dot].isdigit():
                    nxt = _next_word(text, b)
                    if nxt and (nxt[0].islower() or nxt[0].isdigit()):
                        # "No. 5", "approx. five": a lower-case continuation is not a new sentence
                        continue
            else:
                b = m.end()
            # the sentence ends with the punctuation: only white space before it to skip
            a = b - len(text[s:b].lstrip())
            sent = new(Sentence)
            set_start(sent, a)
            set_end(sent, b)
            set_paragraph(sent, paragraph)
            append(sent)
            s = b
            continue
        b = m.start()
        if g == 3:
            # A line break inside a paragraph ends a sentence when the line has no final punctuation
            # (headlines, bylines, list items); otherwise it is a soft wrap.
            line = text[cur:b].rstrip()
            if not line or (line[-1] in _SOFT_WRAP_ENDS and len(line) >= 60):
                continue
        else:
            paragraph += 1  # (the sentence before the break is still in the paragraph before)
        seg = text[s:b]
        inner = seg.strip()  # str.strip and str.isspace agree on what white space is
        if inner:
            a = s + len(seg) - len(seg.lstrip()) if seg[0].isspace() else s
            sent = new(Sentence)
            set_start(sent, a)
            set_end(sent, a + len(inner))
            set_paragraph(sent, paragraph - 1 if g == 4 else paragraph)
            append(sent)
        s = cur = m.end()
    seg = text[s:]
    inner = seg.strip()
    if inner:
        a = s + len(seg) - len(seg.lstrip())
        out.append(Sentence(a, a + len(inner), paragraph))
    return out


def sentence_index(sentences: Sequence[Sentence], offset: int) -> int:
    """The index of the sentence containing ``offset``, or -1 (a binary search in C: sentences are sorted and
    disjoint)."""
    i = bisect_right(sentences, offset, key=_START) - 1
    return i if i >= 0 and offset < sentences[i].end else -1


def sentence_at(sentences: Sequence[Sentence], offset: int) -> Sentence | None:
    """The sentence containing ``offset``, or None."""
    i = sentence_index(sentences, offset)
    return sentences[i] if i >= 0 else None
