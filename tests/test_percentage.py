"""The percentage check: "M, or P% of N" where P % of N is not M (worked out by hand in the comments)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from factcheck.checks import percentage, run_checks
from factcheck.model import Severity

_BUILDER = Path(__file__).parent / "fixtures" / "arithmetic" / "builder.py"
_spec = importlib.util.spec_from_file_location("arith_builder", _BUILDER)
builder = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(builder)


def _quantities(text: str, items: list[tuple]) -> list:
    """items: (span, value, unit, dimension[, qualifier]) in text order."""
    out, after = [], 0
    for span, value, unit, dimension, *qualifier in items:
        q = builder.quantity(text, span, value, unit, dimension, qualifier=(qualifier or ["="])[0], after=after)
        out.append(q)
        after = q.end
    return out


def _run(text: str, items: list[tuple]) -> list:
    return list(run_checks(builder.context(text, _quantities(text, items)), [percentage]))


P = "percent"
CASES = [
    # (text, items, expected message part or None)
    ("The firm will cut 1,200 jobs, or 10% of its 15,000 staff.",
     [("1,200 jobs", 1200, None, "count"), ("10%", 10, P, "percent"), ("15,000 staff", 15000, None, "count")],
     "1,200 is 8% of 15,000, not 10%"),
    ("The firm will cut 1,200 jobs, or 8% of its 15,000 staff.",
     [("1,200 jobs", 1200, None, "count"), ("8%", 8, P, "percent"), ("15,000 staff", 15000, None, "count")],
     None),
    ("It will shed 10% of its 15,000 staff, or 1,200 jobs.",
     [("10%", 10, P, "percent"), ("15,000 staff", 15000, None, "count"), ("1,200 jobs", 1200, None, "count")],
     "1,200 is 8% of 15,000, not 10%"),
    ("It will shed 8% of its 15,000 staff, or 1,200 jobs.",
     [("8%", 8, P, "percent"), ("15,000 staff", 15000, None, "count"), ("1,200 jobs", 1200, None, "count")],
     None),
    ("It will cut 1,200 of its 15,000 staff, or 12%.",
     [("1,200", 1200, None, "count"), ("15,000 staff", 15000, None, "count"), ("12%", 12, P, "percent")],
     "1,200 is 8% of 15,000, not 12%"),
    # 45 of 300 is 15 %
    ("Some 45 students, representing 15% of the 300 enrolled, were absent.",
     [("45 students", 45, None, "count"), ("15%", 15, P, "percent"), ("300 enrolled", 300, None, "count")],
     None),
    # 1,500 / 6,000 = 25 %; "about 20 %" with its hedge still cannot reach 25 %
    ("A total of 1,500 homes, or about 20% of the 6,000 in the valley, flooded.",
     [("1,500 homes", 1500, None, "count"), ("about 20%", 20, P, "percent", "~"),
      ("6,000", 6000, None, "count")],
     "1,500 is 25% of 6,000, not 20%"),
    # 2.5 % of 3,200 = 80: "2.5%" stands for 2.45-2.55 %, 78.4-81.6
    ("Only 80 ballots, or 2.5% of the 3,200 cast, were spoiled.",
     [("80 ballots", 80, None, "count"), ("2.5%", 2.5, P, "percent"), ("3,200 cast", 3200, None, "count")],
     None),
    # 90 / 3,200 = 2.8 %: outside 2.45-2.55 even with the rounding of 90 and 3,200
    ("Only 90 ballots, or 2.5% of the 3,200 cast, were spoiled.",
     [("90 ballots", 90, None, "count"), ("2.5%", 2.5, P, "percent"), ("3,200 cast", 3200, None, "count")],
     "90 is 2.8% of 3,200, not 2.5%"),
    # money: $3 million of a $40 million budget is 7.5 %
    ("The city cut $3 million, or 7.5% of its $40 million budget.",
     [("$3 million", 3e6, "USD", "currency"), ("7.5%", 7.5, P, "percent"),
      ("$40 million", 40e6, "USD", "currency")],
     None),
    ("The city cut $3 million, or 15% of its $40 million budget.",
     [("$3 million", 3e6, "USD", "currency"), ("15%", 15, P, "percent"),
      ("$40 million", 40e6, "USD", "currency")],
     "3 million is 7.5% of 40 million, not 15%"),
    # different currencies are never compared
    ("It paid $3 million, or 15% of its €40 million budget.",
     [("$3 million", 3e6, "USD", "currency"), ("15%", 15, P, "percent"),
      ("€40 million", 40e6, "EUR", "currency")],
     None),
    # "more than 10%": 1,200 / 15,000 = 8 % is not more than 10 %
    ("It will cut 1,200 jobs, or more than 10% of its 15,000 staff.",
     [("1,200 jobs", 1200, None, "count"), ("more than 10%", 10, P, "percent", ">"),
      ("15,000 staff", 15000, None, "count")],
     "1,200 is 8% of 15,000, not 10%"),
    # no "or": a percentage of something else in the same sentence
    ("Turnout rose 10% as 1,200 of the 15,000 voters came early.",
     [("10%", 10, P, "percent"), ("1,200", 1200, None, "count"), ("15,000 voters", 15000, None, "count")],
     None),
    ("The 1,200 workers got a 10% rise, while 15,000 staff got none.",
     [("1,200 workers", 1200, None, "count"), ("10%", 10, P, "percent"), ("15,000 staff", 15000, None, "count")],
     None),
]


@pytest.mark.parametrize("text, items, expected", CASES, ids=[c[0] for c in CASES])
def test_percentage_against_its_base(text, items, expected) -> None:
    findings = _run(text, items)
    finding = builder.one_or_none(findings, expected)
    if finding is not None:
        assert (finding.kind, finding.rule, finding.severity) == ("percentage", "percentage", Severity.ERROR)
        assert expected in finding.message
        assert {e.role for e in finding.evidence} == {"amount", "percent", "base"}


REAL_TEXT = [
    ("The firm will cut 1,200 jobs, or 10% of its 15,000 staff.", "1,200 is 8% of 15,000, not 10%"),
    ("It will shed 10% of its 15,000 staff, or 1,200 jobs.", "1,200 is 8% of 15,000, not 10%"),
    ("It will cut 1,200 of its 15,000 staff, or 12%.", "1,200 is 8% of 15,000, not 12%"),
    ("A total of 1,500 homes, or about 20% of the 6,000 in the valley, flooded.", "1,500 is 25% of 6,000"),
    ("Only 90 ballots, or 2.5% of the 3,200 cast, were spoiled.", "90 is 2.8% of 3,200, not 2.5%"),
    ("The city cut $3 million, or 15% of its $40 million budget.", "3 million is 7.5% of 40 million, not 15%"),
    ("The firm will cut 1,200 jobs, or 8% of its 15,000 staff.", None),
    ("Some 45 students, representing 15% of the 300 enrolled, were absent.", None),
    ("Only 80 ballots, or 2.5% of the 3,200 cast, were spoiled.", None),
    ("The city cut $3 million, or 7.5% of its $40 million budget.", None),
    ("Turnout rose 10% as 1,200 of the 15,000 voters came early.", None),
    ("Unemployment rose to 5.2%, or 1.7 million people.", None),
    ("The company, which employs 15,000 people, will cut 1,200 jobs, or 8% of its workforce.", None),
    ("It will cut 1,200 jobs, or 10% of its workforce of 15,000.", "1,200 is 8% of 15,000, not 10%"),
    ("It will cut 1,200 jobs, or 10% of its staff in 15 countries.", None),  # 15 is no base
    ("Prices rose 5%, or $2, to $42.", None),
    ("It cut 1,200 (10%) of its 15,000 staff.", "1,200 is 8% of 15,000, not 10%"),
    ("It cut 1,200 of its 15,000 staff (12%).", "1,200 is 8% of 15,000, not 12%"),
    ("It cut 1,200 of its 15,000 staff (8%).", None),
    # a comma alone sets the percentage off: 1,200 / 15,000 = 8 %; "roughly 10%" allows 9-11 % at most
    ("It will cut about 1,200 positions, roughly 10% of its workforce of 15,000.", "1,200 is 8% of 15,000, not 10%"),
    ("It will cut 1,200 positions, 8% of its 15,000 staff.", None),
    ("It hired 300 people, 40 of them engineers, in 2024.", None),
]


@pytest.mark.parametrize("text, expected", REAL_TEXT, ids=[c[0] for c in REAL_TEXT])
def test_percentage_in_real_text(text, expected) -> None:
    from factcheck.analysis import analyze
    from factcheck.checks import CheckContext

    findings = run_checks(CheckContext(analyses=[analyze(builder.document(text))]), [percentage])
    finding = builder.one_or_none(findings, expected)
    if finding is not None:
        assert expected in finding.message


def test_data_file_lists_hold_words_only() -> None:
    # YAML reads a bare `on` or `no` as a boolean: every cue list in the data file must hold strings.
    from factcheck.checks._arith import settings

    def lists(node):
        if isinstance(node, dict):
            for value in node.values():
                yield from lists(value)
        elif isinstance(node, list):
            yield node

    found = list(lists(settings()))
    assert len(found) > 10
    assert all(isinstance(item, str) for items in found for item in items)
