"""Publication dates from datelines; metadata wins; nothing is invented."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from dates_helpers import date_analysis, document

from factcheck.dates import find_dateline
from factcheck.loading import load


@pytest.mark.parametrize(("text", "expected"), [
    ("PINECREST, Aug. 14, 2025 (Wire) - The fire grew overnight.", "2025-08-14"),
    (" date 2023-01-13 KYIV/NEAR SOLEDAR, Ukraine - Ukraine said on Thursday", "2023-01-13"),
    ("Published: 2024-05-02\nThe council met.", "2024-05-02"),
    ("Fire spreads\nBy Jane Doe\nLONDON, Jan. 5, 2024 (Reuters) — The blaze spread.", "2024-01-05"),
    ("NEW YORK, Ohio, March 3, 2024 -- Crews worked.", "2024-03-03"),
    ("March 15, 2024 — The river crested.", "2024-03-15"),
    # no year: the first 15 March on or after the latest full date in the text (24 Feb 2022)
    ("KYIV, March 15 - Putin launched the invasion on Feb. 24, 2022, officials recalled.", "2022-03-15"),
])
def test_dateline_dates_the_article(text: str, expected: str) -> None:
    a = date_analysis(document(text))
    assert (a.doc.date, a.doc.date_source) == (dt.date.fromisoformat(expected), "dateline")
    assert [m.dateline for m in a.dates][:1] == [True]


@pytest.mark.parametrize("text", [
    "KYIV, March 15 - Troops held the line.",  # no year anywhere: none is invented
    "May 5 - a list item, not a dateline",
    "The vote on March 3, 2024 - a landmark - passed.",  # a date inside a sentence
    "Kyiv confirmed Wednesday that it pulled back.",
    "One\nTwo\nThree\nFour\nLONDON, Jan. 5, 2024 - too far down to be a dateline",
])
def test_no_dateline_no_date(text: str) -> None:
    assert date_analysis(document(text)).doc.date is None


def test_dateline_span_is_the_date() -> None:
    text = "PINECREST, Aug. 14, 2025 (Wire) - The fire grew."
    found = find_dateline(text)
    assert found is not None and text[found.start : found.end] == "Aug. 14, 2025"


def test_front_matter_date_wins_over_dateline(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("---\ndate: 2024-01-01\n---\nLONDON, Jan. 5, 2024 - Text.\n", encoding="utf-8")
    a = date_analysis(load([tmp_path]).documents[0])
    assert (a.doc.date, a.doc.date_source) == (dt.date(2024, 1, 1), "meta")
