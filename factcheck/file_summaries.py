"""Whole runs at scale: every article summarized (``factcheck.file_results``) in two passes, on the
executor, through the cache, in deterministic order.

Pass 1 scans every file for the gazetteer (places, and the names each file could look up); pass 2 makes
each file's summaries with the gazetteer entries relevant to it. A cache entry (``FileEntry``) holds a
file's scan and its summaries with the key of the entries they were made with, so a warm run re-makes a
file only when its bytes, the setup (see ``factcheck.cache``) or its relevant entries changed.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import pickle
import sys
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from factcheck.cache import Cache, entry_key
from factcheck.cache_pack import RunPack
from factcheck.engine.places import long_places, relevant_places
from factcheck.executors import Executor, ProcessExecutor, SerialExecutor, chunked
from factcheck.fact_memo import article_token
from factcheck.file_analysis import (
    MIN_FILES_FOR_POOL,
    WARM_UP,
    AnalyzeStats,
    Progress,
    ScaleOptions,
    collector_paused,
    read_file,
    receive_batches,
)
from factcheck.file_results import DocResult, FileScan, scan, summarize
from factcheck.loading import discover_named
from factcheck.model import Finding
from factcheck.names_transfer import sender_for

SummaryResult = tuple[list[DocResult], list[Finding]]  # a file's summaries and its input problems


@dataclass(frozen=True, slots=True)
class SummaryJob:
    index: int
    shown: str
    suffix: str
    data: bytes
    file: str
    scan: FileScan | None = None  # set for pass 2 (stored with the result in the cache)
    known: frozenset[str] = frozenset()  # pass 2: the gazetteer entries relevant to the file
    path: str = ""  # set when the worker reads the file itself (``data`` is then empty; see ``summarize_paths``)


# What a batch of jobs needs besides the jobs: the cache folder, the cache salt, the rules (pass 2), the token of
# the run's names transfer (``names_transfer``; None: names sent whole) and the parent's working folder.
Batch = tuple[list[SummaryJob], str | None, str, list | bytes, str | None, str]


@dataclass
class FileEntry:
    """A cache entry of a whole run's file: its scan, and its summary made with the ``relevant`` entries."""

    scan: FileScan
    relevant: str  # places_key() of the gazetteer entries the summary was made with
    docs: list[DocResult]
    problems: list[Finding]


def places_key(known: frozenset[str]) -> str:
    return hashlib.sha256("\n".join(sorted(known)).encode("utf-8")).hexdigest()


def _job_bytes(job: SummaryJob, cwd: str) -> tuple[bytes, str, str] | SummaryResult:
    """The job's bytes, absolute path and suffix, or the result of a file that cannot be read: read here when the
    job has a ``path`` (exactly as ``jobs_of`` reads it in the parent otherwise), relative to the parent's folder."""
    if not job.path:
        return job.data, job.file, job.suffix
    fp = Path(job.path)
    data = read_file(fp, job.shown)
    if not isinstance(data, bytes):
        return data
    return data, os.path.abspath(os.path.join(cwd, job.path)), fp.suffix.lower()


def scan_batch(args: Batch) -> list[tuple[int, FileScan | SummaryResult]]:
    out: list[tuple[int, FileScan | SummaryResult]] = []
    for job in args[0]:
        got = _job_bytes(job, args[5])
        if isinstance(got[0], bytes):
            out.append((job.index, scan(job.shown, got[2], got[0])))  # type: ignore[misc]
        else:  # cannot be read
            out.append((job.index, got))  # type: ignore[arg-type]
    return out


_RULES: list[tuple[bytes, list]] = []  # this worker's rules: the last pickled rules it was sent, loaded


def _rules_of(rules: list | bytes) -> list:
    """The rules of a batch, sent pickled to a worker process: loaded once, then the same objects for every
    batch with the same bytes (what depends on the rules is worked out once for the same rule objects, as in a
    single process; loaded again, each batch worked it out again)."""
    if not isinstance(rules, bytes):
        return rules
    if not _RULES or _RULES[0][0] != rules:
        _RULES[:] = [(rules, pickle.loads(rules))]
    return _RULES[0][1]


