"""A duration that contradicts known dates: "the 18-month conflict" in an article of January 2023 when the
war's stated start is 24 Feb 2022 (about 10.6 months earlier). "The 11-month conflict" agrees.

A duration is checked when it names what lasted ("the 11-month conflict", "six months of war"), the article
has a publication date, and a start date of the same kind of thing is stated next to a start verb ("Putin
launched the invasion on Feb. 24, 2022"), in the same article or, failing that, consistently in the others.
Nouns of one kind (war, conflict, invasion, …) and start verbs are data (``factcheck/data/dates_events.yaml``).
A duration agrees when it is within one of its units of the time elapsed (rounding and "in its 11th month"
are both common). Level: warning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, ClassVar

from factcheck.checks import CheckContext
from factcheck.dates import calendar as cal
from factcheck.dates.events import EventDate, claim_interval, event_dates, sentence_dates
from factcheck.dates.evidence import mention_evidence
from factcheck.dates.mention import DateMention
from factcheck.dates.words import ascii_lowered, date_words, first_words, may_contain
from factcheck.model import Finding, Severity

NAME = "duration"
DEFAULT_LEVEL = "warning"
START_WINDOW = 8
TOLERANCE_UNITS = 1.0


@dataclass(frozen=True)
class DurationDoc:
    """What this check needs of one article: its named durations and, for each kind of thing, the start
    dates it states (computed where the article is analysed; the run keeps these, not the text)."""

    durations: tuple[DateMention, ...]
    starts: dict[tuple[str, ...], list[EventDate]]
    # the value of an article with neither (most): one for all of them, as a run holds one value per article
    # (``file_results.DocResult`` puts it back in place of an equal one it unpickles). Never changed.
    EMPTY: ClassVar[DurationDoc]


DurationDoc.EMPTY = DurationDoc((), {})


def collect(analysis: Any, rules: list, claims: list = ()) -> DurationDoc:  # noqa: ARG001
    w = date_words()
    durations = tuple(m for m in analysis.dates if isinstance(m, DateMention) and m.type == "duration" and m.noun
                      and m.amount is not None and w.noun_group(m.noun) is not None and m.unit in w.units)
    starts: dict[tuple[str, ...], list[EventDate]] = {}
    text = analysis.doc.text
    # Starts are dates next to a start verb: an article with none of them (most) has none.
    if may_contain(ascii_lowered(text), first_words(w.start_verbs)):
        starts = _starts(analysis, w)
    return DurationDoc(durations, starts) if durations or starts else DurationDoc.EMPTY


def _starts(analysis: Any, w: Any) -> dict[tuple[str, ...], list[EventDate]]:
    starts: dict[tuple[str, ...], list[EventDate]] = {}
    folded = analysis.doc.text.casefold()
    by_sentence: list | None = None
    for group, folded_group in zip(w.event_nouns, _folded_nouns(), strict=True):
        if not any(noun in folded for noun in folded_group):
            continue  # a necessary condition of the group's (case-insensitive) matcher, and far cheaper
        if by_sentence is None:
            by_sentence = sentence_dates(analysis)
        found = [replace(e, doc=None) for e in event_dates(analysis, w.start_verbs, START_WINDOW, subjects=group,
                                                           by_sentence=by_sentence)
                 if _closed(claim_interval(e.mention))]
        if found:
            starts[group] = found
    return starts


@cache
def _folded_nouns() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(noun.casefold() for noun in group) for group in date_words().event_nouns)


def run(ctx: CheckContext) -> Iterable[Finding]:
    w = date_words()
    docs: list[DurationDoc] = ctx.per_doc(NAME, collect)
    articles = ctx.documents()
    for i, d in enumerate(docs):
        pub = articles[i].date
        if pub is None:
            continue
        for m in d.durations:
            group = w.noun_group(m.noun)
            assert group is not None and m.amount is not None
            found = [replace(e, doc=articles[i]) for e in d.starts.get(group, ())]
            if not found:
                found = [replace(e, doc=articles[j]) for j, other in enumerate(docs) if j != i
                         for e in other.starts.get(group, ())]
            start = _common(found)
            if start is None or start[0] > pub:
                continue
            unit_days = w.units[m.unit]
            lo = (pub - start[1]).days / unit_days
            hi = (pub - start[0]).days / unit_days
            if lo - TOLERANCE_UNITS <= m.amount <= hi + TOLERANCE_UNITS:
                continue
            first = found[0]
            elapsed = f"{lo:.1f}" if abs(hi - lo) < 0.05 else f"{lo:.1f}–{hi:.1f}"
            began = cal.iso(start, first.mention.precision)
            message = (f"'{m.text}': the {m.noun} began {began} ('{first.mention.text}' in "
                       f"{first.doc.doc_id}) and the article is dated {pub.isoformat()}, "
                       f"{elapsed} {m.unit}s later, not {m.amount:g}")
            evidence = (mention_evidence(articles[i], m, role="outlier"),
                        *(mention_evidence(e.doc, e.mention, role="other") for e in found))
            yield Finding(rule=NAME, kind=NAME, severity=Severity(DEFAULT_LEVEL), message=message,
                          evidence=evidence)


def _closed(iv: tuple[dt.date, dt.date] | None) -> bool:
    return iv is not None and iv[0] != dt.date.min and iv[1] != dt.date.max


def _common(found: list[EventDate]) -> tuple[dt.date, dt.date] | None:
    """The days every stated start allows; None when there is none or they disagree (the event-date check
    reports that)."""
    lo, hi = dt.date.min, dt.date.max
    for e in found:
        iv = claim_interval(e.mention)
        assert iv is not None
        lo, hi = max(lo, iv[0]), min(hi, iv[1])
    if not found or lo > hi:
        return None
    return lo, hi
