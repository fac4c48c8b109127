"""One run, start to end: load -> analyze -> claims -> checks -> sorted findings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from factcheck.analysis import Analysis, analyze
from factcheck.checks import CheckContext, run_checks
from factcheck.engine import build_facts
from factcheck.loading import load
from factcheck.report import Report
from factcheck.rules.loader import load_rules


@dataclass
class RunOptions:
    paths: Sequence[str | Path] = ("sources",)
    rule_paths: Sequence[str | Path] = ()


def analyze_all(paths: Sequence[str | Path]) -> tuple[list[Analysis], list, int]:
    loaded = load(paths)
    return [analyze(doc) for doc in loaded.documents], loaded.problems, loaded.files


def run(options: RunOptions) -> Report:
    rules = load_rules([Path(p) for p in options.rule_paths])
    analyses, problems, files = analyze_all(options.paths)
    facts = build_facts(analyses, rules)
    ctx = CheckContext(analyses=analyses, rules=rules, facts=facts)
    findings = sorted([*problems, *run_checks(ctx)], key=lambda f: f.sort_key())
    return Report(findings=findings, files=files, analyses=analyses, facts=facts, rules=rules)
