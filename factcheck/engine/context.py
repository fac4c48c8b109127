"""The words around a quantity: what a rule's ``context`` words are matched against, and part-of-a-whole.

The left-hand context runs back from the quantity to the start of its clause (a comma, semicolon, dash,
bracket or a conjunction such as "and") and the right-hand context forward to the end of the clause (commas
do not end it: "500 civilians, which includes children, who are still stuck"). Neither side crosses another
quantity, except a part of a whole ("420 residents, including 15 children, were still residing"), so that
in "17 were killed and 40 injured" the word "injured" belongs to 40 only.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import cached_property, lru_cache
from itertools import accumulate
from operator import itemgetter, not_
from typing import NamedTuple

from factcheck.lexicon import load_yaml

_TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*|[,;:()\[\]—–]|\s-\s")
# the same as one group, with possessive repeats (nothing follows them to give back to: the same tokens)
_TOKEN_SPLIT = re.compile(r"(\w++(?:[-'’.]\w++)*+|[,;:()\[\]—–]|\s-\s)")


@lru_cache(maxsize=1)
def _not_word_start() -> frozenset[str]:
    """What a token that is not a word starts with: its punctuation, white space (``\\s``: str.isspace(), all
    below U+3001)."""
    return frozenset(",;:()[]—–" + "".join(c for c in map(chr, range(0x3001)) if c.isspace()))
_LEFT_STOPS = frozenset(",;:()[]—–-")
_RIGHT_STOPS = frozenset(";:—–-")


@lru_cache(maxsize=1)
def _lexicon() -> dict:
    return load_yaml("engine.yaml")


@lru_cache(maxsize=1)
def part_markers() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(m.lower().split()) for m in _lexicon()["part_markers"])


@lru_cache(maxsize=1)
def clause_words() -> frozenset[str]:
    return frozenset(w.lower() for w in _lexicon()["clause_words"] if " " not in w)


class Token(NamedTuple):
    text: str
    start: int
    end: int
    is_word: bool


def tokens(text: str, start: int, end: int) -> list[Token]:
    # runs for every quantity and its neighbours: one span() and one first character per token
    out: list[Token] = []
    append = out.append
    for m in _TOKEN.finditer(text, start, end):
        t = m.group()
        c = t[0]
        a, b = m.span()
        append(Token(t if c != " " else t.strip(), a, b, c.isalnum() or c == "_"))
    return out


class SentenceTokens:
    """The tokens of one sentence, kept as columns (text, lower case, start, end, is_word), from which the
    tokens of any span within it are taken without scanning the span again: ``between(a, b) ==
    tokens(text, a, b)`` for ``start <= a <= b <= end``."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.start, self.end = text, start, end
        # Columns made by C-level calls, no Python-level work per token: a split keeps the tokens and what is
        # between them (the same tokens as a scan: the pattern looks neither behind nor ahead), so the offsets
        # are the running sums of the pieces' lengths.
        pieces = _TOKEN_SPLIT.split(text[start:end])
        n = len(pieces) // 2
        offsets = list(accumulate(map(len, pieces), initial=start))
        texts = pieces[1::2]
        # a token starts with a word character exactly when it is the word alternative
        self.words = list(map(not_, map(_not_word_start().__contains__, map(itemgetter(0), texts))))
        if text.find(" -", start, end) >= 0:  # a " - " token: tokens() strips those that start with a space
            texts = [t.strip() if t[0] == " " else t for t in texts]
        self.texts = texts
        self.lowers = list(map(str.lower, texts))
        self.starts = offsets[1:2 * n:2]
        self.ends = offsets[2:2 * n + 1:2]

    @cached_property
    def toks(self) -> list[Token]:
        return list(map(Token, self.texts, self.starts, self.ends, self.words))

    def span(self, a: int, b: int) -> tuple[int, int] | None:
        """``(i, j)`` when ``tokens(text, a, b)`` are this sentence's tokens ``i..j-1`` (no token is cut by
        ``a`` or ``b``), else None."""
        if not self.start <= a <= b <= self.end:
            return None
        starts, ends, n = self.starts, self.ends, len(self.ends)
        i = bisect_right(ends, a)
        if i < n and starts[i] < a:
            return None
        j = bisect_right(ends, b, i)
        if j < n and starts[j] < b:
            return None
        return i, j

    def count(self, a: int, b: int) -> int:
        """``len(self.between(a, b))``."""
        cut = self.span(a, b)
        return cut[1] - cut[0] if cut is not None else len(self.between(a, b))

    def ends_part(self, a: int, b: int) -> bool:
        """``is_part(self.between(a, b))``: whether the words just before ``b`` make what follows a part."""
        cut = self.span(a, b)
        if cut is None:
            return is_part(self.between(a, b))
        lowers, words = self.lowers, self.words
        return _part_words([lowers[k] for k in range(max(cut[0], cut[1] - 4), cut[1]) if words[k]])

    def between(self, a: int, b: int) -> list[Token]:
        # A scan of text[a:b] finds the sentence's own tokens from any position not strictly inside one of
        # them (_TOKEN looks neither behind nor ahead past a match, and a shorter text cannot make a match
        # start earlier), until a token of the sentence runs past b; only those edges are scanned again.
        if not self.start <= a <= b <= self.end:
            return tokens(self.text, a, b)
        starts, ends, n = self.starts, self.ends, len(self.ends)
        head: list[Token] = []
        pos = a
        i = bisect_right(ends, pos)  # the first token of the sentence that ends after pos
        if i < n and starts[i] < pos:  # a cuts a token: scan until the scan is back in step
            for t in tokens(self.text, pos, b):
                head.append(t)
                pos = t.end
                i = bisect_right(ends, pos)
                if not (i < n and starts[i] < pos):
                    break
            else:
                return head
        j = bisect_right(ends, b, i)  # tokens i..j-1 lie within [pos, b]
        out = head + self.toks[i:j] if head else self.toks[i:j]
        if j < n and starts[j] < b:  # the next token runs past b: scan what is left of it
            out += tokens(self.text, ends[j - 1] if j > i else pos, b)
        return out

    def context(self, i: int, j: int, start: int, end: int, others: Sequence[tuple[int, int]],
                parts: Sequence[tuple[int, int]], window: int) -> QuantityContext:
        """``context_in(toks[i:j], ...)``, read from the columns."""
        return _context(self.texts, self.lowers, self.starts, self.ends, self.words, i, j, start, end, others,
                        parts, window)


