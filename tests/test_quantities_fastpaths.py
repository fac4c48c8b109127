"""The shortcuts that make quantity extraction fast must give exactly what the plain way gives: stored unit
factors = pint's, the fast dataclass builders = the constructors, RE2 spans = finditer, the word before a
number = the character-by-character definition, and extraction needs no pint registry at all."""

from __future__ import annotations

import importlib.metadata
import json
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
import re2
from hypothesis import given
from hypothesis import strategies as st

from factcheck.lexicon import data_text
from factcheck.quantities import extract_quantities, qualifiers, units
from factcheck.quantities.model import Quantity, Statement, make_quantity, make_statement
from factcheck.sentences import split_sentences

STORED_FOR_THIS_PINT = json.loads(data_text(units.FACTORS_FILE))["pint"] == importlib.metadata.version("pint")


@pytest.mark.skipif(not STORED_FOR_THIS_PINT, reason="unit_factors.json was written with another pint")
def test_stored_factors_are_pints_own() -> None:
    stored = units._stored_factors()
    expected = units.pint_factors()
    assert set(stored) == set(expected), "rewrite data/unit_factors.json: units.write_stored_factors()"
    for unit, (_expr, _base, scale, offset) in expected.items():
        assert stored[unit] == (scale, offset), unit  # exactly: the file holds pint's floats


def test_stored_factors_ignored_for_another_pint_or_another_unit_spec(monkeypatch: pytest.MonkeyPatch) -> None:
    import factcheck.lexicon as lexicon

    real = lexicon.data_text(units.FACTORS_FILE)
    data = json.loads(real)
    first = next(iter(data["factors"]))
    data["factors"][first][0] = "furlong"  # not the unit's pint expression any more
    data["factors"][first][2] = 12345.0
    try:
        monkeypatch.setattr(lexicon, "data_text", lambda name: json.dumps(data) if name == units.FACTORS_FILE
                            else real)
        units._stored_factors.cache_clear()
        if STORED_FOR_THIS_PINT:
            assert first not in units._stored_factors() and len(units._stored_factors()) == len(data["factors"]) - 1
        data["pint"] = "0.0.0"
        units._stored_factors.cache_clear()
        assert units._stored_factors() == {}
    finally:
        monkeypatch.undo()
        units._stored_factors.cache_clear()


