"""Name mentions: runs of capitalised words in a sentence, with titles, possessives and hyphens handled.

No statistical model: a name is a run of capitalised words ("Wagner Group", "Serhii Cherevatyi") that are
not common words (``names_common.txt``); a title before it ("President", "Mr") is recorded but not part of
it; a possessive ends it ("Ukraine's" -> "Ukraine"); a hyphenated word keeps its capitalised part
("Russian-installed" -> "Russian", "pro-Moscow" -> "Moscow"). Words opening a sentence or standing in a
headline are kept but flagged: whether they are names is decided with the whole corpus (``cluster``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from factcheck.model import Mention, Sentence
from factcheck.names.lexicon import NameLexicon, name_lexicon
from factcheck.names.similarity import fold

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*(?:-[^\W\d_]+(?:['’][^\W\d_]+)*)*")
# words starting with a lower-case ASCII letter or any non-ASCII letter (filtered by ``islower`` after);
# the look-behind (no letter before) follows the first character so that the scan can skip to candidates
_LOWERISH_WORD = re.compile(r"[a-z\u00c0-\uffff](?<![^\W\d_][\s\S])[^\W\d_]*")
_OPENERS = frozenset("“\"‘:([")
_CLOSERS = ".!?…\"”’)"


@dataclass(frozen=True, kw_only=True)
class NameMention(Mention):
    """A proper name in the text. ``tokens`` are its words as written (possessive removed)."""

    kind: str = "name"
    tokens: tuple[str, ...]
    token_spans: tuple[tuple[int, int], ...]  # offsets of each token in the document text
    title: str | None = None  # the title before the name, folded ("mr", "president")
    features: tuple[str, ...] = ()  # categories of feature words in the name ("water", "organisation")
    initial: bool = False  # the first word opens a sentence (or a quotation)
    headline: bool = False  # the sentence looks like a headline (most words capitalised)

    keys: tuple[str, ...] = ()  # the folded tokens (computed when not given): what names are compared by

    def __post_init__(self) -> None:
        if not self.keys:
            object.__setattr__(self, "keys", tuple(fold(t) for t in self.tokens))

    @property
    def normalized(self) -> str:
        return " ".join(self.tokens)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"normalized": self.normalized, "tokens": list(self.tokens)}
        if self.title:
            out["title"] = self.title
        if self.features:
            out["features"] = list(self.features)
        if self.initial:
            out["initial"] = True
        if self.headline:
            out["headline"] = True
        return out


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _pieces(word: str, start: int) -> tuple[str, int, bool, bool]:
    """The capitalised part of one word: (text, offset, run may continue before, run may continue after)."""
    end_ok = True
    if word[-2:].lower() in ("'s", "’s"):
        word = word[:-2]
        end_ok = False  # a possessive ends the name: "Ukraine's Serhiy Cherevatyi" is two names
    parts = word.split("-")
    caps = [_capitalised(p) for p in parts]
    if all(caps):
        return word, start, True, end_ok
    if caps[0]:
        n = caps.index(False)
        return "-".join(parts[:n]), start, True, False
    if any(caps):
        i = caps.index(True)
        offset = start + sum(len(p) + 1 for p in parts[:i])
        text = "-".join(parts[i:])
        return (text, offset, False, end_ok) if all(caps[i:]) else ("", start, False, False)
    return "", start, False, False


_NEXT_WORD = re.compile(r"[ \t]+([a-z]+)")
_PREV_WORD = re.compile(r"(?:^|\W)(the)[ \t]+$")


def _context_features(text: str, start: int, end: int, lex: NameLexicon) -> set[str]:
    """Kinds of thing the words around a name say it is: "the Steinach river" is water, "the Kremlin"
    takes the article ("definite") as rivers, regions and institutions do and towns and people don't."""
    out = set()
    m = _NEXT_WORD.match(text, end)
    if m and m.group(1) in lex.features:
        out.add(lex.features[m.group(1)])
    if _PREV_WORD.search(text, max(0, start - 5), start):
        out.add("definite")
    return out


