"""The date checks on an unseen story (tests/fixtures/dates: a dam collapse in March 2024) and on small texts.

Planted in the fixtures: c_herald.md dates the collapse March 21 while a, b, d and e give March 12 in four
different ways ("Tuesday, March 12", "Tuesday" in an article of Thursday 14 March, "12 March 2024", and a
year-less "March 12" in an undated article); it writes "Thursday, March 13" (a Wednesday); it says an
inspection "was completed on March 25" in an article of 22 March; and it calls the drought that began in
October 2022 (a_courier.md) a "30-month drought" (about 17 months before 22 March 2024). The "17-month drought"
of b_wire.txt (14 March 2024) agrees.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from dates_helpers import FIXTURES, builtin_date_rules, date_analysis, document, load_analyses

from factcheck.checks import CheckContext, date_after_publication, date_duration, date_event, date_weekday
from factcheck.dates.events import date_facts
from factcheck.model import Severity
from factcheck.rules.date_rule import DateRule
from factcheck.rules.loader import RuleError, parse_rule_text

CHECKS = (date_weekday, date_event, date_after_publication, date_duration)


def run_all(analyses, rules=None):
    rules = builtin_date_rules() if rules is None else rules
    ctx = CheckContext(analyses=analyses, rules=rules, facts=date_facts(analyses, rules))
    return [f for mod in CHECKS for f in mod.run(ctx)]


@pytest.fixture(scope="module")
def fixture_findings():
    return run_all(load_analyses(FIXTURES))


def _where(f):
    return [(Path(e.location.path).name, e.location.line, e.text, e.role) for e in f.evidence]


def test_fixture_story_reports_exactly_the_planted_problems(fixture_findings) -> None:
    got = sorted((f.kind, f.severity.value, Path(f.evidence[0].location.path).name) for f in fixture_findings)
    assert got == [
        ("contradiction", "error", "a_courier.md"),
        ("date-after-publication", "warning", "c_herald.md"),
        ("duration", "warning", "c_herald.md"),
        ("weekday", "error", "c_herald.md"),
    ]


def test_event_date_given_two_ways(fixture_findings) -> None:
    [f] = [f for f in fixture_findings if f.kind == "contradiction"]
    assert f.rule == "date.event-failure" and f.fact == "date the dam failed" and f.severity is Severity.ERROR
    assert [w for w in _where(f) if w[3] == "outlier"] == [("c_herald.md", 6, "March 21", "outlier")]
    consensus = {(w[0], w[2]) for w in _where(f) if w[3] == "consensus"}
    assert consensus == {("a_courier.md", "Tuesday, March 12"), ("b_wire.txt", "Tuesday"),
                         ("d_gazette.json", "12 March 2024"), ("e_blog.txt", "March 12")}
    assert "'March 21' (2024-03-21)" in f.message and "2024-03-12" in f.message


def test_weekday_mismatch(fixture_findings) -> None:
    [f] = [f for f in fixture_findings if f.kind == "weekday"]
    assert _where(f) == [("c_herald.md", 8, "Thursday, March 13", "outlier")]
    assert "13 March 2024 was a Wednesday, not a Thursday" in f.message


def test_date_after_publication(fixture_findings) -> None:
    [f] = [f for f in fixture_findings if f.kind == "date-after-publication"]
    assert _where(f) == [("c_herald.md", 9, "March 25", "outlier")]
    assert "2024-03-22" in f.message


def test_duration_against_stated_start(fixture_findings) -> None:
    [f] = [f for f in fixture_findings if f.kind == "duration"]
    assert _where(f) == [("c_herald.md", 11, "30-month drought", "outlier"),
                         ("a_courier.md", 9, "October 2022", "other")]


def test_consistent_dates_written_differently_are_not_flagged() -> None:
    # everything but the herald: five ways of writing 12 March 2024, and a 17-month drought that fits
    analyses = [a for a in load_analyses(FIXTURES) if not a.doc.path.endswith("c_herald.md")]
    assert run_all(analyses) == []


def _two(text_a: str, date_a: str | None, text_b: str, date_b: str | None) -> list:
    return run_all([date_analysis(document(text_a, date_a, "a.txt")), date_analysis(document(text_b, date_b,
                                                                                             "b.txt"))])


def test_month_agrees_with_a_day_inside_it() -> None:
    assert _two("The bridge collapsed in March, engineers said.", "2024-04-02",
                "The bridge collapsed on March 9, 2024.", "2024-04-03") == []


def test_different_subjects_are_different_events() -> None:
    assert _two("The dam collapsed on March 12.", "2024-03-14",
                "The levee burst on March 20.", "2024-03-22") == []


def test_verbs_with_objects_are_not_event_dates() -> None:
    # a subject that acts again and again: "crews started repairs" on two days is no contradiction
    assert _two("Crews started repairs on Monday.", "2024-03-14",
                "Crews started repairs on March 5.", "2024-03-14") == []


def test_one_to_one_disagreement_has_no_consensus() -> None:
    [f] = _two("The fire started on Monday near the lake.", "2024-03-14",
               "The fire started on March 4 near the lake.", "2024-03-20")
    assert f.kind == "contradiction" and {e.role for e in f.evidence} == {"other"}
    assert f.message.startswith("date the fire began: no day fits all of")


def test_user_rule_with_subjects_and_level(tmp_path: Path) -> None:
    text = ("- id: bridge-opening\n  extends: date\n  name: date the bridge opened\n  level: warning\n"
            "  verbs: [opened, was inaugurated]\n  subjects: [Harbour Bridge]\n")
    rules = [lr.rule for lr in parse_rule_text(text, "rules/x.yaml")]
    found = run_all([date_analysis(document("Officials opened the Harbour Bridge on May 3, 2021.", None, "a.txt")),
                     date_analysis(document("The Harbour Bridge opened on 3 June 2021.", None, "b.txt"))], rules)
    assert [(f.rule, f.fact, f.severity.value) for f in found] == [
        ("bridge-opening", "date the bridge opened", "warning")]


@pytest.mark.parametrize(("text", "line", "fragment"), [
    ("- id: r\n  extends: date\n  verbs: []\n", 3, "verbs"),
    ("- id: r\n  extends: date\n  verbs: [x]\n  scope: everywhere\n", 4, "scope"),
    ("- id: r\n  extends: date\n  verbs: [x]\n  when: now\n", 4, "unknown key 'when'"),
    ("- id: r\n  extends: date\n  verbs: [x]\n  context: {window: 0}\n", 4, "window"),
])
def test_bad_date_rules_name_file_line_and_problem(text: str, line: int, fragment: str) -> None:
    with pytest.raises(RuleError) as err:
        parse_rule_text(text, "rules/bad.yaml")
    assert err.value.path == "rules/bad.yaml" and err.value.line == line and fragment in err.value.message


def test_builtin_date_rules_validate() -> None:
    rules = builtin_date_rules()
    assert rules and all(isinstance(r, DateRule) for r in rules)


@pytest.mark.parametrize("text", [
    "A memorial service will be held on March 29.",
    "The state will pay for housing until March 30.",
    "In February, the incursion has caused over 50,000 allegations.",  # a year-less month: last February
    "The council met on 2023-06-01 to plan.",
])
def test_after_publication_leaves_the_future_bounds_and_old_dates_alone(text: str) -> None:
    assert run_all([date_analysis(document(text, "2024-03-22"))]) == []


def test_after_publication_with_a_stated_year() -> None:
    [f] = run_all([date_analysis(document("The plant closed on April 2, 2024, workers said.", "2024-03-22"))])
    assert f.kind == "date-after-publication" and f.severity is Severity.WARNING


def test_duration_needs_a_dated_article() -> None:
    text = "Putin launched the invasion on Feb. 24, 2022. Moscow called it the 18-month conflict."
    assert run_all([date_analysis(document(text, None))]) == []
    [f] = run_all([date_analysis(document(text, "2023-01-13"))])
    assert f.kind == "duration" and "10.6 months later, not 18" in f.message


def test_full_run_on_the_fixture_story() -> None:
    """Through the real pipeline (built-in rules loaded by the rule loader): the four planted date problems, and
    the death toll rising from 11 (13 March) to 17 (15 March) reported as an update at info, not a
    contradiction (that comparison is the engine's; the dated articles are these fixtures)."""
    from factcheck.pipeline import RunOptions, run

    findings = run(RunOptions(paths=[FIXTURES])).findings
    mine = sorted((f.kind, f.severity.value) for f in findings if f.kind != "update")
    assert mine == [("contradiction", "error"), ("date-after-publication", "warning"), ("duration", "warning"),
                    ("weekday", "error")]
    [update] = [f for f in findings if f.kind == "update"]
    assert update.severity is Severity.INFO and "11" in update.message and "17" in update.message


def test_after_publication_respects_last_year() -> None:
    assert run_all([date_analysis(document("Schools started classes on Aug. 20 last year.", "2025-08-16"))]) == []


def test_two_events_in_one_article_are_not_a_contradiction() -> None:
    found = _two("The fire started on Monday near the lake. A second fire started on Tuesday near the ridge.",
                 "2025-08-14",
                 "The fire started on Monday, officials said. Another fire broke out on Thursday in the hills.",
                 "2025-08-15")
    assert found == []


def test_an_article_giving_the_consensus_date_too_is_not_reported() -> None:
    # A names two days for "the blaze started": more likely two blazes than a self-contradiction
    found = _two("The blaze started on Monday near the lake. Later the blaze started on Wednesday in the hills.",
                 "2025-08-14", "The blaze started on Monday, officials said.", "2025-08-15")
    assert found == []
    # without the consensus date in the same article, the other date is reported
    [f] = _two("The blaze started on Wednesday in the hills.", "2025-08-14",
               "The blaze started on Monday, officials said. Crews said the blaze started on Aug. 11.",
               "2025-08-15")
    assert [e.text for e in f.evidence if e.role == "outlier"] == ["Wednesday"]
