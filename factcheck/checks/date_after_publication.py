"""A past event dated after the article's own publication date ("the dam gave way on March 21" in an article
published on 15 March).

Only sentences that speak of the past are checked (a past-tense verb and no future word such as "will",
"scheduled", "next"), and only dates that are not bounds ("until March 30", "by Friday"). A date written
without a year is taken in the year nearest the publication date; since the year before is then a fair
reading too, such a date is reported only when it falls within a month after publication, and a month
without a year ("In February, the invasion …" in a January article) never is. Articles without a date are not
checked. Level: warning.
"""

from __future__ import annotations

from collections.abc import Iterable

from factcheck.checks import CheckContext
from factcheck.dates.evidence import mention_evidence
from factcheck.dates.mention import DateMention
from factcheck.dates.tense import future_in, past_in
from factcheck.dates.words import date_words, phrase_matcher
from factcheck.model import Finding, Severity
from factcheck.sentences import sentence_at

NAME = "date-after-publication"
DEFAULT_LEVEL = "warning"
SCOPE = "document"  # each article on its own: run where the article is analysed
YEARLESS_HORIZON_DAYS = 31


def run(ctx: CheckContext) -> Iterable[Finding]:
    start_verbs = phrase_matcher(date_words().start_verbs)
    for a in ctx.analyses:
        pub = a.doc.date
        if pub is None:
            continue
        for m in a.dates:
            if not _candidate(m) or m.first is None or m.first <= pub:
                continue
            if m.year is None and (m.type == "month" or (m.first - pub).days > YEARLESS_HORIZON_DAYS):
                continue
            s = sentence_at(a.sentences, m.start)
            sentence = a.doc.text[s.start : s.end] if s else a.doc.text[m.start : m.end]
            if future_in(sentence) or not past_in(sentence, start_verbs):
                continue
            source = {"meta": "its metadata", "dateline": "its dateline"}.get(a.doc.date_source or "", "its date")
            message = (f"'{m.text}' ({m.iso}) is after the article's publication date {pub.isoformat()} (from "
                       f"{source}), in a sentence about the past")
            if m.year is None:
                message += f" (no year given; taken as {m.first.year}, nearest the publication date)"
            yield Finding(rule=NAME, kind=NAME, severity=Severity(DEFAULT_LEVEL), message=message,
                          evidence=(mention_evidence(a.doc, m, role="outlier"),))


def _candidate(m: object) -> bool:
    return (isinstance(m, DateMention) and m.type in ("date", "month", "year") and not m.dateline
            and not m.future and m.relation not in ("until", "by", "before"))