def _is_headline(text: str, sentence: Sentence, words: list[re.Match[str]]) -> bool:
    body = text[sentence.start : sentence.end].rstrip()
    if not body or body[-1] in _CLOSERS:
        return False
    long_words = [m.group() for m in words if len(m.group()) >= 4]
    caps = sum(1 for w in long_words if _capitalised(w))
    return caps >= 2 and caps >= 0.6 * len(long_words)


def lowercase_words(text: str) -> set[str]:
    """Words written in lower case somewhere in ``text`` ("drone" in "the drone fell")."""
    return {w for w in set(_LOWERISH_WORD.findall(text)) if w[0].islower()}


def extract_names(text: str, sentences: list[Sentence]) -> list[NameMention]:
    lex = name_lexicon()
    lower_words = lowercase_words(text)
    out: list[NameMention] = []
    for sentence in sentences:
        words = list(_WORD.finditer(text, sentence.start, sentence.end))
        _names_in_sentence(text, sentence, words, lex, lower_words, out)
    return out


class _Run:
    def __init__(self) -> None:
        self.tokens: list[tuple[str, int]] = []
        self.pending_particles: list[tuple[str, int]] = []
        self.title: str | None = None
        self.initial = False


def _names_in_sentence(
    text: str,
    sentence: Sentence,
    words: list[re.Match[str]],
    lex: NameLexicon,
    lower_words: set[str],
    out: list[NameMention],
) -> None:
    headline = _is_headline(text, sentence, words)
    run = _Run()
    title: str | None = None
    prev_end = sentence.start
    can_continue = False

    def flush() -> None:
        nonlocal run
        tokens = run.tokens
        if not tokens and not run.pending_particles:
            return
        if tokens and run.initial and fold(tokens[0][0]) in lower_words:
            # "Drone shots…": a sentence-initial word this article also writes in lower case is not a name
            tokens = tokens[1:]
            run.initial = False
        if tokens:
            first, last = tokens[0], tokens[-1]
            keys = [fold(t) for t, _ in tokens]
            feats = {lex.features[k] for k in keys if k in lex.features}
            feats |= _context_features(text, first[1], last[1] + len(last[0]), lex)
            out.append(
                NameMention(
                    start=first[1],
                    end=last[1] + len(last[0]),
                    text=text[first[1] : last[1] + len(last[0])],
                    tokens=tuple(t for t, _ in tokens),
                    token_spans=tuple((o, o + len(t)) for t, o in tokens),
                    title=run.title,
                    features=tuple(sorted(feats)),
                    initial=run.initial,
                    headline=headline,
                    keys=tuple(keys),
                )
            )
        run = _Run()

    for index, m in enumerate(words):
        word = m.group()
        gap = text[prev_end : m.start()]
        prev_end = m.end()
        if word[0].islower() and "-" not in word and not (run.tokens and word in lex.particles):
            # the common case, a lower-case word: it ends any name in progress
            if run.tokens or run.pending_particles:
                flush()
            title = None
            can_continue = False
            continue
        stripped = gap.strip()
        initial = index == 0 or (stripped != "" and stripped[-1] in _OPENERS)
        joined = can_continue and stripped == ""
        piece, offset, before_ok, after_ok = _pieces(word, m.start())
        key = fold(piece)
        all_caps = piece.isupper() and len(piece) > 1
        if not piece or len(piece) < 2 or (key in lex.common and not all_caps):
            if run.tokens and word in lex.particles and joined:
                run.pending_particles.append((word, m.start()))
                can_continue = True
                continue
            flush()
            title = None
            can_continue = False
            continue
        if key in lex.titles and not all_caps:
            flush()
            # a gendered title beats a neutral one: "Mrs Justice Smith" is a woman
            if title is None or lex.titles.get(title) == "neutral":
                title = key
            can_continue = False
            prev_end = m.end() + (1 if text[m.end() : m.end() + 1] == "." else 0)
            continue
        if run.tokens and (not joined or not before_ok):
            flush()
        if not run.tokens:
            run.title = title
            run.initial = initial
        elif run.pending_particles:
            run.tokens.extend(run.pending_particles)
        run.pending_particles = []
        run.tokens.append((piece, offset))
        title = None
        can_continue = after_ok
        if not after_ok:
            flush()
    flush()
