"""Names benchmark: time of name extraction and of corpus-wide variant clustering on 1k…10k articles.

    .venv/bin/python benchmarks/names_clustering.py [--sizes 1000,2000,5000,10000] [--corpus DIR]

Uses the synthetic corpus of ``benchmarks/make_corpus.py`` (generated into a temporary folder unless
``--corpus`` names one made with ``--articles`` at least the largest size): about ten articles per story,
every story with its own invented places and people, 3 % of articles with a planted misspelling. For
each size it loads the first N articles, extracts name mentions, then runs the names checks' logic
(``factcheck.names.findings.name_findings``: blocking, candidate pairs, clusters, findings) and prints
the times, the number of distinct name tokens and candidate pairs, how many planted misspellings were
reported (recall; as ``misspelling``, or as ``spelling`` when the slip is also a transliteration such as
i -> y) and how many misspelling findings were not planted ("other": look-alike invented names).

Times are CPU seconds of the benchmark process (``time.process_time``), so that other work on the machine
does not distort the growth curve; the JSON output also has the wall-clock time of the clustering.

Clustering compares only tokens that share a blocking key (a transliteration skeleton with one letter
deleted, two for long words). The pairs of such tokens still grow faster than the corpus (look-alike names
of unrelated stories: 22,000 at 10,000 articles, 1.9 million at 100,000), so the story test is made before
the spellings are compared. The "µs/article" column stays about flat up to 10,000 articles and rises beyond
(``find_clusters``: 0.56 s CPU at 10,000 articles, 14.7 s at 100,000 in a run; ``benchmarks/RESULTS.md``).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from factcheck.loading import load  # noqa: E402
from factcheck.names import extract_names  # noqa: E402
from factcheck.names.cluster import candidate_pairs, collect_tokens, eligible, lowercase_words  # noqa: E402
from factcheck.names.findings import name_findings  # noqa: E402
from factcheck.sentences import split_sentences  # noqa: E402


def ensure_corpus(path: Path | None, articles: int) -> tuple[Path, tempfile.TemporaryDirectory | None]:
    if path is not None:
        return path, None
    tmp = tempfile.TemporaryDirectory(prefix="names-bench-")
    out = Path(tmp.name) / "corpus"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "make_corpus.py"), "--articles", str(articles),
                    "--seed", "1", str(out)], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return out, tmp


def measure(corpus: Path, n: int, manifest: dict) -> dict:
    files = sorted(p for p in corpus.rglob("*.md"))[:n]
    docs = load(files).documents
    # CPU time of this process: the wall clock of a shared machine says more about the neighbours
    t0 = time.process_time()
    analyses = [SimpleNamespace(doc=d, names=extract_names(d.text, split_sentences(d.text))) for d in docs]
    t1 = time.process_time()
    w1 = time.perf_counter()
    findings = name_findings(analyses, [])
    t2 = time.process_time()
    w2 = time.perf_counter()
    tokens = collect_tokens([a.names for a in analyses])
    lower = lowercase_words(d.text for d in docs)
    keys = [k for k, info in tokens.items() if eligible(info, lower, set())]
    pairs = len(candidate_pairs(keys))
    rel = {f.relative_to(corpus).as_posix() for f in files}
    planted = {(p["path"], p["stated"]) for p in manifest["planted"] if p["type"] == "misspelling" and p["path"] in rel}
    reported = set()
    for f in findings:  # a planted slip that is also a transliteration (i -> y) is reported as a spelling
        for e in f.evidence:
            if e.role == "variant":
                reported.add((Path(e.location.path).resolve().relative_to(corpus.resolve()).as_posix(), e.text))
    hits = planted & reported
    other = {f.message for f in findings if f.kind == "misspelling"
             and not any((Path(e.location.path).resolve().relative_to(corpus.resolve()).as_posix(), e.text) in planted
                         for e in f.evidence if e.role == "variant")}
    return {
        "articles": len(docs), "tokens": len(tokens), "eligible": len(keys), "pairs": pairs,
        "extract_s": t1 - t0, "cluster_s": t2 - t1, "cluster_wall_s": w2 - w1, "findings": len(findings),
        "planted": len(planted), "found": len(hits), "unplanted_misspellings": len(other),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,2000,5000,10000")
    ap.add_argument("--corpus", type=Path, default=None)
    ap.add_argument("--json", action="store_true", help="print one JSON object per size")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    corpus, tmp = ensure_corpus(args.corpus, max(sizes))
    try:
        manifest = json.loads((corpus / ".manifest.json").read_text(encoding="utf-8"))
        if not args.json:
            print(f"{'articles':>8} {'tokens':>7} {'eligible':>8} {'pairs':>7} {'extract s':>9} {'cluster s':>9} "
                  f"{'µs/article':>10} {'planted':>7} {'found':>5} {'other':>5}")
        for n in sizes:
            r = measure(corpus, n, manifest)
            if args.json:
                print(json.dumps(r))
                continue
            per = r["cluster_s"] / max(r["articles"], 1) * 1e6
            print(f"{r['articles']:>8} {r['tokens']:>7} {r['eligible']:>8} {r['pairs']:>7} {r['extract_s']:>9.2f} "
                  f"{r['cluster_s']:>9.2f} {per:>10.0f} {r['planted']:>7} {r['found']:>5} "
                  f"{r['unplanted_misspellings']:>5}")
    finally:
        if tmp is not None:
            tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
