"""``DateMention``: a date, weekday, relative date, month, year or duration found in an article."""

from __future__ import annotations

import datetime as dt
from dataclasses import MISSING, dataclass, fields
from operator import itemgetter
from typing import Any

from factcheck.dates.calendar import iso
from factcheck.model import Mention

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DURATION_CODES = {"day": "D", "week": "W", "fortnight": "W", "month": "M", "year": "Y", "decade": "Y"}


@dataclass(frozen=True, kw_only=True)
class DateMention(Mention):
    """``type``: date (a day: "Feb. 24, 2022", "March 12"), weekday ("on Thursday"), month ("in October",
    "July 2022"), year ("in 2022"), relative ("yesterday", "last week", "three days ago", "two days after"),
    duration ("the 11-month conflict", "six months").

    ``first``/``last`` is the resolved interval (inclusive); None when it cannot be resolved (a year-less date or
    a weekday in an undated article, an offset from another event). Durations are never resolved: ``amount``
    and ``unit`` say how long, ``noun`` what lasted.
    """

    kind: str = "date"
    type: str
    precision: str | None = None  # day | week | month | year
    first: dt.date | None = None
    last: dt.date | None = None
    year: int | None = None  # as stated (None when the text gives no year)
    month: int | None = None
    day: int | None = None
    weekday: int | None = None  # the weekday the text names, 0 = Monday
    relation: str | None = None  # since | from | until | by | before | after: the date is a bound or a start
    future: bool = False  # the sentence speaks of the future around this mention
    amount: float | None = None  # durations and offsets: how many units
    unit: str | None = None  # day | week | month | year | …
    anchor: str | None = None  # offsets: "publication" ("ago") or "text" ("two days after the flood")
    noun: str | None = None  # durations: what lasted ("conflict")
    dateline: bool = False  # the article's dateline: its publication date

    @property
    def resolved(self) -> bool:
        return self.first is not None and self.last is not None

    @property
    def interval(self) -> tuple[dt.date, dt.date] | None:
        return (self.first, self.last) if self.first is not None and self.last is not None else None

    @property
    def iso(self) -> str | None:
        if self.type == "duration":
            if self.amount is None or self.unit is None:
                return None
            n = self.amount * (10 if self.unit == "decade" else 2 if self.unit == "fortnight" else 1)
            return f"P{n:g}{DURATION_CODES.get(self.unit, 'D')}"
        iv = self.interval
        return iso(iv, self.precision) if iv else None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type, "iso": self.iso, "resolved": self.resolved}
        iv = self.interval
        if iv is not None:
            out["interval"] = [iv[0].isoformat(), iv[1].isoformat()]
        if self.precision:
            out["precision"] = self.precision
        if self.weekday is not None:
            out["weekday"] = WEEKDAY_NAMES[self.weekday]
        for key in ("relation", "noun", "anchor"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if self.type in ("duration", "relative") and self.amount is not None:
            out["amount"], out["unit"] = self.amount, self.unit
        if self.future:
            out["future"] = True
        if self.dateline:
            out["dateline"] = True
        return out


# A frozen dataclass's __init__ sets every field through object.__setattr__ (~4 µs for these 19); ``new_mention``
# fills the instance __dict__ directly, in field order, giving an object equal to the dataclass's own in every
# way (tests compare them). DateMention has no __post_init__ and no __slots__, which makes this equivalent.
_DEFAULTS = {f.name: f.default for f in fields(DateMention)}
_FIELDS = len(_DEFAULTS)
_required = itemgetter(*sorted(name for name, default in _DEFAULTS.items() if default is MISSING))
_new = object.__new__


def new_mention(**values: Any) -> DateMention:
    """``DateMention(**values)``, built faster."""
    m = _new(DateMention)
    d = m.__dict__
    d.update(_DEFAULTS)  # every field in order, then the given values in their places
    d.update(values)
    if len(d) != _FIELDS or MISSING in _required(d):  # an unknown field, or a required one not given
        return DateMention(**values)  # the constructor's own error
    return m
