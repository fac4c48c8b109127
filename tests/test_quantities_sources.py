"""Acceptance of quantity extraction on the sample corpus, through the CLI's JSON contract
(``factcheck extract --format json sources``). Expected values are read from the articles by hand."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@cache
def quantities() -> tuple[dict, ...]:
    out = subprocess.run(
        [sys.executable, "-m", "factcheck", "extract", "--format", "json", "--no-cache", "sources"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )
    assert out.returncode == 0, out.stderr
    mentions = json.loads(out.stdout)["mentions"]
    return tuple(m for m in mentions if m["kind"] == "quantity")


def find(text: str, file: str | None = None) -> list[dict]:
    return [q for q in quantities()
            if text in q["text"] and (file is None or q["path"].split("/")[-1].startswith(file))]


def one(text: str, file: str | None = None) -> dict:
    found = find(text, file)
    assert len(found) == 1, (text, found)
    return found[0]


def test_json_fields_and_positions() -> None:
    q = one("some five miles")
    assert set(q) >= {"kind", "path", "line", "column", "end_line", "end_column", "text", "value", "range", "unit",
                      "noun", "qualifier", "interval", "base_unit"}
    assert (q["line"], q["column"], q["end_line"], q["end_column"]) == (4, 46, 4, 60)
    lines = (ROOT / q["path"]).read_text(encoding="utf-8").splitlines()
    assert lines[q["line"] - 1][q["column"] - 1 : q["end_column"]] == q["text"]


def test_some_five_miles() -> None:
    q = one("some five miles")
    assert (q["value"], q["unit"], q["qualifier"], q["base_unit"]) == (5.0, "mile", "~", "meter")
    # "some" widens to 10 %, the word "five" to ±0.5 mile: the larger, 4.5-5.5 miles
    assert q["interval"] == pytest.approx([4.5 * 1609.344, 5.5 * 1609.344])


def test_less_than_10_km_6_miles() -> None:
    q = one("10 km (6 miles)", "002")
    assert q["text"] == "less than 10 km (6 miles)"
    assert (q["value"], q["unit"], q["qualifier"]) == (10.0, "kilometer", "<")
    assert q["interval"][0] is None and q["interval"][1] == pytest.approx(10000)
    assert [(s["value"], s["unit"]) for s in q["statements"]] == [(10.0, "kilometer"), (6.0, "mile")]


def test_10km_6_2_miles() -> None:
    q = one("10km (6.2 miles)", "003")
    assert (q["value"], q["unit"], q["qualifier"]) == (10.0, "kilometer", "=")
    assert q["interval"] == pytest.approx([9500, 10500])
    assert q["statements"][1]["value"] == 6.2 and q["statements"][1]["unit"] == "mile"
    assert q["statements"][1]["interval"] == pytest.approx([6.15 * 1609.344, 6.25 * 1609.344])


def test_80_100_meters_range() -> None:
    q = one("80-100 meters")
    assert q["value"] is None and q["range"] == [80, 100] and q["unit"] == "meter"
    assert q["interval"] == pytest.approx([79.5, 100.5])


def test_counts_of_people() -> None:
    assert [(q["value"], q["noun"]) for q in find("559 ")] == [(559, "resident"), (559, "citizen")]
    assert [(q["value"], q["noun"]) for q in find("15 ")] == [(15, "child"), (15, "youngster")]
    q = one("more than 500 civilians")
    assert (q["value"], q["qualifier"], q["noun"], q["unit"]) == (500, ">", "civilian", None)
    assert q["interval"][0] == 500 and q["interval"][1] is None


def test_population_of_10000() -> None:
    tens = find("10,000")
    assert len(tens) == 3
    assert all(q["value"] == 10000 and q["unit"] is None for q in tens)
    assert [q["qualifier"] for q in tens] == ["=", "~", "~"]  # "only", "an estimated", "about"
    assert [q["noun"] for q in tens] == ["population", "inhabitant", "person"]


def test_age() -> None:
    ages = find("24-year-old")
    assert len(ages) == 2
    for q in ages:
        assert q["text"].lower().startswith("a 24-year-old")
        assert (q["value"], q["unit"], q["noun"], q["dimension"]) == (24, "year", "soldier", "age")


def test_other_counts_are_extracted() -> None:
    assert one("four missile strikes")["value"] == 4
    assert one("26 airstrikes")["noun"] == "airstrike"
    assert one("over 100 rocket attacks")["qualifier"] == ">"
    assert one("14 German-made Leopard battle tanks")["noun"] == "tank"
    assert one("about 600 Russian soldiers")["interval"] == pytest.approx([540, 660])


@pytest.mark.parametrize("text", ["1613800933426860032", "555", "One", "Two", "2022", "24", "Patriot", "G7",
                                  "S&P", "third", "one of"])
def test_non_quantities_absent(text: str) -> None:
    for q in quantities():
        if text == "24":
            assert "24," not in q["text"]  # "Feb. 24, 2022"; the age "24-year-old" is fine
        else:
            assert text not in q["text"], q


def test_no_quantity_from_dates_or_names_lines() -> None:
    # 002 line 31 is the tweet URL; 002 line 43 holds "Feb. 24, 2022"; 001 line 10 "World War One"
    lines = {(q["path"][-24:-21], q["line"]) for q in quantities()}
    assert ("002", 31) not in lines
    assert not [q for q in quantities() if q["path"].endswith(("002_fed1982a6e55a3ec.txt",)) and q["line"] == 43
                and q["value"] != 14]
    assert ("001", 10) not in lines


def test_intervals_are_finite_or_open() -> None:
    for q in quantities():
        lo, hi = q["interval"]
        assert lo is None or hi is None or (math.isfinite(lo) and math.isfinite(hi) and lo <= hi), q
