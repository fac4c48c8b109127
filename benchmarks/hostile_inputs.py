"""Hostile inputs at scale (issue 9): a huge single-line article and very many tiny files through `factcheck run`.

Measures wall time, peak RSS of the run (children's max RSS) and checks that there is no traceback and that
the exit code is the documented one. Targets are checked here, never in timed tests.

    .venv/bin/python benchmarks/hostile_inputs.py                 # 50 MB line, 100k files (slow)
    .venv/bin/python benchmarks/hostile_inputs.py --mb 5 --files 2000 --jobs 2
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SENTENCE = "The fire burned 500 acres near the river and 12 people were evacuated. "


def _run(args: list[str], cwd: Path) -> tuple[float, int, subprocess.CompletedProcess[str]]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "factcheck", "run", *args], capture_output=True, text=True,
                          cwd=cwd)
    elapsed = time.perf_counter() - t0
    peak_kb = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)
    return elapsed, peak_kb // 1024, proc


def _report(name: str, elapsed: float, peak_mb: int, proc: subprocess.CompletedProcess[str]) -> bool:
    ok = "Traceback" not in proc.stderr and proc.returncode in (0, 1)
    print(f"{name}: {elapsed:.1f} s, peak RSS ≤ {peak_mb} MB (max over runs so far), exit {proc.returncode}, "
          f"{'ok' if ok else 'FAILED'}")
    if not ok:
        print(proc.stderr[-2000:])
    return ok


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=50.0, help="size of the single-line article (MB)")
    ap.add_argument("--files", type=int, default=100_000, help="number of tiny files")
    ap.add_argument("--jobs", default="0", help="--jobs for factcheck run (0: all cores)")
    args = ap.parse_args()
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        line = root / "line"
        line.mkdir()
        n = int(args.mb * 1e6) // len(SENTENCE)
        (line / "one_line.txt").write_text(SENTENCE * n, encoding="utf-8")
        elapsed, peak, proc = _run(["line", "--no-cache", "--no-config", "-j", args.jobs, "-f", "json"], root)
        ok &= _report(f"single line of {args.mb:g} MB", elapsed, peak, proc)

        many = root / "many"
        many.mkdir()
        for i in range(args.files):
            sub = many / f"{i // 1000:03d}"
            sub.mkdir(exist_ok=True)
            (sub / f"{i:06d}.txt").write_text(f"Item {i}: about {i % 50} people." if i % 7 else "", encoding="utf-8")
        elapsed, peak, proc = _run(["many", "--no-cache", "--no-config", "-j", args.jobs, "-f", "line"], root)
        ok &= _report(f"{args.files} tiny files (1 in 7 empty)", elapsed, peak, proc)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
