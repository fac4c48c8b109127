"""Name mentions: runs of capitalised words in a sentence, with titles, possessives and hyphens handled.

No statistical model: a name is a run of capitalised words ("Wagner Group", "Serhii Cherevatyi") that are
not common words (``names_common.txt``); a title before it ("President", "Mr") is recorded but not part of
it; a possessive ends it ("Ukraine's" -> "Ukraine"); a hyphenated word keeps its capitalised part
("Russian-installed" -> "Russian", "pro-Moscow" -> "Moscow"). Words opening a sentence or standing in a
headline are kept but flagged: whether they are names is decided with the whole corpus (``cluster``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Any

from factcheck.model import Mention, Sentence
from factcheck.names.lexicon import NameLexicon, name_lexicon
from factcheck.names.similarity import MIN_LENGTH, fold

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


_PREV_WORD = re.compile(r"(?:^|\W)(the)[ \t]+$")


def _is_headline(text: str, sentence: Sentence) -> bool:
    start, end = sentence.start, sentence.end
    if end > start and text[end - 1] in _CLOSERS:
        return False  # most sentences end with a full stop: not a headline, and not even a copy of it is made
    body = text[start:end].rstrip()
    if not body or body[-1] in _CLOSERS:
        return False  # (blanks after the closer): the words need not be split either
    long_words = [w for w in _WORD.findall(text, start, end) if len(w) >= 4]
    caps = sum(1 for w in long_words if _capitalised(w))
    return caps >= 2 and caps >= 0.6 * len(long_words)


def lowercase_words(text: str) -> set[str]:
    """Words written in lower case somewhere in ``text`` ("drone" in "the drone fell")."""
    return {w for w in set(_LOWERISH_WORD.findall(text)) if w[0].islower()}


# ASCII characters other than letters as blanks, other bytes kept (``long_lowercase_words``)
_ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_KEEP_LETTERS = bytes(b if b in _ASCII_LETTERS or b >= 0x80 else 32 for b in range(256))


@lru_cache(maxsize=2)
def long_lowercase_words(text: str) -> frozenset[str]:
    """``{w for w in lowercase_words(text) if len(w) >= MIN_LENGTH and w.isalpha()}``: the words of ``text``
    that could equal a name's key (``cluster.eligible``) written in lower case.

    Kept for the last texts asked about: ``extract_names`` asks, to tell whether a sentence's first word is
    written in lower case elsewhere, and then ``findings.collect``, for the corpus-wide set, about the same
    article. Found without a regex match per word: for ``_LOWERISH_WORD`` an ASCII character other than a
    letter is as a blank (it is in no word, and no word starts at it), so the text's UTF-8 bytes are split at
    those (never inside a character) and each distinct piece read alone; a piece of ASCII letters is a word,
    kept when it starts lower case. The few other pieces are read by ``lowercase_words``.
    """
    pieces = set(text.encode("utf-8", "surrogatepass").translate(_KEEP_LETTERS).split())
    words: list[bytes] = []
    others: list[bytes] = []
    for piece in pieces:
        if len(piece) >= MIN_LENGTH:  # (a shorter piece has fewer characters still)
            if piece.isalpha():  # ASCII letters only
                if piece[0] >= 97:  # a-z
                    words.append(piece)
            else:
                others.append(piece)
    found = set(b" ".join(words).decode("ascii").split())
    if others:
        rest = b" ".join(others).decode("utf-8", "surrogatepass")
        found.update(w for w in lowercase_words(rest) if len(w) >= MIN_LENGTH and w.isalpha())
    return frozenset(found)


_FIRST_LOWERISH = re.compile(r"[a-z\u00c0-\uffff][^\W\d_]*").fullmatch
_IS_LETTER = re.compile(r"[^\W\d_]").match


class _WrittenLowercase:
    """``key in self`` answers ``key in lowercase_words(text)``, each key once.

    A word of ``MIN_LENGTH`` letters or more is looked up in ``long_lowercase_words(text)``: a set
    ``findings.collect`` needs too, so it is not made twice (see ``long_lowercase_words``). A shorter word is
    looked for in the text: only a few sentence-initial words per article are asked about, so finding each
    with ``str.find`` is much cheaper than listing every word; the full list is built only when an occurrence
    is preceded by a non-ASCII non-letter, where ``_LOWERISH_WORD``'s scan could have started a word before it.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.answers: dict[str, bool] = {}
        self.words: set[str] | None = None
        self.long_words: frozenset[str] | None = None

    def __contains__(self, key: str) -> bool:
        answer = self.answers.get(key)
        if answer is None:
            if len(key) >= MIN_LENGTH and key.isalpha():
                if self.long_words is None:
                    self.long_words = long_lowercase_words(self.text)
                answer = key in self.long_words
            else:
                answer = self._written(key)
            self.answers[key] = answer
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
_Runs = list[tuple[_Tokens, str | None, bool, Sentence]]  # (tokens, title, initial, sentence) of each run


