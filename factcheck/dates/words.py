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
