"""``text``: the terminal report, for people.

Findings are grouped by the fact they are about; each finding lists every claim it rests on with its
``file:line:column``, its role (outlier, consensus, other…), its normalized value and the sentence it stands
in with the quoted span marked. A summary line counts findings by level. Colour is used only when standard
output is a terminal and ``NO_COLOR`` is not set; otherwise the output is plain text (spans marked
``»like this«``). Control and bidi-override characters from articles are never written to the terminal.
"""

from __future__ import annotations

import io
import os
import sys
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable

from rich.console import Console
from rich.text import Text

from factcheck.model import Evidence, Finding
from factcheck.report import Report

LEVEL_STYLE = {"error": "bold red", "warning": "bold yellow", "info": "bold cyan"}
ROLE_STYLE = {"outlier": "red", "consensus": "green", "other": "dim"}
CONTEXT_CHARS = 70
WIDTH = 120


def clean(text: str) -> str:
    """Article text made safe for a terminal: control characters (escape sequences, bidi overrides, line
    breaks) become spaces or vanish."""
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if ch in "\t\n\r\x0b\x0c\x85\u2028\u2029":
            out.append(" ")
        elif cat in ("Cc", "Cf", "Cs", "Co"):
            continue
        else:
            out.append(ch)
    return "".join(out)


def no_command(line: str) -> str:
    """A line that a CI runner would take for a workflow command (``::error::…`` at its start, after blanks)
    gets a ``./`` in front: article text and file names cannot issue commands through a log."""
    return "./" + line if line.lstrip().startswith("::") else line


def use_color() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


class _Excerpts:
    """The sentence around an evidence span, from the report's analyses."""

    def __init__(self, report: Report) -> None:
        self.docs = report.excerpt_sources({e.doc_id for f in report.findings for e in f.evidence})
        self.starts = {k: [s.start for s in a.sentences] for k, a in self.docs.items()}

    def of(self, ev: Evidence) -> tuple[str, str, str] | None:
        a = self.docs.get(ev.doc_id)
        if a is None or ev.end <= ev.start or not a.sentences:
            return None
        i = bisect_right(self.starts[ev.doc_id], ev.start) - 1
        if i < 0:
            return None
        s = a.sentences[i]
        text = a.doc.text
        lo, hi = s.start, max(s.end, ev.end)
        before, span, after = text[lo:ev.start], text[ev.start:ev.end], text[ev.end:hi]
        before, after = clean(before).lstrip(), clean(after).rstrip()
        if len(before) > CONTEXT_CHARS:
            before = "…" + before[-CONTEXT_CHARS:].lstrip()
        if len(after) > CONTEXT_CHARS:
            after = after[:CONTEXT_CHARS].rstrip() + "…"
        return before, clean(span), after


def _groups(findings: Iterable[Finding]) -> list[tuple[str | None, list[Finding]]]:
    order: list[tuple[str | None, list[Finding]]] = []
    index: dict[str, int] = {}
    for f in findings:
        if f.fact is None:
            order.append((None, [f]))
            continue
        if f.fact not in index:
            index[f.fact] = len(order)
            order.append((f.fact, []))
        order[index[f.fact]][1].append(f)
    return order


def _where(ev: Evidence) -> str:
    loc = ev.location
    rec = f"#{loc.record}" if loc.record is not None else ""
    return f"{clean(loc.path)}{rec}:{loc.line}:{loc.column}"


def build(report: Report, color: bool) -> Text:
    excerpts = _Excerpts(report)
    out = Text()
    for fact, findings in _groups(report.findings):
        if fact is not None:
            out.append(clean(fact), style="bold" if color else "")
            out.append("\n")
        for f in findings:
            indent = "  " if fact is not None else ""
            if fact is None and f.evidence:
                out.append(f"{_where(f.evidence[0])}: ")
            out.append(indent)
            out.append(f.severity.value, style=LEVEL_STYLE[f.severity.value] if color else "")
            out.append(f" [{f.rule}] {f.kind}: ")
            out.append(clean(f.message))
            out.append("\n")
            if fact is None and len(f.evidence) <= 1 and not (f.evidence and f.evidence[0].end > f.evidence[0].start):
                continue
            for ev in f.evidence:
                out.append(f"{indent}    ")
                out.append(f"{ev.role:<9}", style=ROLE_STYLE.get(ev.role, "") if color else "")
                out.append(f" {_where(ev)}")
                if ev.note:
                    out.append(f"  {clean(ev.note)}")
                out.append("\n")
                ex = excerpts.of(ev)
                if ex is not None:
                    before, span, after = ex
                    out.append(f"{indent}              {before}")
                    if color:
                        out.append(span, style="bold reverse")
                    else:
                        out.append(f"»{span}«")
                    out.append(f"{after}\n")
        out.append("\n")
    c = report.counts()

    def n(k: int, word: str) -> str:
        return f"{k} {word}{'' if k == 1 else 's'}"

    out.append(f"{n(report.files, 'file')} checked: ")
    for i, (level, word) in enumerate((("error", "error"), ("warning", "warning"), ("info", "info"))):
        count = c[level]
        label = f"{count} info" if level == "info" else n(count, word)
        out.append(label, style=(LEVEL_STYLE[level] if color and count else ""))
        out.append(", " if i < 2 else "\n")
    return out


def render(report: Report, color: bool | None = None) -> str:
    color = use_color() if color is None else color
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=color, no_color=not color, color_system="standard" if color
                      else None, width=WIDTH, soft_wrap=True, highlight=False, emoji=False, markup=False)
    console.print(build(report, color), end="")
    return "\n".join(no_command(line) for line in buf.getvalue().split("\n"))
