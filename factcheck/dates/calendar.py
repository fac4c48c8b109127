"""Date arithmetic for resolving mentions: pure functions of dates, no text."""

from __future__ import annotations

import calendar
import datetime as dt

Interval = tuple[dt.date, dt.date]  # inclusive


def make_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def distance(interval: Interval, ref: dt.date) -> int:
    """Days from ``ref`` to the nearest day of ``interval`` (0 when inside)."""
    a, b = interval
    if ref < a:
        return (a - ref).days
    if ref > b:
        return (ref - b).days
    return 0


def month_interval(year: int, month: int) -> Interval:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def year_interval(year: int) -> Interval:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def week_interval(day: dt.date) -> Interval:
    """The Monday-to-Sunday week containing ``day``."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    k = year * 12 + (month - 1) + n
    return k // 12, k % 12 + 1


def nearest_day(month: int, day: int, ref: dt.date) -> dt.date | None:
    """The date with this month and day nearest to ``ref`` (the year before, of, or after it); ties go to the
    earlier date, since news reports the past more than the future."""
    best: dt.date | None = None
    for year in (ref.year - 1, ref.year, ref.year + 1):
        d = make_date(year, month, day)
        if d is not None and (best is None or abs((d - ref).days) < abs((best - ref).days)):
            best = d
    return best


def nearest_month(month: int, ref: dt.date) -> Interval:
    best = month_interval(ref.year, month)
    for year in (ref.year - 1, ref.year + 1):
        cand = month_interval(year, month)
        if distance(cand, ref) < distance(best, ref) or (
                distance(cand, ref) == distance(best, ref) and cand[0] < best[0]):
            best = cand
    return best


def weekday_before(weekday: int, ref: dt.date, *, strictly: bool = False) -> dt.date:
    """The nearest ``weekday`` on or before ``ref`` (strictly before when ``strictly``)."""
    back = (ref.weekday() - weekday) % 7
    if strictly and back == 0:
        back = 7
    return ref - dt.timedelta(days=back)


def weekday_after(weekday: int, ref: dt.date) -> dt.date:
    """The nearest ``weekday`` strictly after ``ref`` ("will meet on Monday" said on a Monday: next week)."""
    ahead = (weekday - ref.weekday()) % 7 or 7
    return ref + dt.timedelta(days=ahead)


def iso(interval: Interval, precision: str | None) -> str:
    """ISO 8601 for a resolved interval: a day, a month ("2022-07"), a year, or "start/end"."""
    a, b = interval
    if a == b:
        return a.isoformat()
    if precision == "month" and (a, b) == month_interval(a.year, a.month):
        return f"{a.year:04d}-{a.month:02d}"
    if precision == "year" and (a, b) == year_interval(a.year):
        return f"{a.year:04d}"
    return f"{a.isoformat()}/{b.isoformat()}"
