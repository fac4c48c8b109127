"""One run, start to end: load -> analyze -> claims -> checks -> sorted findings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from factcheck.analysis import Analysis
from factcheck.baseline import apply_baseline, read_baseline
from factcheck.cache import Cache, run_salt
from factcheck.checks import RUN_INPUTS, CheckContext, collectors, document_checks, run_checks
from factcheck.config import apply_levels
from factcheck.dates.events import date_facts_from
from factcheck.engine import by_story
from factcheck.engine.stories import find_stories
from factcheck.executors import ProcessExecutor
from factcheck.fact_memo import FactMemo
from factcheck.file_analysis import ScaleOptions, analyze_with_options, collector_paused
from factcheck.file_results import DocResult
from factcheck.file_summaries import facts_from_claims_with_options, give_back_free_memory, summarize_with_options
from factcheck.model import Finding
from factcheck.names.findings import FINDINGS_OPTION, LOWER_OPTION, TOKENS_OPTION
from factcheck.names_memo import NamesMemo, evidence_points
from factcheck.names_transfer import ReceivingNamesPool
from factcheck.report import Report
from factcheck.rules.loader import load_rules
from factcheck.side_checks import start_side_checks
from factcheck.stories_memo import stories_of
from factcheck.suppress import Ignore, InlineSuppression, apply_suppressions


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
    with collector_paused():
        return _run(options)


def _run(options: RunOptions) -> Report:
    """A run keeps no article texts: each article is summarized where it is read (``file_results``), then the
    corpus-wide stage works on the summaries (facts from claims, names, dates, the checks)."""
    used_rules = rule_paths(options)
    rules = load_rules(used_rules)
    pool = ReceivingNamesPool()  # (a NamesPool that also takes names sent compactly by pool workers)
    # with a cache, the corpus stage's memos (read and written beside the run pack, salted like its entries)
    memos = (Cache(options.scale.cache_dir), run_salt(used_rules)) if options.scale.cache_dir is not None else None
    tokens: dict[int, bytes] | None = {} if memos is not None else None
    names_memo = NamesMemo(memos[0], memos[1] + ":names", options.paths) if memos is not None else None

    def absorb(r: DocResult) -> None:
        if names_memo is not None:
            names_memo.absorb(r, tokens.get(id(r)), pool)  # type: ignore[union-attr]
        else:
            r.collected["names"] = pool.absorb(r.collected["names"])

    results, problems, files = summarize_with_options(options.paths, rules, options.scale, used_rules, absorb,
                                                      tokens)
    kept = names_memo.seal(results, pool) if names_memo is not None else None
    pool.done()
    docs = [r.info for r in results]
    ordered = sorted(results, key=lambda r: (r.info.path, -1 if r.info.record is None else r.info.record))
    memo = fact_memo(options, memos, ordered, tokens)
    claims = [bc for r in ordered for bc in r.claims]
    for r in ordered:
        r.claims = ()  # held by ``claims`` only, which making the facts consumes (the facts copy them)
    del ordered
    collected = {name: [r.collected[name] for r in results] for name in collectors()}
    # the names checks in an idle pool worker meanwhile (their inputs taken out of ``collected``)
    side = start_side_checks(options.scale._executor, rules, collected, docs, pool, results)
    if side is None and isinstance(options.scale._executor, ProcessExecutor):
        # no more work for the workers in this run (the facts are made here): their memory given back now rather
        # than held through the corpus stage (at 100k articles, 0.4 GB more over all processes)
        options.scale._executor.release()
    if memos is None:
        stories = find_stories([d.doc_id for d in docs], (d.meta for d in docs), collected["stories"])
    else:  # the last cached run's, when found from the same input
        stories = stories_of(memos[0], memos[1] + ":stories", options.paths, docs, collected["stories"])
    bucketed = by_story(claims, rules, stories)
    del claims
    facts = [*facts_from_claims_with_options(bucketed, rules, options.scale, consume=True, memo=memo),
             *date_facts_from(collected["date-events"], docs, rules, stories)]
    if memo is not None:
        memo.close()
    del bucketed  # emptied by the facts but on a Dask cluster
    for name in RUN_INPUTS:  # read above, by no check: not held through the checks
        del collected[name]
    found: dict[str, list[Finding]] = {mod.NAME: [] for mod in document_checks()}
    for r in results:
        for name, fs in r.found.items():
            found[name].extend(fs)
    inline = [s for r in results for s in r.suppressions]
    if side is not None:
        found = side(found)
    del results  # all taken out of them: not held through the checks either
    give_back_free_memory()
    ctx = CheckContext(rules=rules, facts=facts, collected=collected, found=found, docs=docs,
                       options={LOWER_OPTION: pool.lower})
    if kept is not None:
        ctx.options[FINDINGS_OPTION] = kept
    findings = sorted([*problems, *run_checks(ctx)], key=lambda f: f.sort_key())
    if names_memo is not None and kept is None:  # made here, or by the worker that ran the names checks
        made = ctx.options.get(FINDINGS_OPTION, getattr(found, "names_findings", None))
        points = getattr(found, "names_points", None)  # the worker's, else from the names here
        if points is None and made is not None and "names" in collected:
            points = evidence_points(made, docs, collected["names"])
        names_memo.keep(made, ctx.options.get(TOKENS_OPTION, getattr(found, "names_tokens", None)), points)
    for fact in facts:
        fact.comparisons = None  # the checks' shared comparisons; a reporter that wants them makes them again
    findings, extra = post_process(findings, [], options, inline)
    return Report(findings=findings, files=files, facts=facts, rules=rules, extra=extra, docs=docs)


def fact_memo(options: RunOptions, memos: tuple[Cache, str] | None, ordered: list[DocResult],
              tokens: dict[int, bytes] | None) -> FactMemo | None:
    """The facts kept by the last cached run over the same paths, with this run's claims noted (see
    ``factcheck.fact_memo``); None without a cache (``memos``: the cache and the run's salt)."""
    if memos is None or tokens is None or options.scale.executor.startswith("dask"):
        return None  # (on a Dask cluster the facts are made there)
    memo = FactMemo(memos[0], memos[1] + ":facts", options.paths)
    for r in ordered:
        token = tokens.get(id(r))
        if token is not None:
            memo.note(token, r.claims)
    return memo


def post_process(findings: list[Finding], analyses: list[Analysis], options: RunOptions,
                 inline: list[InlineSuppression] | None = None) -> tuple[list[Finding], dict]:
    """Config levels, then suppressions (inline and config), then the baseline; findings stay sorted.
    ``inline``: the inline suppressions read from the articles, when ``analyses`` is not given."""
    extra: dict = {}
    findings = apply_levels(findings, options.levels)
    findings, unused = apply_suppressions(findings, [a.doc for a in analyses], options.ignores,
                                          options.inline_suppressions, inline)
    findings = sorted([*findings, *apply_levels(unused, options.levels)], key=lambda f: f.sort_key())
    if options.baseline is not None:
        result = apply_baseline(findings, read_baseline(options.baseline))
        findings = result.findings
        extra["baseline"] = {"path": Path(options.baseline).as_posix(), "baselined": result.baselined,
                             "gone": result.gone}
    return findings, extra
