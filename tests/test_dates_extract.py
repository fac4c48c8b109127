"""Date mentions: spans, types and resolution against the publication date. Expected dates worked out by hand
(2024-03-14 is a Thursday; 2023-01-13 a Friday)."""

from __future__ import annotations

import datetime as dt

import pytest
from dates_helpers import date_analysis, document

PUB = "2024-03-14"


def mentions(text: str, date: str | None = PUB):
    return date_analysis(document(text, date)).dates


def only(text: str, date: str | None = PUB):
    ms = mentions(text, date)
    assert len(ms) == 1, [m.text for m in ms]
    return ms[0]


@pytest.mark.parametrize(("text", "span", "iso"), [
    ("Putin launched the invasion on Feb. 24, 2022, saying", "Feb. 24, 2022", "2022-02-24"),
    ("The war began on 24 February 2022 at dawn.", "24 February 2022", "2022-02-24"),
    ("date 2023-01-13 and more", "2023-01-13", "2023-01-13"),
    ("The dam collapsed on March 12, officials said.", "March 12", "2024-03-12"),
    ("It opened on Sept. 3, 2021.", "Sept. 3, 2021", "2021-09-03"),
    # 152 days ahead beats 214 days back
    ("The fair opens Aug. 13 in the park.", "Aug. 13", "2024-08-13"),
    ("Rains fell March 12-14 across the valley.", "March 12-14", "2024-03-12/2024-03-14"),
    ("on the 3rd of March the river rose", "3rd of March", "2024-03-03"),
    ("Crews reopened Route 9 on Thursday, March 13.", "Thursday, March 13", "2024-03-13"),
    ("since July 2022, Russia has", "July 2022", "2022-07"),
    ("Engineers had warned in 2019 that", "2019", "2019"),
    # October 2023 ends 135 days before the 14th of March 2024; October 2024 starts 201 days after
    ("Following an attack in October, forces withdrew.", "October", "2023-10"),
])
def test_absolute_dates(text: str, span: str, iso: str) -> None:
    m = only(text)
    assert (m.kind, m.text, m.iso, m.resolved) == ("date", span, iso, True)


def test_year_less_date_takes_the_nearest_year_across_new_year() -> None:
    assert only("The storm hit on Dec. 30, flooding roads.", "2024-01-05").iso == "2023-12-30"


@pytest.mark.parametrize(("text", "iso"), [
    ("Ukraine said on Thursday its troops", "2024-03-14"),  # the publication day itself is "on or before"
    ("The dam collapsed on Tuesday after rain.", "2024-03-12"),
    ("Zelensky spoke late on Wednesday night.", "2024-03-13"),
    ("They met last Thursday in Kyiv.", "2024-03-07"),
    ("The ministers will meet on Monday to decide.", "2024-03-18"),
    ("The ministers will meet on Thursday to decide.", "2024-03-21"),  # said on a Thursday: next week's
    ("Talks resume next Friday.", "2024-03-15"),
    ("The governor is expected to visit Saturday.", "2024-03-16"),
    ("The state would pay for housing, the governor said on Tuesday.", "2024-03-12"),  # "would": other clause
    ("The ministers, who arrived late, will meet on Monday.", "2024-03-18"),
    ("We’ll meet them on Monday, he said.", "2024-03-18"),
])
def test_weekdays_resolve_from_the_publication_date(text: str, iso: str) -> None:
    m = only(text)
    assert m.type == "weekday" and m.iso == iso


@pytest.mark.parametrize(("text", "span", "iso"), [
    ("Rescuers arrived yesterday.", "yesterday", "2024-03-13"),
    ("The report is due tomorrow.", "tomorrow", "2024-03-15"),
    ("The United States vowed vehicles last week, and", "last week", "2024-03-04/2024-03-10"),
    ("It was attacked earlier this month by paramilitaries.", "earlier this month", "2024-03-01/2024-03-14"),
    ("Prices rose last month.", "last month", "2024-02"),
    ("The levee failed three days ago.", "three days ago", "2024-03-11"),
    ("Exports fell two years ago.", "two years ago", "2022"),
])
def test_relative_dates(text: str, span: str, iso: str) -> None:
    m = only(text)
    assert (m.type, m.text, m.iso) == ("relative", span, iso)


