"""``extends: quantity``: which quantity mentions become claims about which fact, and how they compare.

A rule says what is measured (``measure: length`` or ``counts: people``), what it is about (``about``: named
subjects, or a generic slot), which words must or must not stand near the quantity (``context``), how far
claims may differ and still agree (``tolerance``), an optional reference value (``expected``) and whether the
figure runs over time (``running``).
"""

from __future__ import annotations

import re
import string
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from factcheck.rules.base import RuleBase

# Dimensions a quantity mention can have (see factcheck.quantities); "count" is chosen with ``counts``.
DIMENSIONS = frozenset({
    "length", "area", "volume", "mass", "speed", "temperature", "duration", "energy", "power", "currency",
    "percent", "percentage_point", "count", "age",
})
SLOTS = ("two places", "nearest place", "story")
MESSAGE_FIELDS = ("fact", "outlier", "consensus", "difference", "compatible")
_CURRENCY_CODE = re.compile(r"^[A-Z]{3}$")
_AMOUNT = re.compile(r"^\s*([-+]?\d[\d,_]*(?:\.\d+)?|[-+]?\.\d+)\s*(.*?)\s*$")


class Context(BaseModel):
    """Words near the quantity (within ``window`` words, never across another quantity or a clause)."""

    model_config = ConfigDict(extra="forbid")

    require: list[str] = Field(default_factory=list)  # at least one must be near (empty: no requirement)
    exclude: list[str] = Field(default_factory=list)  # none may be near
    window: int = Field(default=8, ge=1, le=40)

    @field_validator("require", "exclude")
    @classmethod
    def _words(cls, v: list[str]) -> list[str]:
        out = []
        for w in v:
            w = " ".join(str(w).split()).lower()
            if not w:
                raise ValueError("empty context word")
            out.append(w)
        return out


@lru_cache(maxsize=256)
def parse_amount(text: str, dimension: str | None) -> tuple[float, str | None]:
    """``"1 km"`` -> (1000.0, "meter"); ``"10000"`` -> (10000.0, None); ``"2 degC"`` as a temperature
    difference. Raises ValueError with a readable reason."""
    m = _AMOUNT.match(str(text))
    if not m:
        raise ValueError(f"{text!r} is not an amount (a number, optionally followed by a unit)")
    number = float(m.group(1).replace(",", "").replace("_", ""))
    unit = m.group(2)
    if not unit:
        return number, None
    if _CURRENCY_CODE.match(unit):
        return number, unit
    from factcheck.engine.units import to_base

    try:
        return to_base(number, unit, dimension, delta=True)
    except ValueError as exc:
        raise ValueError(str(exc)) from None


class Tolerance(BaseModel):
    """How far two claims may differ and still agree: relative (a fraction, "10%") and/or absolute."""

    model_config = ConfigDict(extra="forbid")

    relative: float = Field(default=0.0, ge=0.0, le=10.0)
    absolute: str | None = None  # an amount with a unit ("0.5 km"), or a number for counts

    @field_validator("relative", mode="before")
    @classmethod
    def _percent(cls, v: object) -> object:
        if isinstance(v, str) and v.strip().endswith("%"):
            return float(v.strip()[:-1]) / 100.0
        return v


