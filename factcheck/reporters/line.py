"""``line``: one finding a line, ``path:line:col: level [rule] message``, for editors, grep and CI logs.

The path, line and column are those of the finding's first evidence (1-based, in the original file, so that
editors can jump to it even inside a ``.json``/``.jsonl`` file). Findings with no position are shown with the
path ``-``. Newlines in messages become spaces so that every finding stays on one line. No summary line:
the output is exactly one line per finding (empty when there is nothing to report).
"""

from __future__ import annotations

from factcheck.model import Finding
from factcheck.report import Report
from factcheck.reporters.text import clean, no_command


def one_line(text: str) -> str:
    return " ".join(text.split())


def format_finding(f: Finding) -> str:
    loc = f.evidence[0].location if f.evidence else None
    if loc is None:
        where = "-:1:1"
    else:
        where = f"{clean(loc.path)}:{loc.line}:{loc.column}"
    # article text and file names reach a terminal or CI log: no escape sequences, no workflow commands
    return no_command(f"{where}: {f.severity.value} [{f.rule}] {one_line(clean(f.message))}")


def render(report: Report) -> str:
    return "".join(format_finding(f) + "\n" for f in report.findings)
