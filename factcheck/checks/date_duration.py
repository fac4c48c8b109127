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

from factcheck.checks import CheckContext
from factcheck.dates import calendar as cal
from factcheck.dates.events import EventDate, claim_interval, event_dates
from factcheck.dates.evidence import mention_evidence
from factcheck.dates.mention import DateMention
from factcheck.dates.words import date_words
from factcheck.model import Finding, Severity

NAME = "duration"
DEFAULT_LEVEL = "warning"
START_WINDOW = 8
TOLERANCE_UNITS = 1.0


def run(ctx: CheckContext) -> Iterable[Finding]:
    w = date_words()
    starts_cache: dict[tuple[int, tuple[str, ...]], list[EventDate]] = {}

    def starts(i: int, group: tuple[str, ...]) -> list[EventDate]:
        key = (i, group)
        if key not in starts_cache:
            found = event_dates(ctx.analyses[i], w.start_verbs, START_WINDOW, subjects=group)
            starts_cache[key] = [e for e in found if _closed(claim_interval(e.mention))]
        return starts_cache[key]

    for i, a in enumerate(ctx.analyses):
        pub = a.doc.date
        if pub is None:
            continue
        for m in a.dates:
            if not isinstance(m, DateMention) or m.type != "duration" or not m.noun or m.amount is None:
                continue
            group = w.noun_group(m.noun)
            if group is None or m.unit not in w.units:
                continue
            found = starts(i, group)
            if not found:
                found = [e for j in range(len(ctx.analyses)) if j != i for e in starts(j, group)]
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
                       f"{first.analysis.doc.doc_id}) and the article is dated {pub.isoformat()}, "
                       f"{elapsed} {m.unit}s later, not {m.amount:g}")
            evidence = (mention_evidence(a.doc, m, role="outlier"),
                        *(mention_evidence(e.analysis.doc, e.mention, role="other") for e in found))
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