def summarize_batch(args: Batch) -> list[tuple[int, SummaryResult]]:
    """Worker entry point of pass 2: summarize a batch of files and store each entry in the cache (if any)."""
    jobs, cache_dir, salt, rules_sent, names_run, cwd = args
    rules = _rules_of(rules_sent)
    cache = Cache(cache_dir) if cache_dir is not None else None
    sender = sender_for(names_run) if names_run is not None else None
    out: list[tuple[int, SummaryResult]] = []
    for job in jobs:
        got = _job_bytes(job, cwd)
        if not isinstance(got[0], bytes):  # unreadable since pass 1
            out.append((job.index, got))  # type: ignore[arg-type]
            continue
        data, file, suffix = got  # type: ignore[misc]
        docs, problems = summarize(job.shown, suffix, data, file, job.known, rules)
        if cache is not None and job.scan is not None:
            cache.put(entry_key(salt, job.shown, data), FileEntry(job.scan, places_key(job.known), docs, problems))
        if sender is not None:
            for d in docs:
                d.collected["names"] = sender.encode(d.collected["names"])
        out.append((job.index, (docs, problems)))
    return out


def summarize_paths(paths: Sequence[str | Path], rules: list, *, executor: Executor | None = None,
                    cache: Cache | None = None, salt: str = "", progress: Progress | None = None,
                    stats: AnalyzeStats | None = None, absorb: Callable[[DocResult], None] | None = None,
                    tokens: dict[int, bytes] | None = None) -> tuple[list[DocResult], list[Finding], int]:
    """Every article under ``paths`` summarized: (results in file order, problems, number of files).
    ``absorb`` sees each result as soon as it is known (to fold parts of it into corpus-wide sets); it must take
    the names collected as ``names_transfer.ReceivingNamesPool.absorb`` does (they may come compactly from pool
    workers, and are only whole ``NamesDoc`` when ``absorb`` is None).
    ``tokens``: filled with ``id(result) -> fact_memo.article_token`` for the results read from or stored in
    the cache (the token names the entry)."""

    def absorbed(res: SummaryResult) -> SummaryResult:
        if absorb is not None:
            for r in res[0]:
                absorb(r)
        return res

    executor = executor or SerialExecutor()
    named, problems = discover_named(paths)
    shown = [name for name, _ in named]
    files = [fp for _, fp in named]
    total = len(files)
    results: list[SummaryResult | None] = [None] * total
    scans: list[FileScan | None] = [None] * total
    entries: list[FileEntry | None] = [None] * total
    with collector_paused():  # unpickling entries
        pack = RunPack(cache, salt, paths) if cache is not None else None  # the last run's entries, one file
        # (without a pack, nothing is read here: pass 1 reads each file, and reports one that cannot be read)
        if pack is not None:
            for i, fp in enumerate(files):
                entry, unreadable = pack.lookup(shown[i], fp)
                if unreadable is not None:
                    results[i] = unreadable
                elif isinstance(entry, FileEntry):
                    entries[i], scans[i] = entry, entry.scan

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

    # Without a cache, a local pool's workers read the files themselves (the parent would read each twice and
    # pickle its bytes to a worker, competing with the workers for the cores) and send names compactly
    # (``names_transfer``). With a cache the parent reads them: the pack records what was read.
    cwd = os.getcwd()
    names_run = uuid.uuid4().hex

    def jobs_of(todo: list[int], known_of: Callable[[int], frozenset[str]] | None, cache_dir: str | None,
                pooled: Executor) -> Iterator[Batch]:
        direct = pack is None and isinstance(pooled, ProcessExecutor)
        sent = rules if known_of is not None else []  # pass 1 needs no rules
        if isinstance(pooled, ProcessExecutor) and sent:
            sent = pickle.dumps(sent, protocol=pickle.HIGHEST_PROTOCOL)  # (see ``_rules_of``)
        setup = (cache_dir, salt, sent,
                 names_run if direct and known_of is not None and absorb is not None else None, cwd)
        for group in chunked(todo, pooled.jobs):
            batch: list[SummaryJob] = []
            if direct:
                for i in group:
                    batch.append(SummaryJob(i, shown[i], "", b"", "", None, known_of(i) if known_of else frozenset(),
                                            str(files[i])))
                yield batch, *setup
                continue
            for i in group:
                data = read_file(files[i], shown[i])
                if isinstance(data, bytes):
                    if pack is not None:
                        pack.read_again(shown[i], data)
                    batch.append(SummaryJob(i, shown[i], files[i].suffix.lower(), data, os.path.abspath(files[i]),
                                            scans[i], known_of(i) if known_of else frozenset()))
                else:  # gone or unreadable since: reported as such
                    results[i], scans[i] = data, None
            yield batch, *setup

    # pass 1: the gazetteer
    todo = [i for i in range(total) if results[i] is None and scans[i] is None]
    pooled = pool_for(todo)
    for batch_result in pooled.map(scan_batch, jobs_of(todo, None, None, pooled)):
        for i, found in batch_result:
            if isinstance(found, FileScan):
                scans[i] = found
            else:  # read by a worker: cannot be read
                results[i] = found
    known = frozenset().union(*(s.places for s in scans if s is not None))
    long = long_places(known)

    # pass 2: the summaries, from the cache when made with the same relevant gazetteer entries
    relevant: dict[int, frozenset[str]] = {}
    hits: list[int] = []
    done = 0
    # without a cache, a pool's jobs are made with each file's relevant entries as the workers free up (``fresh``
    # below): not all of them first while the workers wait
    lazy = pack is None and isinstance(executor, ProcessExecutor)
    for i in range(total) if not lazy else ():
        s = scans[i]
        if results[i] is not None or s is None:
            done += results[i] is not None
            continue
        relevant[i] = relevant_places(known, s.candidate_set(), long)
        if pack is None:  # only a cache entry keeps the scan: without a cache the run is done with it (held
            scans[i] = None  # to the end, every file's scan and the holes it left were 0.8 KB an article)
        entry = entries[i]
        made_with = places_key(relevant[i]) if entry is not None else ""
        if entry is not None and pack is not None and entry.relevant != made_with:
            newer = pack.newer(shown[i])  # the pack's copy is stale; the entry file may have been made since
            if isinstance(newer, FileEntry):
                entry = entries[i] = newer
        if entry is not None and entry.relevant == made_with:
            results[i] = (entry.docs, entry.problems)
            hits.append(i)
            done += 1
        else:
            entries[i] = None
    if lazy:
        todo = [i for i in range(total) if results[i] is None and scans[i] is not None]
        done = total - len(todo)
    else:
        todo = [i for i in relevant if results[i] is None]  # in file order, as ``relevant`` was filled
    writer = pack.writer(len(todo)) if pack is not None else None  # a new pack when this one is stale

    def note_tokens(i: int, docs: list[DocResult], made_with: str) -> None:
        """File ``i``'s articles named in ``tokens`` by the cache entry that holds them (made with ``made_with``)."""
        if tokens is not None and pack is not None and (seen := pack.seen.get(shown[i])) is not None:
            for n, r in enumerate(docs):
                tokens[id(r)] = article_token(seen[1], made_with, n)
    for i in hits:  # stored before absorbing (which repacks the names)
        if writer is not None:
            writer.add(shown[i], entries[i])
        note_tokens(i, results[i][0], entries[i].relevant)  # type: ignore[index,union-attr]
        entries[i] = scans[i] = None
        del relevant[i]
        absorbed(results[i])  # type: ignore[arg-type]
    if stats is not None:
        stats.files, stats.cached, stats.analysed = total, total - len(todo), len(todo)
    if progress is not None:
        progress(done, total)
    cache_dir = str(cache.root) if cache is not None else None
    pooled = pool_for(todo)

    received = 0

    def place(i: int, res: SummaryResult) -> None:
        nonlocal received
        made_with = places_key(relevant.pop(i)) if writer is not None or tokens is not None else ""
        if writer is not None:
            writer.add(shown[i], FileEntry(scans[i], made_with, *res))  # type: ignore[arg-type]
            scans[i] = None
        note_tokens(i, res[0], made_with)  # named as the entry stored for them will be read
        results[i] = absorbed(res)
        received += 1
        if received % TRIM_EVERY == 0:
            give_back_free_memory()

    # a file's relevant entries are dropped as soon as nothing needs them any more (its job made, or its
    # summary stored), so that the summaries coming in take their place
    known_of = relevant.__getitem__ if writer is not None or tokens is not None else relevant.pop

    def fresh(i: int) -> frozenset[str]:
        """A file's relevant entries, made when its job is, while the workers already work on the jobs before it;
        its scan is then done with."""
        s = scans[i]
        scans[i] = None
        assert s is not None
        return relevant_places(known, s.candidate_set(), long)

    if lazy:
        known_of = fresh

    try:
        receive_batches(pooled.map(summarize_batch, jobs_of(todo, known_of, cache_dir, pooled)),
                        place, done, total, progress)
    finally:
        if writer is not None:
            writer.close()

    out: list[DocResult] = []
    for res in results:
        if res is None:  # read in pass 1, unreadable in pass 2: its problem was recorded then
            continue
        out.extend(res[0])
        problems.extend(res[1])
    return out, problems, total


