"""Where per-file work runs: in this process, in a local process pool, or on a Dask cluster.

Every executor has ``map(fn, items)``, yielding ``fn(item)`` **in the order of the items** (never in order
of completion), so a run's output does not depend on which worker finishes first. ``fn`` and the items
must be picklable (module-level functions, plain data). Use one as a context manager.

``make_executor(spec, jobs)``: ``spec`` is ``local`` (the default: one process when ``jobs`` is 1, else a
pool of ``jobs`` processes; ``jobs`` None or 0 means all cores), ``dask`` (a local Dask cluster) or
``dask:ADDRESS`` (the scheduler of an existing cluster, e.g. ``dask:tcp://10.0.0.5:8786``).
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Protocol


class ExecutorError(Exception):
    """A bad ``--executor`` value or a cluster that cannot be reached (a usage error, exit code 2)."""


class Executor(Protocol):
    jobs: int

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]: ...

    def close(self) -> None: ...


def cpu_count() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def resolve_jobs(jobs: int | None) -> int:
    return cpu_count() if not jobs or jobs < 1 else jobs


class SerialExecutor:
    """Everything in this process; the reference the others must match byte for byte."""

    jobs = 1

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        for item in items:
            yield fn(item)

    def close(self) -> None:
        pass

    def __enter__(self) -> SerialExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class ProcessExecutor:
    """A pool of worker processes on this machine, started on first use."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self._pool: ProcessPoolExecutor | None = None
        self._released: ProcessPoolExecutor | None = None  # let go (``release``), its workers perhaps not gone yet

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        it = iter(items)
        head = list(itertools.islice(it, 2))
        if len(head) <= 1:  # not worth starting processes for
            yield from (fn(item) for item in head)
            return
        items = itertools.chain(head, it)
        if self._pool is None:
            self._join_released()
            # fork where available: workers inherit the compiled lexicons and imported modules instead of
            # importing everything again; the parent runs no threads while the pool starts.
            method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
            self._pool = ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context(method))
        yield from _windowed(self._pool.submit, fn, items, self.jobs * 3)

    def submit(self, fn: Callable[[Any], Any], item: Any) -> Future | None:
        """``fn(item)`` in a worker of the pool, when the pool has been started (else None: the caller works
        in this process rather than start processes for one task)."""
        return self._pool.submit(fn, item) if self._pool is not None else None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._join_released()

    def _join_released(self) -> None:
        """Wait for the workers of a released pool to be gone (and its thread that waits for them: no thread
        runs while a new pool forks)."""
        if self._released is not None:
            self._released.shutdown(wait=True)
            self._released = None

    def release(self) -> None:
        """Let the workers go without waiting for them to exit (the pool starts again if used again): the run
        has no more work for them, and their memory is wanted back."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._released, self._pool = self._pool, None

    def __enter__(self) -> ProcessExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class DaskExecutor:
    """Tasks on a Dask cluster: an existing one (``address``) or a local one started for this run.

    Workers need factcheck installed (same version) and receive file contents, not paths, so they need no
    access to the articles.
    """

    def __init__(self, address: str | None = None, jobs: int | None = None, processes: bool = True) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise ExecutorError("the dask executor needs the optional extra: pip install 'factcheck[dask]'") \
                from exc
        self._cluster = None
        try:
            if address:
                self.client = Client(address, timeout="20s", set_as_default=False)
            else:
                n = resolve_jobs(jobs)
                self._cluster = LocalCluster(n_workers=n if processes else 1, threads_per_worker=1 if processes
                                             else n, processes=processes, dashboard_address=":0")
                self.client = Client(self._cluster, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            if self._cluster is not None:
                self._cluster.close()
            raise ExecutorError(f"cannot reach the Dask scheduler {address!r}: {exc}") from exc
        workers = self.client.scheduler_info().get("workers", {})
        self.jobs = max(1, sum(w.get("nthreads", 1) for w in workers.values()))

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        # pure=False: two equal items are still two tasks, and no stale result is ever reused.
        yield from _windowed(lambda f, x: self.client.submit(f, x, pure=False), fn, items, self.jobs * 4)

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _windowed(submit: Callable[[Callable[[Any], Any], Any], Any], fn: Callable[[Any], Any], items: Iterable[Any],
              window: int) -> Iterator[Any]:
    """Submit items lazily, at most ``window`` in flight, and yield results in submission order: memory
    stays bounded (items are produced, e.g. files read, only as workers free up) and order is stable."""
    in_flight: deque[Any] = deque()
    try:
        for item in items:
            in_flight.append(submit(fn, item))
            if len(in_flight) >= window:
                yield in_flight.popleft().result()
        while in_flight:
            yield in_flight.popleft().result()
    finally:
        for fut in in_flight:
            fut.cancel()


def make_executor(spec: str | None, jobs: int | None) -> SerialExecutor | ProcessExecutor | DaskExecutor:
    spec = (spec or "local").strip()
    if spec in ("local", "process", "processes"):
        n = resolve_jobs(jobs)
        return SerialExecutor() if n == 1 else ProcessExecutor(n)
    if spec == "serial":
        return SerialExecutor()
    if spec == "dask":
        return DaskExecutor(None, jobs)
    if spec.startswith("dask:"):
        address = spec.removeprefix("dask:")
        if not address:
            raise ExecutorError("--executor dask:ADDRESS needs a scheduler address, e.g. dask:tcp://host:8786")
        return DaskExecutor(address, jobs)
    raise ExecutorError(f"unknown executor {spec!r}; use local, dask or dask:ADDRESS")


def chunked(items: list[Any], jobs: int, max_items: int = 64, max_bytes: int = 1 << 20,
            size: Callable[[Any], int] = lambda _: 0) -> list[list[Any]]:
    """Split ``items`` into batches (in order) small enough to keep every worker busy to the end and big
    enough that per-task overhead stays small: about 8 batches per worker, capped by count and bytes; the last
    ``jobs`` batches are split in four."""
    if not items:
        return []
    target = max(1, min(max_items, -(-len(items) // (jobs * 8))))
    out: list[list[Any]] = []
    cur: list[Any] = []
    cur_bytes = 0
    for item in items:
        b = size(item)
        if cur and (len(cur) >= target or cur_bytes + b > max_bytes):
            out.append(cur)
            cur, cur_bytes = [], 0
        cur.append(item)
        cur_bytes += b
    out.append(cur)
    # the last batches in quarters: a worker that takes the last batch while the others have nothing left to
    # take keeps them waiting for a quarter of a batch, not a whole one
    tail: list[list[Any]] = []
    for batch in out[-jobs:] if jobs > 1 and target >= 4 else ():
        step = -(-len(batch) // 4)
        tail.extend(batch[i : i + step] for i in range(0, len(batch), step))
    if tail:
        out[-jobs:] = tail
    return out
