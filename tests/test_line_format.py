"""The ``line`` format: ``path:line:col: level [rule] message``, one finding a line."""

from __future__ import annotations

from ci_helpers import contradiction, report

from factcheck.model import Finding, Severity
from factcheck.reporters import line


def test_one_line_per_finding() -> None:
    multi = Finding("r2", "spelling", Severity.INFO, "first\nsecond")
    out = line.render(report(contradiction(), multi))
    assert out == ("sources/a.txt:4:10: error [distance] the articles disagree: 8 km [≈] against 10 km\n"
                   "-:1:1: info [r2] first second\n")


def test_nothing_to_report_is_empty() -> None:
    assert line.render(report()) == ""