def extract_names(text: str, sentences: list[Sentence]) -> list[NameMention]:
    # One scan of the whole text when the sentences allow it (``_one_scan``), else one per sentence; each
    # finished run of name words is queued in ``runs``, to be made a mention after the scan, in the same order.
    lex = name_lexicon()
    tokens_re = _token_pattern(lex.particles)
    runs: _Runs = []
    if _one_scan(text, sentences):
        _scan(text, tokens_re.finditer(text), sentences, lex, runs)
    else:
        for sentence in sentences:
            _scan(text, tokens_re.finditer(text, sentence.start, sentence.end), (sentence,), lex, runs)
    out: list[NameMention] = []
    if runs:
        _flush(text, runs, lex, out)
    return out


_JOINERS = frozenset("'’-")  # may stand inside a word (``_WORD``)
_BLANKS = frozenset(" \t\n\r")


def _one_scan(text: str, sentences: Sequence[Sentence]) -> bool:
    """Whether scanning the whole text once finds, in each sentence, the words a scan of the sentence alone
    finds: the sentences are in order, do not overlap, and no word may run across a sentence's start or end
    (a letter, apostrophe or hyphen on both sides of it; never so for ``split_sentences``' sentences)."""
    joiners, blanks = _JOINERS, _BLANKS
    last = len(text)
    prev_end = 0
    for s in sentences:
        start, end = s.start, s.end
        if start < prev_end or end < start:
            return False
        # (the character before a sentence and the one after it are most often blanks: tested first)
        if 0 < start < last and (c := text[start - 1]) not in blanks and (c.isalnum() or c in joiners):
            if text[start].isalnum() or text[start] in joiners:
                return False
        if 0 < end < last and (c := text[end]) not in blanks and (c.isalnum() or c in joiners):
            if text[end - 1].isalnum() or text[end - 1] in joiners:
                return False
        prev_end = end
    return True


def _scan(text: str, matches: Iterator[re.Match[str]], sentences: Iterable[Sentence], lex: NameLexicon,
          runs: _Runs) -> None:
    """The runs of name words of ``sentences``, from the matches of ``_token_pattern`` over them.

    ``matches`` cover the whole text or just the one sentence given; a match whose word is outside every
    sentence is passed over. A stretch of plain words before a sentence's first word may begin in an earlier
    sentence: only its part inside the sentence counts (the word is its sentence's first when none is).
    """
    # Hot loop: the lexicons are local names, and what is not needed for a word is not computed.
    # A word that ends the name in progress only sets ``can_continue = False``: the run is queued (``runs``)
    # where it must be, before the next name word starts a new run, before the next sentence, and at the end;
    # until then nothing reads it, so the same runs come out in the same order with one queueing in three places.
    particles, titles, word_kind = lex.particles, lex.titles, _word_kind
    sents = iter(sentences)
    sentence: Sentence | None = None
    s_start = s_end = bound = -1  # the current sentence; ``bound``: its end, or -1 outside a sentence
    run: _Tokens = []
    pending: _Tokens = []  # particles after the run ("van" in "Ludwig van ..."), kept if a name follows
    run_title: str | None = None
    run_initial = False
    title: str | None = None
    prev_end = 0  # where the last word (or a title's full stop) ended
    can_continue = False
    first = True  # the word is the first of the sentence
    for m in matches:
        group = m.lastindex
        if group == 1:
            continue  # plain words with no word after them before the end: nothing to do
        start, end = m.span(group)
        if start >= bound:
            # the first word of a sentence (or one outside the sentences)
            if run:
                runs.append((run, run_title, run_initial, sentence))
                run, pending = [], []
            while s_end <= start:
                sentence = next(sents, None)
                if sentence is None:
                    return
                s_start, s_end = sentence.start, sentence.end
            if start < s_start:
                bound = -1
                continue
            bound = s_end
            title = None
            can_continue = False
            prev_end = s_start
            first = True
            if group == 2 and m.end(1) > s_start:  # plain words before it in the sentence
                prev_end = m.end(1)
                first = False
        elif group == 2:
            # plain lower-case words: they end any name in progress
            title = None
            can_continue = False
            first = False
            prev_end = m.end(1)
        gap_start = prev_end
        prev_end = end
        kind, piece, offset, before_ok, after_ok, key = word_kind(text[start:end])
        if kind == _NAME:
            # (most often one space: no need to strip it)
            stripped = "" if (gap := text[gap_start:start]) == " " else gap.strip()
            if run and (not can_continue or stripped or not before_ok):
                runs.append((run, run_title, run_initial, sentence))
                run, pending = [], []
            if not run:
                run_title = title
                run_initial = first or stripped[-1:] in _OPENERS
            elif pending:
                run.extend(pending)
                pending = []
            run.append((piece, start + offset, key))
            title = None
            can_continue = after_ok
        elif kind == _TITLE:
            # a gendered title beats a neutral one: "Mrs Justice Smith" is a woman
            if title is None or titles.get(title) == "neutral":
                title = key
            can_continue = False
            if text[end : end + 1] == ".":
                prev_end = end + 1
        elif run and can_continue and (word := text[start:end]) in particles and not text[gap_start:start].strip():
            pending.append((word, start, fold(word)))  # "van" after "Ludwig": kept if a name follows
        else:
            # any other word ends the name in progress
            title = None
            can_continue = False
        first = False
    if run:
        runs.append((run, run_title, run_initial, sentence))


