"""Table-driven extraction cases (tests/cases/quantities*.yaml), written by hand from news-style sentences.

Expected intervals are given in the stated unit and converted to base units here with an independent pint
registry, so the test does not trust the extractor's own conversion.
"""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path
from typing import Any

import pint
import pytest
import yaml

from factcheck.quantities import extract_quantities
from factcheck.sentences import split_sentences

CASES_DIR = Path(__file__).parent / "cases"
BASE = {"length": "meter", "area": "meter ** 2", "volume": "meter ** 3", "mass": "kilogram", "speed": "meter / second",
        "temperature": "kelvin", "duration": "second", "energy": "joule", "power": "watt"}


@cache
def ureg() -> pint.UnitRegistry:
    reg = pint.UnitRegistry()
    reg.define("square_kilometer = kilometer ** 2")
    reg.define("square_meter = meter ** 2")
    reg.define("cubic_meter = meter ** 3")
    return reg


def load_cases() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in sorted(CASES_DIR.glob("quantities*.yaml")):
        for i, case in enumerate(yaml.safe_load(path.read_text(encoding="utf-8"))):
            out.append((f"{path.stem}:{i}:{case['text'][:40]}", case))
    return out


CASES = load_cases()


def to_base(x: float | None, unit: str | None, dimension: str | None, upper: bool) -> float:
    if x is None:
        return math.inf if upper else -math.inf
    if unit is None or dimension in (None, "currency", "percent", "percentage_point", "age", "count", "fraction"):
        return float(x)
    if unit == "decade":  # pint reads "decade" as deca-ade (dimensionless)
        x, unit = float(x) * 10, "year"
    q = ureg().Quantity(float(x), unit)
    return float(q.to(BASE[dimension]).magnitude)


def close(a: float, b: float) -> bool:
    if math.isinf(a) or math.isinf(b):
        return a == b
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-6)


def test_at_least_150_cases() -> None:
    assert sum(max(1, len(c["expect"])) for _, c in CASES) >= 150


@pytest.mark.parametrize(("case_id", "case"), CASES, ids=[c[0] for c in CASES])
def test_case(case_id: str, case: dict[str, Any]) -> None:
    text = case["text"]
    got = extract_quantities(text, split_sentences(text))
    expected = case["expect"]
    assert [q.text for q in got] == [e["surface"] for e in expected], case_id
    for q, e in zip(got, expected, strict=True):
        assert q.kind == "quantity"
        assert text[q.start : q.end] == q.text
        if e.get("value") is None:
            assert q.value is None
        else:
            assert q.value == pytest.approx(e["value"], rel=1e-9)
        assert q.unit == e.get("unit")
        assert q.qualifier == e["qualifier"]
        if "range" in e:
            assert q.range is not None and list(q.range) == pytest.approx(e["range"])
        if "noun" in e:
            assert q.noun == e["noun"]
        if "dimension" in e:
            assert q.dimension == e["dimension"]
        dim = q.dimension
        lo = to_base(e["interval"][0], e.get("unit"), dim, upper=False)
        hi = to_base(e["interval"][1], e.get("unit"), dim, upper=True)
        assert close(q.interval[0], lo) and close(q.interval[1], hi), (q.interval, (lo, hi))
        restated = e.get("restated", [])
        assert [(s.value, s.unit) for s in q.statements[1:]] == [(r["value"], r["unit"]) for r in restated]
