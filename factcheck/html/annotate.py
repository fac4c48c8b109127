"""An article's text as HTML: every mention underlined by kind, every finding marked by level.

Spans may overlap (a quantity inside a finding's evidence, a name inside a date), so the text is cut at
every span boundary and every line end, and each piece is wrapped in one ``<span>`` whose classes say which
mention kinds and finding levels cover it. The tooltip (``title``) lists the mentions and the findings'
messages. Every piece of article text goes through ``html.escape``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape
from typing import Any

from factcheck.model import Document, line_starts

LEVEL_RANK = {"error": 3, "warning": 2, "info": 1}
TOOLTIP_FIELDS = 6  # at most this many fields of a mention's to_json() in its tooltip


@dataclass(frozen=True, slots=True)
class Mark:
    """A finding's evidence span in one document."""

    finding: int  # index into the report's findings (the page anchors them as finding-N)
    start: int
    end: int
    level: str
    kind: str
    message: str


def offset_of(doc: Document, line: int, column: int) -> int | None:
    """The text offset shown to users as ``line:column`` (the inverse of ``Document.position``), or None."""
    target = (line, column)
    lo, hi = 0, len(doc.text)
    while lo < hi:  # positions grow with offsets, so a binary search finds the first offset at or after it
        mid = (lo + hi) // 2
        p = doc.position(mid)
        if (p.line, p.column) < target:
            lo = mid + 1
        else:
            hi = mid
    if lo < len(doc.text):
        p = doc.position(lo)
        if (p.line, p.column) == target:
            return lo
    return None


def evidence_span(doc: Document, ev: Any) -> tuple[int, int] | None:
    """Where an evidence lies in ``doc``: its offsets when the check gave them, else found from its
    line/column and text. None when it names no text in this document (e.g. a file-level input error)."""
    if ev.end > ev.start and doc.text[ev.start:ev.end] == ev.text:
        return ev.start, ev.end
    if not ev.text:
        return None
    if ev.end > ev.start and ev.end <= len(doc.text):
        return ev.start, ev.end
    off = offset_of(doc, ev.location.line, ev.location.column)
    if off is not None and doc.text.startswith(ev.text, off):
        return off, off + len(ev.text)
    if off is not None:  # the text may have been quoted normalized; search its line
        found = doc.text.find(ev.text, max(off - 200, 0))
        if found >= 0:
            return found, found + len(ev.text)
    return None


def _scalar(v: Any) -> str | None:
    if isinstance(v, bool) or v is None:
        return None
    if isinstance(v, float):
        if math.isinf(v):
            return "∞" if v > 0 else "−∞"
        return f"{v:.6g}"
    if isinstance(v, (int, str)):
        return str(v)
    if isinstance(v, (list, tuple)) and len(v) <= 4 and all(isinstance(x, (int, float, str)) for x in v):
        return "[" + ", ".join(_scalar(x) or "" for x in v) + "]"
    return None


def describe_mention(m: Any) -> str:
    """Tooltip line for a mention: kind, text and its main normalized fields."""
    fields = []
    try:
        data = m.to_json()
    except Exception:  # a half-built extractor must not break the report
        data = {}
    for key, value in data.items():
        shown = _scalar(value)
        if shown is not None and shown != "":
            fields.append(f"{key}={shown}")
        if len(fields) >= TOOLTIP_FIELDS:
            break
    extra = f" ({', '.join(fields)})" if fields else ""
    return f"{m.kind}: “{m.text}”{extra}"


def _segments(length: int, spans: list[tuple[int, int, int]], cuts: list[int]):
    """Yield (start, end, active span ids) for consecutive pieces of [0, length)."""
    events: dict[int, list[tuple[int, int]]] = {}
    for sid, (s, e, _) in enumerate(spans):
        events.setdefault(s, []).append((1, sid))
        events.setdefault(e, []).append((-1, sid))
    points = sorted({0, length, *cuts, *events})
    active: set[int] = set()
    for a, b in zip(points, points[1:], strict=False):
        for delta, sid in events.get(a, ()):
            if delta < 0:
                active.discard(sid)
        for delta, sid in events.get(a, ()):
            if delta > 0:
                active.add(sid)
        if b > a:
            yield a, b, frozenset(active)


