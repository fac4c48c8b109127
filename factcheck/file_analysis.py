"""Per-file analysis at scale: the cache lookup, the batching and the executor, in deterministic order.

A file's result is a pure function of its bytes and the path it is shown under (``analyze_bytes``), so it
can be computed in any process or on any machine and cached under a key made from both (``factcheck.cache``).
Results are always assembled in the sorted order of the files, never in order of completion.
"""

from __future__ import annotations

import gc
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factcheck.analysis import Analysis, analyze
from factcheck.cache import Cache, entry_key
from factcheck.engine.places import long_places, relevant_places
from factcheck.executors import Executor, ProcessExecutor, SerialExecutor, chunked
from factcheck.file_results import DocResult, FileScan, scan, summarize
from factcheck.loading import discover_named, parse_bytes, read_article_bytes
from factcheck.model import Finding

FileResult = tuple[list[Analysis], list[Finding]]
MIN_FILES_FOR_POOL = 16
Progress = Callable[[int, int], None]  # (files done, files in all)


@dataclass(frozen=True, slots=True)
class FileJob:
    index: int  # position of the file in the sorted list
    shown: str
    suffix: str
    data: bytes


def analyze_bytes(shown: str, suffix: str, data: bytes) -> FileResult:
    docs, problems = parse_bytes(shown, suffix, data)
    return [analyze(doc) for doc in docs], problems


def run_batch(args: tuple[list[FileJob], str | None, str]) -> list[tuple[int, FileResult]]:
    """Worker entry point: analyse a batch of files and store each result in the cache (if any)."""
    jobs, cache_dir, salt = args
    cache = Cache(cache_dir) if cache_dir is not None else None
    out: list[tuple[int, FileResult]] = []
    for job in jobs:
        result = analyze_bytes(job.shown, job.suffix, job.data)
        if cache is not None:
            cache.put(entry_key(salt, job.shown, job.data), result)
        out.append((job.index, result))
    return out


def _read(fp: Path, shown: str) -> bytes | FileResult:
    """The file's bytes, or, when it cannot be read, its result: no article, the problems."""
    data = read_article_bytes(fp, shown)
    return data if isinstance(data, bytes) else ([], data)


_WARM_UP = b"LONDON, Jan. 12 - About 5 km (3 miles) away, 1,200 people met on Monday, said John Smith.\n"


def _prewarm() -> None:
    """Analyse a tiny article before the pool forks: the lexicons, compiled patterns and the unit registry
    (about a second to build) are then inherited by every worker instead of built in each, and the parent
    needs most of them later anyway."""
    analyze_bytes("warm-up.txt", ".txt", _WARM_UP)


@dataclass
class ScaleOptions:
    """How per-file analysis runs. The defaults (one process, no cache) suit library use and tests; the
    command line defaults to all cores and ``.factcheck_cache/``."""

    jobs: int | None = 1  # None or 0: all cores
    executor: str = "local"  # local, dask, dask:ADDRESS (see factcheck.executors)
    cache_dir: str | Path | None = None  # None: no cache
    progress: Progress | None = None
    stats: AnalyzeStats | None = None
    keep_open: bool = False  # keep the executor (a Dask cluster) between stages until close()
    _executor: Executor | None = field(default=None, repr=False, compare=False)

    def executor_handle(self) -> Executor:
        from factcheck.executors import make_executor

        if self._executor is None:
            self._executor = make_executor(self.executor, self.jobs)
        return self._executor

    def close(self) -> None:
        if self._executor is not None:
            self._executor.close()
            self._executor = None


@dataclass
class AnalyzeStats:
    files: int = 0
    cached: int = 0
    analysed: int = 0


def _receive(batches: Iterable[list[tuple[int, Any]]], place: Callable[[int, Any], None], done: int, total: int,
             progress: Progress | None) -> None:
    """Place each result of each batch by file index, reporting progress."""
    try:
        for batch_result in batches:
            for i, res in batch_result:
                place(i, res)
            # The results are kept to the end of the run: exempt them from cyclic garbage collection, whose
            # full passes would otherwise walk every result received so far, again and again (with a pool,
            # the parent's time went mostly there at 10k articles). Refcounting still frees them.
            gc.freeze()
            done += len(batch_result)
            if progress is not None:
                progress(done, total)
    finally:
        gc.unfreeze()