def _overlaps(a: int, b: int, spans: Sequence[tuple[int, int]]) -> bool:
    for x, y in spans:
        if a < y and b > x:
            return True
    return False


class QuantityContext(NamedTuple):
    """The words around a quantity (a named tuple: one is made for every quantity a rule may claim, by
    ``_made``)."""

    left: tuple[str, ...]
    inner: tuple[str, ...]
    right: tuple[str, ...]
    is_part: bool
    text: str  # the three parts joined, what phrases are searched in

    def has(self, phrase: str) -> bool:
        return phrase_in(phrase, self.text)


@lru_cache(maxsize=4096)
def _phrase_re(phrase: str) -> re.Pattern[str]:
    return re.compile(_phrase_pattern(phrase))


def _phrase_pattern(phrase: str) -> str:
    words = phrase.lower().split()
    if not words:
        return r"(?<![\w-])(?![\w-])"
    # The same as r"(?<![\w-])" + body + r"(?![\w-])", with the look-behind moved after the first word
    # (a character before it must not be a word character or hyphen): a pattern that starts with a literal
    # lets the regex engine skip ahead to its occurrences instead of trying the look-behind everywhere.
    rest = "".join(r"\s+" + re.escape(w) for w in words[1:])
    behind = rf"(?<![\w-][\s\S]{{{len(words[0])}}})"
    return re.escape(words[0]) + behind + rest + r"(?![\w-])"


def phrase_in(phrase: str, text: str) -> bool:
    return _phrase_re(phrase).search(text) is not None


