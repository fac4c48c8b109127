"""Parallel runs, the incremental cache and the Dask executor give byte-identical output to a cold
single-process run; a corrupt or foreign cache entry is ignored and rebuilt; runs may share a cache."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck.cache import MAGIC, Cache, entry_key, restricted_loads, run_salt
from factcheck.cli import app
from factcheck.executors import ExecutorError, ProcessExecutor, make_executor
from factcheck.file_analysis import AnalyzeStats, ScaleOptions
from factcheck.mention_output import render_json
from factcheck.pipeline import analyze_all

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sources"


def _make_corpus_module():
    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "benchmarks" / "make_corpus.py")
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules.setdefault("make_corpus", mod)
    spec.loader.exec_module(mod)
    return mod


def corpus(tmp_path_factory: pytest.TempPathFactory, n: int, seed: int = 1) -> Path:
    out = tmp_path_factory.mktemp(f"corpus{n}")
    _make_corpus_module().generate(n, seed, out)
    return out


def run_cli(*args: str) -> str:
    result = CliRunner().invoke(app, ["run", *args, "--format", "json", "--no-config", "--exit-zero"])
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result.stdout


@pytest.fixture(scope="session")
def corpus_1k(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return corpus(tmp_path_factory, 1000)


@pytest.fixture(scope="session")
def corpus_small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return corpus(tmp_path_factory, 40, seed=7)


@pytest.fixture(scope="session")
def cache_1k(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache1k")


@pytest.fixture(scope="session")
def reference_1k(corpus_1k: Path, cache_1k: Path) -> str:
    """A cold single-process run; it also fills a cache (empty before), which the warm run reads."""
    return run_cli(str(corpus_1k), "--jobs", "1", "--cache-dir", str(cache_1k))


@pytest.fixture(scope="session")
def dask_address():
    distributed = pytest.importorskip("distributed")
    # two worker processes, as a real cluster has (threads would serialise on the GIL and double the test time)
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    yield f"dask:{cluster.scheduler_address}"
    cluster.close()


# --- the benchmark corpus -------------------------------------------------------------------------------

def test_make_corpus_is_deterministic_and_plants_what_its_manifest_says(tmp_path: Path) -> None:
    mc = _make_corpus_module()
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    ma = mc.generate(60, 3, a)
    mc.generate(60, 3, b)
    mc.generate(60, 4, c)
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert len([f for f in files if f.suffix == ".md"]) == 60
    assert all((a / f).read_bytes() == (b / f).read_bytes() for f in files)
    assert any((a / f).read_bytes() != (c / f).read_bytes() for f in files if f.suffix == ".md")
    assert len(ma["stories"]) == 6 and len({s["place"] for s in ma["stories"]}) == 6
    sizes = [(a / f).stat().st_size for f in files if f.suffix == ".md"]
    assert 2500 < sum(sizes) / len(sizes) < 6000  # news-sized
    big = mc.generate(400, 3, tmp_path / "big")
    kinds = {p["type"] for p in big["planted"]}
    assert kinds == {"contradiction", "misspelling"} and 0 < len(big["planted"]) < 60  # a small known rate
    for p in big["planted"]:
        text = (tmp_path / "big" / p["path"]).read_text(encoding="utf-8")
        story = (tmp_path / "big" / p["path"]).parent
        others = "".join(f.read_text(encoding="utf-8") for f in story.glob("*.md") if f.name != Path(p["path"]).name)
        if p["type"] == "misspelling":  # twice in its article; the right spelling in the story's others
            assert text.count(p["stated"]) >= 2 and p["stated"] != p["correct"] and p["correct"] in others
            assert p["stated"] not in others


# --- byte-identical output --------------------------------------------------------------------------------

def test_sample_corpus_same_bytes_with_jobs_cache_and_dask(tmp_path: Path, dask_address: str) -> None:
    ref = run_cli(str(SAMPLE), "--jobs", "1", "--no-cache")
    assert '"findings"' in ref
    cache = str(tmp_path / "cache")
    assert run_cli(str(SAMPLE), "--jobs", "2", "--no-cache") == ref
    assert run_cli(str(SAMPLE), "--jobs", "2", "--cache-dir", cache) == ref  # cold: fills the cache
    assert any((tmp_path / "cache").rglob("*"))
    assert run_cli(str(SAMPLE), "--jobs", "1", "--cache-dir", cache) == ref  # warm
    assert run_cli(str(SAMPLE), "--executor", dask_address, "--no-cache") == ref


def test_1k_corpus_same_bytes_with_jobs_2(corpus_1k: Path, reference_1k: str) -> None:
    assert run_cli(str(corpus_1k), "--jobs", "2", "--no-cache") == reference_1k


def test_1k_corpus_same_bytes_with_warm_cache(corpus_1k: Path, reference_1k: str, cache_1k: Path) -> None:
    entries = [p for p in cache_1k.rglob("*") if p.is_file() and p.parent != cache_1k]
    assert len(entries) == 1000  # one entry a file, written by the reference run
    assert run_cli(str(corpus_1k), "--jobs", "2", "--cache-dir", str(cache_1k)) == reference_1k  # warm


def test_1k_corpus_same_bytes_on_dask(corpus_1k: Path, reference_1k: str, dask_address: str) -> None:
    assert run_cli(str(corpus_1k), "--executor", dask_address, "--no-cache") == reference_1k


# --- the cache ----------------------------------------------------------------------------------------------

def _mentions(paths: list[Path], **scale: object) -> str:
    analyses, problems, _ = analyze_all(paths, ScaleOptions(**scale))
    return render_json(analyses, problems)


def test_editing_one_article_reanalyses_only_that_one(corpus_small: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    subprocess.run(["cp", "-r", str(corpus_small), str(work)], check=True)
    cache = tmp_path / "cache"
    _mentions([work], cache_dir=cache)
    target = sorted(work.rglob("*.md"))[5]
    target.write_text(target.read_text(encoding="utf-8").replace("residents", "inhabitants", 1) +
                      "\nOfficials said 75 more families had left on Friday.\n", encoding="utf-8")
    stats = AnalyzeStats()
    warm = _mentions([work], cache_dir=cache, stats=stats)
    assert (stats.cached, stats.analysed) == (39, 1)
    assert warm == _mentions([work])  # the edit is seen: same as an uncached run
    assert "75 more families" in target.read_text(encoding="utf-8")


def test_key_depends_on_content_path_and_setup() -> None:
    salt = run_salt([])
    k = entry_key(salt, "a.md", b"text")
    assert k == entry_key(salt, "a.md", b"text")
    assert len({k, entry_key(salt, "b.md", b"text"), entry_key(salt, "a.md", b"text!"),
                entry_key(salt + "x", "a.md", b"text")}) == 4


class _Evil:
    def __reduce__(self):
        return (os.system, ("touch /tmp/factcheck-cache-pwned",))


def test_corrupt_and_foreign_entries_are_ignored_and_rebuilt(corpus_small: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    reference = _mentions([corpus_small])
    _mentions([corpus_small], cache_dir=cache_dir)
    entries = sorted(p for p in cache_dir.rglob("*") if p.is_file() and p.parent != cache_dir)
    assert len(entries) == 40
    marker = Path("/tmp/factcheck-cache-pwned")
    marker.unlink(missing_ok=True)
    for i, p in enumerate(entries):
        blob = p.read_bytes()
        header, key, payload = blob[:len(MAGIC) + 32], blob[len(MAGIC) + 32 : len(MAGIC) + 64], blob[len(MAGIC) + 64:]
        match i % 6:
            case 0:
                p.write_bytes(blob[: len(blob) // 2])  # truncated
            case 1:
                p.write_bytes(b"")  # empty
            case 2:
                p.write_bytes(header + key + payload[:-1] + bytes([payload[-1] ^ 1]))  # flipped bit
            case 3:
                p.write_bytes(b"NOTOURS!" + blob[len(MAGIC):])  # another tool's file
            case 4:  # a well-formed entry whose pickle would run a command
                evil = pickle.dumps(_Evil())
                p.write_bytes(MAGIC + hashlib.sha256(evil).digest() + key + evil)
            case 5:  # a sound entry, but stored for another key (renamed or copied)
                p.write_bytes(header + bytes(32) + payload)
    assert _mentions([corpus_small], cache_dir=cache_dir) == reference
    assert not marker.exists()
    stats = AnalyzeStats()
    assert _mentions([corpus_small], cache_dir=cache_dir, stats=stats) == reference
    assert stats.cached == 40  # every entry was rebuilt


def test_restricted_unpickler_refuses_foreign_globals() -> None:
    with pytest.raises(pickle.UnpicklingError):
        restricted_loads(pickle.dumps(_Evil()))
    with pytest.raises(pickle.UnpicklingError):
        restricted_loads(pickle.dumps(Path("x")))

def test_an_entry_the_unpickler_refuses_is_a_miss(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    assert cache.put(b"k" * 32, _Evil())  # stored (pickling does not run it) …
    assert cache.get(b"k" * 32) is None  # … but never loaded
    assert cache.put(b"j" * 32, ({"a": (1.5, float("inf"))}, []))
    assert cache.get(b"j" * 32) == ({"a": (1.5, float("inf"))}, [])
    assert cache.get(b"x" * 32) is None


def test_concurrent_runs_share_a_cache(corpus_small: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    exe = Path(sys.executable).with_name("factcheck")
    cmd = [str(exe), "run", str(corpus_small), "--format", "json", "--no-config", "--exit-zero",
           "--jobs", "1", "--cache-dir", str(cache)]
    outs = [tmp_path / f"out{i}.json" for i in range(3)]
    procs = [subprocess.Popen(cmd, stdout=open(o, "wb"), stderr=subprocess.PIPE) for o in outs]
    for p in procs:
        assert p.wait(timeout=120) == 0, p.stderr.read() if p.stderr else ""
    ref = run_cli(str(corpus_small), "--jobs", "1", "--no-cache")
    assert all(o.read_text(encoding="utf-8") == ref for o in outs)
    assert not [p for p in cache.rglob(".tmp-*")]  # no temporary file left behind
    assert run_cli(str(corpus_small), "--jobs", "1", "--cache-dir", str(cache)) == ref


# --- executors ------------------------------------------------------------------------------------------

def _slow_identity(x: float) -> float:
    time.sleep(x)
    return x


def test_process_pool_yields_in_submission_order() -> None:
    items = [0.3, 0.0, 0.2, 0.0, 0.1, 0.0]
    with ProcessExecutor(2) as ex:
        assert list(ex.map(_slow_identity, items)) == items


def test_bad_executor_is_a_usage_error() -> None:
    with pytest.raises(ExecutorError):
        make_executor("spark", 2)
    result = CliRunner().invoke(app, ["run", str(SAMPLE), "--executor", "spark", "--no-cache"])
    assert result.exit_code == 2
    assert "unknown executor" in result.output


def test_an_uncached_run_reads_each_file_once_a_pass_and_reports_one_it_cannot_read(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from factcheck import loading
    from factcheck.file_analysis import ScaleOptions
    from factcheck.pipeline import RunOptions, run

    samples = sorted((Path(__file__).resolve().parents[1] / "sources").glob("*.txt"))[:3]
    for src in samples:
        (tmp_path / src.name).write_bytes(src.read_bytes())
    (tmp_path / "secret.txt").write_text("Some 5 km away.", encoding="utf-8")
    reads: list[str] = []
    real = loading.read_article_bytes

    def counted(fp: Path, shown: str) -> bytes | list:
        reads.append(fp.name)
        if fp.name == "secret.txt":
            return [loading.problem(shown, "cannot read: Permission denied")]
        return real(fp, shown)

    monkeypatch.setattr(loading, "read_article_bytes", counted)
    import factcheck.file_analysis as file_analysis
    monkeypatch.setattr(file_analysis, "read_article_bytes", counted)
    report = run(RunOptions(paths=[tmp_path], scale=ScaleOptions()))
    # pass 1 (the places) and pass 2 (the summaries) read a readable file once each; the unreadable one is
    # reported once and not read again
    assert sorted(reads) == sorted([s.name for s in samples] * 2 + ["secret.txt"])
    problems = [f for f in report.findings if "Permission denied" in f.message]
    assert len(problems) == 1 and problems[0].evidence[0].location.path.endswith("secret.txt")
    assert sorted(Path(d.path).name for d in report.docs) == sorted(s.name for s in samples) and report.files == 4
