"""Noun classes, unit conversion and number parsing behind quantity extraction, plus robustness."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck.quantities import Quantity, extract_quantities, is_subclass, lemma, noun_class_of, same_kind
from factcheck.quantities.numbers import parse_number
from factcheck.quantities.units import convert, to_base
from factcheck.sentences import split_sentences


@pytest.mark.parametrize(("word", "expected"), [
    ("residents", "resident"), ("children", "child"), ("people", "person"), ("casualties", "casualty"),
    ("churches", "church"), ("youngsters", "youngster"), ("personnel", "personnel"), ("buses", "bus"),
    ("soldier", "soldier"),
])
def test_lemma(word: str, expected: str) -> None:
    assert lemma(word) == expected


def test_noun_classes() -> None:
    assert {"child", "children", "civilians", "people"} <= noun_class_of("child")
    assert is_subclass("child", "people")
    assert is_subclass("youngster", "children")
    assert is_subclass("resident", "people") and is_subclass("citizen", "people")
    assert is_subclass("tank", "vehicles")
    assert not is_subclass("people", "child")
    assert not is_subclass("tank", "people")
    assert is_subclass("unknownthing", "unknownthing")
    assert same_kind("resident", "inhabitant") and same_kind("child", "resident")
    assert not same_kind("home", "soldier")


def test_temperature_converts_with_offset() -> None:
    assert to_base(40, "degree_Celsius") == pytest.approx(313.15)
    assert to_base(104, "degree_Fahrenheit") == pytest.approx(313.15)
    assert convert(40, "degree_Celsius", "degree_Fahrenheit") == pytest.approx(104)


def test_conversions() -> None:
    assert to_base(5, "mile") == pytest.approx(8046.72)
    assert to_base(2, "square_kilometer") == pytest.approx(2e6)
    assert to_base(1, "hectare") == pytest.approx(1e4)
    assert to_base(60, "mile / hour") == pytest.approx(26.8224)
    assert to_base(2, "decade") == pytest.approx(20 * 365.25 * 86400)
    assert to_base(math.inf, "mile") == math.inf
    with pytest.raises(ValueError):
        convert(1, "USD", "EUR")


@pytest.mark.parametrize(("text", "value"), [
    ("10,000", 10000), ("6.2", 6.2), ("1.5 million", 1.5e6), ("2.5bn", 2.5e9), ("25k", 25000),
    ("twenty-one", 21), ("a hundred and two", 102), ("a dozen", 12), ("half a million", 5e5),
    ("two-thirds", 2 / 3), ("three and a half", 3.5), ("nineteen", 19), ("two thousand five hundred", 2500),
])
def test_parse_number(text: str, value: float) -> None:
    n = parse_number(text, 0)
    assert n is not None and n.value == pytest.approx(value) and n.end == len(text)


def test_json_contract() -> None:
    text = "Soledar lies less than 10 km (6 miles) from Bakhmut."
    (q,) = extract_quantities(text, split_sentences(text))
    assert isinstance(q, Quantity)
    j = q.to_json()
    assert {k: j[k] for k in ("value", "range", "unit", "noun", "qualifier", "base_unit")} == {
        "value": 10.0, "range": None, "unit": "kilometer", "noun": None, "qualifier": "<", "base_unit": "meter"}
    assert j["interval"] == [-math.inf, 10000.0]
    assert [s["unit"] for s in j["statements"]] == ["kilometer", "mile"]


def test_deterministic_and_independent_of_surroundings() -> None:
    text = "About 600 soldiers were seen 10km (6.2 miles) away."
    a = extract_quantities(text, split_sentences(text))
    b = extract_quantities("Intro line.\n\n" + text, split_sentences("Intro line.\n\n" + text))
    assert [(q.text, q.interval) for q in a] == [(q.text, q.interval) for q in b]
    assert a == extract_quantities(text, split_sentences(text))


PIECES = [*"0123456789 ,.-()$%£€kmCF\n", "about ", "more than ", " miles", " km", "twenty-", "one", " of ",
          "hundreds", "Feb. ", "2022", "–", "a.m.", "/", "http://", "A ", "year-old ", "people", "(6 miles)"]


@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_never_raises_and_spans_are_consistent(text: str) -> None:
    for q in extract_quantities(text, split_sentences(text)):
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end] == q.text
        lo, hi = q.interval
        assert not (math.isnan(lo) or math.isnan(hi)) and lo <= hi
        assert q.qualifier in {"=", "~", ">", "<"}
