"""The range check: ranges written larger end first, and the number pairs that are no ranges at all.

Run on real text through ``factcheck.analysis.analyze``: the check reads the text and the extractor's
quantities together.
"""

from __future__ import annotations

import pytest

from factcheck.analysis import analyze
from factcheck.checks import CheckContext, range_order, run_checks
from factcheck.model import Document, Severity, SourceMap, line_starts
from factcheck.rules.check_rule import CheckRule


def _findings(text: str, rules: list | None = None) -> list:
    doc = Document(path="article.txt", text=text, source_map=SourceMap(line_starts(text)))
    return run_checks(CheckContext(analyses=[analyze(doc)], rules=rules or []), [range_order])


REVERSED = [
    ("The salt mines lie at a depth of 100-80 metres.", "100-80", "80-100"),
    ("Between 100 and 80 people were trapped in the mine.", "Between 100 and 80", "80-100"),
    ("The convoy stretched 12 to 9 km along the road.", "12 to 9", "9-12"),
    ("Officials said between 5 million and 2 million dollars were lost.", "between 5 million and 2 million",
     "2 million-5 million"),
    ("Temperatures of 30–25C are forecast.", "30–25", "25-30"),
    ("They found between 40 and 30 bodies.", "between 40 and 30", "30-40"),
    ("The plane flew at between 30,000 and 25,000 feet.", "between 30,000 and 25,000", "25,000-30,000"),
]

NOT_RANGES = [
    # scores, votes, rulings
    "Arsenal won 3-1 at home.",
    "Leeds beat Chelsea 3-1 on Saturday.",
    "Ukraine lost 2-1 to Wales.",
    "They led 21-14 at half-time.",
    "The score was 2-0 after ten minutes.",
    "The court issued a 7-2 ruling.",
    "The Senate voted 51-49 to confirm her.",
    "It was a 3-1 victory for the visitors.",
    "Coach Smith used the 4-3-3 formation.",
    # year spans and dates
    "In the 2012-13 season, 40 people came.",
    "The war of 1939-45 killed millions.",
    "Sales grew between 2015 and 2012, the report said.",
    "The invasion began on 2022-02-24.",
    # ages, times, changes
    "A 24-year-old soldier and a 19-year-old medic were hurt.",
    "Men aged 60-18 were called up.",
    "The office is open between 9 and 5.",
    "She works a 9-5 job in town.",
    "Prices fell from 100 to 80 dollars.",
    # counting back in time, type numbers
    "Between 2,000 and 1,500 years ago, the city was founded.",
    "It formed 66-60 million years ago.",
    "The war of 500-450 BC ended it.",
    "The 747-400 jet landed safely.",
    "The Lakers beat the Celtics 110-102 on Sunday.",
    "The vote was 6-3 along ideological lines.",
    "The 12-4 record put them top.",
    "The ratio was 3 to 1 in favour.",
    "The population grew from 8 million to 7 million.",
    "It happened between 1 and 2 a.m.",
    # ranges the right way round
    "The salt mines lie at a depth of 80-100 meters.",
    "Between 2 and 3 million people fled.",
    "Between 80 and 100 people were trapped.",
]


@pytest.mark.parametrize("text, quoted, suggestion", REVERSED, ids=[c[0] for c in REVERSED])
def test_reversed_range_is_a_warning(text, quoted, suggestion) -> None:
    (finding,) = _findings(text)
    assert (finding.kind, finding.rule, finding.severity) == ("range", "range", Severity.WARNING)
    assert finding.evidence[0].text == quoted
    assert f"did you mean {suggestion}?" in finding.message


@pytest.mark.parametrize("text", NOT_RANGES)
def test_no_finding_on_scores_years_ages_and_ordered_ranges(text) -> None:
    assert _findings(text) == []


def test_position_of_the_finding() -> None:
    text = "First line.\nThe mine is 100-80 metres deep."
    (finding,) = _findings(text)
    loc = finding.evidence[0].location
    assert (loc.line, loc.column, loc.end_line, loc.end_column) == (2, 13, 2, 18)


def test_can_be_raised_to_error_or_switched_off() -> None:
    text = "Between 100 and 80 people were trapped."
    (finding,) = _findings(text, [CheckRule(id="ranges-matter", extends="check", check="range", level="error")])
    assert finding.severity == Severity.ERROR
    assert _findings(text, [CheckRule(id="no-ranges", extends="check", check="range", enabled=False)]) == []


def _cli_kinds(tmp_path, rules_yaml: str | None) -> tuple[int, list[tuple[str, str]]]:
    """Run ``factcheck run --format json`` on one article with the given rule file; (exit code, findings)."""
    import json

    from typer.testing import CliRunner

    from factcheck.cli import app

    article = tmp_path / "article.txt"
    article.write_text("A 40-metre (230 ft) dam held back a lake 100-80 metres deep.\n", encoding="utf-8")
    args = ["run", "--format", "json", str(article)]
    if rules_yaml is not None:
        (tmp_path / "checks.yaml").write_text(rules_yaml, encoding="utf-8")
        args += ["--rules", str(tmp_path / "checks.yaml")]
    result = CliRunner().invoke(app, args)
    if result.exit_code == 2:
        return 2, []
    findings = json.loads(result.stdout)["findings"]
    return result.exit_code, sorted((f["kind"], f["severity"]) for f in findings)


def test_check_rules_in_yaml_switch_off_and_relevel_any_check(tmp_path) -> None:
    assert _cli_kinds(tmp_path, None) == (1, [("conversion", "error"), ("range", "warning")])
    rules = (
        "- {id: no-conversion, extends: check, check: conversion, enabled: false}\n"
        "- {id: ranges-are-info, extends: check, check: range, level: info}\n"
    )
    assert _cli_kinds(tmp_path, rules) == (0, [("range", "info")])


def test_check_rule_naming_an_unknown_check_is_a_rule_error(tmp_path) -> None:
    from factcheck.rules.loader import RuleError, parse_rule_text

    with pytest.raises(RuleError) as err:
        parse_rule_text("id: typo\nextends: check\ncheck: conversoin\n", "rules.yaml")
    assert err.value.line == 3 and "unknown check 'conversoin'" in err.value.message
    assert _cli_kinds(tmp_path, "id: typo\nextends: check\ncheck: conversoin\n") == (2, [])


def test_last_check_rule_wins_and_other_rule_kinds_are_ignored() -> None:
    from factcheck.rules.check_rule import check_setting

    rules = [
        CheckRule(id="a", extends="check", check="range", enabled=False),
        "not a rule model",
        CheckRule(id="b", extends="check", check="range", level="info"),
        CheckRule(id="c", extends="check", check="conversion", enabled=False),
    ]
    assert (check_setting(rules, "range").enabled, check_setting(rules, "range").level) == (True, "info")
    assert check_setting(rules, "conversion").enabled is False
    assert (check_setting(rules, "percentage").enabled, check_setting(rules, "percentage").level) == (True, None)