def analyze_paths(paths: Sequence[str | Path], *, executor: Executor | None = None, cache: Cache | None = None,
                  salt: str = "", progress: Progress | None = None,
                  stats: AnalyzeStats | None = None) -> tuple[list[Analysis], list[Finding], int]:
    """Every article under ``paths``: (analyses in file order, problems, number of files)."""
    executor = executor or SerialExecutor()
    named, problems = discover_named(paths)
    shown = [name for name, _ in named]
    files = [fp for _, fp in named]
    total = len(files)
    results: list[FileResult | None] = [None] * total
    todo: list[int] = []
    done = 0
    # Unpickling thousands of entries allocates millions of objects, which sets off full garbage collections
    # that find nothing (entries hold no cycles): without them, reading the cache takes half the time.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        for i, fp in enumerate(files):
            if cache is not None:
                data = _read(fp, shown[i])
                if not isinstance(data, bytes):
                    results[i] = data
                else:
                    results[i] = cache.get(entry_key(salt, shown[i], data))
                if results[i] is not None:
                    done += 1
                    continue
            todo.append(i)
    finally:
        if gc_was_enabled:
            gc.enable()
    if stats is not None:
        stats.files, stats.cached, stats.analysed = total, done, len(todo)
    if progress is not None:
        progress(done, total)

    cache_dir = str(cache.root) if cache is not None else None
    if isinstance(executor, ProcessExecutor):
        if len(todo) < MIN_FILES_FOR_POOL:
            executor = SerialExecutor()  # starting processes would cost more than it saves
        else:
            _prewarm()

    def batches() -> Iterator[tuple[list[FileJob], str | None, str]]:
        # Files are read here, batch by batch, so that only the batches in flight are held in memory.
        for group in chunked(todo, executor.jobs):
            jobs: list[FileJob] = []
            for i in group:
                data = _read(files[i], shown[i])
                if isinstance(data, bytes):
                    jobs.append(FileJob(i, shown[i], files[i].suffix.lower(), data))
                else:
                    results[i] = data
            yield jobs, cache_dir, salt

    _receive(executor.map(run_batch, batches()), results.__setitem__, done, total, progress)

    analyses: list[Analysis] = []
    for res in results:
        assert res is not None
        analyses.extend(res[0])
        problems.extend(res[1])
    return analyses, problems, total


def analyze_with_options(paths: Sequence[str | Path], scale: ScaleOptions,
                         rule_paths: Sequence[str | Path] = ()) -> tuple[list[Analysis], list[Finding], int]:
    from factcheck.cache import run_salt

    cache = Cache(scale.cache_dir) if scale.cache_dir is not None else None
    salt = run_salt([Path(p) for p in rule_paths]) if cache is not None else ""
    owned = scale._executor is None
    executor = scale.executor_handle()
    try:
        return analyze_paths(paths, executor=executor, cache=cache, salt=salt, progress=scale.progress,
                             stats=scale.stats)
    finally:
        if owned and not scale.keep_open:
            scale.close()


# --- whole runs: articles summarized in two passes (see factcheck.file_results) -----------------------


@dataclass(frozen=True, slots=True)
class SummaryJob:
    index: int
    shown: str
    suffix: str
    data: bytes
    file: str
    scan: FileScan | None = None  # set for pass 2 (stored with the result in the cache)
    known: frozenset[str] = frozenset()  # pass 2: the gazetteer entries relevant to the file


@dataclass
class FileEntry:
    """A cache entry of a whole run's file: its scan, and its summary made with the ``relevant`` entries."""

    scan: FileScan
    relevant: str  # places_key() of the gazetteer entries the summary was made with
    docs: list[DocResult]
    problems: list[Finding]


def places_key(known: frozenset[str]) -> str:
    return hashlib.sha256("\n".join(sorted(known)).encode("utf-8")).hexdigest()


def scan_batch(args: tuple[list[SummaryJob], None, str, list]) -> list[tuple[int, FileScan]]:
    return [(job.index, scan(job.shown, job.suffix, job.data)) for job in args[0]]


def summarize_batch(args: tuple[list[SummaryJob], str | None, str, list]) -> list[tuple[int, FileResult2]]:
    """Worker entry point of pass 2: summarize a batch of files and store each entry in the cache (if any)."""
    jobs, cache_dir, salt, rules = args
    cache = Cache(cache_dir) if cache_dir is not None else None
    out: list[tuple[int, FileResult2]] = []
    for job in jobs:
        docs, problems = summarize(job.shown, job.suffix, job.data, job.file, job.known, rules)
        if cache is not None and job.scan is not None:
            cache.put(entry_key(salt, job.shown, job.data), FileEntry(job.scan, places_key(job.known), docs, problems))
        out.append((job.index, (docs, problems)))
    return out


FileResult2 = tuple[list[DocResult], list[Finding]]


