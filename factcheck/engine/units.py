"""Units for the engine: rule amounts to base units, and base-unit values back to the unit a reader sees.

Quantities arrive already normalized to base units (``Quantity.interval`` / ``base_unit``); here we only
parse the amounts written in rules ("0.5 km", "2 degC") and format values for messages.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

# The pint dimensionality each dimension name stands for.
_DIMENSIONALITY = {
    "length": "[length]",
    "area": "[length] ** 2",
    "volume": "[length] ** 3",
    "mass": "[mass]",
    "speed": "[length] / [time]",
    "temperature": "[temperature]",
    "duration": "[time]",
    "age": "[time]",
    "energy": "[mass] * [length] ** 2 / [time] ** 2",
    "power": "[mass] * [length] ** 2 / [time] ** 3",
}
_TEMPERATURE_UNITS = {"degC": "delta_degC", "degF": "delta_degF", "degree_Celsius": "delta_degree_Celsius",
                      "degree_Fahrenheit": "delta_degree_Fahrenheit", "°C": "delta_degC", "°F": "delta_degF",
                      "C": "delta_degC", "F": "delta_degF"}
_DISPLAY_SYMBOLS = {
    "kilometer": "km", "meter": "m", "mile": "miles", "foot": "ft", "centimeter": "cm", "yard": "yd",
    "square_kilometer": "km²", "square_meter": "m²", "square_mile": "sq mi", "hectare": "ha", "acre": "acres",
    "kilometer / hour": "km/h", "mile / hour": "mph", "meter / second": "m/s",
    "degree_Celsius": "°C", "degree_Fahrenheit": "°F", "kelvin": "K",
    "kilogram": "kg", "metric_ton": "t", "pound": "lb", "liter": "L", "cubic_meter": "m³", "gallon": "gal",
}


@lru_cache(maxsize=1)
def registry() -> Any:
    """The pint registry: the extractor's when it offers one (built once per process), else our own."""
    try:
        from factcheck.quantities import units as qunits  # type: ignore[attr-defined]

        for name in ("registry", "ureg", "get_registry"):
            reg = getattr(qunits, name, None)
            if reg is not None:
                return reg() if callable(reg) and not hasattr(reg, "Quantity") else reg
    except Exception:  # noqa: BLE001 - any problem there: fall back to a registry of our own
        pass
    import pint

    return pint.UnitRegistry()


def _unit(name: str) -> Any:
    reg = registry()
    try:
        return reg.parse_units(name.replace("²", "**2").replace("³", "**3"))
    except Exception as exc:  # pint raises several kinds of error for unknown or malformed units
        raise ValueError(f"unknown unit {name!r}") from exc


def to_base(number: float, unit: str, dimension: str | None, delta: bool = False) -> tuple[float, str]:
    """``(5, "km", "length")`` -> ``(5000.0, "meter")``. ``delta`` reads temperatures as differences."""
    if delta and unit.strip() in _TEMPERATURE_UNITS:
        unit = _TEMPERATURE_UNITS[unit.strip()]
    u = _unit(unit)
    reg = registry()
    q = reg.Quantity(number, u)
    if dimension in _DIMENSIONALITY:
        want = reg.get_dimensionality(_DIMENSIONALITY[dimension])
        if q.dimensionality != want:
            raise ValueError(f"unit {unit!r} is not a {dimension}")
    elif dimension is not None:
        raise ValueError(f"a {dimension} takes no unit, got {unit!r}")
    base = q.to_base_units()
    return float(base.magnitude), str(base.units)


@lru_cache(maxsize=512)
def _factor(base_unit: str, display_unit: str) -> tuple[float, float]:
    """(scale, offset) with display = base * scale + offset: by the extractor's stored factors for the units
    of its table (the ones figures were read with; no pint registry to build for a warm run), else pint."""
    from factcheck.quantities.units import stored_line

    line = stored_line(base_unit, display_unit)
    if line is not None:
        return line
    reg = registry()
    a = reg.Quantity(0.0, _unit(base_unit)).to(_unit(display_unit)).magnitude
    b = reg.Quantity(1.0, _unit(base_unit)).to(_unit(display_unit)).magnitude
    return float(b - a), float(a)


def convert(value: float, base_unit: str | None, display_unit: str | None) -> float:
    if base_unit is None or display_unit is None or base_unit == display_unit or math.isinf(value):
        return value
    try:
        scale, offset = _factor(base_unit, display_unit)
    except Exception:  # noqa: BLE001 - a currency code or an odd unit: show the base value
        return value
    return value * scale + offset


def symbol(unit: str | None) -> str:
    if unit is None:
        return ""
    return _DISPLAY_SYMBOLS.get(unit, unit.replace("_", " "))


def fmt_number(value: float, approx: bool = False) -> str:
    """Readable numbers: 10,000; 8.0; 0.25 — three significant digits at most for converted values."""
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    if approx:
        if value == 0:
            return "0"
        digits = 2 if abs(value) < 10 else 3
        rounded = round(value, digits - 1 - int(math.floor(math.log10(abs(value)))))
        if abs(rounded) >= 100:
            return f"{rounded:,.0f}"
        decimals = max(1, digits - 1 - int(math.floor(math.log10(abs(rounded))))) if rounded else 1
        return f"{rounded:.{decimals}f}"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.6g}" if abs(value) >= 1000 else f"{value:.6g}"


def fmt_value(value: float, unit: str | None, approx: bool = False) -> str:
    s = symbol(unit)
    number = fmt_number(value, approx)
    if not s:
        return number
    if s in ("°C", "°F", "%"):
        return f"{number}{s}" if s == "%" else f"{number} {s}"
    return f"{number} {s}"


@lru_cache(maxsize=4096)
def _stated(value: float, unit: str) -> float | None:
    """A stated value in base units: by the extractor's own conversion for its units (the factors its
    intervals were made with, with no pint registry to build: a warm run needs none otherwise), else pint."""
    try:
        from factcheck.quantities import units as qunits

        unit_info = qunits.info(unit)
    except Exception:  # noqa: BLE001 - not one of the extractor's units
        unit_info = None
    if unit_info is not None and unit_info.dimension not in ("currency", "percent", "percentage_point"):
        return qunits.to_base(value, unit)
    try:
        reg = registry()
        return float(reg.Quantity(value, _unit(unit)).to_base_units().magnitude)
    except Exception:  # noqa: BLE001 - a currency code, "percent" handled by pint or not: no conversion
        return None


def stated_to_base(value: float, unit: str) -> float | None:
    """A value in a stated unit (a pint name) in base units; None when pint does not know the unit."""
    return _stated(float(value), str(unit))


def stated_base(mention: Any) -> float | None:
    """The value a quantity mention states, in base units (None for ranges or when unknown)."""
    value = getattr(mention, "value", None)
    if value is None or getattr(mention, "range", None) is not None:
        return None
    unit = getattr(mention, "unit", None)
    base = getattr(mention, "base_unit", None)
    if unit is None or base is None or unit == base:
        return float(value)
    return _stated(float(value), str(unit))


def fmt_base(value: float, base: str | None, unit: str | None) -> str:
    """A base-unit value shown in ``unit`` (approximate when converted)."""
    return fmt_value(convert(value, base, unit), unit, approx=base != unit and unit is not None)