_new_object = object.__new__
_BLANK = (" ", "\t")
_BLANK_OR_NEWLINE = " \t\n"  # ``$`` in ``_PREV_WORD`` also matches before a final newline


@lru_cache(maxsize=1)
def _feature_after() -> Callable[[str, int], re.Match[str] | None]:
    """The match, at a name's end, of blanks and a feature word after them (``names_context.yaml``): the
    whole word of ``[a-z]`` after spaces or tabs, when it is a feature word (group 1); most
    names are followed by no feature word, and this fails sooner than matching every word and looking it up.

    The words are an alternation grouped by their first letters (``_letter_tree``): the regex engine tries
    the branches of an alternation one by one: with a flat list of some eighty words a call took 1.5 times as long.
    Which word is tried first does not matter: with ``(?![a-z])`` after it, only the whole lower-case word
    that follows can match."""
    words = sorted(w for w in name_lexicon().features if re.fullmatch("[a-z]+", w))
    return re.compile(r"[ \t]+(" + _letter_tree(words) + r")(?![a-z])" if words else "(?!)").match


def _letter_tree(words: Sequence[str]) -> str:
    """A regex matching exactly ``words`` (distinct, sorted, of ASCII letters), branching one letter at a
    time: ``["lake", "lakes", "loch"]`` -> ``l(?:a(?:k(?:e(?:s)?))|och)``."""
    by_first: dict[str, list[str]] = {}
    for w in words:
        by_first.setdefault(w[0], []).append(w[1:])
    branches = []
    for first, rests in by_first.items():
        if len(rests) == 1:
            branches.append(first + rests[0])
        else:
            longer = [r for r in rests if r]
            optional = "?" if len(longer) < len(rests) else ""  # the word may end here ("lake" and "lakes")
            branches.append(f"{first}(?:{_letter_tree(longer)}){optional}")
    return "|".join(branches)


def _flush(text: str, runs: _Runs, lex: NameLexicon, out: list[NameMention]) -> None:
    """The mentions of an article's runs of name words, appended to ``out`` in order."""
    features = lex.features
    feature_after = _feature_after()
    prev_word = _PREV_WORD.search
    lower_words = _WrittenLowercase(text)
    new_mention, set_dict, append = _new_object, object.__setattr__, out.append
    headline_of: Sentence | None = None
    headline = False
    for tokens, title, initial, sentence in runs:
        if sentence is not headline_of:
            headline_of = sentence
            headline = _is_headline(text, sentence)
        if initial:
            if tokens[0][2] in lower_words:
                # "Drone shots…": a sentence-initial word this article also writes in lower case is not a name
                tokens = tokens[1:]
                initial = False
                if not tokens:
                    continue
        if len(tokens) == 1:  # most names are one word: no zipping
            ((word, start, key),) = tokens
            end = start + len(word)
            words, keys, spans = (word,), (key,), ((start, end),)
            name_text = word  # ``text[start:end]``: the token is that text (and one string is kept, not two)
            feats = {features[key]} if key in features else None
        else:
            words, offsets, keys = zip(*tokens, strict=True)
            start = offsets[0]
            end = offsets[-1] + len(words[-1])
            spans = tuple([(o, o + len(w)) for w, o, _ in tokens])
            name_text = text[start:end]
            feats = None if features.keys().isdisjoint(keys) else {features[k] for k in keys if k in features}
        # Kinds of thing the words around a name say it is: "the Steinach river" is water, "the Kremlin" takes
        # the article ("definite") as rivers, regions and institutions do and towns and people don't. The
        # regexes need a blank next to the name and "the" before it: that is tested first, more cheaply.
        if text[end : end + 1] in _BLANK and (m := feature_after(text, end)):
            if feats is None:
                feats = set()
            feats.add(features[m.group(1)])
        if start and text[start - 1] in _BLANK_OR_NEWLINE:
            lo = start - 5 if start > 5 else 0
            if text.find("the", lo, start) >= 0 and prev_word(text, lo, start):
                if feats is None:
                    feats = set()
                feats.add("definite")
        # ``NameMention(...)`` with every field given, at half the cost (the frozen dataclass ``__init__`` was
        # a tenth of this stage's time): the instance dictionary is made whole, in field order
        mention = new_mention(NameMention)
        set_dict(mention, "__dict__", {
            "kind": "name",
            "start": start,
            "end": end,
            "text": name_text,
            "tokens": words,
            "token_spans": spans,
            "title": title,
            "features": tuple(sorted(feats)) if feats else (),
            "initial": initial,
            "headline": headline,
            "keys": keys,
        })
        append(mention)


# the mention above must be given every field: fail at import, not with a half-built mention, if one is added
assert [f.name for f in fields(NameMention)] == [
    "kind", "start", "end", "text", "tokens", "token_spans", "title", "features", "initial", "headline", "keys"
]