@pytest.mark.skipif(not STORED_FOR_THIS_PINT, reason="unit_factors.json was written with another pint")
def test_extraction_does_not_build_a_pint_registry() -> None:
    code = ("import sys\nfrom factcheck.quantities import extract_quantities\nfrom factcheck.sentences import "
            "split_sentences\nt = 'A 10 km road, about 5 miles (8 km) long, 40C, 2 hectares and 3 kg.'\n"
            "q = extract_quantities(t, split_sentences(t))\nassert len(q) >= 4, q\nprint('pint' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_registry_still_converts_and_leaves_dask_importable() -> None:
    code = ("import sys\nfrom factcheck.quantities.units import registry\nr = registry()\n"
            "print(r.Quantity(1.0, 'mile').to('meter').magnitude, 'dask' in sys.modules)\n"
            "import importlib.util\nif importlib.util.find_spec('dask'):\n    import dask; print(dask.__name__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    lines = out.stdout.split()
    assert lines[:2] == ["1609.344", "False"]


@pytest.mark.parametrize("unit,target", [("kilometer", "mile"), ("degree_Celsius", "degree_Fahrenheit"),
                                         ("hectare", "acre"), ("foot", "meter"),
                                         ("mile / hour", "kilometer / hour")])
def test_stored_line_converts_as_pint_does(unit: str, target: str) -> None:
    ureg = units.registry()
    zero = float(ureg.Quantity(0.0, unit).to(target).magnitude)
    one = float(ureg.Quantity(1.0, unit).to(target).magnitude)
    scale, offset = units.stored_line(unit, target)
    assert scale == pytest.approx(one - zero, rel=1e-12) and offset == pytest.approx(zero, rel=1e-12, abs=1e-12)


def test_stored_line_leaves_currencies_other_dimensions_and_unknown_units_to_pint() -> None:
    assert units.stored_line("USD", "EUR") is None
    assert units.stored_line("kilometer", "kilogram") is None
    assert units.stored_line("kilometer", "parsec-ish") is None


@pytest.mark.skipif(not STORED_FOR_THIS_PINT, reason="unit_factors.json was written with another pint")
def test_a_whole_run_builds_no_pint_registry(tmp_path: Path) -> None:
    # restatements the conversion check compares, and a distance stated in miles and in km that the fact
    # shows in km: all through the stored factors (the registry costs half a second a process)
    (tmp_path / "a.txt").write_text("The flood reached Brackley, some 5 miles (8 km) from Ashford, on Monday.\n"
                                    "Temperatures hit 40C (104F) in Ashford.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Ashford lies about 8 km from Brackley. The river rose 2 metres (6.6 feet).\n",
                                    encoding="utf-8")
    code = ("import sys\nfrom factcheck.pipeline import RunOptions, run\nfrom factcheck.reporters import get\n"
            "r = run(RunOptions(paths=['.']))\nget('text').render(r)\n"
            "print([f.unit for f in r.facts], 'pint' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path)
    assert out.stdout.split() == ["['kilometer']", "False"]


def test_fast_builders_equal_the_dataclass_constructors() -> None:
    sfields = dict(text="about 10 km", start=3, end=14, value=10.0, range=None, unit="kilometer", qualifier="~",
                   interval=(9000.0, 11000.0), decimals=0)
    s1, s2 = Statement(**sfields), make_statement(**sfields)
    assert s1 == s2 and hash(s1) == hash(s2) and repr(s1) == repr(s2) and type(s2) is Statement
    assert list(vars(s1)) == list(vars(s2))
    qfields = dict(start=3, end=14, text="about 10 km", value=10.0, range=None, unit="kilometer", noun=None,
                   qualifier="~", interval=(9000.0, 11000.0), base_unit="meter", dimension="length",
                   statements=(s1,))
    for extra in ({}, {"vague": True}):
        q1, q2 = Quantity(**qfields, **extra), make_quantity(**qfields, **extra)
        assert q1 == q2 and hash(q1) == hash(q2) and repr(q1) == repr(q2) and type(q2) is Quantity
        assert list(vars(q1)) == list(vars(q2))
        assert pickle.loads(pickle.dumps(q2)) == q1 and q2.to_json() == q1.to_json()


class _NoBinding:
    """An RE2 pattern seen only through its public interface."""

    def __init__(self, pattern: object) -> None:
        self.finditer = pattern.finditer  # type: ignore[attr-defined]


@given(st.text(alphabet="ab 1.,\n", max_size=60))
def test_re2_spans_equal_finditer(text: str) -> None:
    from factcheck.quantities.extractor import _spans

    for pattern in (re2.compile(rb"[0-9][0-9,.]*|\bab\b"), re2.compile(rb"a*")):  # a*: empty matches too
        data = text.encode()
        expected = [(m.start(), m.end()) for m in pattern.finditer(data)]
        assert _spans(pattern, data) == expected
        assert _spans(_NoBinding(pattern), data) == expected


def _prev_word_by_characters(text: str, pos: int) -> str:
    b = pos
    while b > 0 and text[b - 1] in " \t\u00a0":
        b -= 1
    a = b
    while a > 0 and b - a < 30 and not text[a - 1].isspace():
        a -= 1
    return text[a:b].lower()


@given(st.lists(st.sampled_from([*"aB.-5 \t\u00a0\n\r", " " * 70, "x" * 40]), max_size=40).map("".join),
       st.integers(min_value=0, max_value=200))
def test_prev_word_is_the_word_before(text: str, pos: int) -> None:
    pos = min(pos, len(text))
    assert qualifiers.prev_word(text, pos) == _prev_word_by_characters(text, pos)


def test_prev_word_of_a_long_word_is_its_last_30_characters() -> None:
    # one space before the number (the fast path) and two: words up to, at and past the 30-character limit
    for n in range(1, 45):
        for word in ("x" * n, "(" + "x" * n):
            for gap in (" ", "  "):
                text = f"{word}{gap}5"
                pos = len(text) - 1
                assert qualifiers.prev_word(text, pos) == _prev_word_by_characters(text, pos) == word[-30:]


_HEDGE_WORDS = ["", "about", "ABOUT", "just about", "more than", "no  more\tthan", "a little\nmore than", "approx.",
                "approx", "an estimated", "x.estimated", "_estimated", "-estimated", "(around", "at least", "least",
                "in the order of", "of", "some", "awesome", "within", "a total of", "ſome", "ne arly", "nearly,"]


@given(st.lists(st.sampled_from(["about", "more than", "More  Than", "at least", "up to", "of", "some", "a total",
                                 "(about", "approx.", "roughly", "nearly", "x", "\n", "", ",", "than"]),
                max_size=5), st.sampled_from([" ", "  ", "\t", "\u00a0", "", "\n", " \n", "\n ", ", "]),
       st.sampled_from(_HEDGE_WORDS), st.sampled_from(_HEDGE_WORDS), st.integers(0, 50))
def test_hedge_found_with_the_full_phrase_list(words: list[str], gap: str, first: str, second: str, pad: int) -> None:
    """The phrases tried for a word are only those that can end with it: the answer is the full list's."""
    import re

    table = qualifiers._tables()[0]
    full = re.compile(rf"(?:^|(?<=[^\w.]))({qualifiers._alt(list(table))})\s+$", re.IGNORECASE)
    head = " ".join(words)
    # also a phrase near the window's edge (40 characters before the number) and at the start of the text
    for text in (head + gap, f"{head}{first} {second}{gap}", f"{first}{gap}{second}{gap}",
                 "y" * pad + f" {second}{gap}"):
        start = len(text)
        text += "5 km"
        found = qualifiers.qualifier_before(text, start)
        if qualifiers.prev_word(text, start) not in qualifiers._last_words():
            assert found is None
            continue
        m = full.search(text, max(0, start - 40), start)
        expected = None if m is None else (table[" ".join(m.group(1).lower().split())],
                                           " ".join(m.group(1).lower().split()), m.start(1))
        assert found == expected


def test_restart_after_a_long_url_finds_what_follows() -> None:
    url = "https://example.org/" + "/".join(str(i) for i in range(600))
    text = f"See {url} for details. About 300 people left, 5 km away."
    q = extract_quantities(text, split_sentences(text))
    assert [x.text for x in q] == ["About 300 people", "5 km"]


@given(st.lists(st.sampled_from(["ſix", "ſeven", "SIX", "la\u212ah", "\u212a", "é", "éight", "five", "5", "10,000",
                                 " ", "-", "a few", "a hundred", "dozens", "x"]), max_size=12).map("".join),
       st.integers(0, 10))
def test_candidates_equal_a_search_of_the_utf8_bytes(text: str, start: int) -> None:
    # The ASCII copy ("?" for every other character) must find what the UTF-8 bytes give, where RE2 reads
    # "ſ" as "s" and the Kelvin sign as "k" ignoring case: the copy is used only for texts without them
    from factcheck.quantities.extractor import _candidate_re, _candidates

    start = min(start, len(text))
    data = text[start:].encode("utf-8")
    expected = []
    for m in _candidate_re().finditer(data):
        s = start + len(data[: m.start()].decode("utf-8"))
        e = s + len(m.group().decode("utf-8"))
        expected.append((s, e, text[s:e]))
    assert _candidates(text, start) == expected