def test_offset_from_another_event_stays_unresolved() -> None:
    m = only("Two days after the flood, the water receded.")
    assert (m.type, m.text, m.resolved, m.amount, m.unit, m.anchor) == ("relative", "Two days after", False, 2,
                                                                        "day", "text")


@pytest.mark.parametrize(("text", "span", "amount", "unit", "noun"), [
    ("an answer to the 11-month conflict and its cost", "11-month conflict", 11, "month", "conflict"),
    ("its first significant gain in six months.", "six months", 6, "month", None),
    ("after three weeks of fighting in the town", "three weeks of fighting", 3, "week", "fighting"),
    ("the eighteen-month siege ended", "eighteen-month siege", 18, "month", "siege"),
])
def test_durations(text: str, span: str, amount: int, unit: str, noun: str | None) -> None:
    m = only(text)
    assert (m.type, m.text, m.amount, m.unit, m.noun, m.resolved) == ("duration", span, amount, unit, noun, False)
    assert m.to_json()["iso"] == f"P{amount}{unit[0].upper()}"


@pytest.mark.parametrize("text", [
    "A 24-year-old soldier outside the town said",
    "The boy, 12 years old, was rescued.",
    "May said the march would go ahead.",
    "Officials counted 2,014 people and 2019 homes.",
    "Prices rose 20 percent in the town.",
    "the mar was great",
])
def test_not_dates(text: str) -> None:
    assert mentions(text) == []


def test_invalid_calendar_dates_are_not_mentions() -> None:
    assert mentions("The filing of Feb. 30, 2023 was rejected.") == []


def test_undated_article_resolves_only_what_states_its_year() -> None:
    ms = {m.text: m for m in mentions("On Thursday it rained. The dam failed on March 12. "
                                      "Putin launched the invasion on Feb. 24, 2022. Yesterday was calm.", None)}
    assert not ms["Thursday"].resolved and ms["Thursday"].weekday == 3
    assert not ms["March 12"].resolved and (ms["March 12"].month, ms["March 12"].day) == (3, 12)
    assert ms["Feb. 24, 2022"].first == dt.date(2022, 2, 24)
    assert not ms["Yesterday"].resolved


def test_to_json_gives_kind_iso_and_resolution() -> None:
    m = only("Crews reopened Route 9 on Thursday, March 13.")
    assert m.to_json() == {"type": "date", "iso": "2024-03-13", "resolved": True,
                           "interval": ["2024-03-13", "2024-03-13"], "precision": "day", "weekday": "Thursday"}
    u = only("on Thursday", None).to_json()
    assert u["iso"] is None and u["resolved"] is False


def test_relation_words_mark_bounds() -> None:
    ms = {m.text: m for m in mentions("Housing is paid until March 30. Rain fell since January.")}
    assert ms["March 30"].relation == "until" and ms["January"].relation == "since"


def test_overlapping_patterns_keep_the_longest_mention() -> None:
    assert [m.text for m in mentions("On Tuesday, March 12, 2024 the dam collapsed.")] == ["Tuesday, March 12, 2024"]


@pytest.mark.parametrize(("text", "span", "iso"), [
    # published Saturday 16 August 2025
    ("Schools started classes on Aug. 20 last year.", "Aug. 20 last year", "2024-08-20"),
    ("Troops withdrew in October last year.", "October last year", "2024-10"),
    ("The vote is set for 3 May next year.", "3 May next year", "2026-05-03"),
    # January 2026 is nearer to mid-August than January 2025, but what began "since" January has begun
    ("Prices have risen since January.", "January", "2025-01"),
    ("Prices will rise in January.", "January", "2026-01"),
])
def test_years_given_relative_to_publication(text: str, span: str, iso: str) -> None:
    m = only(text, "2025-08-16")
    assert (m.text, m.iso) == (span, iso)
