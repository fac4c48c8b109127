"""The conversion check: restatements in another unit that do not add up.

Expected outcomes are worked out by hand (factors: 1 mi = 1.609344 km, 1 ft = 0.3048 m, 1 in = 2.54 cm,
1 acre = 0.40468564 ha, 1 mi² = 2.589988 km², 1 m² = 10.7639 ft², 1 knot = 1.852 km/h, 1 lb = 0.45359237 kg,
1 US gal = 3.785412 L, 1 m³ = 35.3147 ft³, °F = °C × 1.8 + 32).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from factcheck.checks import CheckContext, conversion, run_checks
from factcheck.model import Severity
from factcheck.rules.check_rule import CheckRule

_BUILDER = Path(__file__).parent / "fixtures" / "arithmetic" / "builder.py"
_spec = importlib.util.spec_from_file_location("arith_builder", _BUILDER)
builder = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(builder)

# (sentence, main span, value, unit, restated span, value, unit, dimension, wrong?)
CASES = [
    # length
    ("Bakhmut lies 10km (6.2 miles) south of the town.", "10km", 10, "kilometer", "6.2 miles", 6.2, "mile",
     "length", False),  # 6.214 mi
    ("It is less than 10 km (6 miles) from the city.", "10 km", 10, "kilometer", "6 miles", 6, "mile",
     "length", False),  # 6.21 rounds to 6
    ("They built a 40-metre (230 ft) dam.", "40-metre", 40, "meter", "230 ft", 230, "foot", "length", True),
    ("They built a 40-metre (131 ft) dam.", "40-metre", 40, "meter", "131 ft", 131, "foot", "length", False),
    ("The trail runs 5 miles (8 km) along the coast.", "5 miles", 5, "mile", "8 km", 8, "kilometer", "length",
     False),  # 8.05 km
    ("The trail runs 5 miles (10 km) along the coast.", "5 miles", 5, "mile", "10 km", 10, "kilometer", "length",
     True),  # 8.05 km; "10" may not stand for 8
    ("She finished the 26.2-mile (42.2 km) marathon.", "26.2-mile", 26.2, "mile", "42.2 km", 42.2, "kilometer",
     "length", False),  # 42.165 km
    ("The river rose 3 feet (1.5 metres) overnight.", "3 feet", 3, "foot", "1.5 metres", 1.5, "meter", "length",
     True),  # 0.9144 m
    ("The river rose 3 feet (0.9 metres) overnight.", "3 feet", 3, "foot", "0.9 metres", 0.9, "meter", "length",
     False),
    ("A 100 km (60 miles) stretch was closed.", "100 km", 100, "kilometer", "60 miles", 60, "mile", "length",
     False),  # 62.1 mi; "60" is a rounding to tens, within 5 %
    ("A 100 km (80 miles) stretch was closed.", "100 km", 100, "kilometer", "80 miles", 80, "mile", "length",
     True),
    ("Crews laid a 12-inch (30 cm) pipe.", "12-inch", 12, "inch", "30 cm", 30, "centimeter", "length", False),
    ("The 1,000-foot (305-metre) tower swayed.", "1,000-foot", 1000, "foot", "305-metre", 305, "meter", "length",
     False),  # 304.8 m
    ("The 1,000-foot (500-metre) tower swayed.", "1,000-foot", 1000, "foot", "500-metre", 500, "meter", "length",
     True),
    # area
    ("The fire burned 12,400 acres (5,018 hectares).", "12,400 acres", 12400, "acre", "5,018 hectares", 5018,
     "hectare", "area", False),  # 5,018.1 ha
    ("The fire burned 12,400 acres (6,018 hectares).", "12,400 acres", 12400, "acre", "6,018 hectares", 6018,
     "hectare", "area", True),
    ("Floods covered 50 square miles (130 sq km).", "50 square miles", 50, "square_mile", "130 sq km", 130,
     "square_kilometer", "area", False),  # 129.5 km²
    ("Floods covered 50 square miles (80 sq km).", "50 square miles", 50, "square_mile", "80 sq km", 80,
     "square_kilometer", "area", True),
    ("A 2,000-hectare (4,942-acre) reserve.", "2,000-hectare", 2000, "hectare", "4,942-acre", 4942, "acre",
     "area", False),  # 4,942.1 acres
    ("The 500 sq m (5,400 sq ft) hall.", "500 sq m", 500, "square_meter", "5,400 sq ft", 5400, "square_foot",
     "area", False),  # 5,382 ft²; "5,400" is a rounding to the hundred
    ("They bought 300 hectares (300 acres) of land.", "300 hectares", 300, "hectare", "300 acres", 300, "acre",
     "area", True),  # 741 acres
    # speed
    ("Gusts of 60 mph (160 km/h) hit the coast.", "60 mph", 60, "mile / hour", "160 km/h", 160, "kilometer / hour",
     "speed", True),  # 96.6 km/h
    ("Gusts of 60 mph, or about 97 km/h, hit the coast.", "60 mph", 60, "mile / hour", "97 km/h", 97,
     "kilometer / hour", "speed", False),
    ("Winds of 120 km/h (75 mph) were recorded.", "120 km/h", 120, "kilometer / hour", "75 mph", 75,
     "mile / hour", "speed", False),  # 74.6 mph
    ("Winds of 120 km/h (95 mph) were recorded.", "120 km/h", 120, "kilometer / hour", "95 mph", 95,
     "mile / hour", "speed", True),
    ("The ferry's top speed is 30 knots (56 km/h).", "30 knots", 30, "knot", "56 km/h", 56, "kilometer / hour",
     "speed", False),  # 55.6 km/h
    # temperature: converted as temperatures, with the offset
    ("It reached 40C (104F) on Sunday.", "40C", 40, "degree_Celsius", "104F", 104, "degree_Fahrenheit",
     "temperature", False),
    ("It reached 40C (140F) on Sunday.", "40C", 40, "degree_Celsius", "140F", 140, "degree_Fahrenheit",
     "temperature", True),
    ("Lows of -40C (-40F) froze the pipes.", "-40C", -40, "degree_Celsius", "-40F", -40, "degree_Fahrenheit",
     "temperature", False),
    ("Highs of 95F (35C) are expected.", "95F", 95, "degree_Fahrenheit", "35C", 35, "degree_Celsius",
     "temperature", False),
    ("Highs of 95F (25C) are expected.", "95F", 95, "degree_Fahrenheit", "25C", 25, "degree_Celsius",
     "temperature", True),
    ("Water was 30C (90F) at noon.", "30C", 30, "degree_Celsius", "90F", 90, "degree_Fahrenheit", "temperature",
     True),  # 86 F; temperatures are not read as round numbers
    ("He had a fever of 39.5C (103.1F).", "39.5C", 39.5, "degree_Celsius", "103.1F", 103.1, "degree_Fahrenheit",
     "temperature", False),
    # mass
    ("Each 10 kg (22 lb) bag was checked.", "10 kg", 10, "kilogram", "22 lb", 22, "pound", "mass", False),
    ("Each 10 kg (12 lb) bag was checked.", "10 kg", 10, "kilogram", "12 lb", 12, "pound", "mass", True),
    ("The dog weighs 100 pounds (45 kg).", "100 pounds", 100, "pound", "45 kg", 45, "kilogram", "mass", False),
    ("The dog weighs 100 pounds (60 kg).", "100 pounds", 100, "pound", "60 kg", 60, "kilogram", "mass", True),
    # volume
    ("Each tank holds 5 litres (1.3 gallons).", "5 litres", 5, "liter", "1.3 gallons", 1.3, "gallon", "volume",
     False),  # 1.321 US gal
    ("Each tank holds 500 litres (200 gallons).", "500 litres", 500, "liter", "200 gallons", 200, "gallon",
     "volume", True),  # 132 US gal
    ("The reservoir lost 1 million cubic metres (35 million cubic feet).", "1 million cubic metres", 1e6,
     "cubic_meter", "35 million cubic feet", 35e6, "cubic_foot", "volume", False),  # 35.3 million ft³
]


def _run(text: str, quantities: list, rules: list | None = None) -> list:
    return list(run_checks(builder.context(text, quantities, rules), [conversion]))


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_restatement(case: tuple) -> None:
    text, span, value, unit, r_span, r_value, r_unit, dimension, wrong = case
    q = builder.quantity(text, span, value, unit, dimension, restated=[(r_span, r_value, r_unit)])
    findings = _run(text, [q])
    assert len(findings) == (1 if wrong else 0), [f.message for f in findings]
    if wrong:
        f = findings[0]
        assert (f.kind, f.rule, f.severity) == ("conversion", "conversion", Severity.ERROR)
        assert [e.text for e in f.evidence] == [span, r_span]


@pytest.mark.parametrize(
    "text, main, restated, message_part",
    [
        ("They built a 40-metre (230 ft) dam.", ("40-metre", 40, "meter"), ("230 ft", 230, "foot"),
         "40 m is 131 ft, not 230 ft"),
        ("Gusts of 60 mph (160 km/h) hit.", ("60 mph", 60, "mile / hour"), ("160 km/h", 160, "kilometer / hour"),
         "60 mph is 97 km/h, not 160 km/h"),
        ("It reached 40C (140F).", ("40C", 40, "degree_Celsius"), ("140F", 140, "degree_Fahrenheit"),
         "40 °C is 104 °F, not 140 °F"),
        ("The river rose 3 feet (1.5 metres).", ("3 feet", 3, "foot"), ("1.5 metres", 1.5, "meter"),
         "3 ft is 0.91 m, not 1.5 m"),
    ],
)
def test_message_gives_the_correct_conversion(text, main, restated, message_part) -> None:
    q = builder.quantity(text, main[0], main[1], main[2], "x", restated=[restated])
    (finding,) = _run(text, [q])
    assert message_part in finding.message


def test_adjacent_quantities_joined_by_a_cue_are_compared() -> None:
    # The extractor left the bracketed figure as a quantity of its own: the check pairs them itself.
    text = "A 40-metre (230 ft) dam."
    a = builder.quantity(text, "40-metre", 40, "meter", "length")
    b = builder.quantity(text, "230 ft", 230, "foot", "length")
    (finding,) = _run(text, [a, b])
    assert "131 ft" in finding.message


def test_unrelated_neighbours_are_not_compared() -> None:
    text = "A 40-metre dam and a 230 ft tower."
    a = builder.quantity(text, "40-metre", 40, "meter", "length")
    b = builder.quantity(text, "230 ft", 230, "foot", "length")
    assert _run(text, [a, b]) == []


def test_ranges_are_compared_end_by_end() -> None:
    text = "At a depth of 80-100 metres (260-330 ft)."
    ok = builder.quantity(text, "80-100 metres", None, "meter", "length", rng=(80, 100),
                          restated=[("260-330 ft", None, "foot", (260, 330))])  # 262.5-328.1 ft
    assert _run(text, [ok]) == []
    text = "At a depth of 80-100 metres (260-500 ft)."
    bad = builder.quantity(text, "80-100 metres", None, "meter", "length", rng=(80, 100),
                           restated=[("260-500 ft", None, "foot", (260, 500))])
    (finding,) = _run(text, [bad])
    assert "100 m is 328 ft, not 500 ft" in finding.message


@pytest.mark.parametrize(
    "text, main, restated, dimension",
    [
        ("It cost $5 million (£4 million).", ("$5 million", 5e6, "USD"), ("£4 million", 4e6, "GBP"), "currency"),
        ("It rose 10 km (10 km) high.", ("10 km", 10, "kilometer"), ("10 km", 10, "kilometer"), "length"),
        ("It weighs 3 kg (3 km).", ("3 kg", 3, "kilogram"), ("3 km", 3, "kilometer"), "mass"),
    ],
)
def test_not_comparable_is_no_finding(text, main, restated, dimension) -> None:
    q = builder.quantity(text, main[0], main[1], main[2], dimension, restated=[restated])
    assert _run(text, [q]) == []


def test_check_rule_switches_it_off_or_relevels_it() -> None:
    text = "They built a 40-metre (230 ft) dam."
    q = builder.quantity(text, "40-metre", 40, "meter", "length", restated=[("230 ft", 230, "foot")])
    off = CheckRule(id="no-conversion", extends="check", check="conversion", enabled=False)
    assert _run(text, [q], [off]) == []
    warn = CheckRule(id="conversion-warns", extends="check", check="conversion", level="warning")
    (finding,) = _run(text, [q], [warn])
    assert finding.severity == Severity.WARNING
    other = CheckRule(id="no-range", extends="check", check="range", enabled=False)
    assert len(_run(text, [q], [other])) == 1


def _analyzed_findings(text: str, modules: list) -> list:
    from factcheck.analysis import analyze

    doc = builder.document(text)
    return run_checks(CheckContext(analyses=[analyze(doc)]), modules)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_restatement_in_real_text(case: tuple) -> None:
    # The same sentences through the extractor: it must find the restatement, and the check judge it.
    text, *_, wrong = case
    findings = _analyzed_findings(text, [conversion])
    assert len(findings) == (1 if wrong else 0), [f.message for f in findings]


def test_no_arithmetic_finding_on_the_sample_corpus() -> None:
    # sources/: "10 km (6 miles)" and "10km (6.2 miles)" are fair, 15 children within 559 residents is fine,
    # "80-100 meters" is in order.
    from factcheck.checks import part_whole, percentage, range_order
    from factcheck.pipeline import analyze_all

    root = Path(__file__).resolve().parent.parent
    analyses, _, files = analyze_all([root / "sources"])
    assert files == 5
    restated = [q for a in analyses for q in a.quantities if len(q.statements) > 1]
    assert len(restated) >= 2  # the two inline conversions were seen, so "no finding" means they passed
    ctx = CheckContext(analyses=analyses)
    assert run_checks(ctx, [conversion, part_whole, percentage, range_order]) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Runners can choose 5 km or 10 miles.", None),  # a choice, not a restatement
        ("Runners can choose 5 km, or 10 miles for the brave.", None),
        ("Gusts of 60 mph, or about 160 km/h, hit.", "60 mph is 97 km/h, not 160 km/h"),
        ("The dam is 40 metres high (230 ft wide).", None),  # the bracket says something else
        ("It flew 500 km (100 miles more than planned).", None),
        ("The road is 12 km long (and 3 km wide).", None),
        ("The 10 km (6 mile) race and the 5 km (8 mile) walk.", "5 km is 3.1 mi, not 8 mi"),
        ("Temperatures fell from 10C (50F) to -5C (23F).", None),  # -5 °C is 23 °F
        ("The 30 mph (48 km/h) limit was raised to 40 mph (80 km/h).", "40 mph is 64 km/h, not 80 km/h"),
    ],
)
def test_what_counts_as_a_restatement(text, expected) -> None:
    findings = _analyzed_findings(text, [conversion])
    finding = builder.one_or_none(findings, expected)
    if finding is not None:
        assert expected in finding.message


@pytest.mark.parametrize(
    "text, wrong",
    [
        ("The tank holds 100 gallons (378 litres).", False),  # US gallons: 378.5 L
        ("The tank holds 100 gallons (455 litres).", False),  # imperial gallons: 454.6 L
        ("The tank holds 100 gallons (600 litres).", True),
        ("It weighs 10 tons (9 tonnes).", False),  # short tons: 9.07 t
        ("It weighs 10 tons (10.2 tonnes).", False),  # long tons: 10.16 t
        ("It weighs 10 tons (14 tonnes).", True),
    ],
)
def test_units_with_two_meanings_pass_under_either(text, wrong) -> None:
    assert len(_analyzed_findings(text, [conversion])) == (1 if wrong else 0)


@pytest.mark.parametrize(
    "text, expected",
    [
        # a change of temperature converts without the offset: 2 °C of warming is 3.6 °F
        ("The lake rose by 2C (3.6F) over the decade.", None),
        ("Temperatures hit 50C (122F) in the shade, 10C (18F) above normal.", None),
        ("Global warming of 1.5C (2.7F) is the limit.", None),
        ("Global warming of 1.5C (5F) is the limit.", "a difference of 1.5 °C is 2.7 °F, not 5 °F"),
        # a temperature reached is a temperature: the forgotten +32 is caught
        ("Temperatures rose to 40C (72F) on Sunday.", "40 °C is 104 °F, not 72 °F"),
        ("A high of 40C (72F) was forecast.", "40 °C is 104 °F, not 72 °F"),
    ],
)
def test_temperature_differences(text, expected) -> None:
    findings = _analyzed_findings(text, [conversion])
    finding = builder.one_or_none(findings, expected)
    if finding is not None:
        assert expected in finding.message


@pytest.mark.parametrize(
    "text, expected",
    [
        ("At a depth of 80-100 metres (260-330 ft), the mines are safe.", None),  # 262-328 ft
        ("At a depth of 80-100 metres (260-500 ft), the mines are safe.", "100 m is 328 ft, not 500 ft"),
        ("Winds of 100-120 km/h (60-75 mph) are forecast.", None),  # 62-75 mph
        ("Winds of 100-120 km/h (80-95 mph) are forecast.", "100 km/h is 62 mph, not 80 mph; 120 km/h is 75 mph"),
        ("It is 5-6 miles (8-10 km) away.", None),  # 8.0-9.7 km
        ("Highs of 30-35C (86-95F) are forecast.", None),
    ],
)
def test_ranges_in_real_text(text, expected) -> None:
    findings = _analyzed_findings(text, [conversion])
    finding = builder.one_or_none(findings, expected)
    if finding is not None:
        assert expected in finding.message
