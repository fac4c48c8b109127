"""Event dates: date mentions tied to an event verb, turned into claims and compared.

A date is the date of an event when it stands in the sentence of one of the event's verbs, within a few words,
and is the date nearest to that verb ("the dam gave way on March 21"; "On Tuesday, March 12, the Hillcrest Dam
collapsed"). Claims are intervals of days: "March 12" one day, "in March" thirty-one, "before March 12" open
to the left. Claims of one fact agree when some day is common to all of them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from factcheck.dates import calendar as cal
from factcheck.dates.mention import DateMention
from factcheck.dates.words import ascii_lowered, date_words, first_words, may_contain, phrase_matcher
from factcheck.engine.stories import ONE_STORY, Stories, story_key
from factcheck.model import Claim, Fact, Location, Sentence
from factcheck.rules.date_rule import DateRule
from factcheck.sentences import sentence_index

_WORD = re.compile(r"[\w'’]+")
_POSSESSIVE = re.compile(r"['’]s?$")
FLOATING_YEAR = 2000  # year-less dates compared among themselves when no claim has a year: a leap year


@dataclass(frozen=True)
class EventDate:
    """A date mention that dates an event: the verb it is tied to and the event's subject."""

    doc: Any  # factcheck.model.Document, or the DocInfo a run keeps of it
    mention: DateMention
    sentence: Sentence
    verb: str
    subject: str | None
    sentence_text: str = ""  # the sentence, white space collapsed (the text is not kept with a DocInfo)


def words_between(text: str, a: int, b: int) -> int:
    return len(_WORD.findall(text, a, b)) if a < b else 0


def subject_before(text: str, sentence_start: int, verb_start: int) -> str | None:
    """The word the verb follows, skipping auxiliaries and adverbs: "the Hillcrest Dam had collapsed" -> dam.
    None for a pronoun or when nothing precedes the verb in the sentence."""
    w = date_words()
    words = list(_WORD.finditer(text, sentence_start, verb_start))[-6:]
    for i in range(len(words) - 1, -1, -1):
        word = _POSSESSIVE.sub("", words[i].group(0).lower())
        if word in w.subject_skip or word.endswith("ly"):
            continue
        if word in w.subject_unknown or not word.isalpha() or w.weekday(word) is not None or w.month(word):
            return None
        if i > 0 and words[i - 1].group(0).lower() in w.distinct_markers:
            return None  # "a second fire started": another event than "the fire"
        return word
    return None


def intransitive(text: str, verb_end: int, sentence_end: int, mentions: list[DateMention]) -> bool:
    """Whether the verb ending at ``verb_end`` has no object: followed by punctuation, a preposition or adverb,
    or a date ("collapsed on Monday", "broke out Tuesday"), rather than a noun ("started repairs")."""
    m = _WORD.search(text, verb_end, sentence_end)
    if m is None or text[verb_end : m.start()].strip():
        return True  # end of sentence, or punctuation first
    if any(d.start == m.start() for d in mentions):
        return True
    word = m.group(0).lower()
    return word in date_words().verb_followers or word.endswith("ly")


def _claimable(m: DateMention) -> bool:
    return m.type in ("date", "weekday", "month", "year", "relative") and not m.dateline and m.anchor != "text"


def _contains_any(text: str, words: Iterable[str], low: bytes | None) -> bool:
    """Whether ``text`` (``ascii_lowered`` as ``low``) holds one of ``words``."""
    words = tuple(words)
    if not words or not may_contain(low, first_words(words)):
        return False
    return bool(phrase_matcher(words).search(text))


# The claimable date mentions of one sentence: (the sentence, its text, that text ``ascii_lowered``, mentions)
SentenceDates = tuple[Sentence, str, "bytes | None", list[DateMention]]


def sentence_dates(analysis) -> list[SentenceDates]:  # noqa: ANN001
    """The claimable date mentions of ``analysis`` by sentence, in text order: what ``event_dates`` reads,
    worked out once for all the rules of an article."""
    text: str = analysis.doc.text
    by_sentence: dict[int, list[DateMention]] = defaultdict(list)
    sentences: list[Sentence] = analysis.sentences
    for m in analysis.dates:
        if not _claimable(m):
            continue
        i = sentence_index(sentences, m.start)
        if i >= 0:
            by_sentence[i].append(m)
    out: list[SentenceDates] = []
    for i, mentions in sorted(by_sentence.items()):
        s = sentences[i]
        stext = text[s.start : s.end]
        out.append((s, stext, ascii_lowered(stext), mentions))
    return out


