"""The date lexicon (``factcheck/data/dates*.yaml``) as typed, read-only values, with compiled matchers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from factcheck.lexicon import load_yaml


@dataclass(frozen=True)
class RelativeWord:
    unit: str  # day | week | weekend | month | year
    offset: int
    part: str = "all"  # all | before | after
    span: tuple[int, int] | None = None  # days: an interval of days around the offset ("last night")


@dataclass(frozen=True)
class DateWords:
    months: dict[str, int]
    bare_months: tuple[str, ...]
    weekdays: dict[str, int]
    day_parts: tuple[str, ...]
    relations: dict[str, str]
    month_year_prepositions: tuple[str, ...]
    relative: dict[str, RelativeWord]
    units: dict[str, float]
    numbers: dict[str, int | None]
    offset_words: dict[str, Any]
    future_markers: tuple[str, ...]
    start_verbs: tuple[str, ...]
    event_nouns: tuple[tuple[str, ...], ...]
    past_markers: tuple[str, ...]
    not_past: frozenset[str]
    subject_skip: frozenset[str]
    subject_unknown: frozenset[str]
    verb_followers: frozenset[str]
    distinct_markers: frozenset[str]

    def month(self, word: str) -> int | None:
        return self.months.get(word.rstrip(".").capitalize())

    def weekday(self, word: str) -> int | None:
        return self.weekdays.get(word.capitalize())

    def number(self, word: str) -> int | None:
        w = word.lower()
        if w.isdigit():
            return int(w)
        return self.numbers.get(w)

    def noun_group(self, noun: str) -> tuple[str, ...] | None:
        n = noun.lower()
        for group in self.event_nouns:
            if n in group:
                return group
        return None


@cache
def date_words() -> DateWords:
    d = load_yaml("dates.yaml")
    e = load_yaml("dates_events.yaml")
    relative = {}
    for phrase, spec in d["relative"].items():
        span = tuple(spec["span"]) if spec.get("span") else None
        relative[phrase.lower()] = RelativeWord(spec["unit"], int(spec["offset"]), spec.get("part", "all"), span)
    return DateWords(
        months={str(k): int(v) for k, v in d["months"].items()},
        bare_months=tuple(d["bare_months"]),
        weekdays={str(k): int(v) for k, v in d["weekdays"].items()},
        day_parts=tuple(d["day_parts"]),
        relations={str(k): str(v) for k, v in d["relations"].items()},
        month_year_prepositions=tuple(d["month_year_prepositions"]),
        relative=relative,
        units={str(k): float(v) for k, v in d["units"].items()},
        numbers={str(k).lower(): (None if v is None else int(v)) for k, v in d["numbers"].items()},
        offset_words=dict(d["offset_words"]),
        future_markers=tuple(str(w).lower() for w in d["future_markers"]),
        start_verbs=tuple(e["start_verbs"]),
        event_nouns=tuple(tuple(str(n).lower() for n in g) for g in e["event_nouns"]),
        past_markers=tuple(e["past_markers"]),
        not_past=frozenset(str(w).lower() for w in e["not_past"]),
        subject_skip=frozenset(str(w).lower() for w in e["subject_skip"]),
        subject_unknown=frozenset(str(w).lower() for w in e["subject_unknown"]),
        verb_followers=frozenset(str(w).lower() for w in e["verb_followers"]),
        distinct_markers=frozenset(str(w).lower() for w in e["distinct_markers"]),
    )


def alternation(words: tuple[str, ...] | list[str], *, upper: bool = False) -> str:
    """A regex alternation of literal words/phrases, longest first (so "Sept" wins over "Sep"); phrases
    match across any run of white space. ``upper`` adds each word's all-caps form (datelines)."""
    forms = set(words)
    if upper:
        forms |= {w.upper() for w in words}
    return "|".join(r"\s+".join(re.escape(p) for p in w.split()) for w in sorted(forms, key=lambda w: (-len(w), w)))


# The characters other than ASCII letters that an ASCII letter matches case-insensitively in Python's ``re``
# (İ ı ſ K; tests/test_dates_speed.py checks the list against every code point). In a text with none of them,
# a case-insensitive match of an ASCII word is a plain substring of the text's UTF-8 bytes with their ASCII
# letters lower-cased: a test far cheaper than running the matcher (and than ``str.lower``), made first to
# skip the text where it fails.
ASCII_CASE_FOLDS = "\u0130\u0131\u017f\u212a"


