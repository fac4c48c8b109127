"""Weekday and date disagree within one mention ("on Thursday, March 13" when 13 March 2024 was a Wednesday).

A date without a year is taken in the year nearest the article's publication date; in an article without a
date such a mention cannot be checked and is left alone. Level: error.
"""

from __future__ import annotations

from collections.abc import Iterable

from factcheck.checks import CheckContext
from factcheck.dates.evidence import day_month_year, mention_evidence
from factcheck.dates.mention import WEEKDAY_NAMES, DateMention
from factcheck.model import Finding, Severity

NAME = "weekday"
DEFAULT_LEVEL = "error"
SCOPE = "document"  # each article on its own: run where the article is analysed


def run(ctx: CheckContext) -> Iterable[Finding]:
    for a in ctx.analyses:
        for m in a.dates:
            if not isinstance(m, DateMention) or m.type != "date" or m.weekday is None or m.first is None:
                continue
            actual = m.first.weekday()
            if actual == m.weekday:
                continue
            message = (f"'{m.text}': {day_month_year(m.first)} was a "
                       f"{WEEKDAY_NAMES[actual]}, not a {WEEKDAY_NAMES[m.weekday]}")
            if m.year is None:
                message += f" (no year given; taken as {m.first.year}, nearest the article's date {a.doc.date})"
            yield Finding(rule=NAME, kind=NAME, severity=Severity(DEFAULT_LEVEL), message=message,
                          evidence=(mention_evidence(a.doc, m, role="outlier"),))