def event_dates(analysis, verbs: tuple[str, ...], window: int, subjects: tuple[str, ...] = (),
                require: tuple[str, ...] = (), exclude: tuple[str, ...] = (), *,
                by_sentence: list[SentenceDates]) -> list[EventDate]:
    """Date mentions of ``analysis`` tied to one of ``verbs``; at most one per verb occurrence, each mention
    once. With ``subjects``, the sentence must name one (and it is the subject); otherwise the subject is
    detected and a date whose subject cannot be told is skipped. ``by_sentence``: ``sentence_dates(analysis)``
    (or the part of it a caller has kept), worked out once for all the rules of an article."""
    text: str = analysis.doc.text
    out: list[EventDate] = []
    verb_words = first_words(verbs)
    for s, stext, low, mentions in by_sentence:
        if not may_contain(low, verb_words):
            continue  # a sentence without a verb yields nothing: the cheapest test first
        if require and not _contains_any(stext, require, low):
            continue
        if exclude and _contains_any(stext, exclude, low):
            continue
        subject_named = None
        if subjects:
            found = phrase_matcher(subjects).search(stext) if may_contain(low, first_words(subjects)) else None
            if not found:
                continue
            subject_named = found.group(0)
        used: set[int] = set()
        for v in phrase_matcher(verbs).finditer(text, s.start, s.end):
            best: tuple[int, int, DateMention] | None = None
            for m in mentions:
                if m.start <= v.start() < m.end:
                    continue
                gap = words_between(text, v.end(), m.start) if m.start >= v.end() else words_between(
                    text, m.end, v.start())
                if gap > window:
                    continue
                key = (gap, 0 if m.start >= v.end() else 1)
                if best is None or key < best[:2]:
                    best = (*key, m)
            if best is None or id(best[2]) in used:
                continue
            if subject_named is None and not intransitive(text, v.end(), s.end, analysis.dates):
                continue
            subject = subject_named or subject_before(text, s.start, v.start())
            if subject is None:
                continue
            used.add(id(best[2]))
            out.append(EventDate(analysis.doc, best[2], s, v.group(0), subject.lower(), _sentence_text(text, s.start,
                                                                                                    s.end)))
    return out


def claim_interval(m: DateMention) -> tuple[dt.date, dt.date] | None:
    """The days a date mention allows for the event: its interval, opened by before/by/until/after."""
    iv = m.interval
    if iv is None:
        return None
    first, last = iv
    if m.relation in ("before", "by", "until"):
        return dt.date.min, (last - dt.timedelta(days=1)) if m.relation == "before" else last
    if m.relation == "after":
        return first + dt.timedelta(days=1) if first < dt.date.max else first, dt.date.max
    return first, last


def _floating(m: DateMention) -> bool:
    return m.interval is None and m.type == "date" and m.month is not None and m.day is not None


def _to_float(d: dt.date) -> float:
    if d == dt.date.min:
        return -math.inf
    if d == dt.date.max:
        return math.inf
    return float(d.toordinal())


def _display(m: DateMention, iv: tuple[dt.date, dt.date], assumed: bool) -> str:
    a, b = iv
    if a == dt.date.min:
        shown = f"≤ {b.isoformat()}"
    elif b == dt.date.max:
        shown = f"≥ {a.isoformat()}"
    else:
        shown = cal.iso(iv, m.precision)
    return shown + (", year assumed" if assumed else "")


def _sentence_text(text: str, start: int, end: int) -> str:
    return " ".join(text[start:end].split())


def date_rules(rules: list) -> list[DateRule]:
    return [r for r in rules if isinstance(r, DateRule) and r.enabled]


def rule_event_dates(analysis, rules: list) -> dict[str, list[EventDate]]:
    """What ``date_facts`` needs of one article, by rule id: computed where the article is analysed, so
    that a run keeps these, not the article's text."""
    by_sentence = sentence_dates(analysis)
    rules = date_rules(rules)
    if by_sentence:  # the sentences with a verb of any of the rules (few): each rule reads only those
        any_verb = first_words(tuple(v for rule in rules for v in rule.verbs))
        by_sentence = [sd for sd in by_sentence if may_contain(sd[2], any_verb)]
    return {rule.id: event_dates(analysis, tuple(rule.verbs), rule.context.window, tuple(rule.subjects),
                                 tuple(rule.context.require), tuple(rule.context.exclude), by_sentence=by_sentence)
            for rule in rules}


