"""Helpers for the names tests: articles from strings, findings of the names checks."""

from __future__ import annotations

from pathlib import Path

from factcheck.analysis import Analysis, analyze
from factcheck.loading import parse_bytes
from factcheck.model import Finding
from factcheck.names.findings import name_findings


def analyses_of(*texts: str) -> list[Analysis]:
    out = []
    for i, text in enumerate(texts):
        docs, problems = parse_bytes(f"art{i}_x.txt", ".txt", text.encode("utf-8"))
        assert not problems
        out.extend(analyze(d) for d in docs)
    return out


def findings_of(*texts: str, rules: list | None = None) -> list[Finding]:
    return name_findings(analyses_of(*texts), rules or [])


def by_kind(findings: list[Finding], kind: str) -> list[Finding]:
    return [f for f in findings if f.kind == kind]


ROOT = Path(__file__).resolve().parent.parent


def corpus_and(*texts: str) -> list[Analysis]:
    """The sample corpus and the names fixtures' flood and people stories analysed, then ``texts``."""
    from factcheck.loading import load

    names = ROOT / "tests" / "fixtures" / "names"
    docs = load([ROOT / "sources", names / "flood", names / "people"]).documents
    return [analyze(d) for d in docs] + analyses_of(*texts)
