"""Command-line options shared by ``run``, ``facts`` and ``extract`` for parallel runs and the cache, and the
progress bar of long runs.

The progress bar goes to stderr, only when stderr is a terminal and the run has enough files to be worth
one, so it never mixes with a report on stdout (JSON, SARIF …) or a CI log.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from factcheck.cache import DEFAULT_DIR
from factcheck.file_analysis import ScaleOptions

PROGRESS_MIN_FILES = 200  # fewer files finish before a bar would be read

JobsOption = Annotated[int | None, typer.Option(
    "--jobs", "-j", show_default=False, min=0,
    help="Worker processes for per-file analysis (default: all cores; 1: no pool).")]
ExecutorOption = Annotated[str, typer.Option(
    "--executor", help="Where analysis runs: local, dask (a local Dask cluster) or dask:ADDRESS "
    "(needs the dask extra).")]
NoCacheOption = Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the analysis cache.")]
CacheDirOption = Annotated[Path | None, typer.Option(
    "--cache-dir", show_default=False, help=f"Folder of the analysis cache (default: {DEFAULT_DIR}/).")]


class ProgressBar:
    """A rich progress bar on stderr, refreshed by the caller (no thread, so forking workers stays safe)."""

    def __init__(self) -> None:
        self._progress = None
        self._task = None
        self._last = 0.0

    def __call__(self, done: int, total: int) -> None:
        if self._progress is None:
            if total < PROGRESS_MIN_FILES or done >= total:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._progress = Progress(TextColumn("analysing"), BarColumn(), MofNCompleteColumn(),
                                      TimeRemainingColumn(), console=Console(stderr=True), transient=True,
                                      auto_refresh=False)
            self._progress.start()
            self._task = self._progress.add_task("analysing", total=total)
        now = time.monotonic()
        self._progress.update(self._task, completed=done, total=total)
        if now - self._last > 0.1 or done >= total:
            self._progress.refresh()
            self._last = now

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


@contextmanager
def scale_options(jobs: int | None, executor: str, no_cache: bool, cache_dir: Path | None) -> Iterator[ScaleOptions]:
    """ScaleOptions for a command; a bad ``--executor`` or an unreachable cluster becomes a usage error."""
    from factcheck.cli import fail_usage
    from factcheck.executors import ExecutorError

    bar = ProgressBar() if sys.stderr.isatty() else None
    opts = ScaleOptions(jobs=jobs, executor=executor, cache_dir=None if no_cache else (cache_dir or Path(DEFAULT_DIR)),
                        progress=bar, keep_open=True)
    try:
        yield opts
    except ExecutorError as exc:
        raise fail_usage(str(exc)) from None
    finally:
        if bar is not None:
            bar.close()
        opts.close()
