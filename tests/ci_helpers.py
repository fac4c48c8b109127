"""Hand-built findings and reports for the CI-facing tests (reporters, baseline, suppressions)."""

from __future__ import annotations

import shutil
from pathlib import Path

from factcheck.model import Evidence, Finding, Location, Severity
from factcheck.report import Report

REPO = Path(__file__).resolve().parent.parent


def ev(path: str, line: int, col: int, text: str, role: str = "other", end_col: int | None = None) -> Evidence:
    end = end_col if end_col is not None else col + max(len(text), 1) - 1
    return Evidence(Location(path, line, col, line, end), text, role=role)


def contradiction(rule: str = "distance", fact: str = "distance A–B") -> Finding:
    return Finding(rule=rule, kind="contradiction", severity=Severity.ERROR,
                   message="the articles disagree: 8 km [≈] against 10 km", fact=fact,
                   evidence=(ev("sources/a.txt", 4, 10, "some five miles", "outlier"),
                             ev("sources/b.txt", 10, 3, "10km", "consensus")))


def finding(severity: Severity, n: int, rule: str = "r") -> Finding:
    return Finding(rule=rule, kind="spelling", severity=severity, message=f"finding {n}",
                   evidence=(ev("sources/a.txt", n + 1, 1, f"word{n}"),))


def report(*findings: Finding) -> Report:
    return Report(findings=list(findings), files=2)


def copy_corpus(dest: Path) -> Path:
    """The sample corpus and sample rules in a scratch project, to edit without touching the repository."""
    shutil.copytree(REPO / "sources", dest / "sources")
    if (REPO / "rules").is_dir():
        shutil.copytree(REPO / "rules", dest / "rules")
    else:
        (dest / "rules").mkdir()
    (dest / ".git").mkdir()  # a project root: config lookup stops here, SARIF URIs are relative to it
    return dest
