"""A part larger than its whole.

"4,300 people were evacuated, including 5,100 children": the 5,100 are among the 4,300, so they cannot be
more. The check reads a count and a second count that the wording makes a part of it:

- whole first: "N …, including M …", "N people, among them M children", "N residents, of whom M …"
  (the cue words, and how many words may stand between the whole and the cue, are in
  ``part_whole`` of ``factcheck/data/arithmetic.yaml``);
- part first: "M of the N …", "M out of N …";
- a clause that opens with the whole: "Of the 40 victims, 52 were women", "Among the N …, M …".

Both must count the same kind of thing: the same noun, a subclass (children ⊂ people), or nouns sharing a
class in ``factcheck/data/nouns.yaml`` (residents and children both count people). "420 residents,
including 15 children" is fine; "4,300 people, including 5,100 children" is not. Hedges are respected
through each quantity's interval: "more than 500 people, including 520 children" is no finding, since
"more than 500" may be 600.

Kind ``part-whole``, level error. Switch off with ``{id: …, extends: check, check: part-whole,
enabled: false}``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from factcheck.checks import CheckContext
from factcheck.checks._arith import (
    by_sentence,
    evidence,
    fmt_amount,
    normalize_gap,
    sentence_bounds,
    sentence_groups,
    settings,
)
from factcheck.model import Document, Finding, Severity

NAME = "part-whole"
DEFAULT_LEVEL = "error"
SCOPE = "document"  # each article on its own: run where the article is analysed

_BREAK = re.compile(r"[;:!?()\[\]\"“”]|\.(?!\d)")


def run(ctx: CheckContext) -> Iterable[Finding]:
    for analysis in ctx.analyses:
        yield from check_document(analysis.doc, analysis, ctx.derived(sentence_groups, analysis))


def check_document(doc: Document, analysis: Any, groups: list[list[Any]] | None = None) -> Iterator[Finding]:
    """``groups``: ``by_sentence(analysis)`` when the caller has it."""
    dimensions = _dimensions()
    if sum(q.dimension in dimensions for q in analysis.quantities) < 2:
        return  # no pair of counts to compare (most articles)
    for group in by_sentence(analysis) if groups is None else groups:
        for a, b in zip(group, group[1:], strict=False):
            if a.dimension not in dimensions or b.dimension not in dimensions:
                continue
            gap = doc.text[a.end : b.start]
            if whole_first(gap) or opens_clause(doc.text, analysis, a, gap):
                whole, part = a, b
            elif part_first(gap):
                whole, part = b, a
            else:
                continue
            if not same_kind(part.noun, whole.noun):
                continue
            if lower(part) > upper(whole):
                yield finding(doc, whole, part)


def whole_first(gap: str) -> bool:
    """Whether ``gap`` (the text from the end of the whole to the part) ends with a cue such as
    ", including" after at most a few words ("420 residents were still there, including 15 children")."""
    if gap.count("(") == 1 and ")" not in gap:
        gap = gap.replace("(", " ")  # "4,300 people (including 5,100 children)"
    if _BREAK.search(gap):
        return False
    conf = settings()["part_whole"]
    text = normalize_gap(gap.replace(",", " , "))
    for cue in _whole_first_cues():
        if text == cue or text.endswith(" " + cue):
            before = text[: len(text) - len(cue)].strip()
            # The words between the whole and the cue (its noun, a verb: "people were evacuated") are few
            # and hold no other figure, or the part may belong to something else.
            words = [w for w in before.split() if w != ","]
            return len(words) <= int(conf["max_words_before_cue"]) and re.search(r"\d", before) is None
    return False


def opens_clause(text: str, analysis: Any, whole: Any, gap: str) -> bool:
    """"Of the 40 victims, 52 were women": the whole opens the sentence (or a clause after a comma or
    semicolon) behind "of the", "among the"…, and a comma closes it right before the part."""
    bounds = sentence_bounds(analysis.sentences, whole.start)
    start = bounds[0] if bounds else 0
    before = re.split(r"[,;:—]", text[start : whole.start])[-1]
    before = normalize_gap(before.strip(" \t\n\"'“‘("))
    if before not in _clause_openers():
        return False
    if _BREAK.search(gap) or re.search(r"\d", gap) or not gap.rstrip().endswith(","):
        return False
    return len(gap.replace(",", " ").split()) <= int(settings()["part_whole"]["max_words_before_cue"])


def part_first(gap: str) -> bool:
    return normalize_gap(gap) in _part_first_gaps()


# The cue lists of ``arithmetic.yaml`` as they are compared (``normalize_gap``): worked out once, not per pair.
@cache
def _dimensions() -> frozenset[str]:
    return frozenset(settings()["part_whole"]["dimensions"])


@cache
def _whole_first_cues() -> tuple[str, ...]:
    return tuple(normalize_gap(cue) for cue in settings()["part_whole"]["whole_first_cues"])


@cache
def _clause_openers() -> frozenset[str]:
    return frozenset(normalize_gap(o) for o in settings()["part_whole"]["clause_openers"])


@cache
def _part_first_gaps() -> frozenset[str]:
    return frozenset(normalize_gap(g) for g in settings()["part_whole"]["part_first_gaps"])


def same_kind(part_noun: str | None, whole_noun: str | None) -> bool:
    """Whether the part may be among the whole: no noun on one side ("15 of the 420 residents"), the same
    noun, or nouns sharing a class (children ⊂ people, residents ⊂ people)."""
    if not part_noun or not whole_noun or part_noun == whole_noun:
        return True
    from factcheck.quantities.nouns import is_subclass, noun_class_of

    if is_subclass(part_noun, whole_noun):
        return True
    return bool(noun_class_of(part_noun) & noun_class_of(whole_noun))


def lower(q: Any) -> float:
    """The least the quantity may be (its interval holds precision and hedges: "more than 500")."""
    if q.interval:
        return float(q.interval[0])
    return float(min(q.range)) if q.range else float(q.value if q.value is not None else -math.inf)


def upper(q: Any) -> float:
    if q.interval:
        return float(q.interval[1])
    return float(max(q.range)) if q.range else float(q.value if q.value is not None else math.inf)


def _amount(q: Any) -> str:
    if q.range:
        return f"{fmt_amount(min(q.range))}-{fmt_amount(max(q.range))}"
    return fmt_amount(q.value) if q.value is not None else q.text


def finding(doc: Document, whole: Any, part: Any) -> Finding:
    part_text, whole_text = " ".join(part.text.split()), " ".join(whole.text.split())
    note = f"{_amount(part)} > {_amount(whole)}"
    message = (
        f"Part larger than the whole: '{part_text}' are counted among '{whole_text}', "
        f"but {_amount(part)} is more than {_amount(whole)}"
    )
    ordered = sorted([(whole, "whole"), (part, "part")], key=lambda x: x[0].start)
    return Finding(
        rule=NAME,
        kind=NAME,
        severity=Severity(DEFAULT_LEVEL),
        message=message,
        evidence=tuple(
            evidence(doc, q.start, q.end, role, note=note if role == "part" else None) for q, role in ordered
        ),
    )
