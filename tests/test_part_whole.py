"""The part-whole check: "N people, including M children" with M > N."""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import pytest

from factcheck.checks import part_whole, run_checks
from factcheck.model import Severity

_BUILDER = Path(__file__).parent / "fixtures" / "arithmetic" / "builder.py"
_spec = importlib.util.spec_from_file_location("arith_builder", _BUILDER)
builder = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(builder)


def _counts(text: str, *items: tuple) -> list:
    """items: (span, value, noun[, qualifier]) in text order."""
    out, after = [], 0
    for span, value, noun, *qualifier in items:
        q = builder.quantity(text, span, value, None, "count", noun=noun, qualifier=(qualifier or ["="])[0],
                             after=after)
        out.append(q)
        after = q.end
    return out


def _run(text: str, quantities: list) -> list:
    return list(run_checks(builder.context(text, quantities), [part_whole]))


WRONG = [
    ("4,300 people were evacuated, including 5,100 children.", ("4,300 people", 4300, "person"),
     ("5,100 children", 5100, "child")),
    ("There were 300 residents, among them 450 pensioners.", ("300 residents", 300, "resident"),
     ("450 pensioners", 450, "pensioner")),
    ("The army lost 120 soldiers, of whom 200 were officers.", ("120 soldiers", 120, "soldier"),
     ("200", 200, None)),
    ("Police said 35 of the 20 passengers were hurt.", ("20 passengers", 20, "passenger"), ("35", 35, None)),
    ("Officials said 12 out of 9 buses were damaged.", ("9 buses", 9, "bus"), ("12", 12, None)),
    ("The quake destroyed 80 homes, including 95 homes in the old town.", ("80 homes", 80, "home"),
     ("95 homes", 95, "home")),
]

RIGHT = [
    # the sample corpus: 15 children within 559 residents is fine
    ("As of Thursday, 559 residents, including 15 children, were still in the town.",
     ("559 residents", 559, "resident"), ("15 children", 15, "child")),
    ("There were still 559 citizens, including 15 youngsters, in the town.", ("559 citizens", 559, "citizen"),
     ("15 youngsters", 15, "youngster")),
    ("Some 200 people were hurt, of whom 200 were taken to hospital.", ("200 people", 200, "person"),
     ("200", 200, None)),
    ("Police said 3 of the 20 passengers were hurt.", ("20 passengers", 20, "passenger"), ("3", 3, None)),
    # different kinds of thing: no part and whole
    ("The storm damaged 12 homes, including 40 cars parked outside.", ("12 homes", 12, "home"),
     ("40 cars", 40, "car")),
    # a hedge: "more than 500" may be 600
    ("More than 500 people, including 520 children, fled.", ("More than 500 people", 500, "person", ">"),
     ("520 children", 520, "child")),
    # no cue: two figures side by side
    ("Some 300 people died and 450 children were hurt.", ("300 people", 300, "person"),
     ("450 children", 450, "child")),
    # the cue is too far from the whole, across a clause with another figure
    ("The 30 villages had 2 schools; including 900 pupils in all.", ("30 villages", 30, "village"),
     ("900 pupils", 900, "pupil")),
]


@pytest.mark.parametrize("text, whole, part", WRONG, ids=[c[0] for c in WRONG])
def test_part_larger_than_whole(text, whole, part) -> None:
    items = sorted([whole, part], key=lambda item: text.index(item[0]))
    (finding,) = _run(text, _counts(text, *items))
    assert (finding.kind, finding.rule, finding.severity) == ("part-whole", "part-whole", Severity.ERROR)
    assert {e.role: e.text for e in finding.evidence} == {"whole": whole[0], "part": part[0]}
    assert f"is more than {builder_number(whole[1])}" in finding.message


def builder_number(value: float) -> str:
    return f"{value:,.0f}"


@pytest.mark.parametrize("text, whole, part", RIGHT, ids=[c[0] for c in RIGHT])
def test_part_within_whole_or_no_relation(text, whole, part) -> None:
    items = sorted([whole, part], key=lambda item: text.index(item[0]))
    assert _run(text, _counts(text, *items)) == []


def test_precision_of_the_whole_is_respected() -> None:
    # The extractor's interval for "about 4,300" reaches 4,730 (10 % here): 4,500 children fit within it.
    text = "About 4,300 people were evacuated, including 4,500 children."
    qs = _counts(text, ("About 4,300 people", 4300, "person", "~"), ("4,500 children", 4500, "child"))
    assert qs[0].interval == pytest.approx((3870, 4730))
    assert _run(text, qs) == []


def test_same_kind() -> None:
    assert part_whole.same_kind("child", "person")
    assert part_whole.same_kind("child", "resident")  # both count people
    assert part_whole.same_kind(None, "resident")
    assert not part_whole.same_kind("car", "home")
    assert not part_whole.same_kind("tank", "person")


def test_open_intervals() -> None:
    text = "Fewer than 50 people, including 60 children, remained."
    qs = _counts(text, ("Fewer than 50 people", 50, "person", "<"), ("60 children", 60, "child"))
    assert qs[0].interval == (-math.inf, 50)
    assert len(_run(text, qs)) == 1


def _analyzed(text: str) -> list:
    from factcheck.analysis import analyze
    from factcheck.checks import CheckContext

    return run_checks(CheckContext(analyses=[analyze(builder.document(text))]), [part_whole])


REAL_TEXT = [
    # (sentence, (whole, part) quoted when the part exceeds the whole, else None)
    ("4,300 people were evacuated, including 5,100 children.", ("4,300 people", "5,100 children")),
    ("There were 300 residents, among them 450 pensioners.", ("300 residents", "450 pensioners")),
    ("The army lost 120 soldiers, of whom 200 were officers.", ("120 soldiers", "200")),
    ("Police said 35 of the 20 passengers were hurt.", ("20 passengers", "35")),
    ("Officials said 12 out of 9 buses were damaged.", ("9 buses", "12")),
    ("Of the 40 victims, 52 were women.", ("40 victims", "52")),
    ("About 1,000 people, including 2,000 children, were evacuated.", ("About 1,000 people", "2,000 children")),
    ("Some 200 people, among them 350 children, were rescued.", ("Some 200 people", "350 children")),
    ("Some 4,300 people (including 5,100 children) fled.", ("Some 4,300 people", "5,100 children")),
    ("Some 4,300 people (including 100 children) fled.", None),
    ("As of Thursday, 559 residents, including 15 children, were still in the town.", None),
    ("There were still 559 citizens, including 15 youngsters, in the town.", None),
    ("Police said 3 of the 20 passengers were hurt.", None),
    ("The fire killed 12 people, including three children.", None),
    ("The storm damaged 12 homes, including 40 cars parked outside.", None),
    ("More than 500 people, including 520 children, fled.", None),
    ("Some 300 people died and 450 children were hurt.", None),
    ("In a town of 40 people, 52 cars were seen.", None),
    ("Of the 40 victims identified so far, 12 were women.", None),
]


@pytest.mark.parametrize("text, expected", REAL_TEXT, ids=[c[0] for c in REAL_TEXT])
def test_part_whole_in_real_text(text, expected) -> None:
    findings = _analyzed(text)
    finding = builder.one_or_none(findings, expected)
    if finding is not None:
        assert {e.role: e.text for e in finding.evidence} == {"whole": expected[0], "part": expected[1]}
