"""Nothing lost: factcheck never writes to the articles it reads, and a run killed while writing the baseline
or the cache leaves the old files intact (writes go to a temporary file that is renamed into place)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from factcheck import reporters
from factcheck.baseline import write_baseline
from factcheck.cache import Cache
from factcheck.file_analysis import ScaleOptions
from factcheck.pipeline import RunOptions, run

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT / "sources"

# A child process that runs the CLI with os.fdopen patched: the first file opened in MODE gets half of its
# first write, then the child says HALF on stderr and sleeps until it is killed.
CHILD = textwrap.dedent("""
    import os, sys, time
    wanted = sys.argv[1]
    real = os.fdopen

    class Half:
        def __init__(self, fh):
            self.fh = fh
        def __enter__(self):
            return self
        def __exit__(self, *exc):
            return self.fh.__exit__(*exc)
        def __getattr__(self, name):
            return getattr(self.fh, name)
        def write(self, data):
            self.fh.write(data[: len(data) // 2])
            self.fh.flush()
            os.fsync(self.fh.fileno())
            sys.stderr.write("HALF\\n")
            sys.stderr.flush()
            time.sleep(600)

    def fdopen(fd, mode="r", *args, **kwargs):
        fh = real(fd, mode, *args, **kwargs)
        return Half(fh) if mode == wanted else fh

    os.fdopen = fdopen
    sys.argv = ["factcheck", *sys.argv[2:]]
    from factcheck.cli import main
    main()
""")


def _snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    return {p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    shutil.copytree(SOURCES, folder)
    (folder / "feed.jsonl").write_text('{"text": "About 40 people were evacuated."}\n', encoding="utf-8")
    (folder / "front.md").write_text("---\ntitle: T\ndate: 2023-01-12\n---\nThe road is 5 km long.\n",
                                     encoding="utf-8")
    return folder


def test_sources_are_never_written(corpus: Path, tmp_path: Path) -> None:
    before = _snapshot(corpus)
    for _ in range(2):  # a cold cache, then a warm one
        report = run(RunOptions(paths=[corpus], scale=ScaleOptions(cache_dir=tmp_path / "cache")))
        for name in reporters.formats():
            assert reporters.get(name).render(report)
        write_baseline(tmp_path / "baseline.json", report.findings)
    assert report.findings  # the sample corpus has findings: the run did real work
    # and through the command line, with the default cache in the articles' folder's parent
    proc = subprocess.run([sys.executable, "-m", "factcheck", "run", str(corpus), "-j", "1", "--no-config",
                           "-f", "html", "-o", str(tmp_path / "r.html"), "--write-baseline",
                           str(tmp_path / "b.json")], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert _snapshot(corpus) == before


def _kill_mid_write(args: list[str], mode: str, cwd: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-c", CHILD, mode, *args], cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    try:
        lines = []
        assert proc.stderr is not None
        for line in proc.stderr:  # blocks until HALF, or EOF if the child ended without writing
            lines.append(line)
            if line.strip() == "HALF":
                break
        assert lines and lines[-1].strip() == "HALF", "".join(lines)
    finally:
        proc.kill()
        proc.wait(timeout=60)


def test_killed_baseline_write_leaves_the_old_baseline(tmp_path: Path) -> None:
    articles = tmp_path / "a"
    articles.mkdir()
    (articles / "one.txt").write_text("About 40 people were evacuated on Tuesday.\n", encoding="utf-8")
    (articles / "two.txt").write_text("About 400 people were evacuated on Tuesday.\n", encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    old = '{"tool": "factcheck", "version": 1, "findings": []}\n'
    baseline.write_text(old, encoding="utf-8")
    _kill_mid_write(["run", "a", "--no-cache", "-j", "1", "--no-config", "--write-baseline", "baseline.json"],
                    "wb", tmp_path)
    assert baseline.read_text(encoding="utf-8") == old
    # the half-written temporary file shows the kill really came mid-write
    partial = [p for p in tmp_path.iterdir() if p.name.startswith(".baseline.json.")]
    assert partial and 0 < partial[0].stat().st_size
    # and the old baseline still works
    proc = subprocess.run([sys.executable, "-m", "factcheck", "run", "a", "--no-cache", "-j", "1", "--no-config",
                           "--baseline", "baseline.json", "-f", "line"], capture_output=True, text=True,
                          timeout=300, cwd=tmp_path)
    assert proc.returncode == 1 and "people" in proc.stdout, proc.stderr


def _entries(cache: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(cache.rglob("*"))
            if p.is_file() and p.parent != cache and not p.name.endswith(".tmp")}


def test_killed_cache_write_leaves_only_whole_entries(tmp_path: Path) -> None:
    articles = tmp_path / "a"
    articles.mkdir()
    (articles / "one.txt").write_text("About 40 people were evacuated on Tuesday.\n", encoding="utf-8")
    common = ["run", "a", "-j", "1", "--no-config", "-f", "json", "--cache-dir", "cache"]
    subprocess.run([sys.executable, "-m", "factcheck", *common], capture_output=True, timeout=300, cwd=tmp_path,
                   check=False)
    cache = tmp_path / "cache"
    old = _entries(cache)
    assert old  # the first run stored its analysis
    (articles / "two.txt").write_text("About 400 people were evacuated on Tuesday.\n", encoding="utf-8")
    _kill_mid_write(common, "wb", tmp_path)
    assert any(p.name.endswith(".tmp") for p in cache.rglob("*"))  # killed mid-write indeed
    now = _entries(cache)
    assert {p: now.get(p) for p in old} == old  # old entries untouched
    store = Cache(cache)
    for p in now:  # every entry in place is whole: it reads back
        assert store.get(bytes.fromhex(p.parent.name + p.name)) is not None, p
    # a later run with the cache reports exactly what a run without it does
    warm = subprocess.run([sys.executable, "-m", "factcheck", *common], capture_output=True, text=True,
                          timeout=300, cwd=tmp_path)
    cold = subprocess.run([sys.executable, "-m", "factcheck", *common[:-2], "--no-cache"], capture_output=True,
                          text=True, timeout=300, cwd=tmp_path)
    assert warm.returncode == cold.returncode == 1, warm.stderr
    assert warm.stdout == cold.stdout


def test_output_is_the_same_with_any_number_of_jobs(corpus: Path, tmp_path: Path) -> None:
    outs = []
    for jobs in ("1", "2"):
        proc = subprocess.run([sys.executable, "-m", "factcheck", "run", str(corpus), "-j", jobs, "--no-cache",
                               "--no-config", "-f", "json"], capture_output=True, timeout=300, cwd=tmp_path)
        assert proc.returncode == 1, proc.stderr
        outs.append(proc.stdout)
    assert outs[0] == outs[1]
