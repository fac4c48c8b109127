"""Name mentions: runs of capitalised words in a sentence, with titles, possessives and hyphens handled.

No statistical model: a name is a run of capitalised words ("Wagner Group", "Serhii Cherevatyi") that are
not common words (``names_common.txt``); a title before it ("President", "Mr") is recorded but not part of
it; a possessive ends it ("Ukraine's" -> "Ukraine"); a hyphenated word keeps its capitalised part
("Russian-installed" -> "Russian", "pro-Moscow" -> "Moscow"). Words opening a sentence or standing in a
headline are kept but flagged: whether they are names is decided with the whole corpus (``cluster``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from functools import lru_cache
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
    if "-" not in word:  # the common case, one part: what the general code below gives for it
        return (word, start, True, end_ok) if word[:1].isupper() else ("", start, False, False)
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


def _is_headline(text: str, sentence: Sentence) -> bool:
    body = text[sentence.start : sentence.end].rstrip()
    if not body or body[-1] in _CLOSERS:
        return False  # most sentences: the words need not be split
    long_words = [w for w in _WORD.findall(text, sentence.start, sentence.end) if len(w) >= 4]
    caps = sum(1 for w in long_words if _capitalised(w))
    return caps >= 2 and caps >= 0.6 * len(long_words)


def lowercase_words(text: str) -> set[str]:
    """Words written in lower case somewhere in ``text`` ("drone" in "the drone fell")."""
    return {w for w in set(_LOWERISH_WORD.findall(text)) if w[0].islower()}


_FIRST_LOWERISH = re.compile(r"[a-z\u00c0-\uffff][^\W\d_]*").fullmatch
_IS_LETTER = re.compile(r"[^\W\d_]").match


class _WrittenLowercase:
    """``key in self`` answers ``key in lowercase_words(text)`` by looking for ``key`` in the text.

    Only a few sentence-initial words per article are asked about, so finding each with ``str.find`` is
    much cheaper than listing every word; the full list is built only when an occurrence is preceded by a
    non-ASCII non-letter, where ``_LOWERISH_WORD``'s scan could have started a word before it.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.answers: dict[str, bool] = {}
        self.words: set[str] | None = None

    def __contains__(self, key: str) -> bool:
        answer = self.answers.get(key)
        if answer is None:
            answer = self.answers[key] = self._written(key)
        return answer

    def _written(self, key: str) -> bool:
        if not _FIRST_LOWERISH(key) or not key[0].islower():
            return False  # not a word ``lowercase_words`` could list
        text, n = self.text, len(key)
        i = text.find(key)
        while i >= 0:
            # an occurrence is the word when no letter touches it and the scan starts a word at it
            if not _IS_LETTER(text, i + n) and (i == 0 or not _IS_LETTER(text, i - 1)):
                if i == 0 or text[i - 1] < "\x80":
                    return True
                if self.words is None:
                    self.words = lowercase_words(text)
                return key in self.words
            i = text.find(key, i + 1)
        return False


_LETTER = r"[^\W\d_]"


@lru_cache(maxsize=4)
def _token_pattern(particles: frozenset[str]) -> re.Pattern[str]:
    """Words as ``_WORD`` splits them, but a stretch of plain words is read with the word after it.

    A plain word has only ASCII lower-case letters (with apostrophes or hyphens): it can only end the name in
    progress, so the Python loop need not see it. Each match is a stretch of plain words (group 1) and the
    word after it (group 2), or a word with no stretch before it (group 3); the loop runs once per word that
    may be a name (about one word in six), not once per word. The stretch is one fast character-class loop,
    backed off to the end of its last plain word (the letter that stopped it may be inside a word: "pro-Moscow",
    "iPhone"). A particle ("van", "de") opening a stretch is matched as a word: it may join the name before it.
    """
    particle = "|".join(re.escape(p) for p in sorted(particles)) or "(?!)"
    word_ends = rf"(?![-'’]?{_LETTER})"  # where ``_WORD`` ends a word
    # (" .," are in ``\W``: listed first, the commonest characters are matched sooner)
    stretch = rf"(?!(?:{particle}){word_ends})[a-z][a-z .,\W\d_]*(?<=[a-z]){word_ends}"
    return re.compile(rf"({stretch})(?:[\W\d_]*+({_WORD.pattern}))?|({_WORD.pattern})")


# what a word is, out of context (``_word_kind``)
_LOWER, _OTHER, _TITLE, _NAME = range(4)


@lru_cache(maxsize=65536)
def _word_kind(word: str) -> tuple[int, str, int, bool, bool, str]:
    """(kind, name piece, its offset in the word, run may continue before, after, folded piece) of a word.

    Everything about a word that does not depend on the words around it, cached: news text repeats its
    names and capitalised words, and this was most of the per-word work.
    """
    if word[0].islower() and "-" not in word:
        return _LOWER, "", 0, False, False, ""  # ends a name, unless it is a particle joining one ("van")
    piece, offset, before_ok, after_ok = _pieces(word, 0)
    if len(piece) < 2:
        return _OTHER, piece, offset, before_ok, after_ok, ""
    lex = name_lexicon()
    key = fold(piece)
    all_caps = piece.isupper()  # an acronym ("US", "AP") is a name even when it is also a word
    if key in lex.common and not all_caps:
        return _OTHER, piece, offset, before_ok, after_ok, key
    if key in lex.titles and not all_caps:
        return _TITLE, piece, offset, before_ok, after_ok, key
    return _NAME, piece, offset, before_ok, after_ok, key


# a run of name words: [(word, offset, folded word)]
_Tokens = list[tuple[str, int, str]]


