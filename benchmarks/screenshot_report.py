"""Render the HTML report of a corpus in headless Chromium, check a fact's number line, save a screenshot.

    .venv/bin/python benchmarks/screenshot_report.py                 # the sample corpus in sources/
    .venv/bin/python benchmarks/screenshot_report.py --out-dir /tmp/shots --sources other/ \\
        --fact-words flood river --outlier-file 002_

Runs ``factcheck run --format html`` (from the repository root, so ``rules/`` applies), opens the page in
Chromium (Debian's ``chromium`` package; run as root it needs ``--no-sandbox``), and in the browser finds the
fact whose title holds every ``--fact-words`` word, measures its number line and reads each row's role and
colour. It passes when that fact is drawn, has rows, and its outliers are exactly the claims of files whose
name starts with ``--outlier-file`` — drawn in red. It writes ``report.html``, ``numberline.png`` (summary and
that fact) and ``top.png`` (the top of the page) to ``--out-dir``. Exit 0 on success, 1 on a failed check,
2 when Chromium is missing.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from html import unescape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
RED = "rgb(198, 40, 40)"  # --err in report.css

# Injected into a copy of the report (never into the report itself): measures the number line in the browser.
PROBE = """
<script>
(function () {
  var words = %s;
  var res = {facts: 0, found: false, rows: []};
  var facts = Array.prototype.slice.call(document.querySelectorAll("article.fact"));
  res.facts = facts.length;
  var target = facts.filter(function (f) {
    var t = f.querySelector("h3").textContent.toLowerCase();
    return words.every(function (w) { return t.indexOf(w) >= 0; });
  })[0];
  if (target) {
    res.found = true;
    res.key = target.querySelector("h3").textContent;
    target.classList.add("fc-target");
    var svg = target.querySelector("svg.numberline");
    var box = svg.getBoundingClientRect();
    res.svg = [box.width, box.height];
    var band = svg.querySelector("rect.band");
    if (band) { var b = band.getBoundingClientRect(); res.band = [b.left - box.left, b.width]; }
    svg.querySelectorAll("g.row").forEach(function (g) {
      var mark = g.querySelector("circle, rect, line.stop, line.shaft");
      var r = mark.getBoundingClientRect();
      var style = getComputedStyle(mark);
      res.rows.push({doc: g.getAttribute("data-doc"), outlier: g.classList.contains("outlier"),
                     shape: g.getAttribute("data-shape"), x: r.left - box.left, w: r.width, h: r.height,
                     colour: mark.tagName === "line" ? style.stroke : style.fill,
                     label: g.querySelector("text.src").textContent,
                     value: g.querySelector("text.val").textContent});
    });
  }
  var shown = document.querySelector("#filters .shown");
  res.shown = shown ? shown.textContent : "";
  var pre = document.createElement("pre");
  pre.id = "fc-probe";
  pre.textContent = JSON.stringify(res);
  document.body.appendChild(pre);
})();
</script>
"""
FOCUS_CSS = ("<style>#findings, #articles, #filters, #fc-probe, article.fact:not(.fc-target), .legend "
             "{ display: none !important; }</style>")


def find_browser() -> str | None:
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    return None


def chromium(browser: str, url: str, *extra: str) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="fc-chromium-") as profile:
        cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--hide-scrollbars", f"--user-data-dir={profile}", *extra, url]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def build_report(sources: str, out: Path) -> None:
    cmd = [sys.executable, "-m", "factcheck", "run", "--format", "html", "--output", str(out), "--exit-zero",
           sources]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise SystemExit(f"factcheck run failed ({proc.returncode}): {proc.stderr.strip()}")


def probe(browser: str, page: Path, words: list[str], workdir: Path) -> dict:
    html = page.read_text(encoding="utf-8")
    harness = workdir / "probe.html"
    harness.write_text(html.replace("</body>", PROBE % json.dumps(words) + "</body>"), encoding="utf-8")
    proc = chromium(browser, harness.as_uri(), "--dump-dom", "--window-size=1280,900")
    m = re.search(r'<pre id="fc-probe">(.*?)</pre>', proc.stdout, re.S)
    if not m:
        raise SystemExit(f"the page did not run its probe in Chromium: {proc.stderr.strip()[-500:]}")
    return json.loads(unescape(m.group(1)))


def screenshots(browser: str, page: Path, words: list[str], out_dir: Path, workdir: Path) -> list[Path]:
    html = page.read_text(encoding="utf-8")
    focus = workdir / "focus.html"
    focus.write_text(html.replace("</head>", FOCUS_CSS + "</head>").replace(
        "</body>", PROBE % json.dumps(words) + "</body>"), encoding="utf-8")
    shots = [(focus, out_dir / "numberline.png", "1280,1100"), (page, out_dir / "top.png", "1280,1600")]
    for src, png, size in shots:
        chromium(browser, src.as_uri(), f"--screenshot={png}", f"--window-size={size}")
    return [png for _, png, _ in shots]


def check(result: dict, outlier_file: str) -> list[str]:
    """Problems with the measured number line (empty when it is right)."""
    problems = []
    if not result.get("found"):
        return [f"no fact with those words among {result.get('facts', 0)} facts"]
    rows = result["rows"]
    if len(rows) < 2:
        problems.append(f"only {len(rows)} claim(s) drawn")
    if not result.get("svg") or result["svg"][0] <= 0 or result["svg"][1] <= 0:
        problems.append("the number line has no size")
    name = lambda r: r["doc"].rsplit("/", 1)[-1]  # noqa: E731
    outliers = [r for r in rows if r["outlier"]]
    if not outliers:
        problems.append("no claim is marked as an outlier")
    wrong = [r["doc"] for r in outliers if not name(r).startswith(outlier_file)]
    if wrong:
        problems.append(f"outliers from other files: {wrong}")
    missed = [r["doc"] for r in rows if name(r).startswith(outlier_file) and not r["outlier"]]
    if missed:
        problems.append(f"claims of {outlier_file}* not marked as outliers: {missed}")
    if not [r for r in rows if not r["outlier"]]:
        problems.append("no claim agrees with the consensus")
    for r in rows:
        if (r["w"] <= 0 and r["h"] <= 0) or r["x"] < 0 or r["x"] > result["svg"][0]:
            problems.append(f"claim of {r['doc']} not drawn inside the line: {r}")
        if r["outlier"] and r["colour"] != RED:
            problems.append(f"outlier of {r['doc']} drawn in {r['colour']}, not red")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sources", default="sources")
    ap.add_argument("--out-dir", default=str(ROOT / "benchmarks" / "out"))
    ap.add_argument("--fact-words", nargs="+", default=["soledar", "bakhmut"])
    ap.add_argument("--outlier-file", default="000_")
    ap.add_argument("--report", help="use this HTML report instead of running factcheck")
    args = ap.parse_args(argv)
    browser = find_browser()
    if browser is None:
        print("chromium not found (Debian: apt-get install chromium)", file=sys.stderr)
        return 2
    out_dir = Path(args.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    page = out_dir / "report.html"
    if args.report:
        shutil.copyfile(args.report, page)
    else:
        build_report(args.sources, page)
    words = [w.lower() for w in args.fact_words]
    with tempfile.TemporaryDirectory(prefix="fc-shot-") as tmp:
        result = probe(browser, page, words, Path(tmp))
        pngs = screenshots(browser, page, words, out_dir, Path(tmp))
    print(f"fact: {result.get('key', '(not found)')}")
    for r in result.get("rows", []):
        tag = "OUTLIER" if r["outlier"] else "       "
        print(f"  {tag} {r['label']:<34} {r['value']:>12}  {r['shape']:<5} x={r['x']:.0f}px w={r['w']:.0f}px "
              f"{r['colour']}")
    if result.get("band"):
        print(f"  consensus band x={result['band'][0]:.0f}px w={result['band'][1]:.0f}px")
    print(f"filters: {result.get('shown', '')}")
    for png in pngs:
        print(f"screenshot: {png} ({png.stat().st_size if png.exists() else 0} bytes)")
    problems = check(result, args.outlier_file)
    if not all(p.exists() and p.stat().st_size > 0 for p in pngs):
        problems.append("no screenshot written")
    for p in problems:
        print(f"FAIL: {p}", file=sys.stderr)
    print("OK" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
