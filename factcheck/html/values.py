"""Numbers for the number line: from a fact's base unit to the unit it is shown in, and tick labels.

Claims carry intervals in the fact's *base* unit (meter, square meter, kelvin…); ``Fact.unit`` is the unit
people read (kilometer, degree_Celsius…). The extractor's unit table and pint registry
(``factcheck.quantities.units``) do the conversion, so offsets (temperatures) are right. Currencies,
percentages and bare counts are shown as they are, unconverted.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from functools import cache
from typing import Any

from factcheck.quantities import units as qunits

# Shown instead of pint's symbol where the symbol would be unclear or missing.
UNIT_LABELS = {None: "count", "percent": "%", "percentage_point": "percentage points"}
POWERS = {"square_": "²", "cubic_": "³"}


def registry() -> Any:
    """The extractor's pint registry (built once, with factcheck's own unit definitions)."""
    return qunits.registry()


def _info(unit: str | None) -> Any:
    try:
        return qunits.info(unit) if unit else None
    except KeyError:
        return None


@cache
def known(unit: str | None) -> bool:
    """A unit pint can convert (not a currency code, not a bare count)."""
    if not unit or unit in UNIT_LABELS:
        return False
    info = _info(unit)
    if info is not None and info.dimension == "currency":
        return False
    try:
        registry().parse_units(info.pint if info is not None and info.pint else unit)
    except Exception:  # pint raises several error types for names it cannot parse
        return info is not None
    return True


@cache
def unit_label(unit: str | None) -> str:
    """Short label for an axis: ``kilometer`` -> ``km``, ``square_kilometer`` -> ``km²``, ``USD`` -> ``USD``."""
    if unit in UNIT_LABELS:
        return UNIT_LABELS[unit]
    for prefix, power in POWERS.items():
        if unit.startswith(prefix) and known(unit[len(prefix):]):
            return unit_label(unit[len(prefix):]) + power
    try:
        return f"{registry().Unit(unit):~P}"
    except Exception:  # not a pint unit (a currency code…): show its name
        return str(unit)


def base_unit_of(unit: str | None, claims: list[Any]) -> str | None:
    """The unit the claims' intervals are in: what the mention says it used, else the base of ``unit``."""
    for c in claims:
        base = getattr(getattr(c, "mention", None), "base_unit", None)
        if isinstance(base, str) and base:
            return base
    info = _info(unit)
    if info is not None:
        return info.base_unit
    if known(unit):
        return str(registry().Quantity(1, unit).to_base_units().units)
    return unit


@cache
def compatible(a: str | None, b: str | None) -> bool:
    """Both are units of one dimension that can be converted (so a value in one can be shown in the other)."""
    if not known(a) or not known(b):
        return False
    ia, ib = _info(a), _info(b)
    if ia is not None and ib is not None:
        return ia.dimension == ib.dimension
    try:
        registry().Quantity(1.0, a).to(b)
    except Exception:  # pint's DimensionalityError and friends
        return False
    return True


@cache
def converter(base: str | None, unit: str | None) -> Callable[[float], float]:
    """A function from values in ``base`` to values in ``unit``; identity when either is not a convertible
    unit or they are the same. Infinite ends stay infinite."""
    if base == unit or not compatible(base, unit):
        return _identity  # incompatible dimensions: show the numbers as they are rather than fail the report
    if _info(base) is not None and _info(unit) is not None:
        def convert(v: float) -> float:
            return v if math.isinf(v) or math.isnan(v) else float(qunits.convert(v, base, unit))
        return convert
    ureg = registry()

    def convert_pint(v: float) -> float:
        if math.isinf(v) or math.isnan(v):
            return v
        return float(ureg.Quantity(v, base).to(unit).magnitude)

    return convert_pint


def _identity(v: float) -> float:
    return v


def nice_step(span: float, target: int = 5) -> float:
    """A tick step of 1, 2 or 5 times a power of ten giving about ``target`` intervals over ``span``."""
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / target
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if m * mag >= raw * (1 - 1e-12):
            return m * mag
    return 10 * mag  # pragma: no cover - the loop always returns


def ticks(dmin: float, dmax: float, target: int = 5) -> list[float]:
    """Tick values: multiples of ``nice_step`` within [dmin, dmax]."""
    step = nice_step(dmax - dmin, target)
    first = math.ceil(dmin / step - 1e-9)
    out = []
    k = first
    while k * step <= dmax + step * 1e-9:
        out.append(round(k * step, 12) + 0.0)  # + 0.0 turns -0.0 into 0.0
        k += 1
    return out


def format_tick(value: float, step: float) -> str:
    """As many decimals as the step needs, thousands separated: 2.5, 10, 12,000."""
    decimals = max(0, -math.floor(math.log10(step) + 1e-9)) if step > 0 else 0
    return f"{value:,.{decimals}f}"


DAY_STEPS = (1, 2, 7, 14)  # below a month: days, or weeks (ordinals divisible by 7 are Sundays)
MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60, 120)


def date_ticks(dmin: float, dmax: float, target: int = 5) -> list[tuple[float, str]]:
    """(day ordinal, ISO date) ticks for a time axis: every 1, 2, 7 or 14 days, else on the first of every
    1, 2, 3, 6 … months."""
    raw = (dmax - dmin) / target
    lo, hi = math.ceil(dmin), math.floor(dmax)
    for step in DAY_STEPS:
        if step >= raw:
            first = math.ceil(lo / step) * step
            return [(float(o), dt.date.fromordinal(o).isoformat()) for o in range(first, hi + 1, step)]
    months = next((m for m in MONTH_STEPS if m * 30.44 >= raw), MONTH_STEPS[-1])
    start = dt.date.fromordinal(max(lo, 1))
    index = start.year * 12 + start.month - 1
    index += -index % months
    out = []
    while True:
        day = dt.date(index // 12, index % 12 + 1, 1)
        if day.toordinal() > hi:
            return out
        if day.toordinal() >= lo:
            out.append((float(day.toordinal()), day.isoformat() if months < 12 else str(day.year)))
        index += months


def format_value(value: float) -> str:
    """A value for people: up to 4 significant digits, no exponent for everyday magnitudes."""
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    if value == 0:
        return "0"
    if 1e-3 <= abs(value) < 1e15:
        digits = max(0, 3 - math.floor(math.log10(abs(value))))
        text = f"{value:,.{digits}f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return f"{value:.4g}"