def extract_names(text: str, sentences: list[Sentence]) -> list[NameMention]:
    # Hot loop (one pass per sentence, then one ``_flush`` per article): the lexicons are local names, what
    # is not needed for a word is not computed, and each finished run of name words is only queued in
    # ``runs``, to be made a mention after the loop, in the same order.
    lex = name_lexicon()
    tokens_re = _token_pattern(lex.particles)
    particles, titles = lex.particles, lex.titles
    runs: list[tuple[_Tokens, str | None, bool, Sentence]] = []  # (tokens, title, initial, sentence)
    for sentence in sentences:
        run: _Tokens = []
        pending: _Tokens = []  # particles after the run ("van" in "Ludwig van ..."), kept if a name follows
        run_title: str | None = None
        run_initial = False
        title: str | None = None
        prev_end = sentence.start  # where the last word (or a title's full stop) ended
        can_continue = False
        first = True  # the word is the first of the sentence
        for m in tokens_re.finditer(text, sentence.start, sentence.end):
            group = m.lastindex
            if group != 3:
                # plain lower-case words: they end any name in progress
                if run:
                    runs.append((run, run_title, run_initial, sentence))
                    run, pending = [], []
                title = None
                can_continue = False
                first = False
                if group == 1:
                    continue  # nothing after them in the sentence
                prev_end = m.end(1)
            gap_start = prev_end
            start, prev_end = m.span(group)
            word = text[start:prev_end]
            kind, piece, offset, before_ok, after_ok, key = _word_kind(word)
            if kind == _NAME:
                stripped = text[gap_start:start].strip()
                if run and (not can_continue or stripped or not before_ok):
                    runs.append((run, run_title, run_initial, sentence))
                    run, pending = [], []
                if not run:
                    run_title = title
                    run_initial = first or (stripped != "" and stripped[-1] in _OPENERS)
                elif pending:
                    run.extend(pending)
                    pending = []
                run.append((piece, start + offset, key))
                title = None
                can_continue = after_ok
                if not after_ok:
                    runs.append((run, run_title, run_initial, sentence))
                    run, pending = [], []
            elif kind == _TITLE:
                if run:
                    runs.append((run, run_title, run_initial, sentence))
                    run, pending = [], []
                # a gendered title beats a neutral one: "Mrs Justice Smith" is a woman
                if title is None or titles.get(title) == "neutral":
                    title = key
                can_continue = False
                prev_end = m.end() + (1 if text[m.end() : m.end() + 1] == "." else 0)
            elif run and can_continue and word in particles and not text[gap_start:start].strip():
                pending.append((word, start, fold(word)))  # "van" after "Ludwig": kept if a name follows
                can_continue = True
            else:
                # any other word ends the name in progress
                if run:
                    runs.append((run, run_title, run_initial, sentence))
                    run, pending = [], []
                title = None
                can_continue = False
            first = False
        if run:
            runs.append((run, run_title, run_initial, sentence))
    out: list[NameMention] = []
    if runs:
        _flush(text, runs, lex, out)
    return out


_new_object = object.__new__
_BLANK = (" ", "\t")
_BLANK_OR_NEWLINE = " \t\n"  # ``$`` in ``_PREV_WORD`` also matches before a final newline


def _flush(
    text: str, runs: list[tuple[_Tokens, str | None, bool, Sentence]], lex: NameLexicon, out: list[NameMention]
) -> None:
    """The mentions of an article's runs of name words, appended to ``out`` in order."""
    features = lex.features
    lower_words = _WrittenLowercase(text)
    headline_of: Sentence | None = None
    headline = False
    for tokens, title, initial, sentence in runs:
        if sentence is not headline_of:
            headline_of, headline = sentence, _is_headline(text, sentence)
        if initial and tokens[0][2] in lower_words:
            # "Drone shots…": a sentence-initial word this article also writes in lower case is not a name
            tokens = tokens[1:]
            initial = False
            if not tokens:
                continue
        if len(tokens) == 1:  # most names are one word: no zipping
            ((word, start, key),) = tokens
            end = start + len(word)
            words, keys, spans = (word,), (key,), ((start, end),)
            feats = {features[key]} if key in features else set()
        else:
            words, offsets, keys = zip(*tokens, strict=True)
            start = offsets[0]
            end = offsets[-1] + len(words[-1])
            spans = tuple([(o, o + len(w)) for w, o, _ in tokens])
            feats = {features[k] for k in keys if k in features}
        # Kinds of thing the words around a name say it is: "the Steinach river" is water, "the Kremlin" takes
        # the article ("definite") as rivers, regions and institutions do and towns and people don't. The
        # regexes need a blank next to the name and "the" before it: that is tested first, more cheaply.
        if text[end : end + 1] in _BLANK:
            m = _NEXT_WORD.match(text, end)
            if m and (next_word := m.group(1)) in features:
                feats.add(features[next_word])
        if (
            start
            and text[start - 1] in _BLANK_OR_NEWLINE
            and "the" in text[start - 5 if start > 5 else 0 : start]
            and _PREV_WORD.search(text, start - 5 if start > 5 else 0, start)
        ):
            feats.add("definite")
        # ``NameMention(...)`` with every field given, at half the cost (the frozen dataclass ``__init__`` was
        # a tenth of this stage's time): the instance dict is filled in directly, in field order
        mention = _new_object(NameMention)
        mention.__dict__.update(
            kind="name",
            start=start,
            end=end,
            text=text[start:end],
            tokens=words,
            token_spans=spans,
            title=title,
            features=tuple(sorted(feats)) if feats else (),
            initial=initial,
            headline=headline,
            keys=keys,
        )
        out.append(mention)


# the mention above must be given every field: fail at import, not with a half-built mention, if one is added
assert [f.name for f in fields(NameMention)] == [
    "kind", "start", "end", "text", "tokens", "token_spans", "title", "features", "initial", "headline", "keys"
]