TRIM_EVERY = 500  # summaries received between two ``give_back_free_memory`` (each a millisecond or so)


def give_back_free_memory() -> None:
    """Return the C allocator's wholly free pages to the system (glibc's ``malloc_trim``; elsewhere nothing).
    A run frees much as it goes (the workers' results as received, each file's scan once used, the claims once
    copied into facts), in holes between what it keeps; the process kept those pages (≈ 9 MB at 10,000
    articles, at the checks)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # not glibc
        return None


def _prewarm_summary(rules: list) -> None:
    """``_prewarm`` for whole runs: also the checks and rules a summary needs."""
    summarize("warm-up.txt", ".txt", WARM_UP, "", frozenset(), rules)


def summarize_with_options(paths: Sequence[str | Path], rules: list, scale: ScaleOptions,
                           rule_paths: Sequence[str | Path] = (), absorb: Callable[[DocResult], None] | None = None,
                           tokens: dict[int, bytes] | None = None) -> tuple[list[DocResult], list[Finding], int]:
    from factcheck.cache import run_salt

    cache = Cache(scale.cache_dir) if scale.cache_dir is not None else None
    salt = run_salt([Path(p) for p in rule_paths]) + ":summary" if cache is not None else ""
    owned = scale._executor is None
    executor = scale.executor_handle()
    try:
        return summarize_paths(paths, rules, executor=executor, cache=cache, salt=salt, progress=scale.progress,
                               stats=scale.stats, absorb=absorb, tokens=tokens)
    finally:
        if owned and not scale.keep_open:
            scale.close()


def facts_from_claims_with_options(claims: list, rules: list, scale: ScaleOptions | None, consume: bool = False,
                                   memo: Any = None) -> list:
    """``engine.facts_from_claims``, or the same computed as a shuffle by fact key on the Dask cluster.
    ``consume``: the caller holds no other reference to the claims; the list is emptied (``facts_from_claims``).
    ``memo``: see ``facts_from_claims`` (not used on a Dask cluster)."""
    from factcheck.engine import facts_from_claims
    from factcheck.executors import DaskExecutor

    if scale is None or not scale.executor.startswith("dask"):
        return facts_from_claims(claims, rules, consume, memo)
    from factcheck.dask_facts import facts_from_claims_dask

    owned = scale._executor is None
    executor = scale.executor_handle()
    try:
        assert isinstance(executor, DaskExecutor)
        return facts_from_claims_dask(executor.client, claims, rules)
    finally:
        if owned and not scale.keep_open:
            scale.close()

