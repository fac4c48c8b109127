"""The regular expressions that find date mentions, built once from the date lexicon.

Month and weekday names match only as written in prose (capitalized, or all caps as in datelines), so "may"
the verb and "march" the noun are not dates; a bare month or year needs a preposition before it ("in May",
"since 2014") so "May said" and "2,014 people" are not either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from factcheck.dates.words import alternation, date_words

YEAR = r"(?:1[6-9]|20)\d{2}"
# "Aug. 20 last year", "in October this year": the year given relative to the publication's
YEAR_REL = r"(?:,?\s+(?P<yrel>(?i:last|this|next))\s+year\b)?"


@dataclass(frozen=True)
class DatePatterns:
    iso: re.Pattern[str]
    month_day: re.Pattern[str]  # "Feb. 24, 2022", "Tuesday, March 12", "March 12-14"
    day_month: re.Pattern[str]  # "24 February 2022", "the 3rd of March"
    month_year: re.Pattern[str]  # "July 2022"
    bare_month: re.Pattern[str]  # "in October"
    bare_year: re.Pattern[str]  # "since 2014"
    weekday: re.Pattern[str]  # "on Thursday", "next Monday", "Tuesday morning"
    relative: re.Pattern[str]  # "yesterday", "earlier this month"
    offset: re.Pattern[str]  # "three days ago", "two days after"
    duration_adj: re.Pattern[str]  # "the 11-month conflict"
    duration: re.Pattern[str]  # "six months", "three months of war"
    relation_before: re.Pattern[str]  # "since ", "until the " right before a mention
    # Triggers: fast passes find where a date can be (digits, a month or weekday name, a time word); the
    # patterns above are then tried only there, anchored, instead of at every position of the text.
    names: re.Pattern[str]  # month and weekday names (no \b: a leading \b makes the scan 6x slower)
    time_words: tuple[str, ...]  # lower-case words a duration or relative date ends with: day, week, …
    relative_ends: frozenset[str]  # the last words of relative phrases: yesterday, week, night, …
    prep_before: re.Pattern[str]  # "in ", "mid-" right before a month or year
    weekday_rel_before: re.Pattern[str]  # "last ", "next " right before a weekday
    number_before: re.Pattern[str]  # "six ", "eleven-" right before a unit word
    relative_ending: re.Pattern[str]  # a relative phrase ending where the window ends


@cache
def date_patterns() -> DatePatterns:
    w = date_words()
    mon = alternation(list(w.months), upper=True)
    bare = alternation(list(w.bare_months), upper=True)
    wd = alternation(list(w.weekdays), upper=True)
    parts = alternation(list(w.day_parts))
    preps = alternation(list(w.month_year_prepositions))
    rel = alternation(list(w.relative))
    units = alternation(list(w.units))
    numw = alternation([k for k in w.numbers])
    num = rf"(?:\d{{1,3}}|{numw})"
    offw = alternation(list(w.offset_words))
    relations = alternation(list(w.relations))
    relative_ends = frozenset(p.split()[-1] for p in w.relative)
    weekday_prefix = rf"(?:(?P<wd>\b(?:{wd}))(?:\s+(?:{parts}))?,?\s+(?:the\s+)?)?"
    return DatePatterns(
        iso=re.compile(r"(?<![\w-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\w-])"),
        month_day=re.compile(
            rf"{weekday_prefix}\b(?P<mon>{mon})(?![A-Za-z])\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?"
            rf"(?:\s*[-–]\s*(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?)?(?![\w-])(?!:\d)"
            rf"(?:,?\s+(?P<y>{YEAR})(?![\w-]))?{YEAR_REL}"),
        day_month=re.compile(
            rf"{weekday_prefix}(?<![\w.,])(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{mon})(?![A-Za-z])"
            rf"\.?(?:,?\s+(?P<y>{YEAR})(?![\w-]))?{YEAR_REL}"),
        month_year=re.compile(rf"\b(?P<mon>{mon})(?![A-Za-z])\.?,?\s+(?P<y>{YEAR})(?![\w-])"),
        bare_month=re.compile(rf"(?i:\b(?P<prep>{preps}))[\s-]+(?P<mon>{bare})(?![\w-]){YEAR_REL}"),
        bare_year=re.compile(rf"(?i:\b(?P<prep>{preps}))[\s-]+(?P<y>{YEAR})(?![\w-])(?!\s*(?:%|percent\b|per\b))"),
        weekday=re.compile(
            rf"(?:(?i:\b(?P<rel>last|next|this|coming))\s+)?\b(?P<wd>{wd})(?!s\b)(?:['’]s\b)?"
            rf"(?:\s+(?P<part>{parts})\b)?"),
        relative=re.compile(rf"(?i:\b(?:{rel})\b)"),
        offset=re.compile(rf"(?i:\b(?P<n>{num})\s+(?P<u>{units})s?\s+(?P<dir>{offw})\b)"),
        duration_adj=re.compile(
            rf"(?i:\b(?P<n>{num})-(?P<u>{units})s?(?:-long)?)(?!-old)(?![\w-])(?:\s+(?P<noun>[a-z]+)(?![\w-]))?"),
        duration=re.compile(
            rf"(?i:\b(?P<n>{num})\s+(?P<u>{units})s?\b)(?!\s+(?:old|of\s+age)\b)"
            rf"(?:\s+(?:of|into)\s+(?:the\s+)?(?P<noun>[a-z]+)(?![\w-]))?"),
        relation_before=re.compile(rf"(?i:\b(?P<rel>{relations}))\s+(?:the\s+)?$"),
        names=re.compile(rf"(?:{mon}|{wd})(?![a-z])"),
        time_words=tuple(sorted({*w.units, *relative_ends})),
        relative_ends=relative_ends,
        prep_before=re.compile(rf"(?i:\b(?:{preps}))[\s-]+$"),
        weekday_rel_before=re.compile(r"(?i:\b(?:last|next|this|coming))\s+$"),
        number_before=re.compile(rf"(?i:\b(?:{numw}))[\s-]+$"),
        relative_ending=re.compile(rf"(?i:\b(?:{rel}))$"),
    )
