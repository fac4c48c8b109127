"""The ``github`` format: workflow commands with the toolkit's escaping, capped at what GitHub displays."""

from __future__ import annotations

from ci_helpers import contradiction, ev, finding, report

from factcheck.model import Finding, Severity
from factcheck.reporters import github


def test_escaping_follows_the_actions_toolkit() -> None:
    # @actions/core: data escapes % CR LF; properties also : and ,
    assert github.escape_data("50%\r\nnext: a, b") == "50%25%0D%0Anext: a, b"
    assert github.escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_one_annotation_exactly() -> None:
    f = Finding("spell", "spelling", Severity.WARNING, "“Soledad”: did you mean 100% “X”?",
                (ev("dir,x/a:b.md", 7, 5, "Soledad"),))
    out = github.render(report(f)).splitlines()
    assert out[0] == ("::warning file=dir%2Cx/a%3Ab.md,line=7,endLine=7,col=5,endColumn=11,"
                      "title=factcheck [spell]::“Soledad”: did you mean 100%25 “X”?")
    assert out[-1] == "factcheck: 2 files checked: 0 errors, 1 warnings, 0 info"


def test_levels_and_related_evidence() -> None:
    out = github.render(report(contradiction(), finding(Severity.INFO, 1))).splitlines()
    assert out[0].startswith("::error file=sources/a.txt,line=4,endLine=4,col=10,endColumn=24,")
    # the other article of the contradiction is named in the message (a new line, escaped)
    assert out[0].endswith("%0Aconsensus: sources/b.txt:10:3 “10km”")
    assert out[1].startswith("::notice ")


def test_capped_per_level_with_a_summary_of_what_was_left_out() -> None:
    findings = [finding(Severity.ERROR, n) for n in range(12)] + [finding(Severity.WARNING, n) for n in range(3)]
    out = github.render(report(*findings)).splitlines()
    assert sum(1 for line in out if line.startswith("::error ")) == github.LIMIT == 10
    assert sum(1 for line in out if line.startswith("::warning ")) == 3
    start = out.index("::group::factcheck: 2 more findings not shown as annotations")
    assert out[start + 1] == "sources/a.txt:11:1: error [r] finding 10"
    assert out[start + 2] == "sources/a.txt:12:1: error [r] finding 11"
    assert out[start + 3] == "::endgroup::"
    assert "2 error finding(s) left out" in out[start + 4]


def test_no_summary_when_nothing_left_out() -> None:
    out = github.render(report(*[finding(Severity.ERROR, n) for n in range(10)]))
    assert "::group::" not in out and "left out" not in out


def test_long_evidence_lists_are_shortened() -> None:
    many = tuple(ev("sources/a.txt", n, 1, "Soledar", "dominant") for n in range(1, 10))
    f = Finding("names", "misspelling", Severity.ERROR, "m", (ev("sources/a.txt", 20, 1, "Soledad"), *many))
    out = github.render(report(f)).splitlines()[0]
    assert out.count("%0Adominant: ") == github.MAX_RELATED == 5
    assert out.endswith("%0A… and 4 more")
