"""Evidence for date findings: a mention's span, shown with its resolved date."""

from __future__ import annotations

import datetime as dt

from factcheck.dates.mention import DateMention
from factcheck.model import DocInfo, Document, Evidence, Location

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")


def mention_evidence(doc: Document | DocInfo, m: DateMention, role: str = "other", note: str | None = None) -> Evidence:
    return Evidence(Location.of(doc, m.start, m.end), m.text, role=role, doc_id=doc.doc_id, start=m.start,
                    end=m.end, note=note if note is not None else m.iso)


def day_month_year(d: dt.date) -> str:
    """"13 March 2024": unambiguous for readers on both sides of the Atlantic (no locale: English names)."""
    return f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}"
