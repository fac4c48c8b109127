"""Inline unit conversions that do not add up.

An amount restated in another unit, in brackets or after a hedged "or": "10km (6.2 miles)", "a 40-metre (131 ft)
dam", "12,400 acres (5,018 hectares)", "40C (104F)", "gusts of 60 mph, or about 97 km/h". The first figure is
converted with pint (temperatures as temperatures, with their offsets, not as differences) and compared
with the restatement.

The two agree when they agree within the rounding of the less precise of them, plus a small slack
(``conversion.tolerance_share`` in ``factcheck/data/arithmetic.yaml``, 1 % of the restated value) for
rounded conversion factors. "10 km (6 miles)" passes: 10 km is 6.21 miles, which rounds to 6.
"40-metre (230 ft)" fails: 40 m is 131 ft. A whole number ending in zeros may be a rounding to tens or
hundreds ("100 km (60 miles)"), but never by more than 5 % of its value; temperatures are never read
that loosely (30C is 86F, not "90F"). Ranges are compared end by end ("80-100 m (260-330 ft)").
Currencies are not converted (rates change daily), nor are counts, ages or percentages. Two amounts joined
by a bare "or" ("a 5 km or 10 mile route", "5 km, or 10 miles") are alternatives, not a restatement, and
are not compared; a hedge or a bracket makes a restatement ("10 km, or about 6 miles", "10 km (6 miles)").

Kind ``conversion``, level error. The message gives the correct conversion.
Switch off with ``{id: no-conversion, extends: check, check: conversion, enabled: false}``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from factcheck.checks import CheckContext
from factcheck.checks._arith import (
    Stated,
    by_sentence,
    convert,
    display_decimals,
    evidence,
    fmt_number,
    half_width,
    normalize_gap,
    numeral_for,
    sentence_groups,
    settings,
    statements_of,
    unit_symbol,
    words,
    written_decimals,
)
from factcheck.model import Document, Finding, Severity

NAME = "conversion"
DEFAULT_LEVEL = "error"
SCOPE = "document"  # each article on its own: run where the article is analysed

_CHOICES = {"or", ", or", "or even"}  # joiners that offer alternatives, not restatements
_HEDGED = re.compile(r"[^\W\d]")  # "…, or about 97 km/h": a restatement that starts with a hedge word


def run(ctx: CheckContext) -> Iterable[Finding]:
    for analysis in ctx.analyses:
        yield from check_document(analysis.doc, analysis, ctx.derived(sentence_groups, analysis))


def check_document(doc: Document, analysis: Any, groups: list[list[Any]] | None = None) -> Iterator[Finding]:
    """``groups``: ``by_sentence(analysis)`` when the caller has it."""
    seen: set[tuple[int, int, int, int]] = set()
    for dimension, main, restated in restatement_pairs(doc, analysis, groups):
        key = (main.start, main.end, restated.start, restated.end)
        if key in seen:
            continue
        seen.add(key)
        finding = compare(doc, dimension, main, restated)
        if finding is not None:
            yield finding


def restatement_pairs(doc: Document, analysis: Any,
                      groups: list[list[Any]] | None = None) -> Iterator[tuple[str, Stated, Stated]]:
    """(dimension, first statement, restatement) for every restatement of an amount in another unit:
    those the extractor attached to a quantity, and adjacent quantities joined by a restatement cue."""
    cues = _cues()
    longest = max(map(len, cues))
    for group in by_sentence(analysis) if groups is None else groups:
        for q in group:
            if len(getattr(q, "statements", None) or ()) < 2:
                continue  # one statement: nothing restated (and no ``Stated`` to build)
            stated = statements_of(q)
            for before, other in zip(stated, stated[1:], strict=False):
                # "a 5 km or 10 mile route" offers a choice; only a hedge or bracket marks a restatement
                joiner = normalize_gap(doc.text[before.end : other.start])
                if joiner not in _CHOICES or _HEDGED.match(other.text):
                    yield q.dimension, stated[0], other
        for a, b in zip(group, group[1:], strict=False):
            if a.dimension != b.dimension:
                continue
            # the spans ``statements_of`` would give, read without building it
            last = (getattr(a, "statements", None) or (a,))[-1]
            second = (getattr(b, "statements", None) or (b,))[0]
            raw = doc.text[last.end : second.start]
            if len(raw) > 3 * longest:
                continue
            gap = normalize_gap(raw)
            if gap in cues and (not gap.startswith("(") or doc.text[second.end :].lstrip().startswith(")")):
                yield a.dimension, statements_of(a)[0], statements_of(b)[0]


@cache
def _cues() -> frozenset[str]:
    return frozenset(normalize_gap(c) for c in settings()["conversion"]["restatement_gaps"])


def compare(doc: Document, dimension: str, main: Stated, restated: Stated) -> Finding | None:
    if dimension in settings()["conversion"]["skip_dimensions"]:
        return None
    if not main.unit or not restated.unit or main.unit == restated.unit:
        return None
    if main.value is not None and restated.value is not None:
        pairs = [(main.value, restated.value, 0)]
    elif main.range is not None and restated.range is not None:
        pairs = [(main.range[0], restated.range[0], 0), (main.range[1], restated.range[1], 1)]
    else:
        return None  # "10-12 km (about 7 miles)": a range restated as one figure is a judgement call
    exact = dimension in settings()["rounding"]["exact_round_numbers"]
    as_change: list[tuple] | None = None
    if dimension == "temperature" and is_change(doc.text, main, restated):
        as_change = mismatches(main, restated, main.unit, restated.unit, pairs, exact, difference=True)
        if not as_change:
            return None  # "rose by 2C (3.6F)": a difference of temperatures, converted as one
    wrong: list[tuple] | None = None
    for main_unit, restated_unit in readings(main.unit, restated.unit):
        found = mismatches(main, restated, main_unit, restated_unit, pairs, exact)
        if found is None:
            if (main_unit, restated_unit) == (main.unit, restated.unit):
                return None  # pint cannot compare the units as written
            continue
        if not found:
            return None  # one reading of the units makes the figures agree
        if wrong is None:
            wrong = found  # the message speaks of the units as written (the first reading)
    if not wrong:
        return None
    main_symbol, restated_symbol = unit_symbol(main.unit), unit_symbol(restated.unit)
    prefix = ""
    if as_change:
        wrong, prefix = as_change, "a difference of "  # the words around it make it a change
    sums = "; ".join(
        f"{prefix}{fmt_number(v_main, written_decimals(n_main))} {main_symbol} is "
        f"{fmt_number(converted, shown)} {restated_symbol}, not {fmt_number(v_restated, 6)} {restated_symbol}"
        for v_main, converted, v_restated, shown, n_main in wrong
    )
    end = restated.end
    if doc.text[end : end + 1] == ")" and "(" in doc.text[main.end : restated.start]:
        end += 1  # quote the bracket whole
    quoted = doc.text[main.start : end]
    return Finding(
        rule=NAME,
        kind=NAME,
        severity=Severity(DEFAULT_LEVEL),
        message=f"Conversion does not add up in '{_one_line(quoted)}': {sums}",
        evidence=(
            evidence(doc, main.start, main.end, "stated"),
            evidence(doc, restated.start, restated.end, "restated", note=sums),
        ),
    )


def readings(main_unit: str, restated_unit: str) -> list[tuple[str, str]]:
    """The units as written first, then the other meanings of ambiguous ones (US/imperial gallons, …)."""
    alternatives = settings()["conversion"].get("alternative_units") or {}
    mains = [main_unit, *alternatives.get(main_unit, [])]
    restateds = [restated_unit, *alternatives.get(restated_unit, [])]
    return [(m, r) for m in mains for r in restateds if m != r]


def is_change(text: str, main: Stated, restated: Stated) -> bool:
    """Whether words around a temperature make it a difference: "rose by 2C (3.6F)", "10C (18F) above"."""
    cues = {w.lower() for w in settings()["conversion"]["temperature_change_words"]}
    before = words(text[max(0, main.start - 40) : main.start])[-3:]
    if before and before[-1] in ("to", "at", "reached", "hit", "of") and not (
        before[-1] == "of" and len(before) > 1 and before[-2] in cues
    ):
        return False  # "rose to 40C", "a high of 40C": the temperature reached, not the change
    after = words(text[restated.end : restated.end + 40].lstrip(")"))[:3]
    return bool(cues & {w.strip(".,") for w in (*before, *after)})


def mismatches(
    main: Stated,
    restated: Stated,
    main_unit: str,
    restated_unit: str,
    pairs: list,
    exact: bool,
    *,
    difference: bool = False,
) -> list[tuple] | None:
    """The figures that do not convert, as (main value, its conversion, restated value, decimals to show,
    main numeral); None when pint cannot convert between the units. ``difference``: convert as a
    difference of temperatures (no offset)."""
    slack = float(settings()["conversion"]["tolerance_share"])
    wrong = []
    for v_main, v_restated, index in pairs:
        if difference:
            converted: float | None = v_main * _scale(main_unit, restated_unit)
        else:
            converted = convert(v_main, main_unit, restated_unit)
        if converted is None:
            return None
        n_main = numeral_for(main.text, v_main, index)
        n_restated = numeral_for(restated.text, v_restated, index)
        h_restated = half_width(v_restated, n_restated, exact_round_numbers=exact)
        # The main figure's own rounding, carried through the conversion as a difference (no offset).
        h_main = half_width(v_main, n_main, exact_round_numbers=exact) * _scale(main_unit, restated_unit)
        allowed = max(h_restated, h_main) + slack * abs(v_restated)
        if abs(converted - v_restated) > allowed + 1e-9:
            shown = display_decimals(converted, written_decimals(n_restated))
            wrong.append((v_main, converted, v_restated, shown, n_main))
    return wrong


def _scale(unit: str, target: str) -> float:
    """How much one ``unit`` of difference is in ``target`` (1 °C of warming is 1.8 °F; 1 km is 0.62 mi)."""
    one, zero = convert(1.0, unit, target), convert(0.0, unit, target)
    return abs(one - zero) if one is not None and zero is not None else 0.0


def _one_line(text: str) -> str:
    return " ".join(text.split())