@cache
def first_words(phrases: tuple[str, ...]) -> Any:
    """A test for ``may_contain``: the first words of ``phrases`` (as ``phrase_matcher`` reads them), lower-cased,
    as whole words of UTF-8 bytes. RE2, which finds any of several words in one pass (Python's ``re`` tries each
    at every position); its ``\\b`` is ASCII, so a word that ``phrase_matcher`` finds (not after or before a
    letter, digit or apostrophe; any non-ASCII character is a non-word byte to RE2) is one RE2 finds. None when
    a phrase has a first word that is not ASCII (no shortcut then)."""
    import re2

    out: dict[str, None] = {}
    for phrase in phrases:
        parts = phrase.split()
        if not parts or not parts[0].isascii():
            return None
        word = parts[0].lower()
        forms = [word, word.replace("'", "’")] if not word[:1].isalnum() else [word]  # clitics: "'ll", "’ll"
        for form in forms:
            left = r"\b" if form[:1].isalnum() else ""
            right = r"\b" if form[-1:].isalnum() else ""
            out[f"{left}{re2.escape(form)}{right}"] = None
    return re2_finder("|".join(out).encode()) if out else None


def re2_finder(pattern: bytes) -> Any:
    """``pattern`` compiled with RE2, as a test of UTF-8 bytes: whether it matches anywhere in them. Through the
    binding's own ``Match`` call when it has one (its ``search`` costs ten times the search itself)."""
    import re2

    compiled = re2.compile(pattern)
    match = getattr(getattr(compiled, "_regexp", None), "Match", None)
    if match is None:
        return lambda data: compiled.search(data) is not None
    unanchored = re2._Anchor.UNANCHORED
    return lambda data: match(unanchored, data, 0, len(data))[0][0] >= 0


# Every character ``str.isspace`` (and ``\\s`` in ``re``) accepts, for RE2 patterns over UTF-8 bytes
# (tests/test_dates_speed.py checks it against every code point).
UNICODE_SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + (
    "\u2028\u2029\u202f\u205f\u3000")


@cache
def re2_space() -> bytes:
    """One white-space character (as ``\\s`` in ``re``) in an RE2 pattern over UTF-8 bytes."""
    import re2

    return b"(?:" + b"|".join(re2.escape(c.encode()) for c in UNICODE_SPACES) + b")"


def re2_phrases(phrases: list[str] | tuple[str, ...]) -> bytes | None:
    """An RE2 alternation (for UTF-8 bytes, lower-cased ASCII letters) of ``phrases`` lower-cased, their
    words apart by any white space, as ``alternation`` makes them for ``re``; None when one is not ASCII."""
    import re2

    if not all(p.isascii() for p in phrases):
        return None
    space = re2_space() + b"+"
    return b"|".join(space.join(re2.escape(w.encode()) for w in p.lower().split()) for p in phrases if p.split())


def utf8(text: str) -> bytes | None:
    """``text`` as UTF-8; None when it has a lone surrogate (JSON can hold one), which UTF-8 cannot encode."""
    try:
        return text.encode()
    except UnicodeEncodeError:
        return None


def ascii_lowered(text: str, data: bytes | None = None) -> bytes | None:
    """``text`` as UTF-8 (``data`` when the caller has it) with its ASCII letters lower-cased, for
    ``may_contain``; None when it has one of ``ASCII_CASE_FOLDS`` or cannot be encoded (no shortcut then)."""
    if text.isascii():  # (most sentences and windows): no case fold, nothing that cannot be encoded
        return (text.encode() if data is None else data).lower()
    if any(c in text for c in ASCII_CASE_FOLDS):
        return None
    if data is None:
        data = utf8(text)
    return None if data is None else data.lower()


def may_contain(low: bytes | None, words: Any) -> bool:
    """False only when ``phrase_matcher`` of the phrases whose ``first_words`` are ``words`` cannot match the
    text ``low`` is the ``ascii_lowered`` form of (none of those words stands in it, in any case)."""
    return low is None or words is None or words(low)


@cache
def phrase_matcher(words: tuple[str, ...]) -> re.Pattern[str]:
    """Whole-word, case-insensitive matcher for any of ``words`` (multi-word phrases allowed). A word that
    starts with an apostrophe ("'ll") attaches to the word before it ("we'll"), so it has no left boundary."""
    bound = tuple(w for w in words if w[:1].isalnum())
    clitic = tuple(w for w in words if not w[:1].isalnum())
    parts = []
    if bound:
        parts.append(rf"(?<![\w'’])(?:{alternation(bound)})")
    if clitic:
        curly = tuple(w.replace("'", "’") for w in clitic)  # typographic apostrophes too
        parts.append(rf"(?:{alternation(clitic + curly)})")
    return re.compile(rf"(?:{'|'.join(parts) or '(?!)'})(?![\w'’])", re.IGNORECASE)