def summarize_paths(paths: Sequence[str | Path], rules: list, *, executor: Executor | None = None,
                    cache: Cache | None = None, salt: str = "", progress: Progress | None = None,
                    stats: AnalyzeStats | None = None, absorb: Callable[[DocResult], None] | None = None
                    ) -> tuple[list[DocResult], list[Finding], int]:
    """Every article under ``paths`` summarized: (results in file order, problems, number of files).
    ``absorb`` sees each result as soon as it is known (to fold parts of it into corpus-wide sets)."""

    def absorbed(res: FileResult2) -> FileResult2:
        if absorb is not None:
            for r in res[0]:
                absorb(r)
        return res

    executor = executor or SerialExecutor()
    named, problems = discover_named(paths)
    shown = [name for name, _ in named]
    files = [fp for _, fp in named]
    total = len(files)
    results: list[FileResult2 | None] = [None] * total
    scans: list[FileScan | None] = [None] * total
    entries: list[FileEntry | None] = [None] * total
    gc_was_enabled = gc.isenabled()
    gc.disable()  # see analyze_paths: unpickling entries sets off full collections that find nothing
    try:
        for i, fp in enumerate(files):
            data = _read(fp, shown[i])
            if not isinstance(data, bytes):
                results[i] = data
            elif cache is not None:
                entry = cache.get(entry_key(salt, shown[i], data))
                if isinstance(entry, FileEntry):
                    entries[i], scans[i] = entry, entry.scan
    finally:
        if gc_was_enabled:
            gc.enable()

    warmed: list[bool] = []

    def pool_for(todo: list[int]) -> Executor:
        if not isinstance(executor, ProcessExecutor):
            return executor
        if len(todo) < MIN_FILES_FOR_POOL:
            return SerialExecutor()  # starting processes would cost more than it saves
        if not warmed:
            _prewarm_summary(rules)
            warmed.append(True)
        return executor

    def jobs_of(todo: list[int], known_of: Callable[[int], frozenset[str]] | None, cache_dir: str | None,
                pooled: Executor) -> Iterator[tuple[list[SummaryJob], str | None, str, list]]:
        for group in chunked(todo, pooled.jobs):
            batch: list[SummaryJob] = []
            for i in group:
                data = _read(files[i], shown[i])
                if isinstance(data, bytes):
                    batch.append(SummaryJob(i, shown[i], files[i].suffix.lower(), data, os.path.abspath(files[i]),
                                            scans[i], known_of(i) if known_of else frozenset()))
                else:  # gone or unreadable since: reported as such
                    results[i], scans[i] = data, None
            yield batch, cache_dir, salt, rules

    # pass 1: the gazetteer
    todo = [i for i in range(total) if results[i] is None and scans[i] is None]
    pooled = pool_for(todo)
    for batch_result in pooled.map(scan_batch, jobs_of(todo, None, None, pooled)):
        for i, found in batch_result:
            scans[i] = found
    known = frozenset().union(*(s.places for s in scans if s is not None))
    long = long_places(known)

    # pass 2: the summaries, from the cache when made with the same relevant gazetteer entries
    relevant: dict[int, frozenset[str]] = {}
    done = 0
    for i in range(total):
        s = scans[i]
        if results[i] is not None or s is None:
            done += results[i] is not None
            continue
        relevant[i] = relevant_places(known, s.candidate_set(), long)
        entry = entries[i]
        if entry is not None and entry.relevant == places_key(relevant[i]):
            results[i] = absorbed((entry.docs, entry.problems))
            done += 1
        entries[i] = None
    todo = [i for i in range(total) if results[i] is None and scans[i] is not None]
    if stats is not None:
        stats.files, stats.cached, stats.analysed = total, total - len(todo), len(todo)
    if progress is not None:
        progress(done, total)
    cache_dir = str(cache.root) if cache is not None else None
    pooled = pool_for(todo)
    _receive(pooled.map(summarize_batch, jobs_of(todo, relevant.__getitem__, cache_dir, pooled)),
             lambda i, res: results.__setitem__(i, absorbed(res)), done, total, progress)

    out: list[DocResult] = []
    for res in results:
        if res is None:  # read in pass 1, unreadable in pass 2: its problem was recorded then
            continue
        out.extend(res[0])
        problems.extend(res[1])
    return out, problems, total


def _prewarm_summary(rules: list) -> None:
    """``_prewarm`` for whole runs: also the checks and rules a summary needs."""
    summarize("warm-up.txt", ".txt", _WARM_UP, "", frozenset(), rules)


def summarize_with_options(paths: Sequence[str | Path], rules: list, scale: ScaleOptions,
                           rule_paths: Sequence[str | Path] = (), absorb: Callable[[DocResult], None] | None = None
                           ) -> tuple[list[DocResult], list[Finding], int]:
    from factcheck.cache import run_salt

    cache = Cache(scale.cache_dir) if scale.cache_dir is not None else None
    salt = run_salt([Path(p) for p in rule_paths]) + ":summary" if cache is not None else ""
    owned = scale._executor is None
    executor = scale.executor_handle()
    try:
        return summarize_paths(paths, rules, executor=executor, cache=cache, salt=salt, progress=scale.progress,
                               stats=scale.stats, absorb=absorb)
    finally:
        if owned and not scale.keep_open:
            scale.close()


def facts_from_claims_with_options(claims: list, rules: list, scale: ScaleOptions | None) -> list:
    """``engine.facts_from_claims``, or the same computed as a shuffle by fact key on the Dask cluster."""
    from factcheck.engine import facts_from_claims
    from factcheck.executors import DaskExecutor

    if scale is None or not scale.executor.startswith("dask"):
        return facts_from_claims(claims, rules)
    from factcheck.dask_facts import facts_from_claims_dask

    owned = scale._executor is None
    executor = scale.executor_handle()
    try:
        assert isinstance(executor, DaskExecutor)
        return facts_from_claims_dask(executor.client, claims, rules)
    finally:
        if owned and not scale.keep_open:
            scale.close()
