"""The quantity mention and its statements: what ``extract_quantities`` returns.

A ``Quantity`` is one assertion about an amount. Its first ``Statement`` is the amount as the article
states it; further statements are restatements of the same amount in another unit ("10km (6.2 miles)",
"40C (104F)", "60 mph, or about 97 km/h"), kept together so that a check can compare them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from factcheck.model import Mention


@dataclass(frozen=True, kw_only=True)
class Statement:
    """One way the amount is stated: the main one, or a restatement in another unit."""

    text: str
    start: int
    end: int
    value: float | None  # as stated and scaled ("1.5 million" -> 1500000); None for a range or vague amount
    range: tuple[float, float] | None  # (low, high) for a stated range ("80-100 meters")
    unit: str | None  # pint unit name, ISO currency code, "percent", or None for a bare count
    qualifier: str  # "=", "~", ">", "<"
    interval: tuple[float, float]  # in base units, from precision and qualifier (±inf for open sides)
    decimals: int  # digits after the decimal point as written (the statement's precision)

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "value": self.value,
            "range": list(self.range) if self.range is not None else None,
            "unit": self.unit,
            "qualifier": self.qualifier,
            "interval": list(self.interval),
            "decimals": self.decimals,
        }


@dataclass(frozen=True, kw_only=True)
class Quantity(Mention):
    """An amount found in a text: ``start``/``end``/``text`` cover the whole of it, hedge and restatements
    included ("less than 10 km (6 miles)")."""

    kind: str = "quantity"
    value: float | None
    range: tuple[float, float] | None
    unit: str | None
    noun: str | None  # lemma of the counted noun ("resident", "child", "soldier")
    qualifier: str  # "=", "~", ">", "<"
    interval: tuple[float, float]  # what the whole claim asserts, in base units
    base_unit: str | None  # "meter", "square_meter", "kelvin", "meter / second", "USD", None for counts
    dimension: str  # length, area, volume, mass, speed, temperature, duration, energy, power, currency,
    # percent, percentage_point, count, age, fraction, ratio, angle
    statements: tuple[Statement, ...]
    vague: bool = False  # "dozens of", "hundreds of": no stated number

    @property
    def restatements(self) -> tuple[Statement, ...]:
        return self.statements[1:]

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "value": self.value,
            "range": list(self.range) if self.range is not None else None,
            "unit": self.unit,
            "noun": self.noun,
            "qualifier": self.qualifier,
            "interval": list(self.interval),
            "base_unit": self.base_unit,
            "dimension": self.dimension,
        }
        if len(self.statements) > 1:
            out["statements"] = [s.to_json() for s in self.statements]
        return out


# The extractor makes one Quantity and one or two Statements per number. A frozen dataclass's __init__ sets
# every field through object.__setattr__ (~4 µs for a Quantity); these fill the instance __dict__ directly
# (~1 µs), in field order, and give an object equal to the dataclass's own in every way (tests compare them).
# Both classes have no __post_init__ and no __slots__, which is what makes this equivalent.
_STATEMENT_FIELDS = ("text", "start", "end", "value", "range", "unit", "qualifier", "interval", "decimals")
_QUANTITY_FIELDS = ("kind", "start", "end", "text", "value", "range", "unit", "noun", "qualifier", "interval",
                    "base_unit", "dimension", "statements", "vague")
_new = object.__new__


def make_statement(*, text: str, start: int, end: int, value: float | None, range: tuple[float, float] | None,
                   unit: str | None, qualifier: str, interval: tuple[float, float], decimals: int) -> Statement:
    """``Statement(...)``, built faster."""
    s = _new(Statement)
    s.__dict__.update(text=text, start=start, end=end, value=value, range=range, unit=unit, qualifier=qualifier,
                      interval=interval, decimals=decimals)
    return s


def make_quantity(*, start: int, end: int, text: str, value: float | None, range: tuple[float, float] | None,
                  unit: str | None, noun: str | None, qualifier: str, interval: tuple[float, float],
                  base_unit: str | None, dimension: str, statements: tuple[Statement, ...],
                  vague: bool = False) -> Quantity:
    """``Quantity(...)``, built faster."""
    q = _new(Quantity)
    q.__dict__.update(kind="quantity", start=start, end=end, text=text, value=value, range=range, unit=unit,
                      noun=noun, qualifier=qualifier, interval=interval, base_unit=base_unit, dimension=dimension,
                      statements=statements, vague=vague)
    return q

