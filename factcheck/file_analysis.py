"""Per-file analysis at scale: the cache lookup, the batching and the executor, in deterministic order;
and the options and helpers whole runs share (``factcheck.file_summaries``). Whole analyses, with every
mention, are what ``factcheck extract`` lists; a run keeps summaries instead.

A file's result is a pure function of its bytes and the path it is shown under (``analyze_bytes``), so it
can be computed in any process or on any machine and cached under a key made from both (``factcheck.cache``).
Results are always assembled in the sorted order of the files, never in order of completion.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factcheck.analysis import Analysis, analyze
from factcheck.cache import Cache, entry_key
from factcheck.executors import Executor, ProcessExecutor, SerialExecutor, chunked
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


def read_file(fp: Path, shown: str) -> bytes | FileResult:
    """The file's bytes, or, when it cannot be read, its result: no article, the problems."""
    data = read_article_bytes(fp, shown)
    return data if isinstance(data, bytes) else ([], data)


WARM_UP = b"LONDON, Jan. 12 - About 5 km (3 miles) away, 1,200 people met on Monday, said John Smith.\n"


def _prewarm() -> None:
    """Analyse a tiny article before the pool forks: the lexicons, compiled patterns and the unit registry
    (about a second to build) are then inherited by every worker instead of built in each, and the parent
    needs most of them later anyway."""
    analyze_bytes("warm-up.txt", ".txt", WARM_UP)


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


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for a block that builds millions of small objects forming no cycles
    (unpickled cache entries, a run's summaries and corpus-wide data): its full passes would walk all of them
    again and again and find nothing (reading the cache took twice as long; 3,000 articles cost 4.8 times what
    1,000 did in the names statistics). Reference counting still frees them."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def receive_batches(batches: Iterable[list[tuple[int, Any]]], place: Callable[[int, Any], None], done: int, total: int,
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
    with collector_paused():  # unpickling entries
        for i, fp in enumerate(files):
            if cache is not None:
                data = read_file(fp, shown[i])
                if not isinstance(data, bytes):
                    results[i] = data
                else:
                    results[i] = cache.get(entry_key(salt, shown[i], data))
                if results[i] is not None:
                    done += 1
                    continue
            todo.append(i)
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
                data = read_file(files[i], shown[i])
                if isinstance(data, bytes):
                    jobs.append(FileJob(i, shown[i], files[i].suffix.lower(), data))
                else:
                    results[i] = data
            yield jobs, cache_dir, salt

    receive_batches(executor.map(run_batch, batches()), results.__setitem__, done, total, progress)

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
