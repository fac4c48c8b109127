"""Benchmark a full ``factcheck run`` against the targets of the performance issue. Not a test.

    python benchmarks/run.py --articles 1000 10000 [--jobs 2] [--workdir /tmp/factcheck-bench]

For each corpus size: generates the corpus (``make_corpus.py``, seed 1, kept in the work folder for the next
time), then measures, each in a fresh process:

- ``cold``: ``factcheck run --jobs 1 --no-cache`` (single core, nothing cached): wall time, articles/s, MB/s
  of article text, peak RSS;
- ``cold+write``: the same with an empty cache folder (the first run a user makes, which fills the cache);
- ``warm, 1 edited``: after editing one article (a sentence appended), with that cache (only the edited file is
  summarized again, plus any article whose places it changes); then ``warm, mid-text``: after inserting the
  same sentence in the middle of another article, which moves the names after it;
- ``--jobs N``: all cores (or ``--jobs``), no cache: speed-up over ``cold`` and whether the output is identical;

and two references on the same text, in this process: a bare regex tokenisation pass
(``re.findall(r"\\w+|[^\\w\\s]", text)``) over the whole corpus, and quantulum3's ``parser.parse`` on a
sample of articles (``pip install -e '.[bench]'``). Prints a table and the targets met or not; ``--json
FILE`` also writes the figures. Single-core targets are judged on CPU time (printed beside wall time), so
that a machine shared with other jobs does not decide them; the ``--jobs`` speed-up is judged on wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TOKEN = re.compile(r"\w+|[^\w\s]")


def factcheck_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("factcheck")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "factcheck"]


def ensure_corpus(workdir: Path, n: int, seed: int) -> Path:
    out = workdir / f"corpus-{n}-{seed}"
    if not (out / ".manifest.json").exists():
        if out.exists():
            shutil.rmtree(out)
        subprocess.run([sys.executable, str(HERE / "make_corpus.py"), "--articles", str(n), "--seed", str(seed),
                        str(out)], check=True)
    return out


def corpus_texts(corpus: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(corpus.rglob("*.md"))]


def timed_run(args: list[str], cwd: Path, out_file: Path) -> dict:
    """Run factcheck; wall time, and peak RSS of the main process and of the whole process tree."""
    import psutil

    start = time.perf_counter()
    err_file = out_file.with_suffix(".stderr")
    with open(out_file, "wb") as fh, open(err_file, "wb") as eh:
        proc = subprocess.Popen([*factcheck_cmd(), *args], cwd=cwd, stdout=fh, stderr=eh)
        ps = psutil.Process(proc.pid)
        tree_peak = 0
        while True:
            # wait4 rather than poll: it also gives the finished process's own peak RSS
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            try:
                tree_peak = max(tree_peak, sum(p.memory_info().rss for p in [ps, *ps.children(recursive=True)]))
            except psutil.Error:
                pass
            time.sleep(0.05)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"factcheck {' '.join(args)} failed ({proc.returncode}):\n{err_file.read_text()}")
    main_peak = usage.ru_maxrss * 1024  # Linux reports KiB
    # CPU time of the run and of the workers it reaped: on a machine shared with other jobs, wall time
    # measures the neighbours too; for a --jobs 1 run on an idle core, CPU time is what wall time would be.
    cpu = usage.ru_utime + usage.ru_stime
    return {"cpu_s": cpu, "load": os.getloadavg()[0], "wall_s": wall,
            "peak_rss_mb": max(main_peak, tree_peak) / 2**20, "exit": proc.returncode}


def reference_regex(texts: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of the bare tokenisation pass."""
    start, cpu = time.perf_counter(), time.process_time()
    n = 0
    for t in texts:
        n += len(TOKEN.findall(t))
    return time.perf_counter() - start, time.process_time() - cpu


def reference_quantulum(texts: list[str], budget_s: float) -> tuple[float, int] | None:
    """quantulum3's throughput in bytes/s on the first articles, for about ``budget_s`` seconds."""
    try:
        from quantulum3 import parser
    except ImportError:
        return None
    parser.parse("warm up: 5 km")  # loads its model once; not counted
    done = 0
    start = time.process_time()  # CPU time, comparable with the CPU-time figures of the runs
    for t in texts:
        parser.parse(t)
        done += len(t.encode())
        if time.process_time() - start > budget_s:
            break
    return done / (time.process_time() - start), done


