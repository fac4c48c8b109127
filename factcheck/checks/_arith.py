"""Shared pieces of the within-article arithmetic checks (conversion, part-whole, percentage, range).

Not a check itself (the leading underscore keeps it out of discovery). Everything here is a pure function
of its arguments and of the data file ``factcheck/data/arithmetic.yaml``.

Precision model: a figure as written stands for every value that rounds to it. "6.2 miles" is 6.15-6.25;
"6 miles" is 5.5-6.5; a whole number ending in zeros ("60 miles", "15,000 staff") may also be a rounding to
tens or thousands, but that extra width is capped at ``rounding.round_number_share`` of the value so that
"10 km" stays 9.5-10.5 km.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from operator import attrgetter
from typing import Any

from factcheck.lexicon import load_yaml
from factcheck.model import Document, Evidence, Location, Sentence
from factcheck.sentences import sentence_at, sentence_index

NUMERAL = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.,])\d+(?:\.\d+)?")
_SPACE = re.compile(r"\s+")


@cache
def settings() -> dict[str, Any]:
    return load_yaml("arithmetic.yaml")


def normalize_gap(text: str) -> str:
    """Lower-case, one space between words and none at the ends: how cue phrases are compared."""
    return _SPACE.sub(" ", text).strip().lower()


@dataclass(frozen=True, slots=True)
class Stated:
    """One way an amount is written: a quantity's main statement or one of its restatements."""

    text: str
    start: int
    end: int
    value: float | None
    range: tuple[float, float] | None
    unit: str | None


def statements_of(q: Any) -> list[Stated]:
    """The statements of a quantity (main first); a quantity without any gives its own fields as one."""
    out = [
        Stated(s.text, s.start, s.end, s.value, _range(s), s.unit) for s in (getattr(q, "statements", None) or ())
    ]
    return out or [Stated(q.text, q.start, q.end, q.value, _range(q), q.unit)]


def _range(obj: Any) -> tuple[float, float] | None:
    r = getattr(obj, "range", None)
    return (float(r[0]), float(r[1])) if r else None


def numerals(text: str) -> list[str]:
    return NUMERAL.findall(text)


def half_width(value: float, numeral: str | None, *, exact_round_numbers: bool = False) -> float:
    """Half the rounding step of ``value`` as written by ``numeral`` (its digits, e.g. "1.5" of "1.5 million").

    Without a numeral (number words: "five", "half a mile") the step is read from the value's magnitude.
    """
    share = float(settings()["rounding"]["round_number_share"])
    size = abs(value)
    if numeral:
        number = float(numeral.replace(",", ""))
        scale = size / number if number else 1.0  # "1.5 million": the digits count millions
        if "." in numeral:
            return 0.5 * 10.0 ** -len(numeral.split(".", 1)[1]) * scale
        digits = numeral.replace(",", "")
        base = 0.5 * scale
    else:
        if size == 0:
            return 0.5
        if not float(size).is_integer():
            return 0.5 * 10.0 ** math.floor(math.log10(size))
        digits, scale, base = str(int(size)), 1.0, 0.5
    zeros = len(digits) - len(digits.rstrip("0")) if digits.strip("0") else 0
    if zeros == 0 or exact_round_numbers:
        return base
    return max(base, min(0.5 * 10.0**zeros * scale, share * size))


def numeral_for(text: str, value: float, index: int = 0) -> str | None:
    """The ``index``-th numeral of ``text`` if it can stand for ``value`` (same digits up to a scale word)."""
    found = numerals(text)
    if index >= len(found):
        return None
    number = float(found[index].replace(",", ""))
    if number == 0:
        return found[index] if value == 0 else None
    ratio = abs(value) / number
    if ratio == 0:
        return None
    exponent = math.log10(ratio)
    return found[index] if abs(exponent - round(exponent)) < 1e-9 else None


def fmt_number(value: float, decimals: int = 0) -> str:
    """A number as a newsroom writes it: thousands separated by commas, no trailing ".0"."""
    decimals = max(decimals, 0)
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def fmt_amount(value: float) -> str:
    """Large round amounts with their scale word, as articles write them: "3 million", "1.25 billion"."""
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= scale and abs(value / scale * 1000 - round(value / scale * 1000)) < 1e-6:
            return f"{fmt_number(value / scale, 3)} {word}"
    return fmt_number(value, 6)


