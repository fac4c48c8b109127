"""A range written with its larger end first.

"between 100 and 80 people", "a depth of 100-80 metres", "100 to 80 km": a range is written low to high,
so a reversed one is most likely a typo (a dropped or swapped digit) and worth a look. Level warning.

Many number pairs are no ranges, and are left alone:

- scores, votes and ratios: "won 3-1", "beat Leeds 3-1", "a 7-2 ruling", "voted 51-49" (the words that
  mark them, before or after, are in ``range`` of ``factcheck/data/arithmetic.yaml``);
- spans of years: "2012-13", "1939-1945", "between 2015 and 2012";
- ages, pages, dates and times: "aged 30-25", "pages 12-10", "12-10 January", "between 9 and 5";
- changes: "from 100 to 80" (a fall, not a range).

A dash or "to" form is a range only when the extractor found a measured or counted amount there (a unit or
a counted noun after it); "between X and Y" is read on its own, but two figures no larger than 24 with
nothing after them could be clock times and are left alone.

Kind ``range``, level warning. Switch off with ``{id: …, extends: check, check: range, enabled: false}``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from typing import Any

from factcheck.checks import CheckContext
from factcheck.checks._arith import evidence, fmt_amount, settings, words
from factcheck.model import Document, Finding, Severity

NAME = "range"
DEFAULT_LEVEL = "warning"
SCOPE = "document"  # each article on its own: run where the article is analysed

_NUM = r"(?<![\w.,:/\-–])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?![\d:/]|[.,]\d)"
# "m" and "k" are left out: "80m" is as often metres as millions.
_SCALE = r"(?:\s*(thousand|million|billion|trillion|bn)\b)?"
# "\b(?:[Bb]etween|BETWEEN)" written with its first letter before the look-behind (the same matches): a
# pattern that starts with a letter lets ``re`` skip straight to the b's and B's of a sentence.
_BETWEEN = re.compile(
    rf"(?:B(?<!\wB)(?:etween|ETWEEN)|b(?<!\wb)etween)\s+{_NUM}{_SCALE}(?P<mid>(?:\s*[^\W\d][\w/%°.²³-]*){{0,2}})\s+and\s+{_NUM}{_SCALE}"
    r"(?![\-–]\d)"
)
_NUM_AFTER_DASH = _NUM.replace(r"\-–", "")  # the second figure of "100-80" follows a dash
# ``_NUM`` with its first digit before the look-behind (the same matches, groups and order of trying): a pattern
# that starts with a digit lets ``re`` skip straight to the digits of a sentence instead of trying every offset.
_NUM_LEAD = r"(\d(?<![\w.,:/\-–]\d)(?:\d{0,2}(?:,\d{3})+|\d*))(?:\.(\d+))?(?![\d:/]|[.,]\d)"
_DASH = re.compile(rf"{_NUM_LEAD}{_SCALE}\s*(?:-|–|—|\bto\b)\s*{_NUM_AFTER_DASH}{_SCALE}(?![\-–]\d)")
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}
# Where a range may be: a digit, then (after white space) a dash or "to", then a digit; a scale word there; or
# "between". The full patterns then run only on those sentences. Each is found from a literal (``str.find``,
# or a pattern that starts with one), which is far faster than scanning for digits or for a set of dashes.
_DASHES = ("-", "–", "—")
_DIGIT_AFTER = re.compile(r"\s*\d")
_TO = re.compile(r"to\b\s*\d")
# (literal, pattern starting with it): no match of one of these patterns can hold the start of another
_OTHER_CANDIDATES = tuple((word, re.compile(rf"{word}\s*(?:[-–—]|to\b)\s*\d")) for word in ("thousand", "illion", "bn")
                          ) + (("etween", re.compile(r"etween\s")),)


def _digit_dash_digit(text: str) -> list[int]:
    """Where ``\\d\\s*(?:[-–—]|to\\b)\\s*\\d`` matches, as ``finditer`` finds them (left to right, none
    overlapping the one before), from the dashes and "to"s with a digit after them: the digit before is the
    last character before the dash that is not white space."""
    found: list[tuple[int, int]] = []
    for dash in _DASHES:
        i = text.find(dash)
        while i >= 0:
            m = _DIGIT_AFTER.match(text, i + 1)
            if m is not None:
                found.append((i, m.end()))
            i = text.find(dash, i + 1)
    found.extend(m.span() for m in _TO.finditer(text))
    starts: list[tuple[int, int]] = []
    for i, end in found:
        k = i - 1
        while k >= 0 and text[k].isspace():
            k -= 1
        if k >= 0 and text[k].isdecimal():
            starts.append((k, end))
    starts.sort()
    out: list[int] = []
    taken_until = 0
    for start, end in starts:
        if start >= taken_until:
            out.append(start)
            taken_until = end
    return out


def _candidate_starts(text: str) -> list[int]:
    """Where a range may start (see ``_DASHES``; not in order, maybe twice)."""
    at = _digit_dash_digit(text)
    for word, pattern in _OTHER_CANDIDATES:  # as ``finditer`` finds them, from ``str.find`` (far faster)
        i = text.find(word)
        while i >= 0:
            if pattern.match(text, i):
                at.append(i)
            i = text.find(word, i + 1)
    return at


def run(ctx: CheckContext) -> Iterable[Finding]:
    for analysis in ctx.analyses:
        yield from check_document(analysis.doc, analysis)


def check_document(doc: Document, analysis: Any) -> Iterator[Finding]:
    seen: set[int] = set()
    text = doc.text
    at = _candidate_starts(text)
    if not at:
        return
    starts = [s.start for s in analysis.sentences]
    hits = {bisect.bisect_right(starts, i) - 1 for i in at}
    chosen = sorted(hits - {-1})
    # "between" as _BETWEEN spells it: a text without it (most) needs only the dash pattern
    patterns = ((_BETWEEN, True), (_DASH, False)) if "etween" in text or "ETWEEN" in text else ((_DASH, False),)
    for sentence in (analysis.sentences[i] for i in chosen):
        for pattern, between in patterns:
            for m in pattern.finditer(doc.text, sentence.start, sentence.end):
                if m.start() in seen:
                    continue
                found = examine(doc, analysis, m, between)
                if found is not None:
                    seen.add(m.start())
                    yield found


def _number(whole: str, fraction: str | None, scale: str | None) -> float:
    value = float(whole.replace(",", "") + (f".{fraction}" if fraction else ""))
    return value * _SCALES.get((scale or "").lower(), 1.0)


def examine(doc: Document, analysis: Any, m: re.Match[str], between: bool) -> Finding | None:
    a_whole, a_frac, a_scale, *rest = m.groups()
    if between:
        _mid, b_whole, b_frac, b_scale = rest
    else:
        b_whole, b_frac, b_scale = rest
    # A scale word on the second figure only ("between 3 and 5 million") is not carried over: when that
    # matters the writer's meaning is open ("between 500 and 2 million"), and only a plain reversal is flagged.
    a, b = _number(a_whole, a_frac, a_scale), _number(b_whole, b_frac, b_scale)
    if a <= b:
        return None
    if is_year_span(a_whole, a_frac, b_whole, b_frac):
        return None
    conf = settings()["range"]
    text = doc.text
    numbers_start = m.start(1)
    before = text[max(0, numbers_start - 80) : numbers_start]
    after = text[m.end() : m.end() + 40]
    if between:
        before = text[max(0, m.start() - 80) : m.start()]
    if _ends_with_any(before, conf["not_amount_words_before"]):
        return None
    if set(words(before)[-4:]) & {w.lower() for w in conf["score_words_before"]}:
        return None
    after_words = words(after)
    if after_words and after_words[0].strip(".") in {w.lower() for w in conf["score_words_after"]}:
        return None
    if _starts_with_any(after, conf["not_amount_words_after"]):
        return None
    amount = _amount_at(analysis, m.start(1), m.end())
    if amount is None and not between and not _unit_or_noun_at(text, m.end()):
        return None  # "won 3-1", "a 7-2 ruling": nothing measured or counted follows
    if amount is None and between and max(a, b) <= 24 and not re.match(r"\s*[^\W\d]", after):
        return None  # "open between 9 and 5": perhaps clock times
    if amount is not None and amount.dimension == "age":
        return None
    quoted = " ".join(text[m.start() : m.end()].split())
    low, high = fmt_amount(b), fmt_amount(a)
    return Finding(
        rule=NAME,
        kind=NAME,
        severity=Severity(DEFAULT_LEVEL),
        message=f"Range '{quoted}' gives the larger figure first: did you mean {low}-{high}?",
        evidence=(evidence(doc, m.start(), m.end(), "range", note=f"{high} > {low}"),),
    )


def is_year_span(a_whole: str, a_frac: str | None, b_whole: str, b_frac: str | None) -> bool:
    conf = settings()["range"]
    if a_frac or b_frac or "," in a_whole or len(a_whole) != 4:
        return False
    return int(conf["year_min"]) <= int(a_whole) <= int(conf["year_max"]) and len(b_whole) in (2, 4)


def _ends_with_any(text: str, phrases: list[str]) -> bool:
    low = " " + " ".join(text.lower().split())
    return any(low.endswith(" " + p.lower()) for p in phrases)


def _starts_with_any(text: str, phrases: list[str]) -> bool:
    low = " ".join(text.lower().split()) + " "
    return any(low.startswith(p.lower() + " ") or low.startswith(p.lower() + ",") for p in phrases) or any(
        low.startswith(p.lower()) for p in phrases if p.startswith("-")
    )


def _amount_at(analysis: Any, start: int, end: int) -> Any | None:
    """A quantity found over the span that measures or counts something (a unit or a counted noun)."""
    for q in analysis.quantities:
        if q.start <= end and q.end > start and (q.unit or q.noun) and not getattr(q, "vague", False):
            return q
    return None


def _unit_or_noun_at(text: str, pos: int) -> bool:
    """Whether a unit ("metres", "km", a glued "C") or a known counted noun ("people") starts at ``pos``.

    Used when the extractor made no quantity of the span (it may refuse a reversed range).
    """
    from factcheck.quantities.nouns import known_nouns, lemma
    from factcheck.quantities.units import unit_patterns

    word_units, symbol_units, glued_units = unit_patterns()
    if glued_units.match(text, pos) or symbol_units.match(text, pos):
        return True
    rest = text[pos : pos + 60]
    skipped = len(rest) - len(rest.lstrip())
    if word_units.match(text, pos + skipped) or symbol_units.match(text, pos + skipped):
        return True
    nxt = re.match(r"[A-Za-z]+", rest.lstrip())
    return bool(nxt) and lemma(nxt.group(0)) in known_nouns()
