"""One run, start to end: load -> analyze -> claims -> checks -> sorted findings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from factcheck.analysis import Analysis
from factcheck.baseline import apply_baseline, read_baseline
from factcheck.checks import CheckContext, run_checks
from factcheck.config import apply_levels
from factcheck.dates.events import date_facts
from factcheck.file_analysis import ScaleOptions, analyze_with_options, build_facts_with_options
from factcheck.model import Finding
from factcheck.report import Report
from factcheck.rules.loader import load_rules
from factcheck.suppress import Ignore, apply_suppressions


@dataclass
class RunOptions:
    paths: Sequence[str | Path] = ("sources",)
    rule_paths: Sequence[str | Path] = ()
    # post-processing (config, suppressions, baseline): see factcheck.config, .suppress, .baseline
    levels: dict[str, str] = field(default_factory=dict)
    ignores: Sequence[Ignore] = ()
    inline_suppressions: bool = True
    baseline: Path | None = None
    # where and how per-file analysis runs (jobs, executor, cache): see factcheck.file_analysis
    scale: ScaleOptions = field(default_factory=lambda: ScaleOptions())


def analyze_all(paths: Sequence[str | Path], scale: ScaleOptions | None = None,
                rule_paths: Sequence[str | Path] = ()) -> tuple[list[Analysis], list, int]:
    """Every article under ``paths`` analysed, in sorted file order whatever the executor; results are read
    from and written to the cache when ``scale.cache_dir`` is set (keyed on the rule files too)."""
    return analyze_with_options(paths, scale or ScaleOptions(), rule_paths)


def rule_paths(options: RunOptions) -> list[Path]:
    """Your rules: the ``--rules`` paths, else ``./rules`` when it exists (the built-in pack is always added)."""
    if options.rule_paths:
        return [Path(p) for p in options.rule_paths]
    return [Path("rules")] if Path("rules").is_dir() else []


def run(options: RunOptions) -> Report:
    rules = load_rules(rule_paths(options))
    analyses, problems, files = analyze_all(options.paths, options.scale, options.rule_paths)
    facts = [*build_facts_with_options(analyses, rules, options.scale), *date_facts(analyses, rules)]
    ctx = CheckContext(analyses=analyses, rules=rules, facts=facts)
    findings = sorted([*problems, *run_checks(ctx)], key=lambda f: f.sort_key())
    findings, extra = post_process(findings, analyses, options)
    return Report(findings=findings, files=files, analyses=analyses, facts=facts, rules=rules, extra=extra)


def post_process(findings: list[Finding], analyses: list[Analysis], options: RunOptions
                 ) -> tuple[list[Finding], dict]:
    """Config levels, then suppressions (inline and config), then the baseline; findings stay sorted."""
    extra: dict = {}
    findings = apply_levels(findings, options.levels)
    findings, unused = apply_suppressions(findings, [a.doc for a in analyses], options.ignores,
                                          options.inline_suppressions)
    findings = sorted([*findings, *apply_levels(unused, options.levels)], key=lambda f: f.sort_key())
    if options.baseline is not None:
        result = apply_baseline(findings, read_baseline(options.baseline))
        findings = result.findings
        extra["baseline"] = {"path": Path(options.baseline).as_posix(), "baselined": result.baselined,
                             "gone": result.gone}
    return findings, extra