def render_text(doc: Document, mentions: list[Any], marks: list[Mark], anchor: str) -> str:
    """The article as ``<div class="line">`` rows (line numbers of the original file in ``data-line``,
    ``id="{anchor}-L{line}"`` on the first row of each file line) with mentions and findings marked."""
    text = doc.text
    n = len(text)
    # spans: (start, end, ref) where ref >= 0 is a mention index and ref < 0 is -(mark index) - 1
    spans: list[tuple[int, int, int]] = []
    for i, m in enumerate(mentions):
        s, e = max(0, m.start), min(n, m.end)
        if e > s:
            spans.append((s, e, i))
    for j, mk in enumerate(marks):
        s, e = max(0, mk.start), min(n, mk.end)
        if e > s:
            spans.append((s, e, -j - 1))
    # a finding's marker goes after the last piece of its span
    ends_at: dict[int, list[int]] = {}
    for _s, e, ref in spans:
        if ref < 0:
            ends_at.setdefault(e, []).append(-ref - 1)

    starts = line_starts(text)
    line_ends = []  # end of each line's content, before its line break
    for k, ls in enumerate(starts):
        le = starts[k + 1] if k + 1 < len(starts) else n
        while le > ls and text[le - 1] in "\r\n":
            le -= 1
        line_ends.append(le)
    cuts = sorted({*starts, *line_ends})

    out: list[str] = []
    described: dict[int, str] = {}  # mention index -> tooltip line, computed once however often it is cut
    seen_lines: set[int] = set()
    pieces = list(_segments(n, spans, cuts))
    pi = 0
    for k, ls in enumerate(starts):
        le = line_ends[k]
        file_line = doc.position(ls).line
        ident = f' id="{anchor}-L{file_line}"' if file_line not in seen_lines else ""
        seen_lines.add(file_line)
        out.append(f'<div class="line" data-line="{file_line}"{ident}><span class="tx">')
        # pieces never cross a cut, so each lies inside a line or inside a line break (skipped)
        while pi < len(pieces) and pieces[pi][1] <= ls:
            pi += 1
        while pi < len(pieces) and pieces[pi][0] < le:
            a, b, active = pieces[pi]
            out.append(_piece(text[a:b], active, spans, mentions, marks, described))
            for j in sorted(ends_at.get(b, ())):
                mk = marks[j]
                out.append(f'<sup class="fm lvl-{mk.level}" data-f="{mk.finding}"><a href="#finding-{mk.finding}" '
                           f'title="{escape(mk.message)}">{mk.finding + 1}</a></sup>')
            pi += 1
        out.append("</span></div>")
    return "".join(out)


def _piece(chunk: str, active: frozenset[int], spans: list[tuple[int, int, int]], mentions: list[Any],
           marks: list[Mark], described: dict[int, str]) -> str:
    if not active:
        return escape(chunk)
    kinds: set[str] = set()
    finding_ids: list[int] = []
    tips: list[str] = []
    level = ""
    for sid in sorted(active):
        ref = spans[sid][2]
        if ref >= 0:
            m = mentions[ref]
            kinds.add(str(m.kind))
            if ref not in described:
                described[ref] = describe_mention(m)
            tips.append(described[ref])
        else:
            mk = marks[-ref - 1]
            if mk.finding not in finding_ids:
                finding_ids.append(mk.finding)
                tips.append(f"[{mk.level}] {mk.kind}: {mk.message}")
            if LEVEL_RANK.get(mk.level, 0) > LEVEL_RANK.get(level, 0):
                level = mk.level
    classes = [f"m-{k}" for k in sorted(kinds) if k.replace("-", "").replace("_", "").isalnum()]
    attrs = ""
    if finding_ids:
        classes.append("f")
        if level:
            classes.append(f"lvl-{level}")
        attrs = f' data-f="{" ".join(str(i) for i in sorted(finding_ids))}"'
    return (f'<span class="{" ".join(classes)}"{attrs} title="{escape(chr(10).join(tips))}">'
            f"{escape(chunk)}</span>")