def collect(analysis, rules: list, claims: list = ()) -> dict[str, list[EventDate]]:  # noqa: ANN001, ARG001
    """``rule_event_dates`` without the document (a run keeps its ``DocInfo`` apart, not its text)."""
    return {rid: [replace(ed, doc=None) for ed in eds] for rid, eds in rule_event_dates(analysis, rules).items()
            if eds}


def date_facts(analyses: list, rules: list) -> list[Fact]:
    """Facts of every ``extends: date`` rule: claims grouped by rule, subject (and document for scope
    "document", story for scope "corpus": ``engine.stories``), with the consensus (the day most claims allow)
    and the outliers (claims that do not)."""
    from factcheck.engine import stories_of

    return date_facts_from([rule_event_dates(a, rules) for a in analyses], [a.doc for a in analyses], rules,
                           stories_of(analyses))


def date_facts_from(per_doc: list[dict[str, list[EventDate]]], docs: list, rules: list,
                    stories: Stories = ONE_STORY) -> list[Fact]:
    """``date_facts`` from each article's ``rule_event_dates`` (or ``collect``), in the articles' order."""
    facts: list[Fact] = []
    for rule in date_rules(rules):
        groups: dict[tuple[str, str], list[EventDate]] = defaultdict(list)
        for doc, found in zip(docs, per_doc, strict=True):
            for ed in found.get(rule.id, ()):
                if ed.doc is None:
                    ed = replace(ed, doc=doc)
                subject = "" if rule.subjects else (ed.subject or "")
                doc_id = ed.doc.doc_id
                scope = doc_id if rule.scope == "document" else (stories.label(doc_id) or "")
                groups[(subject, scope)].append(ed)
        for (subject, scope), eds in sorted(groups.items()):
            fact = _fact(rule, subject or None, eds, scope if rule.scope == "corpus" else "")
            if fact is None:
                continue
            if rule.scope == "corpus":
                # An article that gives the consensus date and another one is more likely telling of two
                # events (two fires, two attacks) than contradicting itself: its other date is no outlier.
                agreeing = {c.doc_id for i, c in enumerate(fact.claims) if i not in set(fact.outliers)}
                fact.outliers = [i for i in fact.outliers if fact.claims[i].doc_id not in agreeing]
            facts.append(fact)
    return facts


def _fact(rule: DateRule, subject: str | None, eds: list[EventDate], story: str = "") -> Fact | None:
    resolved = [claim_interval(e.mention) for e in eds]
    known = [iv for iv in resolved if iv is not None and iv[0] != dt.date.min and iv[1] != dt.date.max]
    ref = sorted(iv[0] for iv in known)[len(known) // 2] if known else None
    claims: list[Claim] = []
    intervals: list[tuple[dt.date, dt.date]] = []
    key = story_key(rule.label(subject), story)
    for ed, iv in zip(eds, resolved, strict=True):
        m = ed.mention
        assumed = False
        if iv is None and _floating(m):
            assert m.month is not None and m.day is not None
            d = cal.nearest_day(m.month, m.day, ref) if ref else cal.make_date(FLOATING_YEAR, m.month, m.day)
            if d is None:
                continue
            iv, assumed = (d, d), True
        if iv is None:
            continue
        doc = ed.doc
        claims.append(Claim(
            fact=key, rule=rule.id, doc_id=doc.doc_id, location=Location.of(doc, m.start, m.end), text=m.text,
            mention=m, interval=(_to_float(iv[0]), _to_float(iv[1])), display=_display(m, iv, assumed),
            sentence=ed.sentence_text, date=doc.date, outlet=doc.outlet))
        intervals.append(iv)
    if not claims:
        return None
    point, _count = consensus_point(intervals, [c.doc_id for c in claims])
    fact = Fact(key=key, rule=rule.id, kind="date", unit=None, claims=claims)
    fact.consensus = (_to_float(point), _to_float(point))
    fact.outliers = [i for i, iv in enumerate(intervals) if not iv[0] <= point <= iv[1]]
    return fact


def consensus_point(intervals: list[tuple[dt.date, dt.date]], docs: list[str]) -> tuple[dt.date, int]:
    """The day allowed by the most claims (ties: by claims from the most articles, then the earliest day)."""
    best: tuple[int, int, dt.date] | None = None
    for p in sorted({iv[0] for iv in intervals if iv[0] != dt.date.min} | {iv[1] for iv in intervals}):
        inside = [i for i, iv in enumerate(intervals) if iv[0] <= p <= iv[1]]
        score = (len(inside), len({docs[i] for i in inside}))
        if best is None or score > best[:2]:
            best = (*score, p)
    assert best is not None
    return best[2], best[0]