@lru_cache(maxsize=1024)
def any_phrase_re(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One search for ``any(phrase_in(p, text) for p in phrases)``: the alternation of the phrases' own
    patterns, each with its own word boundaries and no groups (so it matches wherever one of them does)."""
    return re.compile("|".join(f"(?:{_phrase_pattern(p)})" for p in phrases))


def context_of(text: str, sent_start: int, sent_end: int, start: int, end: int,
               others: Sequence[tuple[int, int]], parts: Sequence[tuple[int, int]], window: int) -> QuantityContext:
    """Context of the quantity at ``text[start:end]`` within its sentence. ``others``: spans of the other
    quantities of the sentence; ``parts``: those of them that are parts of a whole (skipped, not crossed)."""
    return context_in(tokens(text, sent_start, sent_end), start, end, others, parts, window)


def context_in(toks: Sequence[Token], start: int, end: int, others: Sequence[tuple[int, int]],
               parts: Sequence[tuple[int, int]], window: int) -> QuantityContext:
    """``context_of`` given the tokens of ``text[sent_start:sent_end]``."""
    texts = [t.text for t in toks]
    return _context(texts, [t.lower() for t in texts], [t.start for t in toks], [t.end for t in toks],
                    [t.is_word for t in toks], 0, len(toks), start, end, others, parts, window)


def _context(texts: Sequence[str], lowers: Sequence[str], starts: Sequence[int], ends: Sequence[int],
             words: Sequence[bool], i: int, j: int, start: int, end: int, others: Sequence[tuple[int, int]],
             parts: Sequence[tuple[int, int]], window: int) -> QuantityContext:
    """The context of the quantity at ``start:end`` among tokens ``i..j-1``, given as columns (text, lower
    case, start, end, is_word). Tokens come in order and do not overlap: those before the quantity and
    those after it are found by bisection, and the walks away from it stop at the first clause boundary."""
    k1 = bisect_right(ends, start, i, j)  # tokens i..k1-1 end before the quantity
    k2 = bisect_left(starts, end, i, j)  # tokens k2..j-1 start after it
    inner = tuple(lowers[k] for k in range(k1, k2) if starts[k] >= start and ends[k] <= end and words[k])
    clause = clause_words()
    # the walks stop at the nearest tokens another quantity overlaps, found by bisection (tokens are in order)
    left_stop, right_stop = i - 1, j
    for a, b in others:
        first, past = bisect_right(ends, a, i, j), bisect_left(starts, b, i, j)  # the tokens (a, b) overlaps
        if first < past:
            if first < k1:
                left_stop = max(left_stop, min(past, k1) - 1)
            if past > k2:
                right_stop = min(right_stop, max(first, k2))

    left: list[str] = []
    for k in range(k1 - 1, left_stop, -1):
        if texts[k] in _LEFT_STOPS:
            break
        word = lowers[k]
        if word in clause:
            break
        left.append(word)
        if len(left) >= window:
            break
    left.reverse()

    right: list[str] = []
    # a part of a whole is skipped, not crossed (a part is one of the others): with parts, the walk cannot stop
    # at ``right_stop`` but looks at every token's overlaps
    for k in range(k2, j if parts else right_stop):
        if parts:
            if _overlaps(starts[k], ends[k], parts):
                continue
            if _overlaps(starts[k], ends[k], others):
                break
        if texts[k] in _RIGHT_STOPS:
            break
        word = lowers[k]
        if word in clause:
            break
        if words[k]:
            right.append(word)
            if len(right) >= window:
                break
    before = range(max(i, k1 - 4), k1)  # is_part() looks at the last four tokens before the quantity
    return _made(tuple(left), inner, tuple(right), _part_words([lowers[k] for k in before if words[k]]))


_new_tuple = tuple.__new__  # a context made as a tuple is made: its text given


def _made(left: tuple[str, ...], inner: tuple[str, ...], right: tuple[str, ...], part: bool) -> QuantityContext:
    return _new_tuple(QuantityContext, (left, inner, right, part, " ".join((*left, "|", *inner, "|", *right))))


def narrower(ctx: QuantityContext, window: int) -> QuantityContext:
    """The context ``context_in`` gives for ``window`` when ``ctx`` is what it gave for the same quantity
    and tokens with a window at least as wide: the walks away from the quantity are the same, only cut
    sooner (each side keeps at least one word, as the walks do)."""
    keep = max(window, 1)
    if len(ctx.left) <= keep and len(ctx.right) <= keep:
        return ctx  # nothing to cut: the same context
    return _made(ctx.left[len(ctx.left) - keep:] if len(ctx.left) > keep else ctx.left, ctx.inner,
                 ctx.right[:keep], ctx.is_part)


def is_part(before: Sequence[Token]) -> bool:
    """Whether the words just before a quantity make it a part of a whole ("including 15 children")."""
    return _part_words([t.text.lower() for t in before[-4:] if t.is_word])


def _part_words(words: list[str]) -> bool:
    """``is_part`` given the lower-case words among the last four tokens before the quantity."""
    for n, markers in _markers_by_length():
        if len(words) >= n and tuple(words[-n:] if n else words) in markers:
            return True
    return False


@lru_cache(maxsize=1)
def _markers_by_length() -> tuple[tuple[int, frozenset[tuple[str, ...]]], ...]:
    """The part markers grouped by their number of words (an empty marker matches no words at all)."""
    lengths = sorted({len(m) for m in part_markers()})
    return tuple((n, frozenset(m for m in part_markers() if len(m) == n)) for n in lengths)
