"""The dateline: the publication date an article states at its start.

Recognized at the start of one of the first lines: a labelled or bare ISO date ("date 2023-01-13 KYIV/NEAR
SOLEDAR, Ukraine -"), a place in capitals followed by a date and a dash ("PINECREST, Aug. 14, 2025 (Wire) -",
"KYIV, March 15 -"), or a line opening with a full date and a dash ("March 15, 2024 -").

A dateline without a year takes the year that puts it on or after the latest full date (with a year) the
article states, the way a report follows the events it tells; when the article states none, the dateline
is not used and the article stays undated: no year is invented.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from factcheck.dates import calendar as cal
from factcheck.dates.patterns import YEAR, date_patterns
from factcheck.dates.words import alternation, date_words
from factcheck.model import Document

HEAD_LINES = 4  # a dateline opens the article, possibly after a headline and a byline


@dataclass(frozen=True)
class Dateline:
    start: int  # offsets of the date within the text
    end: int
    date: dt.date | None  # None when the dateline gives no year and the text none to infer it from
    month: int
    day: int


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    mon = alternation(list(date_words().months), upper=True)
    date = rf"(?P<mon>{mon})(?![A-Za-z])\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>{YEAR}))?"
    iso = re.compile(
        r"[ \t]*(?:(?i:date[d]?|published|updated)[ \t]*:?[ \t]*)?(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\w-])")
    place = r"[A-Z][A-Z'’.\-]+(?:[ /][A-Z][A-Z'’.\-]+)*(?:,[ \t]*[A-Z][\w.'’]*(?:[ \t]+[A-Z][\w.'’]*)*)?"
    placed = re.compile(
        rf"[ \t]*(?:(?P<place>{place}),?[ \t]+)?{date}[ \t]*(?:\([^)\n]{{1,40}}\)[ \t]*)?[-–—:]")
    return iso, placed


def find_dateline(text: str) -> Dateline | None:
    iso, placed = _patterns()
    pos = 0
    lines_seen = 0
    while pos < len(text) and lines_seen < HEAD_LINES:
        nl = text.find("\n", pos)
        end = len(text) if nl < 0 else nl
        if text[pos:end].strip():
            lines_seen += 1
            m = iso.match(text, pos, end)
            if m:
                d = cal.make_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
                if d is not None:
                    return Dateline(m.start("y"), m.end(), d, d.month, d.day)
            m = placed.match(text, pos, end)
            if m and (m.group("y") or m.group("place")):  # "May 5 - …" alone could be a list item
                month = date_words().month(m.group("mon"))
                day = int(m.group("d"))
                if month is not None and cal.make_date(2000, month, day) is not None:
                    date_end = m.end("y") if m.group("y") else m.end("d")
                    if m.group("y"):
                        d = cal.make_date(int(m.group("y")), month, day)
                    else:
                        d = _infer_year(text, month, day)
                    if m.group("y") and d is None:
                        return None
                    return Dateline(m.start("mon"), date_end, d, month, day)
        if nl < 0:
            break
        pos = nl + 1
    return None


def _infer_year(text: str, month: int, day: int) -> dt.date | None:
    """The first ``month``/``day`` on or after the latest full date stated in ``text``."""
    p = date_patterns()
    latest: dt.date | None = None
    for pattern in (p.iso, p.month_day, p.day_month):
        for m in pattern.finditer(text):
            if not m.groupdict().get("y"):
                continue
            if pattern is p.iso:
                d = cal.make_date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            else:
                mo = date_words().month(m.group("mon"))
                d = cal.make_date(int(m.group("y")), mo, int(m.group("d"))) if mo else None
            if d is not None and (latest is None or d > latest):
                latest = d
    if latest is None:
        return None
    for year in (latest.year, latest.year + 1, latest.year + 2):
        cand = cal.make_date(year, month, day)
        if cand is not None and cand >= latest:
            return cand
    return None


def apply_dateline(doc: Document) -> Dateline | None:
    """Set ``doc.date`` from the dateline when the metadata gave none (metadata wins: it is what the
    publisher's system recorded). Returns the dateline found, if any."""
    found = find_dateline(doc.text)
    if doc.date is None and found is not None and found.date is not None:
        doc.date, doc.date_source = found.date, "dateline"
    return found
