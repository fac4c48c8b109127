"""``html``: one self-contained page for editors (``factcheck run --format html --output report.html``).

Summary (counts by level and kind, articles, rules), filters by level and kind, the findings, every fact
on a number line (each article's claim as its interval, consensus shaded, outliers in red) with the
sentences it came from, and each article with its mentions underlined and findings marked. Inline CSS,
SVG and a little plain JavaScript; nothing is loaded from the network; prints cleanly.
"""

from __future__ import annotations

from factcheck.html.page import render_page
from factcheck.report import Report


def render(report: Report) -> str:
    return render_page(report)


def render_facts(report: Report) -> str:
    """The fact sheet (``factcheck facts --format html``): summary, findings and number lines, no article
    texts."""
    return render_page(report, sections=("summary", "findings", "facts"), title="factcheck fact sheet")