def edit_one(corpus: Path) -> Path:
    """Append a sentence to one article (in a copy of the corpus), as an editor would."""
    target = sorted(corpus.rglob("*.md"))[len(list(corpus.rglob("*.md"))) // 2]
    with open(target, "a", encoding="utf-8") as fh:
        fh.write("\nAn update: officials said 12 more people had been evacuated on Friday.\n")
    return target


def edit_middle(corpus: Path) -> Path:
    """Insert the same sentence in the middle of another article: everything after it moves (the names
    findings of the last run are then made again; see README, "Incremental corpus stage")."""
    files = sorted(corpus.rglob("*.md"))
    target = files[len(files) // 3]
    text = target.read_text(encoding="utf-8")
    at = text.find("\n\n", len(text) // 2)
    at = len(text) if at < 0 else at
    target.write_text(text[:at] + "\n\nAn update: officials said 12 more people had been evacuated on Friday."
                      + text[at:], encoding="utf-8")
    return target


def warm_run(ccommon: list[str], workdir: Path, out_dir: Path, name: str, cold: dict, no_verify: bool,
             what: str) -> dict:
    """A cached run after an edit, against the cold one, and (unless ``no_verify``) against an uncached run of
    the edited corpus."""
    warm = timed_run(ccommon, workdir, out_dir / f"{name}.json")
    if no_verify:
        warm["identical"] = None
    else:
        timed_run([*ccommon[:-2], "--no-cache"], workdir, out_dir / f"{name}-ref.json")
        warm["identical"] = (out_dir / f"{name}.json").read_bytes() == (out_dir / f"{name}-ref.json").read_bytes()
    warm["ratio"] = warm["wall_s"] / cold["wall_s"]
    warm["cpu_ratio"] = warm["cpu_s"] / cold["cpu_s"]
    print(f"warm, one article {what}: {warm['wall_s']:.2f} s = {100 * warm['ratio']:.1f} % of cold "
          f"({100 * warm['cpu_ratio']:.1f} % by CPU time), identical to an uncached run: {warm['identical']}",
          flush=True)
    return warm


def parallel_run(common: list[str], jobs: int, workdir: Path, out_dir: Path, cold: dict) -> dict:
    par = timed_run([*common, "--jobs", str(jobs), "--no-cache"], workdir, out_dir / "jobs.json")
    par["jobs"] = jobs
    par["identical"] = (out_dir / "jobs.json").read_bytes() == (out_dir / "cold.json").read_bytes()
    par["speedup"] = cold["wall_s"] / par["wall_s"]
    print(f"--jobs {jobs}: {par['wall_s']:.2f} s, speed-up {par['speedup']:.2f}x, identical output: "
          f"{par['identical']}, peak RSS (all processes) {par['peak_rss_mb']:.0f} MB", flush=True)
    return par


def bench(n: int, args: argparse.Namespace) -> dict:
    workdir: Path = args.workdir
    corpus = ensure_corpus(workdir, n, args.seed)
    texts = corpus_texts(corpus)
    mb = sum(len(t.encode()) for t in texts) / 1e6
    res: dict = {"articles": len(texts), "mb": mb}
    out_dir = workdir / f"out-{n}"
    out_dir.mkdir(parents=True, exist_ok=True)
    common = ["run", str(corpus), "--format", "json", "--no-config", "--exit-zero"]

    print(f"\n== {n} articles, {mb:.1f} MB ==", flush=True)
    res["regex_s"], res["regex_cpu_s"] = reference_regex(texts)
    print(f"regex tokenisation: {res['regex_s']:.2f} s wall, {res['regex_cpu_s']:.2f} s CPU "
          f"({mb / res['regex_cpu_s']:.1f} MB/s by CPU time)", flush=True)
    q = reference_quantulum(texts, args.quantulum_seconds)
    if q:
        res["quantulum_bps"], res["quantulum_bytes"] = q
        print(f"quantulum3: {q[0] / 1e3:.1f} KB/s (CPU time) on {q[1] / 1e3:.0f} KB", flush=True)

    cold = timed_run([*common, "--jobs", "1", "--no-cache"], workdir, out_dir / "cold.json")
    res["cold"] = cold
    print(f"cold --jobs 1 --no-cache: {cold['wall_s']:.2f} s wall, {cold['cpu_s']:.2f} s CPU, "
          f"{len(texts) / cold['wall_s']:.0f} articles/s, {mb / cold['wall_s']:.2f} MB/s (by CPU time: "
          f"{len(texts) / cold['cpu_s']:.0f} articles/s, {mb / cold['cpu_s']:.2f} MB/s), "
          f"peak RSS {cold['peak_rss_mb']:.0f} MB, load average {cold['load']:.1f}", flush=True)

    jobs = args.jobs or os.cpu_count() or 1
    if not args.skip_parallel:
        res["parallel"] = parallel_run(common, jobs, workdir, out_dir, cold)

    if not args.skip_cache:
        copy = workdir / f"edit-{n}"
        if copy.exists():
            shutil.rmtree(copy)
        shutil.copytree(corpus, copy)
        cache = workdir / f"cache-{n}"
        if cache.exists():
            shutil.rmtree(cache)
        ccommon = ["run", str(copy), "--format", "json", "--no-config", "--exit-zero", "--jobs", "1",
                   "--cache-dir", str(cache)]
        fill = timed_run(ccommon, workdir, out_dir / "fill.json")
        res["cold_cache_write"] = fill
        print(f"cold --jobs 1 filling the cache: {fill['wall_s']:.2f} s wall, {fill['cpu_s']:.2f} s CPU", flush=True)
        edit_one(copy)
        res["warm_one_edited"] = warm_run(ccommon, workdir, out_dir, "warm", cold, args.no_verify, "edited")
        edit_middle(copy)  # then a second edit, mid-article, on the cache the first warm run left
        res["warm_mid_edited"] = warm_run(ccommon, workdir, out_dir, "warm-mid", cold, args.no_verify,
                                          "edited mid-text")
        shutil.rmtree(copy)
        shutil.rmtree(cache)
    return res


def targets(results: list[dict]) -> list[tuple[str, str, bool | None]]:
    out: list[tuple[str, str, bool | None]] = []
    for r in results:
        n, cold = r["articles"], r["cold"]["wall_s"]
        mbps = r["mb"] / cold
        regex_ratio = cold / r["regex_s"]
        cpu_mbps = r["mb"] / r["cold"]["cpu_s"]
        out.append((f"{n}: cold single core ≥ 2 MB/s", f"{mbps:.2f} MB/s wall, {cpu_mbps:.2f} MB/s by CPU time",
                    cpu_mbps >= 2))
        cpu_regex_ratio = r["cold"]["cpu_s"] / r["regex_cpu_s"]
        out.append((f"{n}: ≤ 5x the regex tokenisation pass", f"{regex_ratio:.0f}x wall, "
                    f"{cpu_regex_ratio:.0f}x by CPU time", cpu_regex_ratio <= 5))
        if "quantulum_bps" in r:
            q = (r["mb"] * 1e6 / r["cold"]["cpu_s"]) / r["quantulum_bps"]
            out.append((f"{n}: ≥ 100x quantulum3's throughput (both by CPU time)", f"{q:.0f}x", q >= 100))
        out.append((f"{n}: articles/s (≥ 500)", f"{n / cold:.0f} wall, {n / r['cold']['cpu_s']:.0f} by CPU time",
                    n / r["cold"]["cpu_s"] >= 500))
        par = r.get("parallel", {})
        if par.get("jobs") == 2:
            out.append((f"{n}: --jobs 2 ≥ 1.7x, identical output", f"{par['speedup']:.2f}x, "
                        f"identical={par['identical']}", par["speedup"] >= 1.7 and par["identical"]))
        if "warm_one_edited" in r:
            w = r["warm_one_edited"]
            out.append((f"{n}: warm re-run after 1 edit < 10% of cold", f"{100 * w['ratio']:.1f} % wall, "
                        f"{100 * w['cpu_ratio']:.1f} % CPU, identical={w['identical']}",
                        w["cpu_ratio"] < 0.10 and w["identical"] is not False))
        if "warm_mid_edited" in r:
            w = r["warm_mid_edited"]
            out.append((f"{n}: … after 1 edit mid-article (names moved) < 10% of cold", f"{100 * w['ratio']:.1f} % "
                        f"wall, {100 * w['cpu_ratio']:.1f} % CPU, identical={w['identical']}",
                        w["cpu_ratio"] < 0.10 and w["identical"] is not False))
        if n >= 100_000:
            peak = r["cold"]["peak_rss_mb"]
            out.append((f"{n}: peak memory < 1 GB", f"{peak:.0f} MB", peak < 1024))
    by_n = {r["articles"]: r for r in results}
    for small in sorted(by_n):
        big = small * 10
        if big in by_n:
            ratio = by_n[big]["cold"]["wall_s"] / by_n[small]["cold"]["wall_s"]
            cpu_ratio = by_n[big]["cold"]["cpu_s"] / by_n[small]["cold"]["cpu_s"]
            out.append((f"linear: time({big}) / time({small}) ≤ 11", f"{ratio:.1f} wall, {cpu_ratio:.1f} CPU",
                        cpu_ratio <= 11))
    return out


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        import psutil

        mem = f", {psutil.virtual_memory().total / 2**30:.0f} GiB RAM"
    except ImportError:
        pass
    return f"{cpu}, {os.cpu_count()} cores{mem}, {platform.system()} {platform.release()}, " \
           f"Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Benchmark factcheck run (see the module docstring).")
    ap.add_argument("--articles", type=int, nargs="+", default=[1000, 10000],
                    help="corpus sizes (default: 1000 10000; the issue's set is 1000 10000 100000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=0, help="workers for the parallel run (default: all cores)")
    ap.add_argument("--workdir", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "factcheck-bench")
    ap.add_argument("--quantulum-seconds", type=float, default=5.0, help="time budget of the quantulum3 sample")
    ap.add_argument("--skip-cache", action="store_true", help="skip the cache runs")
    ap.add_argument("--skip-parallel", action="store_true", help="skip the --jobs run")
    ap.add_argument("--no-verify", action="store_true",
                    help="skip the uncached run that checks the warm run's output (saves one cold run)")
    ap.add_argument("--json", type=Path, help="also write the figures to this file")
    args = ap.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(f"machine: {machine()}")
    results = [bench(n, args) for n in args.articles]
    print("\n== targets ==")
    rows = targets(results)
    for name, value, ok in rows:
        print(f"{'MET    ' if ok else 'NOT MET'}  {name}: {value}")
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "results": results,
                                         "targets": [{"target": a, "value": b, "met": c} for a, b, c in rows]},
                                        indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
