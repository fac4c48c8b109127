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
