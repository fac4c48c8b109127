"""Acceptance on the sample corpus: what the names checks must and must not report about sources/.

The generic search alone (no names rules) must find these; the sample rules in rules/names.yaml may only
add to it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factcheck.analysis import analyze
from factcheck.loading import load
from factcheck.model import Severity
from factcheck.names.findings import name_findings
from factcheck.pipeline import RunOptions, run

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
SAMPLE_RULES = ROOT / "rules" / "names.yaml"


@pytest.fixture(scope="module")
def generic() -> list:
    return name_findings([analyze(d) for d in load([SOURCES]).documents], [])


def test_soledad_is_a_misspelling_of_soledar(generic: list) -> None:
    (f,) = [f for f in generic if f.kind == "misspelling"]
    assert f.severity is Severity.ERROR
    assert f.message.startswith("'Soledad' (2, in 000) looks like a misspelling of 'Soledar' (")
    assert f.message.endswith(", in all 5 articles)")
    variants = [(e.location.path.rsplit("/", 1)[-1][:3], e.location.line, e.text) for e in f.evidence
                if e.role == "variant"]
    assert variants == [("000", 7, "Soledad"), ("000", 12, "Soledad")]
    dominant = [e for e in f.evidence if e.role == "dominant"]
    assert dominant and all(e.text.casefold() == "soledar" for e in dominant)
    # the spans are the words themselves: 000 line 7 "…importance of Soledad and nearby Bakhmut."
    line7 = (SOURCES / "000_0d7f0ad2647d657a.txt").read_text(encoding="utf-8").splitlines()[6]
    first = f.evidence[0].location
    assert line7[first.column - 1 : first.end_column] == "Soledad"


def test_zelensky_and_cherevatyi_are_inconsistent_spellings(generic: list) -> None:
    spelling = {f.message: f for f in generic if f.kind == "spelling"}
    assert set(spelling) == {
        "Inconsistent spellings of one name: 'Zelensky' (6, in 001, 002, 004), 'Zelenskyy' (1, in 003)",
        "Inconsistent spellings of one name: 'Sergiy Cherevaty' (1, in 003), 'Serhii Cherevatyi' (1, in 000), "
        "'Serhiy Cherevatyi' (1, in 001)",
    }
    assert all(f.severity is Severity.WARNING for f in spelling.values())
    cherevatyi = next(f for m, f in spelling.items() if "Cherevaty" in m)
    assert sorted((e.location.path.rsplit("/", 1)[-1][:3], e.location.line) for e in cherevatyi.evidence) == [
        ("000", 2), ("001", 19), ("003", 6)]


def test_nothing_else_is_reported(generic: list) -> None:
    assert len(generic) == 3
    words = " ".join(e.text for f in generic for e in f.evidence) + " ".join(f.message for f in generic)
    for name in ("Russia", "Ukrain", "Bakhmut", "Donetsk", "Kherson", "Kharkiv", "Wagner", "Sergei", "Andrei"):
        assert name not in words


def test_whole_run_with_the_sample_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no ./rules here: only the built-in pack and the sample file named below
    report = run(RunOptions(paths=[SOURCES], rule_paths=[SAMPLE_RULES]))
    names = [f for f in report.findings if f.kind in ("misspelling", "spelling")]
    assert sorted((f.kind, f.severity.value) for f in names) == [
        ("misspelling", "error"), ("spelling", "warning"), ("spelling", "warning")]
    (miss,) = [f for f in names if f.kind == "misspelling"]
    assert miss.message.startswith("'Soledad' (2, in 000) is a misspelling of 'Soledar'")
    assert miss.rule == "names.soledar-story"
    zel = next(f for f in names if "Zelensky" in f.message)
    assert zel.message.endswith("house style (rule names.soledar-story): 'Zelenskyy'")
    json.dumps([f.to_json() for f in names])  # the JSON reporter's shape


def test_extract_json_has_name_mentions() -> None:
    (doc,) = load([SOURCES / "003_3307e86b407f5462.txt"]).documents
    records = [m.to_json() | {"text": m.text} for m in analyze(doc).names]
    assert {"text": "Sergiy Cherevaty", "normalized": "Sergiy Cherevaty", "tokens": ["Sergiy", "Cherevaty"]} in records
