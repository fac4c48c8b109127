"""Throughput of date extraction (dateline, mentions, resolution) on news prose.

    .venv/bin/python benchmarks/dates_throughput.py [--repeat 100] [--min-mbps 5]

The text is the sample corpus and the date fixtures repeated (about one date mention per 400 characters, far
denser than most news), analysed as one dated document. Prints MB/s; exits 1 below ``--min-mbps`` if given.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from factcheck.dates import extract_dates
from factcheck.model import Document, SourceMap, line_starts
from factcheck.sentences import split_sentences

ROOT = Path(__file__).resolve().parent.parent


def corpus() -> str:
    files = sorted((ROOT / "sources").glob("*.txt")) + sorted((ROOT / "tests" / "fixtures" / "dates").glob("*"))
    return "\n\n".join(f.read_text(encoding="utf-8") for f in files)


def dated(text: str) -> Document:
    doc = Document("bench.txt", text, SourceMap(line_starts(text)))
    doc.date, doc.date_source = dt.date(2024, 3, 14), "meta"
    return doc


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=100)
    ap.add_argument("--min-mbps", type=float, default=None)
    args = ap.parse_args()
    text = corpus()
    extract_dates(dated(text), split_sentences(text))  # warm-up: lexicon loaded, patterns compiled
    big = (text + "\n\n") * args.repeat
    doc, sentences = dated(big), split_sentences(big)
    best = float("inf")
    for _ in range(3):
        t = time.process_time()  # CPU time: a busy machine (parallel CI jobs) does not skew it much
        mentions = extract_dates(doc, sentences)
        best = min(best, time.process_time() - t)
    mbps = len(big.encode("utf-8")) / 1e6 / best
    print(f"dates: {len(big.encode('utf-8')) / 1e6:.2f} MB, {len(mentions)} mentions, best of 3 {best:.2f} s CPU, "
          f"{mbps:.1f} MB/s")
    return 1 if args.min_mbps is not None and mbps < args.min_mbps else 0


if __name__ == "__main__":
    sys.exit(main())
