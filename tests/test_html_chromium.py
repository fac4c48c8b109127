"""The HTML report in a real browser (headless Chromium). Skipped when Chromium is not installed."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from html import unescape
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
_spec = importlib.util.spec_from_file_location("screenshot_report", ROOT / "benchmarks" / "screenshot_report.py")
shot = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(shot)

BROWSER = shot.find_browser()
pytestmark = pytest.mark.skipif(BROWSER is None, reason="chromium is not installed")

# Unticks the "error" level and the "name" underline, then reports what is hidden.
FILTER_PROBE = """<script>
(function () {
  var box = document.querySelector('input[data-filter="level"][value="error"]');
  box.checked = false;
  box.dispatchEvent(new Event("change", {bubbles: true}));
  var name = document.querySelector('input[data-filter="mention"][value="name"]');
  name.checked = false;
  name.dispatchEvent(new Event("change", {bubbles: true}));
  var res = {
    hidden: Array.prototype.map.call(document.querySelectorAll("li.finding[hidden]"), function (li) {
      return li.id; }),
    shown: document.querySelector("#filters .shown").textContent,
    quantityMark: document.querySelector("span.m-quantity.f").className,
    nameDecoration: getComputedStyle(document.querySelector("span.m-name")).textDecorationLine,
    fact: document.querySelector("article.fact").hidden,
    scripts: document.scripts.length,
    images: document.images.length
  };
  var pre = document.createElement("pre"); pre.id = "fc-probe"; pre.textContent = JSON.stringify(res);
  document.body.appendChild(pre);
})();
</script>"""


def test_filters_and_escaping_work_in_the_browser(tmp_path):
    from test_html_report import hostile_report

    from factcheck.reporters import html as html_reporter

    page = html_reporter.render(hostile_report())
    probe = tmp_path / "probe.html"
    probe.write_text(page.replace("</body>", FILTER_PROBE + "</body>"), encoding="utf-8")
    proc = shot.chromium(BROWSER, probe.as_uri(), "--dump-dom", "--window-size=1200,900")
    m = re.search(r'<pre id="fc-probe">(.*?)</pre>', proc.stdout, re.S)
    assert m, proc.stderr[-2000:]
    res = json.loads(unescape(m.group(1)))
    assert res["hidden"] == ["finding-0"]  # the one error
    assert res["shown"] == "2 of 3 findings shown"
    assert res["quantityMark"] == "m-quantity f"  # its highlight is gone, the underline stays
    assert res["nameDecoration"] == "none"
    assert res["fact"] is True  # the fact's only finding is filtered out
    assert res["scripts"] == 2 and res["images"] == 0  # ours and the probe; the article's <img> is text


def test_sample_corpus_number_line_in_chromium(tmp_path):
    """Acceptance: the Soledar–Bakhmut distance is drawn with the claims of 000 as the outliers."""
    rc = shot.main(["--out-dir", str(tmp_path)])
    assert rc == 0
    assert (tmp_path / "numberline.png").stat().st_size > 10_000