def display_decimals(value: float, written_decimals: int, significant: int = 2) -> int:
    """Decimals to show a computed value with: as many as the writer used, and at least two significant
    digits so that "1 mile is 1.6 km" does not come out as "2 km"."""
    size = abs(value)
    if size == 0:
        return written_decimals
    needed = significant - 1 - math.floor(math.log10(size))
    return max(written_decimals, needed, 0)


def written_decimals(numeral: str | None) -> int:
    return len(numeral.split(".", 1)[1]) if numeral and "." in numeral else 0


# ---------------------------------------------------------------------------------------------------- text


def sentence_bounds(sentences: Sequence[Sentence], start: int) -> tuple[int, int] | None:
    s = sentence_at(sentences, start)
    return (s.start, s.end) if s is not None else None


_SPAN = attrgetter("start", "end")


def by_sentence(analysis: Any) -> Iterator[list[Any]]:
    """The quantities of an analysis grouped by sentence, each group in text order."""
    sentences = analysis.sentences
    groups: dict[tuple[int, int], list[Any]] = {}
    for q in analysis.quantities:
        start = q.start
        i = sentence_index(sentences, start)
        if i >= 0:
            s = sentences[i]
            bounds = (s.start, s.end)
        else:
            bounds = (start, q.end)
        group = groups.get(bounds)
        if group is None:
            groups[bounds] = [q]
        else:
            group.append(q)
    for key in sorted(groups):
        group = groups[key]
        yield sorted(group, key=_SPAN) if len(group) > 1 else group


def sentence_groups(analysis: Any) -> list[list[Any]]:
    """``by_sentence`` as a list, for ``CheckContext.derived`` (the groups are shared: read them, don't change them)."""
    return list(by_sentence(analysis))


def evidence(doc: Document, start: int, end: int, role: str, note: str | None = None) -> Evidence:
    return Evidence(
        location=Location.of(doc, start, end),
        text=doc.text[start:end],
        role=role,
        doc_id=doc.doc_id,
        start=start,
        end=end,
        note=note,
    )


def words(text: str) -> list[str]:
    return re.findall(r"[\w'’.-]+", text.lower())


# ---------------------------------------------------------------------------------------------------- units


def registry() -> Any:
    """The one pint registry of factcheck, built and cached by the extractor."""
    from factcheck.quantities.units import registry as extractor_registry

    return extractor_registry()


def convert(value: float, unit: str, target: str) -> float | None:
    """``value`` in ``unit`` expressed in ``target`` (temperatures as temperatures, with their offsets);
    None when pint does not know both units or they measure different things."""
    line = _linear(unit, target)
    return None if line is None else value * line[0] + line[1]


@cache
def _linear(unit: str, target: str) -> tuple[float, float] | None:
    """(scale, offset) with target = value * scale + offset: every unit factcheck knows converts so (even
    °C to °F), so pint is asked twice per pair of units, not once per figure. Units of the extractor's own
    table convert by the factors their figures were read with (no pint registry to build in a process that
    checks one edited article)."""
    from factcheck.quantities.units import stored_line

    line = stored_line(unit, target)
    if line is not None:
        return line
    ureg = registry()
    try:
        zero = float(ureg.Quantity(0.0, unit).to(target).magnitude)
        one = float(ureg.Quantity(1.0, unit).to(target).magnitude)
    except Exception:  # unknown unit, currency code, or different dimensions: nothing to compare
        return None
    return one - zero, zero


def unit_symbol(unit: str) -> str:
    """Short form of a pint unit name for messages: km, mi, °F, km/h, km²."""
    special = settings()["conversion"].get("symbols") or {}
    if unit in special:
        return str(special[unit])
    for prefix, power in (("square_", "²"), ("cubic_", "³")):
        if unit.startswith(prefix):
            return unit_symbol(unit[len(prefix) :]) + power
    try:
        text = f"{registry().Unit(unit):~P}"
    except Exception:  # a unit pint cannot parse: show its name
        return unit
    return text or unit
