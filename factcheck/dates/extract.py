"""Finding date mentions in an article and resolving them against its publication date.

Every pattern is run over the text; where matches overlap the longest wins (then the earliest, then the
pattern listed first), so "Tuesday, March 12" is one mention and not a weekday plus a date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from types import EllipsisType
from typing import Any

from factcheck.dates import calendar as cal
from factcheck.dates.dateline import Dateline, find_dateline
from factcheck.dates.mention import DateMention, new_mention
from factcheck.dates.patterns import date_patterns
from factcheck.dates.tense import future_before
from factcheck.dates.words import (
    ASCII_CASE_FOLDS,
    alternation,
    ascii_lowered,
    date_words,
    may_contain,
    re2_finder,
    re2_phrases,
    re2_space,
    utf8,
)
from factcheck.model import Document, Sentence
from factcheck.sentences import sentence_index

Builder = Callable[[re.Match[str], "Context"], DateMention | None]


class Context:
    """What resolving one mention needs: the text, the publication date, the sentence bounds."""

    def __init__(self, doc: Document, sentences: list[Sentence]) -> None:
        self.text = doc.text
        # a publication date at the very ends of the calendar cannot anchor anything: dates around it overflow
        self.pub = doc.date if doc.date is not None and 1 < doc.date.year < 9999 else None
        self.sentences = sentences
        self._future: dict[int, bool] = {}  # by offset: several patterns may match where one mention starts

    def sentence_start(self, offset: int) -> int:
        """The start of the sentence holding ``offset``, else 0."""
        i = sentence_index(self.sentences, offset)
        return self.sentences[i].start if i >= 0 else 0

    def future(self, start: int) -> bool:
        known = self._future.get(start)
        if known is None:
            known = self._future[start] = future_before(self.text, self.sentence_start(start), start)
        return known

    def relation(self, start: int) -> str | None:
        m = date_patterns().relation_before.search(self.text, max(0, start - 12), start)
        return date_words().relations.get(m.group("rel").lower()) if m else None


YEAR_OFFSETS = {"last": -1, "this": 0, "next": 1}


def _group(m: re.Match[str], name: str) -> str | None:
    """``m.groupdict().get(name)`` without building the dict of every group."""
    return m.group(name) if name in m.re.groupindex else None


def _year(m: re.Match[str], pub: dt.date | None = None) -> int | None:
    """The year as stated, or as "last year"/"this year"/"next year" from the publication date."""
    y = _group(m, "y")
    if y:
        return int(y)
    rel = _group(m, "yrel")
    if rel and pub is not None:
        return pub.year + YEAR_OFFSETS[rel.lower()]
    return None


def _weekday(m: re.Match[str]) -> int | None:
    wd = _group(m, "wd")
    return date_words().weekday(wd) if wd else None


def _day_mention(m: re.Match[str], ctx: Context, month: int, day: int, day2: int | None = None) -> DateMention | None:
    year = _year(m, ctx.pub)
    first: dt.date | None = None
    last: dt.date | None = None
    if year is not None:
        first = cal.make_date(year, month, day)
        if first is None:
            return None  # "Feb. 30, 2023" is not a date
    elif ctx.pub is not None:
        first = cal.nearest_day(month, day, ctx.pub)
        if first is not None and first > ctx.pub and ctx.relation(m.start()) == "since":
            first = cal.make_date(first.year - 1, month, day)  # "since March 3" has begun: not next year's
    elif cal.make_date(2000, month, day) is None:  # 2000 is a leap year: every real month/day exists in it
        return None
    if first is not None:
        last = first
        if day2 is not None:
            end = cal.make_date(first.year, month, day2)
            if end is None or end < first:
                return None
            last = end
    return new_mention(type="date", start=m.start(), end=m.end(), text=m.group(0), precision="day", first=first,
                       last=last, year=year, month=month, day=day, weekday=_weekday(m),
                       relation=ctx.relation(m.start()), future=ctx.future(m.start()))


def build_iso(m: re.Match[str], ctx: Context) -> DateMention | None:
    y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    day = cal.make_date(y, mo, d)
    if day is None:
        return None
    return new_mention(type="date", start=m.start(), end=m.end(), text=m.group(0), precision="day", first=day,
                       last=day, year=y, month=mo, day=d, relation=ctx.relation(m.start()),
                       future=ctx.future(m.start()))


def build_month_day(m: re.Match[str], ctx: Context) -> DateMention | None:
    month = date_words().month(m.group("mon"))
    if month is None:
        return None
    d2 = _group(m, "d2")
    return _day_mention(m, ctx, month, int(m.group("d")), int(d2) if d2 else None)


def build_month_year(m: re.Match[str], ctx: Context) -> DateMention | None:
    month = date_words().month(m.group("mon"))
    if month is None:
        return None
    year = int(m.group("y"))
    first, last = cal.month_interval(year, month)
    return new_mention(type="month", start=m.start(), end=m.end(), text=m.group(0), precision="month", first=first,
                       last=last, year=year, month=month, relation=ctx.relation(m.start()),
                       future=ctx.future(m.start()))


def build_bare_month(m: re.Match[str], ctx: Context) -> DateMention | None:
    month = date_words().month(m.group("mon"))
    if month is None:
        return None
    prep = m.group("prep").lower()
    start = m.start("mon")
    first = last = None
    year = _year(m, ctx.pub)
    if year is not None:
        first, last = cal.month_interval(year, month)
    elif ctx.pub is not None:
        pub = ctx.pub
        if prep == "last":
            year = pub.year if month < pub.month else pub.year - 1
            first, last = cal.month_interval(year, month)
        elif prep == "next":
            year = pub.year if month > pub.month else pub.year + 1
            first, last = cal.month_interval(year, month)
        else:
            first, last = cal.nearest_month(month, pub)
            if prep == "since" and first > pub:  # "since January" has begun: not next year's
                first, last = cal.month_interval(first.year - 1, month)
    relation = date_words().relations.get(prep)
    return new_mention(type="month", start=start, end=m.end(), text=m.group(0)[start - m.start() :],
                       precision="month", first=first, last=last, year=year, month=month, relation=relation,
                       future=prep == "next" or ctx.future(start))


def build_bare_year(m: re.Match[str], ctx: Context) -> DateMention | None:
    year = int(m.group("y"))
    first, last = cal.year_interval(year)
    start = m.start("y")
    relation = date_words().relations.get(m.group("prep").lower())
    return new_mention(type="year", start=start, end=m.end(), text=m.group("y"), precision="year", first=first,
                       last=last, year=year, relation=relation, future=ctx.future(start))


def build_weekday(m: re.Match[str], ctx: Context) -> DateMention | None:
    weekday = date_words().weekday(m.group("wd"))
    if weekday is None:
        return None
    rel = (m.group("rel") or "").lower()
    future = rel in ("next", "coming") or ctx.future(m.start())
    day = None
    if ctx.pub is not None:
        if future:
            day = cal.weekday_after(weekday, ctx.pub)
        else:
            day = cal.weekday_before(weekday, ctx.pub, strictly=rel == "last")
    return new_mention(type="weekday", start=m.start(), end=m.end(), text=m.group(0), precision="day", first=day,
                       last=day, weekday=weekday, relation=ctx.relation(m.start()), future=future)


def build_relative(m: re.Match[str], ctx: Context) -> DateMention | None:
    word = date_words().relative.get(re.sub(r"\s+", " ", m.group(0).lower()))
    if word is None:
        return None
    first = last = None
    precision = "week" if word.unit == "weekend" else word.unit
    pub = ctx.pub
    if pub is not None:
        if word.unit == "day":
            lo, hi = word.span or (word.offset, word.offset)
            first, last = pub + dt.timedelta(days=lo), pub + dt.timedelta(days=hi)
        elif word.unit in ("week", "weekend"):
            first, last = cal.week_interval(pub + dt.timedelta(days=7 * word.offset))
            if word.unit == "weekend":
                first = first + dt.timedelta(days=5)
        elif word.unit == "month":
            first, last = cal.month_interval(*cal.add_months(pub.year, pub.month, word.offset))
        else:
            first, last = cal.year_interval(pub.year + word.offset)
        if word.part == "before":
            last = min(last, pub)
        elif word.part == "after":
            first = max(first, pub)
    return new_mention(type="relative", start=m.start(), end=m.end(), text=m.group(0), precision=precision,
                       first=first, last=last, anchor="publication", relation=ctx.relation(m.start()),
                       future=word.offset > 0 or word.part == "after")


def build_offset(m: re.Match[str], ctx: Context) -> DateMention | None:
    w = date_words()
    amount = w.number(m.group("n"))
    unit = m.group("u").lower()
    direction = m.group("dir").lower()
    if direction == "since":  # "in the two months since the retreat": a duration counted from an event
        return new_mention(type="duration", start=m.start(), end=m.end(), text=m.group(0), amount=amount,
                           unit=unit, anchor="text")
    first = last = None
    precision = unit if unit in ("day", "week", "month", "year") else "day"
    if w.offset_words.get(direction) == -1 and ctx.pub is not None and amount is not None:
        pub = ctx.pub
        if unit == "day":
            first = last = pub - dt.timedelta(days=amount)
        elif unit == "month":
            first, last = cal.month_interval(*cal.add_months(pub.year, pub.month, -amount))
        elif unit == "year":
            first, last = cal.year_interval(pub.year - amount)
        else:  # weeks, fortnights, decades: the day that many days back, give or take half a unit
            days = w.units[unit] * amount
            half = w.units[unit] / 2
            first = pub - dt.timedelta(days=round(days + half))
            last = pub - dt.timedelta(days=round(days - half))
    anchor = "publication" if w.offset_words.get(direction) == -1 else "text"
    return new_mention(type="relative", start=m.start(), end=m.end(), text=m.group(0), precision=precision,
                       first=first, last=last, amount=amount, unit=unit, anchor=anchor)


def build_duration(m: re.Match[str], ctx: Context) -> DateMention | None:
    noun = m.group("noun")
    return new_mention(type="duration", start=m.start(), end=m.end(), text=m.group(0),
                       amount=date_words().number(m.group("n")), unit=m.group("u").lower(),
                       noun=noun.lower() if noun else None)


@cache
def _builders() -> tuple[tuple[re.Pattern[str], Builder], ...]:
    """(pattern, builder) by rank; the rank breaks ties between equally long matches."""
    p = date_patterns()
    return ((p.iso, build_iso), (p.month_day, build_month_day), (p.day_month, build_month_day),
            (p.month_year, build_month_year), (p.bare_month, build_bare_month), (p.bare_year, build_bare_year),
            (p.weekday, build_weekday), (p.relative, build_relative), (p.offset, build_offset),
            (p.duration_adj, build_duration), (p.duration, build_duration))


# Ranks (``_builders``) of what ``_attempts`` lists: a name is tried as month_day, day_month and month_year, a
# count as offset, duration_adj and duration.
(ISO, MONTH_DAY, DAY_MONTH, MONTH_YEAR, BARE_MONTH, BARE_YEAR, WEEKDAY, RELATIVE, OFFSET, DURATION_ADJ,
 DURATION) = range(11)


class Attempts:
    """Offsets worth an anchored match of each pattern (``_attempts``)."""

    __slots__ = ("iso", "names", "day_names", "month_names", "day_month", "bare_month", "bare_year", "weekday",
                 "relative", "counts")

    def __init__(self) -> None:
        self.iso: list[int] = []
        self.names: list[int] = []  # month and weekday names: month_day
        self.day_names: list[int] = []  # those where a weekday may match: day_month
        self.month_names: list[int] = []  # those where a month may match: month_year
        self.day_month: list[int] = []  # days before a month name
        self.bare_month: list[int] = []
        self.bare_year: list[int] = []
        self.weekday: list[int] = []
        self.relative: list[int] = []
        self.counts: list[int] = []  # offset, duration_adj, duration

    def by_rank(self) -> list[tuple[int, list[int]]]:
        names, counts = self.names, self.counts
        return [(ISO, self.iso), (MONTH_DAY, names), (DAY_MONTH, self.day_names + self.day_month),
                (MONTH_YEAR, self.month_names),
                (BARE_MONTH, self.bare_month), (BARE_YEAR, self.bare_year), (WEEKDAY, self.weekday),
                (RELATIVE, self.relative), (OFFSET, counts), (DURATION_ADJ, counts), (DURATION, counts)]


def _before(pattern: re.Pattern[str], text: str, pos: int, width: int) -> int | None:
    """Where a match of ``pattern`` ending exactly at ``pos`` starts (searching the ``width`` chars before)."""
    m = pattern.search(text, max(0, pos - width), pos)
    return m.start() if m else None


def _digit_starts(text: str) -> list[int]:
    """Offsets where a run of ASCII digits begins (str.find is far faster than a regex scan)."""
    out: list[int] = []
    for digit in "0123456789":
        i = text.find(digit)
        while i >= 0:
            if i == 0 or not ("0" <= text[i - 1] <= "9"):
                out.append(i)
            i = text.find(digit, i + 1)
    return out


def _time_word_spans(text: str, words: tuple[str, ...]) -> list[tuple[int, int]]:
    """Whole-word occurrences (any case, optional plural "s") of ``words``: day, week, yesterday, …"""
    low = text.lower()
    if len(low) != len(text):  # a few characters change length when lower-cased: offsets would shift
        pattern = re.compile(rf"(?i:\b(?:{'|'.join(map(re.escape, words))})s?\b)")
        return [m.span() for m in pattern.finditer(text)]
    out: list[tuple[int, int]] = []
    n = len(low)
    for w in words:
        i = low.find(w)
        while i >= 0:
            j = i + len(w)
            if j < n and low[j] == "s":
                j += 1
            if (i == 0 or not low[i - 1].isalnum()) and (j >= n or not low[j].isalnum()):
                out.append((i, j))
            i = low.find(w, i + 1)
    return out


@cache
def _initials() -> tuple[frozenset[str] | None, frozenset[str] | None]:
    """What the word after a number must start with for the duration patterns to match there (the initials
    of the units, lower-case ASCII letters, matched in any case) and for ``day_month`` (those of the month
    names as written, or the "o" of "of"); None when the lexicon has a word for which that shortcut would be
    unsafe (a unit not starting with an ASCII letter, a number word or weekday starting with a digit)."""
    w = date_words()

    def initials(words: list[str]) -> set[str] | None:
        firsts = {word.split()[0][0] if word.split() else "" for word in words}
        return None if "" in firsts else firsts

    units, numbers = initials(list(w.units)), initials(list(w.numbers))
    months = initials([*w.months, *(m.upper() for m in w.months)])
    weekdays = initials([*w.weekdays, *(d.upper() for d in w.weekdays)])
    digit_words = any(words is None or any("0" <= c <= "9" for c in words) for words in (numbers, weekdays))
    if digit_words:
        return None, None
    unit_ok = units is not None and all(c.isascii() and c.isalpha() for c in units)
    return (frozenset(c.lower() for c in units) if unit_ok else None,
            frozenset({*months, "o"}) if months is not None else None)


def _may_follow(text: str, end: int, initials: frozenset[str] | None, day: bool) -> bool:
    """A cheap necessary condition for a date pattern to match at the number ending at ``end``: most numbers
    in news are not followed by a month name or a unit of time ("45 km", "1,200 people"). ``day``: the
    number is a day of ``day_month`` (an ordinal suffix, white space, month names as written); else a
    count of ``duration``/``offset`` (white space or a hyphen, units in any case)."""
    if initials is None:
        return True
    n = len(text)
    if end >= n:
        return False
    c = text[end]
    if c.isdecimal():  # \d matches any decimal digit, not just the ASCII ones the run was cut at
        return True
    if day and text[end : end + 2] in ("st", "nd", "rd", "th"):
        end += 2
        c = text[end] if end < n else ""
    k = end + 1
    if not c.isspace():
        if day or c != "-":
            return False
    else:
        while k < n and text[k].isspace():
            k += 1
    if k >= n:
        return False
    ch = text[k]
    if day:
        return ch in initials
    return not ch.isascii() or ch.lower() in initials


@cache
def _time_word_gate() -> Any:
    """RE2 over ``ascii_lowered`` text: a number word before a unit ("two weeks", "a day") or a relative phrase
    ("last week", "yesterday"). Where it finds neither, no time word can give ``_attempts`` anything, and the
    search for them (a third of the cost of finding dates) is skipped. The ``re`` patterns those attempts need
    match only where this does: RE2's ``\\b`` is ASCII, and every non-ASCII character is non-word bytes to it.
    None when the lexicon has a non-ASCII word (no shortcut then)."""
    pattern = _time_word_pattern()
    return None if pattern is None else re2_finder(pattern)


@cache
def _time_word_pattern() -> bytes | None:
    """The RE2 pattern of ``_time_word_gate``."""
    w = date_words()
    numbers, units, relative = re2_phrases(list(w.numbers)), re2_phrases(list(w.units)), re2_phrases(list(w.relative))
    if numbers is None or units is None or relative is None or not (numbers and units and relative):
        return None
    dash_space = b"(?:-|" + re2_space() + b")+"
    return rb"\b(?:" + numbers + b")" + dash_space + b"(?:" + units + rb")|\b(?:" + relative + b")"


@cache
def _follows() -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """``_may_follow`` for a day (of ``day_month``) as a pattern matched where the number ends: one call into
    ``re`` instead of a Python function per number; for a count, what all three duration patterns need after
    their number: more digits (``\\d`` is any decimal digit), or a hyphen or white space and a unit ("250
    metres" starts like "2 months" but is no duration). None when ``_initials`` gives no shortcut. White space
    is skipped possessively, as ``_may_follow`` skips it all (no month name or unit starts with white space)."""
    unit_initials, month_initials = _initials()
    if unit_initials is None or month_initials is None:
        return None
    months = "".join(re.escape(c) for c in sorted(month_initials))
    units = alternation(list(date_words().units))
    return (re.compile(rf"\d|(?:st|nd|rd|th)?\s++[{months}]"),
            re.compile(rf"\d|(?:-|\s++)(?i:{units})"))


@cache
def _after_weekday() -> re.Pattern[str] | None:
    """What ``month_day`` and ``day_month`` need after a weekday name standing where they are tried: the rest of
    their weekday prefix ("Tuesday morning, the") and a day or a month name. Where a weekday name stands (as
    ``DatePatterns.names`` finds it) their weekday alternative can only match that very name: a shorter one
    is followed by a letter of it, not the white space or comma the prefix needs, a longer one would have been
    found instead, and (``_name_kinds``) no month name starts like a weekday name. None when that reasoning does
    not hold for the lexicon (a name with more than letters and digits, or names of both kinds alike)."""
    w = date_words()
    months, weekdays, apart = _name_kinds()
    if not apart or not all(name.isalnum() for name in months | weekdays):
        return None
    parts = alternation(list(w.day_parts))
    mon = alternation(list(w.months), upper=True)
    return re.compile(rf"(?:\s+(?:{parts}))?,?\s+(?:the\s+)?(?:\d|{mon})")


@cache
def _name_finder() -> Any:
    """The literals of ``DatePatterns.names`` (month and weekday names, in its order) as an RE2 search over
    UTF-8 bytes, returning (start, end) or None; None when a name is not plain ASCII without white space."""
    w = date_words()
    names = [alternation(list(w.months), upper=True), alternation(list(w.weekdays), upper=True)]
    words = "|".join(names).split("|")
    if not all(word.isascii() and word.isalnum() for word in words):
        return None
    import re2

    compiled = re2.compile("|".join(words).encode())
    match = getattr(getattr(compiled, "_regexp", None), "Match", None)
    if match is None:
        return None
    unanchored = re2._Anchor.UNANCHORED

    def find(data: bytes, pos: int) -> tuple[int, int] | None:
        span = match(unanchored, data, pos, len(data))[0]
        return span if span[0] >= 0 else None

    return find


@cache
def _gated_name_finder() -> Any:
    """``_name_finder`` and ``_time_word_gate`` in one RE2 pass over UTF-8 bytes as written: the gate's pattern
    first, case-insensitive (``_names_and_gate`` uses it only on text without ``ASCII_CASE_FOLDS``, where RE2's
    case folding of ASCII letters is ``ascii_lowered``'s), then the names. Returns (start, end, is_gate) or None;
    None when either shortcut is missing."""
    pattern = _time_word_pattern()
    if pattern is None or _name_finder() is None:
        return None
    import re2

    w = date_words()
    names = "|".join([alternation(list(w.months), upper=True), alternation(list(w.weekdays), upper=True)])
    compiled = re2.compile(b"(?i:(" + pattern + b"))|" + names.encode())
    match = getattr(getattr(compiled, "_regexp", None), "Match", None)
    if match is None:
        return None
    unanchored = re2._Anchor.UNANCHORED

    def find(data: bytes, pos: int) -> tuple[int, int, bool] | None:
        spans = match(unanchored, data, pos, len(data))
        start, end = spans[0]
        return (start, end, spans[1][0] >= 0) if start >= 0 else None

    return find


def _names_and_gate(text: str, data: bytes | None) -> tuple[list[tuple[int, str]], bool]:
    """``_name_starts`` and whether ``_time_word_gate`` lets the time words be searched (True without it), in
    one pass until the gate matches, then the names alone from there. No gate match can hide behind a name:
    where both start RE2 prefers the gate (listed first), and a gate match, starting with a word boundary,
    cannot start inside a name (letters and digits)."""
    gate = _time_word_gate()
    if gate is None:
        return _name_starts(text, data), True
    find = _gated_name_finder()
    if find is None or data is None or (not text.isascii() and any(c in text for c in ASCII_CASE_FOLDS)):
        return _name_starts(text, data), may_contain(ascii_lowered(text, data) if data is not None else None, gate)
    names = date_patterns().names
    out: list[tuple[int, str]] = []
    same = len(data) == len(text)
    pos_b = last_b = last_c = 0
    while (hit := find(data, pos_b)) is not None:
        b, _, is_gate = hit
        c = b if same else last_c + len(data[last_b:b].decode())  # b: an ASCII letter, never inside a character
        if is_gate:
            return out + _name_starts(text, data, (b, c)), True
        last_b, last_c = b, c
        m = names.match(text, c)
        if m is None:
            pos_b = b + 1
            continue
        out.append((c, m.group()))
        pos_b = b + (m.end() - c)
    return out, False


def _name_starts(text: str, data: bytes | None, start: tuple[int, int] = (0, 0)) -> list[tuple[int, str]]:
    """Where ``DatePatterns.names`` matches (from ``start``, as byte and character offsets), and the name, as its
    ``finditer`` finds them. RE2 finds where one of the names stands (a scan Python's ``re`` makes 3x slower);
    ``re`` then says, there only, what the pattern matches (it may refuse a name followed by a letter:
    "Marching"), so the result is the same."""
    names = date_patterns().names
    find = _name_finder()
    if find is None or data is None:
        return [(m.start(), m.group()) for m in names.finditer(text, start[1])]
    out: list[tuple[int, str]] = []
    same = len(data) == len(text)  # ASCII: byte offsets are character offsets
    pos_b = last_b = start[0]  # ``start``: where to begin, as (byte, character) offsets
    last_c = start[1]
    while (span := find(data, pos_b)) is not None:
        b = span[0]
        c = b if same else last_c + len(data[last_b:b].decode())
        last_b, last_c = b, c
        m = names.match(text, c)
        if m is None:
            pos_b = b + 1  # an ASCII letter is one byte
            continue
        out.append((c, m.group()))
        pos_b = b + (m.end() - c)
    return out


@cache
def _name_kinds() -> tuple[frozenset[str], frozenset[str], bool]:
    """The month names and the weekday names (as ``DatePatterns.names`` matches them), and whether no name of
    one kind starts like a name of the other, so that where a month name stands no weekday can match."""
    w = date_words()
    months = frozenset({*w.months, *(m.upper() for m in w.months)})
    weekdays = frozenset({*w.weekdays, *(d.upper() for d in w.weekdays)})
    apart = not any(a.startswith(b) or b.startswith(a) for a in months for b in weekdays)
    return months, weekdays, apart


def _attempts(text: str) -> Attempts:
    """Offsets worth an anchored match, by pattern: at digits, month and weekday names, time words."""
    p = date_patterns()
    out = Attempts()
    n = len(text)
    unit_initials, month_initials = _initials()
    follows = _follows()
    for pos in _digit_starts(text):
        end = pos + 1
        while end < n and "0" <= text[end] <= "9":
            end += 1
        run = end - pos
        if run <= 3:  # "6 months", "11-month", "3 days ago"
            if follows is None:
                if run <= 2 and _may_follow(text, end, month_initials, True):
                    out.day_month.append(pos)
                if _may_follow(text, end, unit_initials, False):
                    out.counts.append(pos)
                continue
            if run <= 2 and follows[0].match(text, end):
                out.day_month.append(pos)
            if follows[1].match(text, end):
                out.counts.append(pos)
        elif run == 4:
            if text[end : end + 1] == "-":
                out.iso.append(pos)
            # ``prep_before`` ends with white space or a hyphen: only then is it worth a search
            if pos and (text[pos - 1].isspace() or text[pos - 1] == "-"):
                s = _before(p.prep_before, text, pos, 12)
                if s is not None:
                    out.bare_year.append(s)
    data = utf8(text)
    months, weekdays, apart = _name_kinds()
    after_weekday = _after_weekday()
    name_starts, time_words = _names_and_gate(text, data)
    for pos, name in name_starts:
        before = text[pos - 1] if pos else ""
        if before.isalpha():
            continue
        # a weekday name not followed by a day or month ("on Monday, officials said"): no month_day or day_month
        dated = (after_weekday is None or name in months or name not in weekdays
                 or after_weekday.match(text, pos + len(name)) is not None)
        if dated:
            out.names.append(pos)
        # ``names`` tries the months first: a weekday name there means no month matches (month_year); a month
        # name, that no weekday does (day_month's and weekday's), when no name of one kind starts like another
        if name not in weekdays or name in months:
            out.month_names.append(pos)
        if not (apart and name in months and name not in weekdays):
            if dated:
                out.day_names.append(pos)
            s = _before(p.weekday_rel_before, text, pos, 10) if before.isspace() else None
            out.weekday.append(pos if s is None else s)
        if before.isspace() or before == "-":
            s = _before(p.prep_before, text, pos, 12)
            if s is not None:
                out.bare_month.append(s)
    if not time_words:
        return out
    units = date_words().units
    for pos, end in _time_word_spans(text, p.time_words):
        word = text[pos:end].lower()
        if word.rstrip("s") in units or word in units:
            s = _before(p.number_before, text, pos, 16)  # number words; digits were tried above
            if s is not None and not text[s].isdigit():
                out.counts.append(s)
        if word in p.relative_ends:
            s = _before(p.relative_ending, text, end, 40)
            if s is not None:
                out.relative.append(s)
    return out


def extract_dates(doc: Document, sentences: list[Sentence],
                  dateline: Dateline | None | EllipsisType = ...) -> list[DateMention]:
    """Every date mention in ``doc``, sorted by position, resolved against ``doc.date`` when it is known.
    ``dateline`` is ``find_dateline(doc.text)`` when the caller has it already (``analyze`` has it from
    ``apply_dateline``); left out, it is found here."""
    ctx = Context(doc, sentences)
    text = doc.text
    builders = _builders()
    candidates: list[tuple[int, int, int, DateMention]] = []
    for rank, positions in _attempts(text).by_rank():
        if not positions:
            continue
        pattern, build = builders[rank]
        match = pattern.match
        for pos in set(positions):  # each offset once; the order does not matter (candidates are sorted)
            m = match(text, pos)
            if m is None:
                continue
            try:
                mention = build(m, ctx)
            except (ValueError, OverflowError):  # "999 years ago": before year 1; not a date worth a traceback
                continue
            if mention is not None:
                candidates.append((mention.start, -(mention.end - mention.start), rank, mention))
    candidates.sort(key=lambda c: c[:3])
    if dateline is ...:
        dateline = find_dateline(text)
    out: list[DateMention] = []
    taken_until = -1
    for start, _, _, mention in candidates:
        if start < taken_until:
            continue
        if dateline is not None and dateline.start <= start and mention.end <= dateline.end:
            mention = _as_dateline(mention)
        out.append(mention)
        taken_until = mention.end
    return out


def _as_dateline(m: DateMention) -> DateMention:
    return replace(m, dateline=True, future=False)