class QuantityRule(RuleBase):
    extends: Literal["quantity"]
    name: str | None = None  # how the fact is named in reports ("distance"); default: the rule id
    measure: str | None = None  # a dimension: length, area, temperature, speed, currency, percent, …
    counts: str | None = None  # a class of counted things (people, homes, …) from the noun lexicon
    nouns: list[str] = Field(default_factory=list)  # extra noun lemmas counted as ``counts``
    bare: bool = False  # also accept counts with no noun ("a population of 10,000")
    currency: str | None = None  # only this currency (ISO code) when measure is currency
    unit: str | None = None  # the unit to show values in (pint name or alias)
    about: list[str] | Literal["two places", "nearest place", "story"] = "story"
    scope: Literal["sentence", "paragraph", "document"] = "sentence"
    context: Context = Field(default_factory=Context)
    tolerance: Tolerance | str | float = Field(default_factory=Tolerance)
    expected: str | float | None = None  # a reference value: claims that do not agree with it are flagged
    running: bool = False  # the figure changes over time: compared only between articles of the same date
    can_decrease: bool = True  # for running figures: whether a fall over time is plausible
    parts: bool = False  # also claim parts of a whole ("including 15 children"); normally they are skipped

    @field_validator("message")
    @classmethod
    def _template(cls, v: str | None) -> str | None:
        if v is None:
            return v
        try:
            names = {name for _, name, _, _ in string.Formatter().parse(v) if name is not None}
        except ValueError as exc:
            raise ValueError(f"malformed template: {exc}") from None
        unknown = sorted(names - set(MESSAGE_FIELDS))
        if unknown:
            raise ValueError(f"unknown field {{{unknown[0]}}} in the template; use "
                             + ", ".join("{" + f + "}" for f in MESSAGE_FIELDS))
        return v

    @field_validator("measure")
    @classmethod
    def _dimension(cls, v: str | None) -> str | None:
        if v is not None and v not in DIMENSIONS:
            raise ValueError(f"unknown dimension {v!r}; choose from {', '.join(sorted(DIMENSIONS))}")
        return v

    @field_validator("currency")
    @classmethod
    def _currency(cls, v: str | None) -> str | None:
        if v is not None and not _CURRENCY_CODE.match(v):
            raise ValueError(f"currency must be an ISO 4217 code such as USD, got {v!r}")
        return v

    @field_validator("about")
    @classmethod
    def _about(cls, v: object) -> object:
        if isinstance(v, list):
            if not v or any(not str(s).strip() for s in v):
                raise ValueError("about: give one or more names, or one of " + ", ".join(SLOTS))
            return [str(s).strip() for s in v]
        return v

    @field_validator("tolerance", mode="before")
    @classmethod
    def _tolerance_form(cls, v: object) -> object:
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return Tolerance(relative=float(v))
        if isinstance(v, str):
            s = v.strip()
            if s.endswith("%"):
                return Tolerance(relative=float(s[:-1]) / 100.0)
            return Tolerance(absolute=s)
        return v

    @field_validator("tolerance")
    @classmethod
    def _tolerance_unit(cls, v: Tolerance | str | float, info: ValidationInfo) -> Tolerance | str | float:
        if isinstance(v, Tolerance) and v.absolute is not None:
            dim = _dimension_of(info.data)
            value, unit = parse_amount(v.absolute, dim)
            if value < 0:
                raise ValueError("tolerance must not be negative")
            _check_unit(dim, unit, "tolerance", info.data.get("currency"))
        return v

    @field_validator("expected")
    @classmethod
    def _expected(cls, v: str | float | None, info: ValidationInfo) -> str | float | None:
        if v is not None:
            dim = _dimension_of(info.data)
            _, unit = parse_amount(str(v), dim)
            _check_unit(dim, unit, "expected", info.data.get("currency"))
        return v

    @field_validator("unit")
    @classmethod
    def _unit(cls, v: str | None, info: ValidationInfo) -> str | None:
        dim = _dimension_of(info.data)
        if v is not None and dim not in ("count", "currency", "percent", "percentage_point", None):
            to_base_check(v, dim)
        return v

    @model_validator(mode="after")
    def _consistent(self) -> QuantityRule:
        if (self.measure is None) == (self.counts is None):
            raise ValueError("give exactly one of 'measure' (a dimension) or 'counts' (a class of things)")
        return self

    @property
    def dimension(self) -> str:
        return "count" if self.counts is not None else str(self.measure)

    @property
    def label(self) -> str:
        return self.name or self.id

    @property
    def tol(self) -> Tolerance:
        assert isinstance(self.tolerance, Tolerance)
        return self.tolerance

    def tolerance_base(self) -> tuple[float, float]:
        """(relative fraction, absolute amount in base units)."""
        tol = self.tol
        absolute = parse_amount(tol.absolute, self.dimension)[0] if tol.absolute is not None else 0.0
        return tol.relative, absolute

    def expected_base(self) -> float | None:
        if self.expected is None:
            return None
        return parse_amount(str(self.expected), self.dimension)[0]


def _dimension_of(data: dict) -> str | None:
    if data.get("counts") is not None:
        return "count"
    return data.get("measure")


def _check_unit(dim: str | None, base: str | None, what: str, currency: str | None) -> None:
    if dim in ("count", "percent", "percentage_point"):
        if base is not None:
            raise ValueError(f"a {dim} takes a plain number, not a unit")
    elif dim == "currency":
        if base is not None and currency is not None and base != currency:
            raise ValueError(f"currency {base} differs from the rule's currency {currency}")
    elif dim is not None and base is None and what == "expected":
        raise ValueError(f"give a unit for a {dim} (e.g. '8 km')")


def to_base_check(unit: str, dimension: str) -> None:
    from factcheck.engine.units import to_base

    to_base(1.0, unit, dimension)
