"""The words around a quantity: what a rule's ``context`` words are matched against, and part-of-a-whole.

The left-hand context runs back from the quantity to the start of its clause (a comma, semicolon, dash,
bracket or a conjunction such as "and") and the right-hand context forward to the end of the clause (commas
do not end it: "500 civilians, which includes children, who are still stuck"). Neither side crosses another
quantity, except a part of a whole ("559 residents, including 15 children, were still residing"), so that
in "17 were killed and 40 injured" the word "injured" belongs to 40 only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from factcheck.lexicon import load_yaml

_TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*|[,;:()\[\]—–]|\s-\s")
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


def _inside(tok: Token, spans: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    for a, b in spans:
        if tok.start < b and tok.end > a:
            return a, b
    return None


@dataclass(frozen=True)
class QuantityContext:
    left: tuple[str, ...]
    inner: tuple[str, ...]
    right: tuple[str, ...]
    is_part: bool
    text: str = ""  # the three parts joined, what phrases are searched in

    def __post_init__(self) -> None:
        if not self.text:
            object.__setattr__(self, "text", " ".join((*self.left, "|", *self.inner, "|", *self.right)))

    def has(self, phrase: str) -> bool:
        return phrase_in(phrase, self.text)


@lru_cache(maxsize=4096)
def _phrase_re(phrase: str) -> re.Pattern[str]:
    words = phrase.lower().split()
    if not words:
        return re.compile(r"(?<![\w-])(?![\w-])")
    # The same as r"(?<![\w-])" + body + r"(?![\w-])", with the look-behind moved after the first word
    # (a character before it must not be a word character or hyphen): a pattern that starts with a literal
    # lets the regex engine skip ahead to its occurrences instead of trying the look-behind everywhere.
    rest = "".join(r"\s+" + re.escape(w) for w in words[1:])
    behind = rf"(?<![\w-][\s\S]{{{len(words[0])}}})"
    return re.compile(re.escape(words[0]) + behind + rest + r"(?![\w-])")


def phrase_in(phrase: str, text: str) -> bool:
    return _phrase_re(phrase).search(text) is not None


def context_of(text: str, sent_start: int, sent_end: int, start: int, end: int,
               others: Sequence[tuple[int, int]], parts: Sequence[tuple[int, int]], window: int) -> QuantityContext:
    """Context of the quantity at ``text[start:end]`` within its sentence. ``others``: spans of the other
    quantities of the sentence; ``parts``: those of them that are parts of a whole (skipped, not crossed)."""
    toks = tokens(text, sent_start, sent_end)
    before = [t for t in toks if t.end <= start]
    after = [t for t in toks if t.start >= end]
    inner = tuple(t.text.lower() for t in toks if t.start >= start and t.end <= end and t.is_word)

    left: list[str] = []
    for t in reversed(before):
        if t.text in _LEFT_STOPS or _inside(t, others) or t.text.lower() in clause_words():
            break
        left.append(t.text.lower())
        if len(left) >= window:
            break
    left.reverse()

    right: list[str] = []
    for t in after:
        if _inside(t, parts):
            continue
        if t.text in _RIGHT_STOPS or _inside(t, others) or t.text.lower() in clause_words():
            break
        if t.is_word:
            right.append(t.text.lower())
            if len(right) >= window:
                break
    return QuantityContext(tuple(left), inner, tuple(right), is_part(before))


def is_part(before: Sequence[Token]) -> bool:
    """Whether the words just before a quantity make it a part of a whole ("including 15 children")."""
    words = [t.text.lower() for t in before[-4:] if t.is_word]
    for marker in part_markers():
        if len(words) >= len(marker) and tuple(words[-len(marker):]) == marker:
            return True
    return False
